"""A small, fixed slice of the real Icecat catalog for scripted dialogue tests.

Indexing all 19,406 products takes minutes; the journeys need only a few hundred real records of
the kinds they talk about. The rule, so anyone can rebuild the same slice:

    for each product type in SAMPLE_TYPES, take that type's products that have a price,
    order them by the SHA-1 of their id, and keep the first PER_TYPE.

SHA-1 order is a fixed pseudo-random order: it spreads the slice over brands and prices, and it
does not change when products are added elsewhere in the catalog.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from retrieval.catalog.product import Product

SAMPLE_TYPES = (
    "mouse", "keyboard", "laptop", "headphones", "speaker", "monitor", "toner cartridge", "ink cartridge",
    "camera", "smartphone", "tv", "usb flash drive", "memory card", "printer", "case", "cable",
)
PER_TYPE = 30
SAMPLE_CATALOG = "journeys-sample"  # its Chroma collection name


def sample_products(products: Sequence[Product], types: Sequence[str] = SAMPLE_TYPES,
                    per_type: int = PER_TYPE) -> list[Product]:
    """The slice described in the module docstring, grouped by type in `types` order."""
    chosen: list[Product] = []
    for kind in types:
        of_kind = [p for p in products if p.product_type == kind and p.price is not None]
        of_kind.sort(key=lambda p: hashlib.sha1(p.id.encode("utf-8")).hexdigest())
        chosen += of_kind[:per_type]
    return chosen


def build_sample_assistant(cache_dir: str | Path, encoder=None, products: Sequence[Product] | None = None):
    """An `Assistant` over the sample slice, indexed (once per `cache_dir`) with the real encoder.

    Sessions are in memory; the stages are the same ones `build_stages` makes for the full catalog.
    """
    from assistant.core.assistant import Assistant
    from assistant.core.build import assign_kinds, build_stages, make_encoder
    from assistant.core.settings import Settings
    from retrieval.catalog.loader import default_catalog
    from retrieval.search.hybrid import HybridSearch
    from retrieval.search.store import ProductStore

    settings = Settings(cache_dir=Path(cache_dir), catalog=SAMPLE_CATALOG, threads=1)
    products = list(products) if products is not None else sample_products(default_catalog().products)
    store = ProductStore(settings.store_dir, SAMPLE_CATALOG, encoder or make_encoder(settings))
    products = assign_kinds(store, products, store.sync(products))  # as ingest does: the encoder fills kinds
    return Assistant(build_stages(settings, HybridSearch(store, products, depth=settings.retrieval_depth)))
