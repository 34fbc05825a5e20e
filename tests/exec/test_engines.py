"""Every engine writes the same bytes: in-process, worker processes, Ray."""
import importlib.util
import sys

import pytest

from pipeline.dag import build
from pipeline.document import Amount, Document, Entity, Mention, Pledge, Sentence, Token
from pipeline.exec.batch import Worker, source_from
from pipeline.exec.progress import estimate_total
from pipeline.exec.serial import doc_from_dict, doc_to_dict
from pipeline.exec.workers import LocalEngine, ProcessEngine
from pipeline.extract import RunOptions, extract

from ..conftest import read_jsonl
from . import fake_stages
from .conftest import FAKE, PIPELINE, ROOT, cli, load, make_dump, outputs

HAVE_RAY = importlib.util.find_spec("ray") is not None


@pytest.fixture(scope="module")
def dev_local(shared, tmp_path_factory):
    """The real stages on ../shared/dev/docs, in this process."""
    out = tmp_path_factory.mktemp("local") / "p.jsonl"
    counts = extract(shared / "dev" / "docs", out, load(PIPELINE))
    assert counts["docs"] == len(list((shared / "dev" / "docs").iterdir()))
    return out


@pytest.mark.slow
def test_workers_give_the_same_bytes_on_dev_docs(shared, dev_local, tmp_path):
    out = tmp_path / "w.jsonl"
    extract(shared / "dev" / "docs", out, load(PIPELINE), options=RunOptions(workers=2))
    assert outputs(out) == outputs(dev_local)


@pytest.fixture(scope="module")
def ray_session():
    """One local Ray for the module (the engine leaves a Ray it did not start running)."""
    if not HAVE_RAY:
        pytest.skip("ray is not installed")
    import ray

    ray.init(num_cpus=2, include_dashboard=False, logging_level="WARNING")
    yield ray
    ray.shutdown()


@pytest.mark.slow
def test_ray_gives_the_same_bytes_on_dev_docs(shared, dev_local, ray_session, tmp_path):
    out = tmp_path / "r.jsonl"
    extract(shared / "dev" / "docs", out, load(PIPELINE), options=RunOptions(engine="ray", workers=2))
    assert outputs(out) == outputs(dev_local)


@pytest.mark.slow
def test_ray_finishes_a_run_the_local_engine_began(ray_session, tmp_path):
    from pipeline.exec.resume import work_dir

    dump = make_dump(tmp_path / "d.jsonl", 30)
    cfg = load(FAKE)
    ref, out = tmp_path / "ref.jsonl", tmp_path / "p.jsonl"
    extract(dump, ref, cfg)
    fake_stages.ABORT_ON.add("d00013")
    with pytest.raises(KeyboardInterrupt):
        extract(dump, out, cfg)
    assert work_dir(out).is_dir()
    extract(dump, out, load(FAKE), options=RunOptions(engine="ray", resume=True))
    assert outputs(out) == outputs(ref)


class CountingSource:
    """Wraps a Source and counts the batches the engine has pulled."""

    def __init__(self, source):
        self.source, self.pulled, self.path, self.start = source, 0, source.path, source.start

    def probe(self):
        for item in self.source.batches():
            self.pulled += 1
            yield item


def test_process_engine_keeps_order_and_bounds_batches_in_flight(tmp_path):
    dump = make_dump(tmp_path / "d.jsonl", 60)
    cfg = load(FAKE, "run.batch_size=2")
    plan = build(cfg)
    local = [(r.index, r.records, r.report) for r in LocalEngine(plan, 10**6).run(source_from(dump, cfg))]
    engine = ProcessEngine(plan, 10**6, workers=2, in_flight=3)
    src = CountingSource(source_from(dump, cfg, start=4))  # as a resumed run does: batches 4..29
    got = []
    try:
        for r in engine.run(src):
            got.append((r.index, r.records, r.report))
            assert src.pulled - len(got) <= 3  # never more than in_flight batches out
    finally:
        engine.close()
    assert got == local[4:] and [g[0] for g in got] == list(range(4, 30))
    assert any(g[1] for g in got)  # the test stage found pledges


def test_a_stage_failing_on_one_document_is_reported(tmp_path):
    dump = make_dump(tmp_path / "d.jsonl", 10)
    fake_stages.FAIL_ON.add("d00003")
    out = tmp_path / "p.jsonl"
    counts = extract(dump, out, load(FAKE))
    rep = {r["doc_id"]: r for r in read_jsonl(out.with_name("p.docs.jsonl"))}
    assert rep["d00003"]["status"] == "error"
    assert rep["d00003"]["reason"] == "stage pledges: ValueError: boom on d00003"
    assert counts["error"] == 1 and counts["ok"] == 9
    assert all(r["doc_id"] != "d00003" for r in read_jsonl(out))


def test_engine_ray_without_ray_is_one_line(tmp_path):
    code = ("import sys; sys.modules['ray'] = None\n"
            "from pipeline.cli import main\n"
            f"sys.exit(main(['extract', {str(ROOT / 'seeds' / 'docs')!r}, '-o', {str(tmp_path / 'o.jsonl')!r}, "
            "'--engine', 'ray']))")
    import subprocess

    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 2
    assert res.stderr.strip().count("\n") == 0 and "pip install ray" in res.stderr
    assert not list(tmp_path.iterdir())


def test_bad_workers_value_is_one_line(tmp_path):
    res = cli(ROOT / "seeds" / "docs", "-o", tmp_path / "o.jsonl", "--workers", "0")
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "--workers" in res.stderr


def test_documents_round_trip_through_dicts(tmp_path):
    dump = make_dump(tmp_path / "d.jsonl", 4)
    cfg = load(FAKE)
    plan = build(cfg)
    worker = Worker(plan)
    docs = [d for _, batch in source_from(dump, cfg).batches() for d in batch]
    from pipeline.runner import run_batch

    run_batch(plan, worker.stages, docs)
    text = "Qatar pledged $5m (about £4m) to the Red Cross."
    hand = Document("h", text, source="x:1", lang="en", meta={"country": "QA"}, provided={"pledges"},
                    tokens=[Token(0, 5, "Qatar", pos="PROPN", dep="nsubj", head=1)],
                    sentences=[Sentence(0, len(text), 0, 1)], entities=[Entity(0, 5, "Qatar", "GPE", "spacy")])
    a = Amount(14, 17, "$5m", 5e6, "USD", usd_equivalent=None, equivalents=[{"value": 4e6, "currency": "GBP"}])
    stray = Amount(19, 30, "about £4m", 4e6, "GBP", qualifier="about")
    hand.amounts = [a]
    hand.pledges = [Pledge(a, Mention(0, 5, "Qatar", "GPE", "Qatar"), Mention(34, 47, "the Red Cross"), None,
                           (0, len(text)), 0.9, "g1"),
                    Pledge(stray, None, None, None, (0, len(text)), 0.1)]
    for doc in docs + [hand]:
        back = doc_from_dict(doc_to_dict(doc))
        assert back == doc
        assert all((p.amount is back.amounts[i]) == (q.amount is doc.amounts[i])
                   for p, q in zip(back.pledges, doc.pledges) for i in range(len(doc.amounts)))


def test_estimate_total(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.jsonl").write_text('{"id": 1}\n\n{"id": 2}\n')
    (tmp_path / "c.bin").write_bytes(b"\0")
    assert estimate_total(tmp_path) == 4
    assert estimate_total(tmp_path, limit=5) is None
    (tmp_path / "d.jsonl.gz").write_bytes(b"")
    assert estimate_total(tmp_path) is None


def test_local_engine_freezes_the_loaded_models_and_thaws_them_on_close():
    import gc

    engine = LocalEngine(build(load(FAKE)), 1000)
    try:
        assert gc.get_freeze_count() > 0  # out of the collector's sight while the engine runs
    finally:
        engine.close()
    assert gc.get_freeze_count() == 0
