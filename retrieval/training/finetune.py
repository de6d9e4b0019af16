"""`shopassist train retriever`: contrastive fine-tuning of the retrieval encoder on the catalog.

A LoRA adapter on all-MiniLM-L6-v2 is trained with sentence-transformers'
MultipleNegativesRankingLoss on (synthetic query, product, hard negative) triples from
finetune_data.py: each query must score its product above the other products of its batch and
above its hard negative. No batch holds two positives of one product type where that can be
helped (they would be each other's false negatives). The trained update is saved at half strength
(`scale`, weight-space interpolation between base and fine-tuned): on the Icecat dev judgments the
full-strength adapter gained on dense retrieval but lost a little in the hybrid (BM25 + dense)
fusion, where the half-strength one keeps most of the dense gain and does not lose. Only the
adapter is saved (a few MB); retrieval.search.encoder.MiniLMEncoder loads base + adapter. Seeded;
relevance judgments are never used here (they only chose the defaults, as for any setting).

`shopassist train retriever` (these defaults): about 15-20 min on one thread of a shared 2-core
machine (1117 s for the shipped artifact, see its meta.json).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Sequence
from pathlib import Path

from retrieval.catalog.product import Product

VERSION = "retriever.v1"


def train(products: Sequence[Product], out: str | Path, pairs: int = 3000, seed: int = 13, epochs: int = 1,
          batch_size: int = 32, lr: float = 3e-4, lora_rank: int = 16, max_seq_length: int = 64,
          scale: float = 0.5, progress: bool = True) -> dict:
    """Train the adapter and save it with a meta.json under `out`; returns the meta.

    `scale` shrinks the trained update before it is saved (the LoRA B matrices times `scale`): the
    saved encoder lies that far along the straight line from the base weights to the fine-tuned
    ones (weight-space ensembling, as in WiSE-FT), keeping most of the in-domain gain and more of
    the base model's general knowledge.
    """
    import torch
    from peft import LoraConfig, get_peft_model
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    from tqdm.auto import tqdm

    from retrieval.search.encoder import base_model_path
    from retrieval.training.finetune_data import QueryMaker

    started = time.perf_counter()
    random.seed(seed)
    torch.manual_seed(seed)
    keyed = QueryMaker(products, seed).keyed_examples(pairs)
    model = SentenceTransformer(str(base_model_path()), device="cpu")
    model.max_seq_length = max_seq_length
    module = model[0]
    config = LoraConfig(r=lora_rank, lora_alpha=2 * lora_rank, lora_dropout=0.05,
                        target_modules=["query", "key", "value", "dense"])
    # peft injects the LoRA layers into the module's own transformer in place; `adapter` saves them alone.
    adapter = get_peft_model(module.auto_model, config)
    loss_fn = MultipleNegativesRankingLoss(model)
    params = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    rng = random.Random(seed)
    plan = []  # each epoch's batches, drawn up front so that the schedule knows the number of steps
    for _ in range(epochs):
        rng.shuffle(keyed)
        plan.append(batches(keyed, batch_size))
    steps = sum(len(epoch) for epoch in plan)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=lr, total_steps=max(steps, 1), pct_start=0.1)
    model.train()
    losses: list[float] = []
    bar = tqdm(total=steps, desc="Training retriever", disable=not progress)
    for epoch in plan:
        for batch in epoch:
            features = [model.tokenize([row[col] for row in batch]) for col in range(3)]
            loss = loss_fn(features, None)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            scheduler.step()
            losses.append(loss.item())
            bar.update(1)
            bar.set_postfix(loss=f"{sum(losses[-10:]) / len(losses[-10:]):.3f}")
    bar.close()

    if scale != 1.0:
        with torch.no_grad():
            for name, param in adapter.named_parameters():
                if "lora_B" in name:
                    param.mul_(scale)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    adapter.save_pretrained(str(out))
    (out / "README.md").unlink(missing_ok=True)  # peft's empty model-card template
    meta = {"version": VERSION, "base": "all-MiniLM-L6-v2", "loss": "MultipleNegativesRankingLoss",
            "batches": "no two positives of one type in a batch",
            "pairs": len(keyed), "steps": steps, "epochs": epochs, "batch_size": batch_size, "lr": lr, "lora_rank": lora_rank,
            "max_seq_length": max_seq_length, "scale": scale, "seed": seed, "threads": torch.get_num_threads(),
            "first_loss": round(sum(losses[:10]) / max(1, len(losses[:10])), 4),
            "final_loss": round(sum(losses[-10:]) / max(1, len(losses[-10:])), 4),
            "train_seconds": round(time.perf_counter() - started, 1)}
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    return meta


def batches(keyed: Sequence[tuple[str, str, str, str]], size: int) -> list[list[tuple[str, str, str]]]:
    """Full batches of (query, positive, negative) in the given order, except that no batch holds two
    examples with the same key (the positive's type): with in-batch negatives, a second laptop in a
    "laptop" query's batch would be pushed away from "laptop". An example whose key every open batch
    already holds waits for the next batch; what is left at the end (keys too common to spread) fills
    the last batches as it comes, and fewer than `size` left over are dropped."""
    open_: list[tuple[list, set]] = []
    done: list[list[tuple[str, str, str]]] = []
    for q, pos, neg, key in keyed:
        slot = next((s for s in open_ if key not in s[1]), None)
        if slot is None:
            slot = ([], set())
            open_.append(slot)
        slot[0].append((q, pos, neg))
        slot[1].add(key)
        if len(slot[0]) == size:
            open_.remove(slot)
            done.append(slot[0])
    # What is left (a few keys too common to spread) fills the last batches as it comes.
    rest = [row for rows, _ in open_ for row in rows]
    done.extend(rest[i:i + size] for i in range(0, len(rest) - size + 1, size))
    return done
