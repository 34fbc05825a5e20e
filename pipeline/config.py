"""TOML configs with dotted `--set section.key=value` overrides.

A config names its stages in `[pipeline] stages = [...]`; each name is a
section whose `factory` is a registered stage name and whose other keys are the
stage's settings:

    [pipeline]
    outputs = ["pledges"]
    stages = ["langid", "tokens", "money", "ner", "relation"]

    [money]
    factory = "pipeline.money.v1"
"""
from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

from .errors import ConfigError

BASE_LAYERS = ("text",)  # what every Document has before any stage runs


def load(path: str | Path, overrides: list[str] | None = None) -> dict[str, Any]:
    path = Path(path)
    try:
        with path.open("rb") as f:
            cfg = tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError("config file not found", path=str(path)) from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"not valid TOML: {e}", path=str(path)) from None
    cfg = apply_overrides(cfg, overrides or [])
    cfg.setdefault("_meta", {})["path"] = str(path)
    validate(cfg, str(path))
    return cfg


def parse_value(raw: str) -> Any:
    """`0.6` -> float, `true` -> bool, `["a"]` -> list, anything else -> str."""
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def apply_overrides(cfg: dict[str, Any], overrides: list[str]) -> dict[str, Any]:
    cfg = copy.deepcopy(cfg)
    for item in overrides:
        key, sep, raw = item.partition("=")
        parts = key.strip().split(".")
        if not sep or len(parts) < 2 or not all(parts):
            raise ConfigError(f"--set wants section.key=value, got {item!r}")
        node = cfg
        for p in parts[:-1]:
            child = node.setdefault(p, {})
            if not isinstance(child, dict):
                raise ConfigError(f"--set {key}: {p!r} is a value, not a section")
            node = child
        node[parts[-1]] = parse_value(raw.strip())
    return cfg


def validate(cfg: dict[str, Any], path: str = "") -> None:
    pipe = cfg.get("pipeline")
    if not isinstance(pipe, dict):
        raise ConfigError("missing [pipeline] section", path=path)
    stages = pipe.get("stages")
    if not isinstance(stages, list) or not stages or not all(isinstance(s, str) for s in stages):
        raise ConfigError("[pipeline] stages must be a non-empty list of section names", path=path)
    if len(set(stages)) != len(stages):
        raise ConfigError("[pipeline] stages lists a section twice", path=path)
    outputs = pipe.get("outputs", ["pledges"])
    if not isinstance(outputs, list) or not all(isinstance(s, str) for s in outputs):
        raise ConfigError("[pipeline] outputs must be a list of layer names", path=path)
    for name in stages:
        sec = cfg.get(name)
        if not isinstance(sec, dict):
            raise ConfigError(f"stage {name!r} has no [{name}] section", path=path, key=name)
        if not isinstance(sec.get("factory"), str):
            raise ConfigError("missing `factory = \"<registered stage name>\"`", path=path, key=name)


def stage_settings(cfg: dict[str, Any], section: str) -> dict[str, Any]:
    return {k: v for k, v in cfg[section].items() if k != "factory"}
