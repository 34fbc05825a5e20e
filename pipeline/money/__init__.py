"""Money and in-kind quantity finder (English + Arabic).

    from pipeline.money import MoneyFinder, guess_country
    finder = MoneyFinder()                      # loads every table once
    finder.find("وتبرعت بنحو 250 مليون دولار", "ar")
    # [Amount(start=7, end=27, text='بنحو 250 مليون دولار', value=250000000.0,
    #         currency='USD', qualifier='about', ...)]

Modules: `normalize` (normalised copy + offset map), `lexicon` (all data files and
CLDR tables), `patterns` (the regexes built from them), `numbers` (number phrases),
`finder` (amounts), `candidate` (a candidate amount), `merge` (ranges, equivalents),
`resolve` (which code an ambiguous currency stands for), `country` (guess_country),
`cli` (money_command).
"""
from .cli import money_command
from .country import guess_country
from .finder import MoneyFinder

__all__ = ["MoneyFinder", "guess_country", "money_command"]
