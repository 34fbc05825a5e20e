"""NER stage: candidate sentences, and English context analysed on demand."""
import pytest

from pipeline import config
from pipeline.dag import build
from pipeline.document import Document
from pipeline.errors import ConfigError
from pipeline.runner import process
from pipeline.stages.ner import CONTEXT_KEY, NerStage, candidate_indices

from ..conftest import ROOT

DEFAULT = ROOT / "configs" / "rules-only.toml"  # the on-demand context is the rules stage's
TEXTS = {
    # the donor is a pronoun: resolving it needs the entities of the first sentence
    "anaphor": "Royal Dutch Shell is an oil company based in London.\nProfits rose last year.\n"
               "It pledged $5 million to the Red Cross on Monday.\n",
    # the donor is named in the amount's sentence: the lead sentence is never needed
    "named": "Microsoft is based in Redmond.\nThe weather was fine.\nMicrosoft pledged $2 million to the Red Cross.\n",
    "none": "Nothing was given by anyone in Paris today.\n",
    # a receipt gives only once its giver is recognised: the sentence must be analysed
    "receipt": "The Royal Marsden has received £15 million from the estate of Harold Whitcombe.\n",
    # the first amount has no giving cue: the rules cannot accept it, its sentence is not analysed
    "hopeless": "Acme Corp reported revenue of $10 million last year.\nMicrosoft pledged $2 million to UNICEF.\n",
    # ... unless an anaphor needs the entities before it
    "firm": "Acme Corp reported revenue of $10 million last year.\nThe firm later pledged $2 million to UNICEF.\n",
    # the sentence after an amount may name the recipient ("The money will go to ..."); it is
    # deferred here (it only precedes the next amount): rules that read it must get it analysed
    "follow_up": "Qatar pledged $5 million on Monday.\nThe money will go to Save the Children in Gaza, "
                 "officials said.\nKuwait also pledged $3 million to UNICEF.\n",
    "follow_up2": "Shell pledged $2 million on Tuesday.\nThe funds will go to Doctors Without Borders and "
                  "local clinics.\nBP pledged $1 million to Oxfam.\n",
    # the antecedent is in the nearest sentence before: the one before that stays unanalysed
    "nearest": "Acme Corp is based in Paris.\nBoeing makes planes in Seattle.\nIt pledged $5 million to UNICEF.\n",
}


def run(*overrides, outputs=None):
    plan = build(config.load(DEFAULT, list(overrides)), outputs=outputs)
    docs = {d.doc_id: d for d in process(plan, [Document(k, t) for k, t in TEXTS.items()])}
    ner = next(s for s in plan.instantiate() if isinstance(s, NerStage))
    return plan, ner, docs


@pytest.fixture(scope="module")
def on_demand():
    return run()


@pytest.fixture(scope="module")
def eager():
    return run("ner.context=eager")


def spans(doc):
    return [(e.start, e.end, e.text, e.label) for e in doc.entities]


def records(doc):
    return [(p.donor and p.donor.text, p.amount.text, p.recipient and p.recipient.text) for p in doc.pledges]


def test_defers_only_for_consumers_that_ask(on_demand, eager):
    assert on_demand[1]._defer and not eager[1]._defer
    _, ner, _ = run(outputs=["entities", "amounts", "sentences"])  # entities wanted as such: all of them
    assert not ner._defer


def test_a_consumer_that_does_not_ask_gets_every_entity_at_once():
    from pipeline.stages.relation_model import ModelRelationStage

    assert not getattr(ModelRelationStage, "completes_entity_context", False)  # reads context entities itself
    ner = NerStage()

    class Consumer:
        requires, optional = ("entities",), ()

    ner.bind([ner, Consumer()], ["pledges"])
    assert not ner._defer
    Consumer.completes_entity_context = True
    ner.bind([ner, Consumer()], ["pledges"])
    assert ner._defer
    ner.bind([ner, Consumer()], ["pledges", "entities"])
    assert not ner._defer


def test_same_records_and_resolved_donor(on_demand, eager):
    for doc_id in TEXTS:
        assert records(on_demand[2][doc_id]) == records(eager[2][doc_id])
    assert records(on_demand[2]["anaphor"]) == [("Royal Dutch Shell", "$5 million", "the Red Cross")]


def test_context_is_analysed_only_when_asked(on_demand, eager):
    named, anaphor = on_demand[2]["named"], on_demand[2]["anaphor"]
    # the relation stage asked for the anaphor's context: everything is there, as with eager
    assert CONTEXT_KEY not in anaphor.meta and spans(anaphor) == spans(eager[2]["anaphor"])
    # it never asked for the named donor's: only the amount's sentence was analysed
    later = named.meta[CONTEXT_KEY]
    assert later == [0, 1] and all(e.start >= named.sentences[2].start for e in named.entities)
    assert any(t.dep for t in named.tokens[named.sentences[2].token_start:named.sentences[2].token_end])
    assert all(t.dep is None for t in named.tokens[:named.sentences[1].token_end])
    ner = on_demand[1]
    ner.complete_context(named)
    assert CONTEXT_KEY not in named.meta and spans(named) == spans(eager[2]["named"])
    ner.complete_context(named)  # a second call does nothing
    assert spans(named) == spans(eager[2]["named"])


def test_sentences_the_rules_cannot_accept_are_not_analysed(on_demand, eager):
    hopeless, firm = on_demand[2]["hopeless"], on_demand[2]["firm"]
    assert hopeless.meta[CONTEXT_KEY] == [0] and [e.text for e in hopeless.entities] == ["Microsoft", "UNICEF"]
    assert records(hopeless) == records(eager[2]["hopeless"]) == [("Microsoft", "$2 million", "UNICEF")]
    assert CONTEXT_KEY not in firm.meta and spans(firm) == spans(eager[2]["firm"])
    assert records(firm) == records(eager[2]["firm"]) == [("Acme Corp", "$2 million", "UNICEF")]


def test_antecedents_are_looked_for_nearest_first(on_demand, eager):
    doc = on_demand[2]["nearest"]
    assert records(doc) == records(eager[2]["nearest"]) == [("Boeing", "$5 million", "UNICEF")]
    assert doc.meta[CONTEXT_KEY] == [0] and "Acme Corp" not in [e.text for e in doc.entities]
    assert "Acme Corp" in [e.text for e in eager[2]["nearest"].entities]


def test_a_deferred_sentence_the_rules_look_into_is_analysed_first():
    plan, ner, docs = run()
    rules = next(s for s in plan.instantiate() if hasattr(s, "rules")).rules
    doc = docs["hopeless"]
    assert doc.meta[CONTEXT_KEY] == [0]
    view = rules.view(doc, doc.sentences[0])
    assert [e.text for e in view.ents] == ["Acme Corp"] and CONTEXT_KEY not in doc.meta
    assert any(t.dep for t in view.toks)


def test_candidate_indices(on_demand):
    doc = on_demand[2]["named"]
    assert candidate_indices(doc, window=1, lead=1) == [0, 1, 2]
    assert candidate_indices(doc, window=0, lead=0) == [2]
    assert candidate_indices(on_demand[2]["none"], window=1, lead=0) == []


def test_bad_context_setting():
    with pytest.raises(ConfigError):
        NerStage(context="later")


@pytest.mark.slow
def test_on_demand_and_eager_write_the_same_bytes(shared, tmp_path):
    """Guards the premise of on-demand context: the rules read no other entities
    than the amount's sentence's and the antecedents they ask for."""
    from pipeline.extract import extract
    from pipeline.io.writer import report_path

    for name, src in (("dev", shared / "dev" / "docs"), ("seeds", ROOT / "seeds" / "docs")):
        got = []
        for ctx in ("on_demand", "eager"):
            out = tmp_path / f"{name}-{ctx}.jsonl"
            extract(src, out, config.load(DEFAULT, [f"ner.context={ctx}"]))
            got.append((out.read_bytes(), report_path(out).read_bytes()))
        assert got[0] == got[1] and got[0][0]


@pytest.mark.parametrize("backend", ["svm", "bert+", "patterns+patterns", "", "bert+svm", "crf+crf"])
def test_bad_arabic_backend_is_named(backend):
    with pytest.raises(ConfigError, match="ar_backend"):
        NerStage(ar_backend=backend)


@pytest.mark.parametrize("backend", ["bert", "crf", "joint", "patterns", "model", "bert+patterns", "patterns+bert+model", "crf+bert", "patterns+joint"])
def test_arabic_backends_accepted(backend):
    assert NerStage(ar_backend=backend).ar_backend == backend


@pytest.mark.slow
def test_arabic_bert_backend_reads_the_shipped_tagger(root):
    """The default tagger loads, and its entities carry the project's labels and lie on the text."""
    from pipeline.lang.ar import tokenize

    stage = NerStage(ar_backend="bert")
    stage.setup()
    text = "أعلن الرئيس الأمريكي جورج بوش أن الولايات المتحدة ستقدم 10 ملايين دولار إلى لبنان."
    found = stage._bert.predict_sentences(text, [tokenize(text)])[0]
    assert found and {e.label for e in found} <= {"PERSON", "ORG", "GPE"}
    assert all(text[e.start:e.end] == e.text for e in found)
