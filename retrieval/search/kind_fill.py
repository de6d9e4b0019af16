"""The encoder's part in assigning kinds at ingest: a product the vocabulary cannot name takes the kind
of its nearest named neighbours in embedding space.

"Philips VentMount DLA40110/10" names no type the vocabulary knows; its nearest products are
phone holders, so it is a holder. A product whose neighbours disagree, or are not near, keeps
no kind: a wrong kind would hide it from the searches that should find it, no kind only from
kind-filtered ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from retrieval.catalog.product import Product
from retrieval.catalog.product_types import ACCESSORY_TYPES


@dataclass(frozen=True)
class KindVote:
    """Tuned on the dev sample of data/kinds (never on the test sample)."""

    # On dev, 5 neighbours down to cosine 0.5 name 3 more products than these, all 3 wrongly (a
    # wrong kind hides a product; no kind does not), and 20 neighbours or a 0.6 share lose right ones.
    neighbours: int = 10  # named products that vote
    min_similarity: float = 0.55  # the nearest one must be at least this close (cosine)
    min_share: float = 0.5  # the winning kind's share of the similarity-weighted vote
    fits_share: float = 0.4  # for an accessory that names no device: the device's share among its kind


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


# Bump when the fill's method changes: an index filled by another method is filled again.
FILL_VERSION = 2


def fill_signature(vote: KindVote = KindVote()) -> str:
    """What an index's encoder-filled kinds were made with (method and vote settings)."""
    return f"v{FILL_VERSION} {vote}"


def fill_kinds(products: Sequence[Product], vectors: np.ndarray, vote: KindVote = KindVote(),
               block: int = 512) -> list[Product]:
    """`products` with each empty kind filled from its neighbours where they agree, then each
    accessory's empty `kind_for` (see `fill_fits`); `vectors` are the products' embeddings,
    row-aligned (shape (len(products), dim))."""
    return fill_fits(fill_blank_kinds(products, vectors, vote, block), vectors, vote)


def fill_blank_kinds(products: Sequence[Product], vectors: np.ndarray, vote: KindVote = KindVote(),
                     block: int = 512) -> list[Product]:
    """`products` with each empty kind (and its `kind_for`) taken from its neighbours where they agree."""
    named = [i for i, p in enumerate(products) if p.kind]
    blank = [i for i, p in enumerate(products) if not p.kind]
    out = list(products)
    if not named or not blank:
        return out
    unit = _unit(np.asarray(vectors, dtype=np.float32))
    reference = unit[named]
    k = min(vote.neighbours, len(named))
    for start in range(0, len(blank), block):
        rows = blank[start : start + block]
        sims = unit[rows] @ reference.T  # (rows, named)
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        for j, (row, cols) in enumerate(zip(rows, top)):
            near = sorted(((float(sims[j, c]), products[named[c]]) for c in cols), key=lambda pair: -pair[0])
            chosen = _winner(near, vote)
            if chosen:
                out[row] = replace(products[row], kind=chosen[0], kind_for=chosen[1])
    return out


def fill_fits(products: Sequence[Product], vectors: np.ndarray, vote: KindVote = KindVote()) -> list[Product]:
    """`products` with each accessory that names no device ("Incipio - Feather Case for LG K7")
    given the device its nearest neighbours of the same kind are for, where most of them are for one
    (most cases in a phone catalog are for a smartphone). Generic cables stay for nothing: most
    of their neighbours are for nothing too."""
    unit = _unit(np.asarray(vectors, dtype=np.float32))
    out = list(products)
    by_kind: dict[str, list[int]] = {}
    for i, p in enumerate(products):
        if p.kind in ACCESSORY_TYPES:
            by_kind.setdefault(p.kind, []).append(i)
    for members in by_kind.values():
        blank = [i for i in members if not products[i].kind_for]
        if not blank or len(members) < 2:
            continue
        sims = unit[blank] @ unit[members].T
        for j, row in enumerate(blank):
            sims[j, members.index(row)] = -np.inf  # a product does not vote for itself
        k = min(vote.neighbours, len(members) - 1)
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        for j, (row, cols) in enumerate(zip(blank, top)):
            weight: Counter[str] = Counter()
            for c in cols:
                weight[products[members[c]].kind_for] += max(float(sims[j, c]), 0.0)
            device, w = weight.most_common(1)[0]
            if device and w >= vote.fits_share * sum(weight.values()):
                out[row] = replace(products[row], kind_for=device)
    return out


def _winner(near: list[tuple[float, Product]], vote: KindVote) -> tuple[str, str] | None:
    """The kind (and what it fits) the neighbours agree on, or None."""
    if not near or near[0][0] < vote.min_similarity:
        return None
    weight: Counter[str] = Counter()
    for sim, p in near:
        weight[p.kind] += max(sim, 0.0)
    kind, w = weight.most_common(1)[0]
    if w < vote.min_share * sum(weight.values()):
        return None
    fits = Counter(p.kind_for for _, p in near if p.kind == kind).most_common(1)[0][0]
    return kind, fits
