"""The transformer relation model: data generation, training, inference.

    generate.py  the project's training-data generator (gold JSONL + texts)
    data.py      gold files -> project stages -> aligned examples (`datasets`)
    encode.py    the marked model input, the WordPiece tokenizer, BIO tags
    model.py     the BERT-from-config model, safetensors save / load, devices
    infer.py     batched inference over Documents -> Pledges (rules as features and fallback)
    trainer.py   `pledges train` (main(argv))
"""
