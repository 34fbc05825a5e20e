"""DAG validation: a table of bad configs and the error each must raise."""
import pytest

from pipeline import config, dag, registry
from pipeline.errors import ConfigError, DAGError
from pipeline.registry import Stage, register


@register("test.a.v1")
class A(Stage):
    requires = ("text",)
    provides = ("a",)


@register("test.b.v1")
class B(Stage):
    requires = ("a",)
    provides = ("b",)


@register("test.b2.v1")
class B2(Stage):
    requires = ("a",)
    provides = ("b",)


@register("test.loop1.v1")
class Loop1(Stage):
    requires = ("y",)
    provides = ("x",)


@register("test.loop2.v1")
class Loop2(Stage):
    requires = ("x",)
    provides = ("y",)


@register("test.side.v1")
class Side(Stage):
    requires = ("a",)
    provides = ("side",)


def cfg(stages: dict, outputs=("b",)):
    c = {"pipeline": {"stages": list(stages), "outputs": list(outputs)}}
    c.update({k: {"factory": v} for k, v in stages.items()})
    return c


BAD = [
    ("unknown-stage", cfg({"a": "test.a.v1", "b": "test.nope.v9"}), "test.nope.v9"),
    ("missing-input", cfg({"b": "test.b.v1"}), "requires 'a'"),
    ("duplicate-producer", cfg({"a": "test.a.v1", "b": "test.b.v1", "c": "test.b2.v1"}), "both 'b' and 'c'"),
    ("cycle", cfg({"x": "test.loop1.v1", "y": "test.loop2.v1"}, outputs=("x",)), "x -> y -> x"),
    ("unknown-output", cfg({"a": "test.a.v1"}, outputs=("pledges",)), "'pledges'"),
]


@pytest.mark.parametrize("kind,bad,needle", BAD, ids=[b[0] for b in BAD])
def test_bad_configs_fail_at_build_with_named_error(kind, bad, needle):
    with pytest.raises(DAGError) as exc:
        dag.build(bad)
    assert exc.value.kind == kind
    assert needle in str(exc.value)


def test_order_follows_dependencies_not_listing():
    plan = dag.build(cfg({"b": "test.b.v1", "a": "test.a.v1"}))
    assert plan.order == ["a", "b"]


def test_only_stages_the_outputs_need_are_kept():
    plan = dag.build(cfg({"a": "test.a.v1", "b": "test.b.v1", "s": "test.side.v1"}))
    assert plan.order == ["a", "b"]
    plan = dag.build(cfg({"a": "test.a.v1", "b": "test.b.v1", "s": "test.side.v1"}, outputs=("side",)))
    assert plan.order == ["a", "s"]


def test_default_config_builds_in_pipeline_order(root):
    plan = dag.build(config.load(root / "configs" / "default.toml"))
    assert plan.order == ["langid", "tokens", "money", "ner", "relation"]
    assert "pipeline.money.v1" in plan.describe()


BAD_TOML = [
    ("[pipeline]\nstages = []\n", "non-empty list"),
    ("[pipeline]\nstages = ['a']\n", "no [a] section"),
    ("[pipeline]\nstages = ['a']\n[a]\nx = 1\n", "factory"),
    ("[pipeline\n", "not valid TOML"),
    ("x = 1\n", "missing [pipeline]"),
]


@pytest.mark.parametrize("text,needle", BAD_TOML)
def test_bad_toml_is_a_config_error(tmp_path, text, needle):
    p = tmp_path / "c.toml"
    p.write_text(text)
    with pytest.raises(ConfigError) as exc:
        config.load(p)
    assert needle in str(exc.value) and str(p) in str(exc.value)


def test_set_overrides_parse_values(root):
    c = config.load(root / "configs" / "default.toml",
                    ["relation.threshold=0.6", "ner.scope=all", "langid.languages=['en']", "run.new=true"])
    assert c["relation"]["threshold"] == 0.6
    assert c["ner"]["scope"] == "all"
    assert c["langid"]["languages"] == ["en"]
    assert c["run"]["new"] is True


@pytest.mark.parametrize("bad", ["nodot=1", "relation.threshold", ".x=1"])
def test_bad_override_is_rejected(root, bad):
    with pytest.raises(ConfigError):
        config.load(root / "configs" / "default.toml", [bad])


def test_registry_lists_builtin_stages():
    names = set(registry.names())
    assert {"pipeline.langid.v1", "pipeline.tokenize.v1", "pipeline.money.v1", "pipeline.ner.v1",
            "pipeline.relation.rules.v1"} <= names


@register("test.strict.v1")
class Strict(Stage):
    requires = ("text",)
    provides = ("strict",)

    def __init__(self, size: int = 1):
        super().__init__(size=size)


def test_unknown_setting_is_a_named_error():
    c = cfg({"s": "test.strict.v1"}, outputs=("strict",))
    c["s"]["bogus"] = 1
    plan = dag.build(c)
    with pytest.raises(DAGError) as exc:
        plan.instantiate()
    assert exc.value.kind == "bad-settings" and "bogus" in str(exc.value)
