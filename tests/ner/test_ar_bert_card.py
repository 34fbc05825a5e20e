"""The Arabic tagger's model card (ner/ar_bert_card.py): a final fit without a dev part, the gazetteer."""
from pipeline.ner.ar_bert_card import card


def _metrics(dev: int, folds: int) -> dict:
    model = {"encoder": "enc", "char_dim": 32, "char_filters": 64, "word_vectors": "", "lstm": 128, "max_sub": 126,
             "context": 16, "gazetteer_folds": folds}
    train = {"epochs": 5, "batch_size": 16, "lr_encoder": 1e-4, "lr_head": 2e-3, "warmup": 0.06, "seed": 13}
    return {"config": {"model": model, "train": train}, "history": [{"epoch": 5, "loss": 0.5, "seconds": 12.0}], "chosen_epoch": 5,
            "seconds": 60.0, "device_name": "cpu", "train_sentences": 4033 - dev, "dev_sentences": dev}


def test_a_final_fit_on_all_sentences_says_so():
    text = card(_metrics(0, 0), "v")
    assert "4033 training sentences (the whole train file)" in text and "no dev part" in text
    assert "gazetteer.json" not in text
    text = card(_metrics(403, 0), "v")
    assert "the last 403 sentences" in text and "best on the dev part (epoch 5)" in text


def test_the_gazetteer_is_described_with_its_licence():
    text = card(_metrics(403, 10), "v")
    assert "cross-fitted over 10 contiguous folds" in text and "gazetteer.json" in text
    assert "research terms" in text
