"""Parser training plumbing: seeded batches, and the library collator's padding."""

from __future__ import annotations

from assistant.training.parser import _batches


def test_batches_cover_every_example_once_per_epoch_and_are_seeded():
    plan = _batches(10, 4, epochs=2, seed=13)
    assert [len(b) for b in plan] == [4, 4, 2, 4, 4, 2]
    assert sorted(i for b in plan[:3] for i in b) == list(range(10))
    assert sorted(i for b in plan[3:] for i in b) == list(range(10))
    assert plan[:3] != plan[3:]  # each epoch in a new order
    assert _batches(10, 4, epochs=2, seed=13) == plan


def test_the_collator_pads_as_the_network_expects():
    from transformers import AutoTokenizer, DataCollatorForTokenClassification

    from assistant.parse.tagger import token_labels
    from retrieval.search.encoder import base_model_path

    tokenizer = AutoTokenizer.from_pretrained(str(base_model_path()))
    texts = ["hp laptop under $500", "mice"]
    enc = tokenizer(texts, return_offsets_mapping=True)
    spans = [[["TYPE", 3, 9]], []]
    rows = [{"input_ids": ids, "attention_mask": mask, "labels": token_labels(off, spans[i]), "intent": i}
            for i, (ids, mask, off) in enumerate(zip(enc["input_ids"], enc["attention_mask"], enc["offset_mapping"]))]
    batch = DataCollatorForTokenClassification(tokenizer, label_pad_token_id=-100, return_tensors="pt")(rows)
    width = max(len(r["input_ids"]) for r in rows)
    short = rows[1]
    pad = width - len(short["input_ids"])
    # what the hand-written padding gave: ids 0, mask 0, tags -100 (no loss) after the message
    assert batch["input_ids"][1].tolist() == short["input_ids"] + [0] * pad
    assert batch["attention_mask"][1].tolist() == [1] * len(short["input_ids"]) + [0] * pad
    assert batch["labels"][1].tolist() == short["labels"] + [-100] * pad
    assert batch["intent"].tolist() == [0, 1]
