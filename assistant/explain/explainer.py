"""The explain stage: a reason per shown product, built from its evidence and never untrue.

`TemplateExplainer` writes every reason at once from the evidence alone. `GeneratingExplainer`
returns those same template reasons at once too (so the products are never held back), and in
the background has a generator write reasons for the top products, in parallel; each written
reason is fact-checked, regenerated once on failure, and replaced by the template reason if it
fails again. `stream(constraints, product_ids)` yields the finished reasons as they complete.
"""

from __future__ import annotations

import itertools
import json
import queue
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, as_completed
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from assistant.core.text import money
from assistant.core.types import Constraints, ParsedQuery, Ranked, Reason
from assistant.explain.evidence import Evidence, agree, build_evidence, matched_terms, subject, type_noun  # noqa: F401  (re-exported)
from assistant.explain.factcheck import FactChecker, Verdict
from retrieval.search.filters import norm_key

if TYPE_CHECKING:  # langchain-core is imported only where a generator is built
    from assistant.explain.generate import Generator


def _join(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def template_reason(e: Evidence, excluded_brands: Sequence[str] = ()) -> Reason:
    """A fluent reason whose every clause restates one evidence fact (and so always passes the checker).

    It leads with what sets the product apart (an attribute asked for, one no other product shown
    shares, else the first the record states), then the price; it says "matches your search" only
    when the product is of the asked kind and its record holds every word of the request, and says
    plainly when the product is the closest available rather than a match.
    """
    p = e.product
    said: list[str] = []
    telling = e.telling()
    only = [a.with_() for a, how in telling if how == "only"]
    for a, how in telling:
        if how == "asked":
            said.append(f"{a.has()} as you asked")
        elif how == "has":
            said.append(a.has())
        elif only:  # every attribute no other product shares, in one clause
            said.append(e.only_phrase())
            only = []
    price = next((c for c in e.checks if c.name == "price"), None)
    if p.price is not None:
        cost = f"costs {money(p.price)}"
        if price and price.met:
            if e.price_min is not None and e.price_max is not None:
                cost += f", within your {money(e.price_min)}–{money(e.price_max)} range"
            elif e.price_max is not None:
                cost += f", under your {money(e.price_max)} limit"
            else:
                cost += f", above your {money(e.price_min)} minimum"
        if "cheapest" in e.comparisons:
            cost += ", the lowest price shown"
        said.append(cost)
    if any(c.name == "brand" and c.met for c in e.checks):
        said.append("is from the brand you asked for")
    elif excluded_brands and p.brand and norm_key(p.brand) not in excluded_brands:
        said.append("avoids the brands you ruled out")
    colour = next((c.value for c in e.checks if c.name == "colour" and c.met), "")
    only = next((c.split(":", 1)[1] for c in e.comparisons if c.startswith("only_colour:")), "")
    if colour:
        said.append(f"comes in {colour} as you asked" + (" (the only one shown)" if only == colour else ""))
    elif only:
        said.append(f"is {'also ' if e.only_phrase() and any(h == 'only' for _, h in telling) else ''}"
                    f"the only {only} one shown")
    if "newest" in e.comparisons:
        said.append(f"is the newest shown (released {p.released[:4]})")
    named = set(re.findall(r"[a-z0-9]+", subject(e).lower()))
    if e.full_match and e.terms and not e.telling() and not e.closest and not set(e.terms) <= named:
        said.insert(0, "matches your search for " + _words(e.terms))
    if not said:
        said.append("is among the closest matches found")
    if e.missing and len(said) < 4:  # what the shopper asked that the record does not say
        said.append(f"its record does not mention {_words(e.missing[:2])}")
    said = [x if x.startswith("its record") else agree(x, e.plural) for x in said[:5]]
    text = f"{subject(e)} {_join(said)}."
    if e.closest:
        text = f"Not a {e.asked_kind}, but the closest match: {text[0].lower()}{text[1:]}"
    return Reason(product_id=p.id, text=text, evidence=tuple(e.facts()), source="template")


def _words(terms: Sequence[str]) -> str:
    quoted = [f"“{t}”" for t in terms]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


class TemplateExplainer:
    """Template reasons for every product, instantly (no model)."""

    def explain(self, query: ParsedQuery, ranked: Sequence[Ranked]) -> list[Reason]:
        excluded = query.constraints.filters.exclude_brands
        return [template_reason(e, excluded) for e in build_evidence(query, ranked)]


@dataclass(frozen=True)
class Outcome:
    """What writing one reason took: the reason shown, and every attempt with its verdict."""

    reason: Reason
    attempts: tuple[tuple[str, Verdict], ...]
    evidence: Evidence | None = None

    @property
    def accepted(self) -> bool:
        return self.reason.source != "template"


def constraints_key(c: Constraints) -> str:
    """A stable key for constraints, equal for equal values however they were stored (tuple or list)."""
    return json.dumps(asdict(c), sort_keys=True, default=str)


class DaemonPool:
    """Daemon worker threads taking the most urgent job first (lowest `priority`); unfinished
    reasons never keep a process from exiting."""

    def __init__(self, workers: int, name: str = "reason") -> None:
        self._jobs: queue.PriorityQueue = queue.PriorityQueue()
        self._order = itertools.count()  # ties run in submission order
        for i in range(workers):
            threading.Thread(target=self._work, name=f"{name}-{i}", daemon=True).start()

    def submit(self, fn: Callable, *args, priority: tuple = (0,)) -> Future:
        future: Future = Future()
        self._jobs.put((priority, next(self._order), future, fn, args))
        return future

    def _work(self) -> None:
        while True:
            _, _, future, fn, args = self._jobs.get()
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(fn(*args))
                except BaseException as err:  # handed to whoever waits on the future
                    future.set_exception(err)


class ReasonWriter:
    """Writes fact-checked reasons with a generator on a small thread pool; caches the futures.

    The cache key is (constraints, product id, the product's comparisons with the page), so a
    cached "cheapest of those shown" is never reused on a page where it is no longer true.
    """

    def __init__(self, generator: Generator, checker: FactChecker, workers: int = 3, attempts: int = 2,
                 cache_size: int = 1024) -> None:
        if workers < 1 or attempts < 1:
            raise ValueError(f"workers and attempts must be >= 1, got {workers} and {attempts}")
        self.generator = generator
        self.checker = checker
        self.workers = workers
        self.attempts = attempts
        self.cache_size = cache_size
        self._pool = DaemonPool(workers)
        self._cache: OrderedDict[tuple, Future] = OrderedDict()
        self._latest: dict[tuple, tuple[Future, Reason]] = {}  # (constraints, product id) -> last job
        self._lock = threading.Lock()
        self._warming: list[Future] = []

    def warm_up(self) -> list[Future]:
        """Start the generator's warm-up (if it has one) on every worker at once, so that each
        parallel slot of an embedded model caches the prompt prefixes; start-up is not held back."""
        warm = getattr(self.generator, "warm_up", None)
        self._warming = [self._pool.submit(warm, priority=(1,)) for _ in range(self.workers)] if warm else []
        return self._warming

    def ready(self, timeout: float | None = None) -> bool:
        """Wait up to `timeout` seconds for the warm-up; True once it is over (a failed warm-up
        counts as over: reasons then pay for it on their first call)."""
        try:
            for future in self._warming:
                future.exception(timeout)
        except FutureTimeout:
            return False
        return True

    def write(self, e: Evidence, fallback: Reason) -> Outcome:
        """Generate, check, regenerate once on failure, else fall back to `fallback`."""
        tried: list[tuple[str, Verdict]] = []
        for attempt in range(self.attempts):
            try:
                text = self.generator.write(e, attempt)
            except Exception as err:  # a model that fails must never cost the shopper a reason
                tried.append(("", Verdict.failed(f"generator error: {type(err).__name__}: {err}")))
                continue
            verdict = self.checker.check(text, e)
            if verdict.ok and e.named_in(text) is False:  # true but says nothing about the request
                verdict = Verdict.failed("specific: names no search word, asked-for constraint or comparison")
            tried.append((text, verdict))
            if verdict.ok:
                return Outcome(Reason(e.product.id, text, tuple(e.facts()), self.generator.name), tuple(tried), e)
        return Outcome(fallback, tuple(tried), e)

    def submit(self, constraints: Constraints, e: Evidence, fallback: Reason, priority: tuple = (0,)) -> Future:
        """The future `Outcome` for this evidence, queued now unless already cached; lower
        `priority` runs first (the explainer puts the newest page first)."""
        ckey = constraints_key(constraints)
        key = (ckey, e.product.id, e.comparisons)
        with self._lock:
            future = self._cache.get(key)
            if future is None or future.cancelled() or (future.done() and future.exception() is not None):
                future = self._pool.submit(self.write, e, fallback, priority=priority)
                self._cache[key] = future
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
            else:
                self._cache.move_to_end(key)
            self._latest[(ckey, e.product.id)] = (future, fallback)
            while len(self._latest) > self.cache_size:
                self._latest.pop(next(iter(self._latest)))
        return future

    def find(self, constraints: Constraints, product_id: str) -> tuple[Future, Reason] | None:
        """The last job started for this product under these constraints: (future, fallback)."""
        with self._lock:
            return self._latest.get((constraints_key(constraints), product_id))


class GeneratingExplainer:
    """Template reasons at once (generated ones where already cached); generation runs behind.

    The top `top` products of each page get generated reasons, written in parallel; `stream`
    yields them as they finish.
    """

    def __init__(self, writer: ReasonWriter, top: int = 3) -> None:
        self.writer = writer
        self.top = top
        self._pages = itertools.count(1)  # newer pages are written first when work piles up

    def explain(self, query: ParsedQuery, ranked: Sequence[Ranked]) -> list[Reason]:
        excluded = query.constraints.filters.exclude_brands
        evidence = build_evidence(query, ranked)
        reasons = [template_reason(e, excluded) for e in evidence]
        page = next(self._pages)
        for i, e in enumerate(evidence[: self.top]):
            future = self.writer.submit(query.constraints, e, reasons[i], priority=(-page, i))
            if future.done() and not future.cancelled() and future.exception() is None:
                reasons[i] = future.result().reason
        return reasons

    def ready(self, timeout: float | None = None) -> bool:
        """True once the generator is warm (see `ReasonWriter.ready`)."""
        return self.writer.ready(timeout)

    def stream(self, constraints: Constraints, product_ids: Sequence[str],
               timeout: float | None = None) -> Iterator[Reason]:
        """The checked reasons of the first `top` of `product_ids`, in the order they finish.

        One reason per product whose generation was started by `explain`; any still unfinished
        after `timeout` seconds is yielded as its template reason (and keeps running for the cache).
        """
        jobs = {}
        for pid in list(product_ids)[: self.top]:
            job = self.writer.find(constraints, pid)
            if job is not None:
                jobs[job[0]] = job[1]
        try:
            for future in as_completed(list(jobs), timeout=timeout):
                fallback = jobs.pop(future)
                yield future.result().reason if not future.cancelled() and future.exception() is None else fallback
        except FutureTimeout:
            for future in jobs:
                future.cancel()  # not started yet: drop it rather than delay the next page's reasons
            yield from jobs.values()

    def outcomes(self, constraints: Constraints, product_ids: Sequence[str],
                 timeout: float | None = None) -> list[Outcome]:
        """The outcomes (waiting for them) of the first `top` products, in page order: for metrics."""
        jobs = [self.writer.find(constraints, pid) for pid in list(product_ids)[: self.top]]
        return [job[0].result(timeout) for job in jobs if job is not None]
