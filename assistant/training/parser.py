"""`shopassist train parser`: fine-tune the parser (LoRA on MiniLM + intent and tag heads).

Data: parser_data.generate (catalog templates + the training split of data/esci_conv), in
batches padded by transformers' DataCollatorForTokenClassification (tags padded with -100).
Everything is seeded, and the run uses the torch threads it is given, so the same catalog and
seed rebuild the same artifact. Output: assistant/artifacts/parser.v1/{adapter/, heads.safetensors,
meta.json}.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Sequence
from pathlib import Path

from assistant.parse.tagger import INTENTS, LABELS, MAX_TOKENS, VERSION, build_network, default_path, token_labels
from retrieval.catalog.product import Product

log = logging.getLogger(__name__)
REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "data" / "esci_conv" / "gold.jsonl"


def load_gold(path: str | Path = GOLD) -> list[dict]:
    """Gold constraints of the ESCI queries; each row says whether it is "train" or "heldout"."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def train(products: Sequence[Product], out: str | Path | None = None, seed: int = 13, epochs: int = 2,
          batch_size: int = 32, lr: float = 1e-3, progress: bool = True) -> dict:
    """Train and save the parser artifact; returns its meta (sizes, time, final losses)."""
    import torch
    from safetensors.torch import save_file
    from torch.utils.data import DataLoader
    from tqdm.auto import tqdm
    from transformers import AutoTokenizer, DataCollatorForTokenClassification

    from assistant.training.parser_data import generate
    from retrieval.search.encoder import base_model_path

    started = time.perf_counter()
    random.seed(seed)
    torch.manual_seed(seed)
    out = Path(out) if out else default_path()
    examples = generate(products, load_gold(), seed=seed)
    tokenizer = AutoTokenizer.from_pretrained(str(base_model_path()))
    enc = tokenizer([e["text"] for e in examples], truncation=True, max_length=MAX_TOKENS, return_offsets_mapping=True)
    rows = [{"input_ids": ids, "attention_mask": mask, "labels": token_labels(offsets, e["spans"]),
             "intent": INTENTS.index(e["intent"])}
            for ids, mask, offsets, e in zip(enc["input_ids"], enc["attention_mask"], enc["offset_mapping"], examples)]
    # Pads each batch to its longest message: ids with the tokenizer's pad id, tags with -100 (no loss).
    collate = DataCollatorForTokenClassification(tokenizer, label_pad_token_id=-100, return_tensors="pt")

    network = build_network()
    params = [p for p in network.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    plan = _batches(len(rows), batch_size, epochs, seed)
    steps = len(plan)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=lr, total_steps=steps, pct_start=0.1)
    bar = tqdm(total=steps, desc="Training parser", disable=not progress)
    network.train()
    losses: list[float] = []
    for batch in DataLoader(rows, batch_sampler=plan, collate_fn=collate):
        intent_logits, tag_logits = network(batch["input_ids"], batch["attention_mask"])  # (b, n_intents), (b, t, n_labels)
        loss = torch.nn.functional.cross_entropy(intent_logits, batch["intent"]) + \
            torch.nn.functional.cross_entropy(tag_logits.reshape(-1, len(LABELS)), batch["labels"].reshape(-1), ignore_index=-100)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        scheduler.step()
        losses.append(loss.item())
        bar.update(1)
        bar.set_postfix(loss=f"{sum(losses[-20:]) / len(losses[-20:]):.3f}")
    bar.close()

    out.mkdir(parents=True, exist_ok=True)
    network.encoder.save_pretrained(str(out / "adapter"))
    (out / "adapter" / "README.md").unlink(missing_ok=True)  # peft's empty model-card template
    heads = {f"intent.{k}": v.contiguous() for k, v in network.intent_head.state_dict().items()}
    heads.update({f"tag.{k}": v.contiguous() for k, v in network.tag_head.state_dict().items()})
    save_file(heads, str(out / "heads.safetensors"))
    meta = {"version": VERSION, "seed": seed, "epochs": epochs, "batch_size": batch_size, "lr": lr,
            "examples": len(examples), "threads": torch.get_num_threads(),
            "final_loss": round(sum(losses[-50:]) / max(1, len(losses[-50:])), 4),
            "train_seconds": round(time.perf_counter() - started, 1),
            "intents": list(INTENTS), "labels": list(LABELS)}
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    return meta


def _batches(n: int, size: int, epochs: int, seed: int) -> list[list[int]]:
    """Every epoch's batches of example indices, the order shuffled anew each epoch by one seeded
    generator (the last batch of an epoch may be short)."""
    rng, order, out = random.Random(seed), list(range(n)), []
    for _ in range(epochs):
        rng.shuffle(order)
        out += [order[start:start + size] for start in range(0, n, size)]
    return out
