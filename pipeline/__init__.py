"""Multilingual (English + Arabic) pledge extraction: who pledged what to whom."""

__version__ = "0.1.0"
