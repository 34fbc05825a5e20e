"""The Arabic word-cluster table (pipeline/ner/word_clusters.py): lookup with glued letters
cut, and the one-line errors of a missing or corrupt artefact."""
import hashlib
import json

import pytest

from pipeline.errors import ModelError
from pipeline.ner.word_clusters import CONFIG, TABLE, WordClusters


def write_table(d, table, ks=(128, 512), sha=None):
    d.mkdir(parents=True, exist_ok=True)
    (d / TABLE).write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    digest = hashlib.sha256((d / TABLE).read_bytes()).hexdigest()
    (d / CONFIG).write_text(json.dumps({"kind": "word-clusters", "ks": list(ks), "sha256": sha or digest}),
                            encoding="utf-8")
    return d


@pytest.mark.parametrize("word, forms", [
    ("أعلنت", ["أعلنت"]),
    ("وأعلنت", ["وأعلنت", "أعلنت"]),
    ("لصندوق", ["لصندوق", "صندوق"]),
    ("وللمفوضية", ["وللمفوضية", "للمفوضية", "المفوضية", "لمفوضية"]),
    ("بلد", ["بلد"]),  # too short to cut
])
def test_forms_cut_a_conjunction_then_a_preposition(word, forms):
    assert WordClusters({}, [128]).forms(word) == forms


def test_cluster_reads_the_first_known_form_and_the_column_of_k(tmp_path):
    wc = WordClusters.load(write_table(tmp_path / "wc", {"أعلنت": [3, 300], "المفوضية": [9, 90]}))
    assert wc.cluster("أعلنت", 128) == 3 and wc.cluster("أعلنت", 512) == 300
    assert wc.cluster("وأعلنت", 128) == 3
    assert wc.cluster("للمفوضية", 512) == 90
    assert wc.cluster("مجهول", 128) is None
    with pytest.raises(ValueError, match="no 64 clusters"):
        wc.cluster("أعلنت", 64)


def test_missing_or_corrupt_table_names_the_file(tmp_path):
    with pytest.raises(ModelError, match=TABLE.replace(".", r"\.")):
        d = tmp_path / "a"
        d.mkdir()
        (d / CONFIG).write_text("{}", encoding="utf-8")
        WordClusters.load(d)
    d = write_table(tmp_path / "b", {"x": [1, 2]}, sha="0" * 64)
    with pytest.raises(ModelError, match="corrupt") as e:
        WordClusters.load(d)
    assert str(d / TABLE) in str(e.value)
    d = write_table(tmp_path / "c", {"x": [1, 2]})
    (d / CONFIG).write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="unreadable"):
        WordClusters.load(d)


def test_shipped_table_is_the_crfs_clusters(root):
    """One derivation (ar_crf.word_clusters over models/word-vectors-ar, seed 13) for both readers."""
    from pipeline.ner.ar_crf import CLUSTERS
    from pipeline.relation.model.model import resolve_dir

    wc = WordClusters.load(root / "models" / "word-clusters-ar")
    crf = json.loads((resolve_dir(root / "models" / "ner-ar-crf") / CLUSTERS).read_text(encoding="utf-8"))
    assert wc.table == crf and wc.ks == [128, 512]
