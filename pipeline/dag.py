"""Build and check the stage graph before anything runs.

Rules (Hamilton-style): every layer has exactly one producer; every required
layer has a producer (or is a base layer); the graph has no cycle; only the
stages the requested outputs need are kept.  Violations raise DAGError with
the stage and layer names in the message.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import registry
from .config import BASE_LAYERS, stage_settings
from .errors import DAGError
from .registry import Stage


@dataclass
class Node:
    section: str  # config section name ("money")
    factory: str  # registered name ("pipeline.money.v1")
    cls: type[Stage]
    settings: dict[str, Any]
    deps: tuple[str, ...] = ()  # sections this node needs first


class Plan:
    """The validated, ordered stages for one config."""

    def __init__(self, nodes: list[Node], outputs: list[str]):
        self.nodes, self.outputs = nodes, outputs
        self._stages: list[Stage] | None = None

    @property
    def order(self) -> list[str]:
        return [n.section for n in self.nodes]

    def describe(self) -> str:
        lines = []
        for i, n in enumerate(self.nodes, 1):
            req = ", ".join(n.cls.requires) or "-"
            prov = ", ".join(n.cls.provides)
            lines.append(f"{i}. {n.section:<10} {n.factory:<32} requires: {req:<28} provides: {prov}")
        return "\n".join(lines)

    def instantiate(self) -> list[Stage]:
        """Create the stage objects and run their setup() (model loading) once."""
        if self._stages is None:
            stages = []
            for n in self.nodes:
                try:
                    st = n.cls(**n.settings)
                except TypeError as e:
                    raise DAGError("bad-settings", f"stage {n.section!r} ({n.factory}): {e}",
                                   stage=n.section) from None
                st.setup()
                stages.append(st)
            for st in stages:
                st.bind(stages, list(self.outputs))
            self._stages = stages
        return self._stages


def build(cfg: dict[str, Any], outputs: list[str] | None = None) -> Plan:
    sections: list[str] = cfg["pipeline"]["stages"]
    outputs = list(outputs or cfg["pipeline"].get("outputs") or ["pledges"])

    nodes: dict[str, Node] = {}
    producer: dict[str, str] = {}
    for sec in sections:
        factory = cfg[sec]["factory"]
        cls = registry.get(factory)
        nodes[sec] = Node(sec, factory, cls, stage_settings(cfg, sec))
        for layer in cls.provides:
            if layer in BASE_LAYERS:
                raise DAGError("duplicate-producer", f"{layer!r} is a base layer; stage {sec!r} cannot provide it",
                               layer=layer, stages=[sec])
            if layer in producer:
                raise DAGError("duplicate-producer",
                               f"{layer!r} is provided by both {producer[layer]!r} and {sec!r}",
                               layer=layer, stages=[producer[layer], sec])
            producer[layer] = sec

    for node in nodes.values():
        deps = []
        for layer in node.cls.requires:
            if layer in BASE_LAYERS:
                continue
            if layer not in producer:
                raise DAGError("missing-input",
                               f"stage {node.section!r} ({node.factory}) requires {layer!r}, "
                               f"which no configured stage provides",
                               stage=node.section, layer=layer)
            deps.append(producer[layer])
        deps += [producer[layer] for layer in node.cls.optional if layer in producer]
        node.deps = tuple(dict.fromkeys(d for d in deps if d != node.section))

    for layer in outputs:
        if layer not in producer and layer not in BASE_LAYERS:
            raise DAGError("unknown-output", f"no configured stage provides the requested output {layer!r}",
                           layer=layer)

    needed = _needed({producer[o] for o in outputs if o in producer}, nodes)
    ordered = _toposort([s for s in sections if s in needed], nodes)
    return Plan([nodes[s] for s in ordered], outputs)


def _needed(roots: set[str], nodes: dict[str, Node]) -> set[str]:
    seen, stack = set(), list(roots)
    while stack:
        s = stack.pop()
        if s not in seen:
            seen.add(s)
            stack.extend(nodes[s].deps)
    return seen


def _toposort(sections: list[str], nodes: dict[str, Node]) -> list[str]:
    """Depth-first order, stable in config order; raises on a cycle."""
    state: dict[str, int] = {}  # 1 visiting, 2 done
    out: list[str] = []

    def visit(s: str, path: list[str]) -> None:
        if state.get(s) == 2:
            return
        if state.get(s) == 1:
            cycle = path[path.index(s):] + [s]
            raise DAGError("cycle", "stages depend on each other: " + " -> ".join(cycle), cycle=cycle)
        state[s] = 1
        for d in nodes[s].deps:
            visit(d, path + [s])
        state[s] = 2
        out.append(s)

    for s in sections:
        visit(s, [])
    return out
