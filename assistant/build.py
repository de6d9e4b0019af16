"""Builds the real stages from settings: weights are loaded and the device chosen here, once."""

from __future__ import annotations

import logging
from typing import Sequence

from tqdm.auto import tqdm

from assistant.assistant import Assistant
from assistant.explain import TemplateExplainer
from assistant.parse import BrandVocabulary, RuleParser
from assistant.pipeline import Stages
from assistant.rank import FusionRanker
from assistant.reply import TextResponder
from assistant.retrieve import HybridRetriever
from assistant.settings import Settings
from retrieval.encoder import Encoder
from retrieval.product import Product

log = logging.getLogger(__name__)
DEFAULT_CATALOG = "icecat"


def make_encoder(settings: Settings) -> Encoder:
    import torch

    torch.set_num_threads(settings.threads)
    from retrieval.encoder import MiniLMEncoder

    return MiniLMEncoder(settings.encoder_path)


def open_store(settings: Settings, encoder: Encoder, catalog: str | None = None):
    from retrieval.store import ProductStore

    return ProductStore(settings.store_dir, catalog or settings.catalog, encoder)


def index_products(store, products: Sequence[Product], progress: bool = True):
    """Sync `products` into the store, with a progress bar when there is anything to encode."""
    bar = None

    def on_progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None and total and progress:
            bar = tqdm(total=total, unit="product", desc="Indexing catalog (first run only)")
        if bar is not None:
            bar.n = done
            bar.refresh()

    try:
        return store.sync(products, on_progress=on_progress)
    finally:
        if bar is not None:
            bar.close()


def ensure_indexed(settings: Settings, store, progress: bool = True) -> list[Product] | None:
    """Index the embedded default catalog on first use (and after it changes); return its products.

    Other catalogs come from `shopassist ingest`; for them this only checks the store is not empty.
    """
    if settings.catalog == DEFAULT_CATALOG:
        from retrieval.catalog import default_catalog

        products = default_catalog().products
        report = index_products(store, products, progress)
        if report.encoded:
            log.info("indexed %d products (%d unchanged)", report.encoded, report.unchanged)
        return products
    if store.count() == 0:
        raise LookupError(
            f"catalog {settings.catalog!r} is empty; load it first with "
            f"`shopassist ingest PATH --mapping FILE --name {settings.catalog}`"
        )
    return None


def build_search(settings: Settings, encoder: Encoder | None = None, progress: bool = True):
    from retrieval.hybrid import HybridSearch

    encoder = encoder or make_encoder(settings)
    store = open_store(settings, encoder)
    products = ensure_indexed(settings, store, progress)  # None: read them back from the store
    return HybridSearch(store, products, depth=settings.retrieval_depth)


def build_stages(settings: Settings, search) -> Stages:
    return Stages(
        parser=RuleParser(BrandVocabulary.from_brands(p.brand for p in search.products)),
        retriever=HybridRetriever(search, k=settings.candidates),
        ranker=FusionRanker(),
        explainer=TemplateExplainer(),
        responder=TextResponder(search.product, results=settings.results),
        shown=settings.results,
    )


def build_assistant(settings: Settings, encoder: Encoder | None = None, progress: bool = True) -> Assistant:
    return Assistant(build_stages(settings, build_search(settings, encoder, progress)))
