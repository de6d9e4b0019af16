"""Builds the real stages from settings: weights are loaded and the device chosen here, once."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from tqdm.auto import tqdm

from assistant.core.assistant import Assistant
from assistant.core.pipeline import Stages
from assistant.core.settings import Settings
from assistant.explain.explainer import TemplateExplainer
from assistant.parse.brands import BrandVocabulary
from assistant.parse.rule_parser import RuleParser
from assistant.rank.diversity import with_diversity
from assistant.rank.ranker import FusionRanker
from assistant.reply.responder import TextResponder
from assistant.retrieve.retriever import HybridRetriever
from retrieval.catalog.product import Product
from retrieval.search.encoder import Encoder

log = logging.getLogger(__name__)
DEFAULT_CATALOG = "icecat"


def make_encoder(settings: Settings) -> Encoder:
    import torch

    torch.set_num_threads(settings.threads)
    from assistant.core.settings import DEFAULT_ENCODER
    from retrieval.search.encoder import MiniLMEncoder

    path = settings.encoder_path
    if path is not None and Path(path) == DEFAULT_ENCODER and not DEFAULT_ENCODER.exists():
        log.warning("the fine-tuned encoder %s is missing; searching with the base encoder", path)
        path = None
    return MiniLMEncoder(path)


def open_store(settings: Settings, encoder: Encoder, catalog: str | None = None):
    """The product store: embedded in settings.store_dir, or on the Chroma server at settings.chroma_url."""
    from retrieval.search.chroma_client import connect
    from retrieval.search.store import ProductStore

    client = connect(settings.store_dir, settings.chroma_url, settings.chroma_token, settings.chroma_token_header)
    return ProductStore(client, catalog or settings.catalog, encoder)


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


def assign_kinds(store, products: Sequence[Product], report) -> list[Product]:
    """`products` with the kinds the encoder fills in where the vocabulary named none, kept in the
    store's metadata. Recomputed when the sync changed anything or the fill's method did, else read
    back from the store."""
    import numpy as np

    from retrieval.search.kind_fill import fill_kinds, fill_signature

    if not (report.encoded or report.removed) and store.kinds_made_by == fill_signature():
        stored = store.stored_kinds()
        return [replace(p, kind=stored[p.id][0], kind_for=stored[p.id][1])
                if p.id in stored and stored[p.id] != (p.kind, p.kind_for) else p for p in products]
    vectors = store.embeddings([p.id for p in products])
    filled = fill_kinds(products, np.stack([vectors[p.id] for p in products]))
    changed = store.set_kinds(filled, made_by=fill_signature())
    log.info("kinds: %d of %d products named by the vocabulary, %d more by the encoder",
             sum(1 for p in products if p.kind), len(products), changed)
    return filled


def ensure_indexed(settings: Settings, store, progress: bool = True) -> list[Product] | None:
    """Index the embedded default catalog on first use (and after it changes); return its products.

    Other catalogs come from `shopassist ingest`; for them this only checks the store is not empty.
    """
    if settings.catalog == DEFAULT_CATALOG:
        from retrieval.catalog.loader import default_catalog

        products = default_catalog().products
        report = index_products(store, products, progress)
        if report.encoded:
            log.info("indexed %d products (%d unchanged)", report.encoded, report.unchanged)
        return assign_kinds(store, products, report)
    if store.count() == 0:
        raise LookupError(
            f"catalog {settings.catalog!r} is empty; load it first with "
            f"`shopassist ingest PATH --mapping FILE --name {settings.catalog}`"
        )
    return None


def build_search(settings: Settings, encoder: Encoder | None = None, progress: bool = True):
    from retrieval.search.hybrid import HybridSearch

    encoder = encoder or make_encoder(settings)
    store = open_store(settings, encoder)
    products = ensure_indexed(settings, store, progress)  # None: read them back from the store
    search = HybridSearch(store, products, depth=settings.retrieval_depth)
    search.vectors([])  # load the stored vectors now (about a second), not in a shopper's first turn
    return search


def build_parser(search, learned: bool = True, cache_dir: Path | None = None, kind_words=None):
    """The parser, with needs said in plain words read by the encoder (assistant/parse/needs.py) and
    gifts by the interest they name (assistant/parse/gifts.py). `kind_words`: the catalog's words
    per kind (assistant/parse/kind_words.py), built here when not given."""
    from assistant.parse.absent import AbsentBrandParser
    from assistant.parse.gifts import GiftAwareParser
    from assistant.parse.kind_words import KindWords
    from assistant.parse.needs import NeedAwareParser, NeedReader

    reader = NeedReader(search.store.embed_queries, cache_dir, search.store.encoder_name)
    vocabulary = BrandVocabulary.from_catalog(search.products)
    kind_words = kind_words or KindWords(search.products)
    base = _base_parser(search, vocabulary, kind_words, learned)
    needs = NeedAwareParser(AbsentBrandParser(base, vocabulary.aliases), reader)
    return GiftAwareParser(needs, reader, kind_words.size)


def _base_parser(search, vocabulary: BrandVocabulary, kind_words, learned: bool = True):
    """The learned parser (shipped artifact assistant/artifacts/parser.v1) over the catalog's brands
    and words; the rules-only RuleParser when `learned` is False or the artifact is missing."""
    if learned:
        try:
            from assistant.parse.learned_parser import LearnedParser
            from assistant.parse.spelling import Speller, encoder_words
            from assistant.parse.tagger import load_tagger

            speller = Speller((f"{p.title} {p.brand} {p.product_type}" for p in search.products), encoder_words())
            return LearnedParser(vocabulary, load_tagger(), speller, lookup=search.product, kind_words=kind_words)
        except FileNotFoundError as err:
            log.warning("%s; parsing with rules only", err)
    return RuleParser(vocabulary, lookup=search.product, kind_words=kind_words)


def build_ranker(search, learned: bool = True):
    """The learned scorer (shipped artifact assistant/artifacts/ranker.v1.json), on CUDA when present,
    else the CPU; the fused retrieval order (FusionRanker) when `learned` is False or the artifact is
    missing or unreadable."""
    if learned:
        try:
            from assistant.rank.features import FeatureExtractor
            from assistant.rank.ranker import LearnedRanker
            from assistant.rank.scorer import TorchScorer

            # for_search: the search's vectors and catalog-wide field statistics (2-4 s for 20k products)
            ranker = LearnedRanker(TorchScorer.load(), FeatureExtractor.for_search(search))
            if hasattr(search, "vectors"):
                search.vectors([])  # read the vector matrix now rather than on the first turn
            return ranker
        except (FileNotFoundError, ValueError) as err:
            log.warning("%s; ranking by fused retrieval order", err)
    return FusionRanker()


def build_stages(settings: Settings, search) -> Stages:
    from assistant.parse.kind_words import KindWords

    kind_words = KindWords(search.products)
    return Stages(
        parser=build_parser(search, cache_dir=settings.cache_dir, kind_words=kind_words),
        retriever=HybridRetriever(search, k=settings.candidates),
        ranker=with_diversity(build_ranker(search), settings.fairness_strength),  # the fairness setting
        explainer=TemplateExplainer(),
        responder=TextResponder(search.product, results=settings.results, kind_words=kind_words),
        shown=settings.results,
    )


def build_explainer(settings: Settings, search, reasons=None):
    """Template reasons at once; unless the reasons generator is "template", a generator (loaded
    here, once) writes fact-checked reasons for the top products behind them (see explain.py).
    `reasons`: a settings.ReasonSettings overriding `settings.reasons`."""
    reasons = reasons or settings.reasons
    if reasons.generator == "template" or reasons.top == 0:
        return TemplateExplainer()
    from assistant.explain.explainer import GeneratingExplainer, ReasonWriter
    from assistant.explain.factcheck import FactChecker
    from assistant.explain.generate import build_generator

    try:
        generator = build_generator(reasons, settings.cache_dir)
    except LookupError as err:  # weights not installed: reasons must never cost the shopper the products
        log.warning("%s; showing template reasons only", err)
        return TemplateExplainer()
    writer = ReasonWriter(generator, FactChecker({p.brand for p in search.products}), workers=reasons.parallel)
    writer.warm_up()
    return GeneratingExplainer(writer, top=reasons.top)


def build_assistant(settings: Settings, encoder: Encoder | None = None, progress: bool = True,
                    reasons=None) -> Assistant:
    from assistant.dialogue.checkout import open_sink

    search = build_search(settings, encoder, progress)
    stages = build_stages(settings, search)
    orders = open_sink(settings.checkout_webhook, settings.orders_path, settings.checkout_token)
    from assistant.dialogue.redact import redact
    from assistant.merchant.query_log import open_query_log

    policies, is_policy_question = build_policies(settings)
    return Assistant(replace(stages, explainer=build_explainer(settings, search, reasons)), orders=orders,
                     policies=policies, is_policy_question=is_policy_question,
                     query_log=open_query_log(settings.log_queries, settings.queries_log, redact))


def policies_document(settings: Settings) -> Path | None:
    """The shop's policies file: the setting, else the example one for the embedded catalog, else none."""
    if settings.policies_file is not None:
        if not Path(settings.policies_file).is_file():
            raise FileNotFoundError(f"policies_file {settings.policies_file} does not exist")
        return Path(settings.policies_file)
    if settings.catalog == DEFAULT_CATALOG:
        from retrieval.catalog.loader import DEFAULT_POLICIES

        return DEFAULT_POLICIES
    return None


def build_policies(settings: Settings):
    """The policy desk over the shop's policies document, with the packaged MiniLM (its thresholds were
    tuned with it), and the cue that routes messages to it; (None, None) when the shop has no document."""
    document = policies_document(settings)
    if document is None:
        return None, None
    from assistant.policies.cue import is_policy_question
    from assistant.policies.desk import PolicyDesk
    from retrieval.search.encoder import MiniLMEncoder

    return PolicyDesk(document, MiniLMEncoder(None), settings.store_dir), is_policy_question
