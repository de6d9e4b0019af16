"""`shopassist train retriever`: contrastive fine-tuning of the retrieval encoder on the catalog.

A LoRA adapter on all-MiniLM-L6-v2 is trained with sentence-transformers'
MultipleNegativesRankingLoss on (synthetic query, product, hard negative) triples from
finetune_data.py: each query must score its product above the other products of its batch and
above its hard negative. Only the adapter is saved (a few MB); retrieval.encoder.MiniLMEncoder
loads base + adapter. Seeded; relevance judgments are never used here.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import Sequence

from retrieval.product import Product

VERSION = "retriever.v1"


def train(products: Sequence[Product], out: str | Path, pairs: int = 3000, seed: int = 13, epochs: int = 1,
          batch_size: int = 32, lr: float = 3e-4, lora_rank: int = 16, max_seq_length: int = 64,
          progress: bool = True) -> dict:
    """Train the adapter and save it with a meta.json under `out`; returns the meta."""
    import torch
    from peft import LoraConfig, get_peft_model
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    from tqdm.auto import tqdm

    from retrieval.encoder import base_model_path
    from retrieval.finetune_data import QueryMaker

    started = time.perf_counter()
    random.seed(seed)
    torch.manual_seed(seed)
    examples = QueryMaker(products, seed).examples(pairs)
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
    steps = epochs * (len(examples) // batch_size)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=lr, total_steps=max(steps, 1), pct_start=0.1)
    rng = random.Random(seed)
    model.train()
    losses: list[float] = []
    bar = tqdm(total=steps, desc="Training retriever", disable=not progress)
    for _ in range(epochs):
        rng.shuffle(examples)
        for start in range(0, steps * batch_size // epochs, batch_size):
            batch = examples[start:start + batch_size]
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

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    adapter.save_pretrained(str(out))
    (out / "README.md").unlink(missing_ok=True)  # peft's empty model-card template
    meta = {"version": VERSION, "base": "all-MiniLM-L6-v2", "loss": "MultipleNegativesRankingLoss",
            "pairs": len(examples), "epochs": epochs, "batch_size": batch_size, "lr": lr, "lora_rank": lora_rank,
            "max_seq_length": max_seq_length, "seed": seed, "threads": torch.get_num_threads(),
            "first_loss": round(sum(losses[:10]) / max(1, len(losses[:10])), 4),
            "final_loss": round(sum(losses[-10:]) / max(1, len(losses[-10:])), 4),
            "train_seconds": round(time.perf_counter() - started, 1)}
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    return meta
