"""Relation stage: which English sentences it needs analysed, and why that is safe."""
import pytest

from pipeline import config
from pipeline.dag import build
from pipeline.io.readers import read_path
from pipeline.runner import process
from pipeline.stages.ner import amount_sentence_indices
from pipeline.stages.relation import RuleRelationStage

from ..conftest import ROOT


@pytest.fixture(scope="module")
def analysed(shared):
    """Dev and seed documents, every candidate sentence analysed (eager)."""
    plan = build(config.load(ROOT / "configs" / "rules-only.toml", ["ner.context=eager"]),
                 outputs=["entities", "amounts", "sentences"])
    docs = []
    for src in (shared / "dev" / "docs", ROOT / "seeds" / "docs"):
        docs += [d for d in process(plan, read_path(src)) if d.ok and d.lang == "en"]
    return docs


def test_best_case_bounds_the_real_score(analysed):
    """The premise of leaving a sentence unanalysed: no entity or parse can
    raise an amount's score above its best case."""
    rules = RuleRelationStage().rules
    checked = below = 0
    for doc in analysed:
        for i in amount_sentence_indices(doc):
            sent = doc.sentences[i]
            for a in [a for a in doc.amounts if doc.sentence_at(a.start) is sent]:
                best = rules.best_case(doc, sent, [a])
                checked += 1
                below += best < rules.threshold
                assert rules.score(rules.view(doc, sent), a)[0] <= best
    assert checked >= 20 and below >= 5


def test_giving_cue_weights_are_probabilities():
    """best_case relies on the noisy-or of giving cues growing with each cue: weights in [0, 1]."""
    from pipeline.relation.lexicon import lexicon

    for lang in ("en", "ar"):
        lex = lexicon(lang)
        weights = [float(v) for entries in lex.exact.values() for kind, v, _ in entries if kind == "trigger"]
        weights += [float(v) for _, kind, v, _ in lex.prefix if kind == "trigger"]
        assert weights and all(0.0 <= w <= 1.0 for w in weights)


def test_needed_sentences_hold_every_accepted_amount(analysed):
    rules = RuleRelationStage().rules
    skipped = 0
    for doc in analysed:
        needed = rules.sentences_needed(doc)
        skipped += len(amount_sentence_indices(doc) - needed)
        for d in rules.decisions(doc):
            if d.score >= rules.threshold:
                assert doc.sentences.index(d.sentence) in needed
    assert skipped > 0


def test_a_trigger_makes_a_sentence_needed():
    from pipeline.document import Document

    plan = build(config.load(ROOT / "configs" / "rules-only.toml", ["pipeline.stages=['langid','tokens','money']"]),
                 outputs=["amounts", "sentences"])
    (doc,) = process(plan, [Document("d", "Sales rose to $9 million.\nQatar pledged $5 million to UNICEF.\n")])
    rules = RuleRelationStage().rules
    assert rules.sentences_needed(doc) == {1}
    assert rules.best_case(doc, doc.sentences[1], doc.amounts[1:]) >= rules.threshold
    assert rules.best_case(doc, doc.sentences[0], doc.amounts[:1]) < rules.threshold


def test_a_raise_that_may_give_keeps_its_sentence_and_its_record():
    """A "raise" becomes giving once parsed when a pledging body raises it, so it
    counts as giving in the best case: on demand gives the same record as eager."""
    from pipeline.document import Document

    text = "Lebanon appeal\n\nThe donor conference in Paris succeeded in raising $250 million for Lebanon.\n"
    plan = build(config.load(ROOT / "configs" / "rules-only.toml", ["pipeline.stages=['langid','tokens','money']"]),
                 outputs=["amounts", "sentences"])
    (doc,) = process(plan, [Document("d", text)])
    assert RuleRelationStage().rules.sentences_needed(doc) == {1}
    records = []
    for context in ("on_demand", "eager"):
        full = build(config.load(ROOT / "configs" / "rules-only.toml", [f"ner.context={context}"]))
        (out,) = process(full, [Document("d", text)])
        records.append([(p.donor.text, p.amount.value) for p in out.pledges])
    assert records[0] == records[1] == [("The donor conference", 250e6)]


def test_same_pledges_as_the_plain_rules(analysed):
    """Deferred resolution and sentence selection give what RuleRelation gives
    on fully analysed documents."""
    from pipeline.relation.rules import RuleRelation

    stage_rules, plain = RuleRelationStage().rules, RuleRelation()
    resolved = 0
    for doc in analysed:
        assert stage_rules.extract(doc) == plain.extract(doc)
        resolved += sum(1 for d in plain.decisions(doc) if d.donor is not None)
    assert resolved


def test_only_accepted_donors_are_resolved(analysed):
    from pipeline.stages.relation import _Unresolved

    rules = RuleRelationStage().rules
    pending = 0
    for doc in analysed:
        for d in rules.decisions(doc):
            if isinstance(d.donor, _Unresolved):
                assert d.score < rules.threshold
                pending += 1
    assert pending  # the dev articles have anaphoric donors of rejected amounts


def test_antecedents_of_a_batch_are_analysed_together():
    """decide_all resolves the donors of every document of a batch in rounds: the
    sentences they ask for in one round go to the model together; same records
    as one document at a time."""
    from pipeline.document import Document
    from pipeline.stages.ner import NerStage

    texts = {
        "two_back": "Royal Dutch Shell is an oil company based in London.\nProfits rose last year.\n"
                    "It pledged $5 million to the Red Cross on Monday.\n",
        "one_back": "Acme Corp is based in Paris.\nBoeing makes planes in Seattle.\nIt pledged $5 million to UNICEF.\n",
    }
    got = {}
    for batch_size in (2, 1):
        plan = build(config.load(ROOT / "configs" / "rules-only.toml", [f"run.batch_size={batch_size}"]))
        stages = plan.instantiate()
        ner = next(s for s in stages if isinstance(s, NerStage))
        calls, real = [], ner.complete_contexts

        def spy(requests, calls=calls, real=real):
            calls.append([(d.doc_id, i) for d, i in requests])
            real(requests)

        ner.complete_contexts = spy
        stages[-1].bind(stages, plan.outputs)  # the relation stage picks the spy up
        docs = list(process(plan, [Document(k, t) for k, t in texts.items()], batch_size=batch_size))
        got[batch_size] = [[(p.donor.text, p.amount.text) for p in d.pledges] for d in docs], calls
    (records, calls), (single, _) = got[2], got[1]
    assert records == single == [[("Royal Dutch Shell", "$5 million")], [("Boeing", "$5 million")]]
    assert calls == [[("two_back", [1]), ("one_back", [1])], [("two_back", [0])]]
