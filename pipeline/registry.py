"""Stage registry: versioned names -> stage classes.

A stage declares what it `requires` and what it `provides` (names of Document
layers); configs refer to stages by their registered name ("pipeline.money.v1"),
never by import path.

    @register("pipeline.money.v1")
    class MoneyStage(Stage):
        requires = ("lang",)
        provides = ("amounts",)
"""
from __future__ import annotations

import importlib
from typing import Any, ClassVar, Iterable

from .document import Document
from .errors import DAGError

_REGISTRY: dict[str, type["Stage"]] = {}

# Modules that register the built-in stages; imported lazily on first lookup so
# that `import pipeline` stays cheap.
_BUILTIN_MODULES = (
    "pipeline.stages.langid",
    "pipeline.stages.tokenize",
    "pipeline.stages.money",
    "pipeline.stages.ner",
    "pipeline.stages.relation",
    "pipeline.stages.relation_model",
)


class Stage:
    """Base class.  Subclasses set `requires`/`provides`, take their settings in
    `__init__(**settings)` and fill the layers they provide in `__call__`.

    `setup()` loads models; it runs once per process, after the DAG is built,
    so validation never pays for model loading.
    """

    name: ClassVar[str] = ""
    requires: ClassVar[tuple[str, ...]] = ()
    provides: ClassVar[tuple[str, ...]] = ()
    # Layers used when present but not needed (they order the DAG when a
    # producer is configured, and are ignored otherwise).
    optional: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **settings: Any) -> None:
        self.settings = settings

    def setup(self) -> None:
        """Load models and tables.  Called once before the first document."""

    def __call__(self, doc: Document) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def process_batch(self, docs: list[Document]) -> None:
        """Stages with batched inference override this."""
        for doc in docs:
            if doc.ok:
                self(doc)

    def bind(self, stages: list["Stage"], outputs: list[str]) -> None:
        """Called once the whole plan is set up, with its stages (in order) and
        requested outputs: a stage may adapt to its neighbours here (see the NER
        stage's `context` setting).  Default: nothing."""


def register(name: str):
    def deco(cls: type[Stage]) -> type[Stage]:
        if name in _REGISTRY and _REGISTRY[name] is not cls:
            raise ValueError(f"stage name {name!r} registered twice")
        cls.name = name
        _REGISTRY[name] = cls
        return cls

    return deco


def _load_builtins() -> None:
    for mod in _BUILTIN_MODULES:
        importlib.import_module(mod)


def get(name: str) -> type[Stage]:
    _load_builtins()
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise DAGError("unknown-stage", f"no stage is registered as {name!r} (known: {known})",
                       stage=name) from None


def names() -> Iterable[str]:
    _load_builtins()
    return sorted(_REGISTRY)
