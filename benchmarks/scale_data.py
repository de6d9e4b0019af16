"""Synthetic catalogs for benchmarks/scale.py: copies of the real Icecat records with perturbed titles,
prices and vectors (never re-encoded), a stand-in encoder over precomputed query vectors, integer-coded
filter columns, and the process figures (resident memory, machine load) the benchmark prints."""

from __future__ import annotations

import os
import random
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from retrieval.catalog.product import Product
from retrieval.search.filters import Filters, norm_key

SYNTHETIC = "[synthetic]"  # the metadata label of every generated copy ("origin"); real records say "real"
VARIANTS = ("Pro", "Plus", "Lite", "Max", "Mini", "SE", "XL", "II", "Gen 2", "2025 Edition", "Refresh", "Ultra")
NOISE = 0.015  # per-dimension Gaussian noise: a copy's cosine to its source is about 0.96
_MODEL_CODE = re.compile(r"\b(?=[\w-]*\d)[\w-]{3,}\b")  # words holding a digit: model numbers, sizes


def perturb_title(title: str, rng: random.Random) -> str:
    """`title` with the digits of its first two model codes shuffled and a variant word added."""

    def shuffle(match: re.Match) -> str:
        chars = list(match.group(0))
        at = [i for i, c in enumerate(chars) if c.isdigit()]
        digits = [chars[i] for i in at]
        rng.shuffle(digits)
        for i, d in zip(at, digits):
            chars[i] = d
        return "".join(chars)

    words = _MODEL_CODE.sub(shuffle, title, count=2).split()
    words.insert(rng.randint(1, max(1, min(3, len(words)))), rng.choice(VARIANTS))
    return " ".join(words)


def synthetic_products(real: Sequence[Product], n: int, seed: int = 0) -> list[Product]:
    """`n` products: the real ones first (as they are), then copies of them in turn, each with a new id
    (`<source id>-syn<copy>`), a perturbed title and its price times a factor in [0.8, 1.25]."""
    rng = random.Random(seed)
    out = list(real[:n])
    for i in range(len(out), n):
        copy, src = divmod(i, len(real))
        p = real[src]
        price = None if p.price is None else round(p.price * rng.uniform(0.8, 1.25), 2)
        out.append(replace(p, id=f"{p.id}-syn{copy}", title=perturb_title(p.title, rng), price=price))
    return out


def synthetic_vectors(real: np.ndarray, n: int, seed: int = 0, chunk: int = 50_000) -> np.ndarray:
    """Row-aligned with `synthetic_products`: real rows as they are, copies = source + noise, unit length.
    Shape (n, dim), float32."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, real.shape[1]), dtype=np.float32)
    for start in range(0, n, chunk):
        rows = np.arange(start, min(n, start + chunk))
        block = real[rows % len(real)].copy()
        copies = rows >= len(real)
        noise = rng.standard_normal((int(copies.sum()), real.shape[1]), dtype=np.float32) * NOISE
        block[copies] += noise
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[rows] = block
    return out


def origin(product_id: str) -> str:
    return SYNTHETIC if "-syn" in product_id else "real"


class VectorTable:
    """An `Encoder` that looks texts up in precomputed vectors (the real encoder's, made once), so the
    project's store and hybrid search run on a synthetic catalog without loading the model."""

    def __init__(self, name: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        self.name = name
        self.dim = int(vectors.shape[1])
        self._vectors = {t: v for t, v in zip(texts, vectors)}

    def encode(self, texts: Sequence[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        missing = [t for t in texts if t not in self._vectors]
        if missing:
            raise KeyError(f"no precomputed vector for {missing[0]!r}; only the benchmark's queries have one")
        return np.stack([self._vectors[t] for t in texts])


class CodedColumns:
    """Price, brand and kind as numpy columns (brand and kind as integer codes): a filter mask is a few
    vectorised comparisons. Handles price bounds, brands and kinds, the constraints the benchmark uses."""

    def __init__(self, products: Sequence[Product]) -> None:
        self.price = np.array([np.nan if p.price is None else p.price for p in products], dtype=np.float32)
        self._brand_code: dict[str, int] = {}
        self._kind_code: dict[str, int] = {}
        self.brand = np.array([self._brand_code.setdefault(norm_key(p.brand), len(self._brand_code)) for p in products],
                              dtype=np.int32)
        self.kind = np.array([self._kind_code.setdefault(p.kind, len(self._kind_code)) for p in products], dtype=np.int32)

    def mask(self, filters: Filters) -> np.ndarray:
        keep = np.ones(len(self.price), dtype=bool)
        with np.errstate(invalid="ignore"):
            if filters.price_min is not None:
                keep &= self.price >= filters.price_min
            if filters.price_max is not None:
                keep &= self.price <= filters.price_max
        for values, codes, column in ((filters.brands, self._brand_code, self.brand),
                                      (filters.kinds, self._kind_code, self.kind)):
            if values:
                keep &= np.isin(column, [codes.get(v, -1) for v in values])
        return keep


def exact_top_k(unit: np.ndarray, query: np.ndarray, mask: np.ndarray, k: int) -> list[int]:
    """Rows of the k best cosines among `mask`'s rows, best first. A selective mask gathers its rows and
    scores only those; a broad one scores every row (one pass over the matrix beats copying most of it)."""
    rows = np.flatnonzero(mask)
    if not len(rows):
        return []
    if len(rows) < len(mask) // 4:
        sims = unit[rows] @ query  # (len(rows),)
    else:
        sims = (unit @ query)[rows]
    k = min(k, len(rows))
    top = np.argpartition(-sims, k - 1)[:k]
    return rows[top[np.argsort(-sims[top], kind="stable")]].tolist()


def memory_mb() -> tuple[float, float]:
    """(resident now, peak resident) of this process in MB, from /proc/self/status."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def dir_mb(path: str | Path) -> float:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 2**20


class LoadMeter:
    """How many cores other processes kept busy between `start()` and `stop()` (Linux /proc/stat)."""

    def __init__(self, busy_seconds) -> None:
        self._busy = busy_seconds

    def start(self) -> None:
        import time

        self._t, self._b, self._own = time.perf_counter(), self._busy(), sum(os.times()[:2])

    def stop(self) -> float | None:
        import time

        wall, busy, own = time.perf_counter() - self._t, self._busy(), sum(os.times()[:2]) - self._own
        if busy is None or self._b is None or wall <= 0:
            return None
        return max(0.0, (busy - self._b) - own) / wall
