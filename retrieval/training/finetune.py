"""`shopassist train retriever`: contrastive fine-tuning of the retrieval encoder on the catalog.

A LoRA adapter on all-MiniLM-L6-v2 is trained by sentence-transformers' SentenceTransformerTrainer
with MultipleNegativesRankingLoss on (synthetic query, product, hard negative) triples from
finetune_data.py: each query must score its product above the other products of its batch and
above its hard negative. No batch holds two positives of one product type where that can be
helped (they would be each other's false negatives; batches.py). The trained update is saved at
half strength (`scale`, weight-space interpolation between base and fine-tuned): on the Icecat dev judgments the
full-strength adapter gained on dense retrieval but lost a little in the hybrid (BM25 + dense)
fusion, where the half-strength one keeps most of the dense gain and does not lose. Only the
adapter is saved (a few MB); retrieval.search.encoder.MiniLMEncoder loads base + adapter. Seeded;
relevance judgments are never used here (they only chose the defaults, as for any setting).

`shopassist train retriever` (these defaults): about 15-20 min on one thread of a shared 2-core
machine (1086 s for the shipped artifact under heavy load, see its meta.json).
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
    import tempfile

    import torch
    from datasets import Dataset
    from peft import LoraConfig, get_peft_model
    from sentence_transformers import SentenceTransformer, SentenceTransformerTrainer, SentenceTransformerTrainingArguments
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    from transformers.utils import logging as hf_logging

    from retrieval.search.encoder import base_model_path
    from retrieval.training.batches import TypeSpreadBatchSampler
    from retrieval.training.finetune_data import QueryMaker

    started = time.perf_counter()
    random.seed(seed)
    torch.manual_seed(seed)
    keyed = QueryMaker(products, seed).keyed_examples(pairs)
    # Column order is the loss's: anchor, positive, hard negative. The key (the positive's type)
    # stays out of the dataset, or the collator would encode it as a second negative.
    dataset = Dataset.from_dict({"anchor": [k[0] for k in keyed], "positive": [k[1] for k in keyed],
                                 "negative": [k[2] for k in keyed]})
    model = SentenceTransformer(str(base_model_path()), device="cpu")
    model.max_seq_length = max_seq_length
    config = LoraConfig(r=lora_rank, lora_alpha=2 * lora_rank, lora_dropout=0.05,
                        target_modules=["query", "key", "value", "dense"])
    # peft injects the LoRA layers into the module's own transformer in place; `adapter` saves them alone.
    adapter = get_peft_model(model[0].auto_model, config)
    verbosity = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()  # the trainer's notes on an unset model card are noise here
    with tempfile.TemporaryDirectory(prefix="retriever-train-") as scratch:
        args = SentenceTransformerTrainingArguments(
            output_dir=scratch, save_strategy="no", report_to="none", use_cpu=True, seed=seed,
            num_train_epochs=epochs, per_device_train_batch_size=batch_size, learning_rate=lr, weight_decay=0.01,
            # Cosine decay after a 10% warm-up, as the one-cycle schedule of the loop this replaced;
            # no gradient clipping, which that loop never had either.
            lr_scheduler_type="cosine", warmup_steps=0.1, max_grad_norm=0.0,
            batch_sampler=TypeSpreadBatchSampler.factory([k[3] for k in keyed]),
            logging_steps=10, disable_tqdm=not progress, dataloader_drop_last=True)
        trainer = SentenceTransformerTrainer(model=model, args=args, train_dataset=dataset,
                                             loss=MultipleNegativesRankingLoss(model))
        result = trainer.train()
    hf_logging.set_verbosity(verbosity)
    losses = [log["loss"] for log in trainer.state.log_history if "loss" in log]  # each the mean of 10 steps

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
            "trainer": "SentenceTransformerTrainer", "schedule": "cosine, 10% warm-up",
            "batches": "no two positives of one type in a batch",
            "pairs": len(keyed), "steps": result.global_step, "epochs": epochs, "batch_size": batch_size, "lr": lr,
            "lora_rank": lora_rank, "max_seq_length": max_seq_length, "scale": scale, "seed": seed,
            "threads": torch.get_num_threads(),
            "first_loss": round(losses[0], 4) if losses else None,
            "final_loss": round(losses[-1], 4) if losses else None, "mean_loss": round(result.training_loss, 4),
            "train_seconds": round(time.perf_counter() - started, 1)}
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    return meta
