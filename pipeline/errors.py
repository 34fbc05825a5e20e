"""Error classes that carry the context a user needs to fix the problem."""
from __future__ import annotations


class PipelineError(Exception):
    """Base class: every error the CLI turns into a one-line message."""


class ConfigError(PipelineError):
    def __init__(self, message: str, *, path: str | None = None, key: str | None = None):
        self.path, self.key = path, key
        where = f"{path}: " if path else ""
        at = f"[{key}] " if key else ""
        super().__init__(f"{where}{at}{message}")


class DAGError(PipelineError):
    """The stage graph cannot be built. `kind` is one of: unknown-stage,
    missing-input, duplicate-producer, cycle, unknown-output."""

    def __init__(self, kind: str, message: str, **context):
        self.kind, self.context = kind, context
        super().__init__(f"{kind}: {message}")


class InputError(PipelineError):
    """A document source cannot be read (the run goes on; see the report)."""

    def __init__(self, source: str, reason: str):
        self.source, self.reason = source, reason
        super().__init__(f"{source}: {reason}")


class ModelError(PipelineError):
    """A trained artefact is missing or unreadable."""

    def __init__(self, path: str, reason: str, hint: str = "run `make train`"):
        self.path, self.reason, self.hint = path, reason, hint
        super().__init__(f"{path}: {reason} ({hint})")
