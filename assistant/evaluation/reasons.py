"""`shopassist eval reasons`: how faithful, specific and varied the shown reasons are.

Each query is the first message of a fresh session; the reasons measured are the ones the
shopper ends up seeing for the top products (generated and accepted, or the template fallback).
- faithfulness: the share with no unsupported claim, judged twice: by the fact-checker
  (factcheck.py, on the evidence) and by `independent_check` below, a separate and simpler
  reading of the raw product record (its JSON) and the shopper's words that shares no code
  with the fact-checker; "both" counts a reason only if neither finds a problem;
- generator acceptance: the share not replaced by the template;
- feature-mention ratio: the share naming a matched constraint, query word or comparison
  (reasons whose evidence holds none of these are left out and counted);
- unique-sentence ratio: distinct sentences over all sentences shown;
- mean length in words; and a few real examples.
"""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant.explain.explainer import Outcome
from assistant.explain.factcheck import FactChecker
from retrieval.catalog.product import Product
from retrieval.search.filters import Filters

DEFAULT_QUERIES = Path("icecat") / "judgments_dev.csv"  # under the shared_data setting

# The independent check's own vocabulary (deliberately not shared with factcheck.py).
_COLOUR = re.compile(r"\b(black|white|gr[ae]y|silver|blue|red|green|yellow|pink|purple|orange|brown|beige|gold|"
                     r"navy|violet|cyan|teal|bronze)\b", re.I)
_AGAINST = re.compile(r"\b(steep|pricey|overpriced|expensive|but|however|unfortunately|lacks|drawback|downside|"
                      r"not ideal|too)\b", re.I)
_GLUE = set(("this that these those with from into costs cost costing priced price under over below above within "
             "budget comes come made brand colour color type asked wanted searched search looking your what which "
             "just only cheapest newest lowest shown option choice pick matches match fits meets also among than less more "
             "here there their them they have offers well right exactly released "
             # words that say how a spec is measured, never a claim alone (the number beside them is checked)
             "holds hold takes take gives give yields yield uses tracks tracking holding giving yielding using "
             "storage inch inches screen screens connection graphics processor pages size cells format card "
             "resolution long ones pack rated printing closest record mention came does minute minutes lumens design "
             "ms").split())
_UNIT_NAMES = {"GB", "TB", "MB", "DPI", "W", "RAM", "mAh", "VA", "Hz", "ANSI"}  # units after a number: not names
# "Not a tripod, but the closest match:" opens a reason for a product shown as the nearest available.
_CLOSEST = re.compile(r"^\s*not an? [\w\s-]{1,40}?,?\s+but the closest match\s*:\s*", re.I)


def independent_check(text: str, product: Product, request: str, filters: Filters, shown: int) -> list[str]:
    """Problems found by reading the raw record: numbers, names, colours, words, tone and asked-for claims."""
    problems = _naming(text, product, request)
    for m in re.finditer(r"does not mention ((?:“[^”]+”[, and]*)+)", text):
        for word in re.findall(r"“([^”]+)”", m.group(1)):
            if re.search(rf"(?<![a-z0-9]){re.escape(word.lower())}(?![a-z0-9])", product.to_json().lower()):
                problems.append(f"says the record lacks {word!r}, but it has it")
    text = _CLOSEST.sub("", text, count=1)
    # The record as the catalog gave it: not the kind, kind-for or type the project derived from it.
    raw = {k: v for k, v in json.loads(product.to_json()).items() if k not in ("kind", "kind_for", "product_type")}
    record = json.dumps(raw, ensure_ascii=False).lower()
    said = (request + " " + json.dumps(asdict(filters))).lower()
    source = record + " " + said
    source_words = set(re.findall(r"[a-z0-9]+", source))
    numbers_there = {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", source)}
    for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text):
        value = float(n.replace(",", "").rstrip("."))
        if value not in numbers_there and not (value.is_integer() and value <= shown):
            problems.append(f"number {n} is not in the record")
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        for word in re.findall(r"(?<=\s)[A-Z][\w-]*", sentence):
            if word.lower() not in source and word not in _UNIT_NAMES and not _known_as(word.lower(), source_words):
                problems.append(f"name {word!r} is not in the record")
    for m in _COLOUR.finditer(text):
        if m.group(1).lower().replace("gray", "grey") not in source.replace("gray", "grey"):
            problems.append(f"colour {m.group(1)} is not in the record")
    for word in re.findall(r"[a-z][a-z-]{3,}", text.lower()):
        stem = word[:-1] if word.endswith("s") else word
        if word not in _GLUE and stem not in _GLUE and stem[:5] not in source and not _known_as(word, source_words):
            problems.append(f"word {word!r} is not in the record or the request")
    unquoted = re.sub(r"[“\"][^”\"]{1,40}[”\"]", " ", re.sub(r"does not mention ((?:“[^”]+”[, and]*)+)", " ", text)).lower()
    record_stems = set(re.findall(r"[a-z0-9]+", record))
    said_words = set(re.findall(r"\b[a-z0-9][a-z0-9-]*[a-z][a-z0-9-]*\b", unquoted))  # "4k", "usb-c", "gaming"
    for word in sorted(said_words & set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", request.lower()))):
        if word not in _GLUE and word[:5] not in record and not _known_as(word, record_stems):
            problems.append(f"says {word!r}, the shopper's word, of a product whose record lacks it")
    m = _AGAINST.search(text)
    if m:
        problems.append(f"speaks against the product ({m.group(0)!r})")
    price = product.price
    if re.search(r"\bbudget\b|\bprice range\b|\blimit\b", text, re.I) and not (
            price is not None and (filters.price_max is not None or filters.price_min is not None)
            and (filters.price_max is None or price <= filters.price_max)
            and (filters.price_min is None or price >= filters.price_min)):
        problems.append("claims a budget is met that was not given or is not met")
    if re.search(r"colou?r you", text, re.I) and not set(filters.colours) & set(product.colours):
        problems.append("claims an asked-for colour")
    if re.search(r"brand you", text, re.I) and product.brand.lower() not in filters.brands:
        problems.append("claims an asked-for brand")
    return problems


# The independent check's own words for what a thing is called (deliberately not the project's vocabulary):
# a noun the reason uses is in the record, or one of these stands in for it.
_SAME = [set(x.split("|")) for x in ("laptop|notebook|chromebook|ultrabook|netbook", "smartphone|phone|mobile|iphone",
         "tv|television", "desktop|pc|workstation|computer", "headphones|headphone|earphones|headset|earbuds",
         "hdd|drive|disk", "ssd|drive|solid", "monitor|display", "usb|flash|stick|pendrive", "speaker|speakers|soundbar",
         "printer|multifunction|mfp", "tablet|ipad", "toner|cartridge", "ink|cartridge", "ups|uninterruptible",
         "case|sleeve|cover|bag|pouch|folio|backpack", "battery|batteries|cell", "charger|adapter",
         "appliance|kitchen|microwave|kettle|toaster|blender|mixer|juicer|fryer", "computer|pc|desktop|laptop|notebook",
         "cable|cord|lead", "player|media")]
# Words that, right after the thing's name in a title, make it an accessory or part of that thing:
# "Tripod Mount Ring" is no tripod, "Laptop Lock" no laptop.
_PART_AFTER = set(("lock locks bag bags case cases sleeve cover stand mount adapter cable cables charger cooler cooling "
                   "pad holder dock kit battery batteries protector filter strap skin lamp bulb tray drawer part parts "
                   "mat arm bracket cartridge toner ink drum belt roller").split())
_SUBJECT = re.compile(r"^\s*(this|these)\s+((?:[\w.&'/+-]+\s+){0,6}?)(is|are|has|have|costs?|matches|match|comes?|holds?|"
                      r"gives?|yields?|uses?|tracks?|takes?|offers?)\b", re.I)
_SINGULAR_VERBS = {"is", "has", "costs", "matches", "comes", "holds", "gives", "yields", "uses", "tracks", "takes", "offers"}


def _known_as(noun: str, record_words: set[str]) -> bool:
    stem = noun[:5]
    return any(w.startswith(stem) for w in record_words) or any(
        noun in group and group & record_words for group in _SAME)


def _naming(text: str, product: Product, request: str) -> list[str]:
    """What the reason calls the product, and any match it claims, against the raw title and description."""
    problems = []
    title = re.findall(r"[a-z0-9]+", (product.title + " " + product.description).lower())
    words = set(title)
    m = _SUBJECT.match(_CLOSEST.sub("", text, count=1))
    if m:
        det, verb = m.group(1).lower(), m.group(3).lower()
        nouns = [w for w in re.findall(r"[a-z0-9]+", m.group(2).lower()) if w not in product.brand.lower().split()]
        if nouns:
            noun = nouns[-1]
            if noun != "product" and not _known_as(noun, words):
                problems.append(f"calls it a {noun!r}, a word its record does not use")
            at = [i for i, w in enumerate(title) if w[:5] == noun[:5]]
            if at and all(i + 1 < len(title) and title[i + 1] in _PART_AFTER for i in at):
                problems.append(f"calls it a {noun!r}, but it is a {title[at[0] + 1]} for one")
            plural_noun = noun.endswith("s") and not noun.endswith(("ss", "us", "is")) and len(noun) > 3
            if (det == "these") == (verb in _SINGULAR_VERBS) or (det == "this" and plural_noun):
                problems.append(f"{m.group(0).strip()!r} does not agree")
    if re.search(r"match(?:es)? your search|what you (?:searched|were looking|asked)", text, re.I):
        asked = [w for w in re.findall(r"[a-z0-9]+", request.lower()) if len(w) > 2 and w not in _GLUE]
        missing = [w for w in asked if not any(t.startswith(w[:5]) for t in title)]
        last = [w for w in re.findall(r"[a-z0-9]+", request.lower()) if len(w) > 2]
        head = last[-1] if last else ""
        after = [title[i + 1] for i, t in enumerate(title[:-1]) if head and t.startswith(head[:5])]
        if missing:
            problems.append(f"claims a match, but the record lacks {missing[0]!r}")
        elif after and all(a in _PART_AFTER for a in after) and not any(t.startswith(head[:5]) for t in title[-1:]):
            problems.append(f"claims a match for {head!r}, but it is a {after[0]} for one")
    asked = set(re.findall(r"[a-z0-9]+", request.lower()))
    record_words = set(re.findall(r"[a-z0-9]+", product.to_json().lower()))
    for m in re.finditer(r"\b(?:is|are) an? ((?:[\w-]+ ){0,2}[\w-]+)", _CLOSEST.sub("", text, count=1).lower()):
        said = [w for w in re.findall(r"[a-z0-9]+", m.group(1)) if w in asked and w not in record_words
                and not _known_as(w, words)]
        if said:  # "is a desk lamp" of a projector lamp: the shopper's word, not the record's
            problems.append(f"calls it {m.group(1)!r}, but its record does not say {said[0]!r}")
            continue
        named = re.split(r"\b(?:for|with|that|and|which|from|at|in|to|of)\b", m.group(1))[0].split()
        noun = named[-1] if named else ""
        at = [i for i, w in enumerate(title) if noun and w[:5] == noun[:5]]
        if at and all(i + 1 < len(title) and title[i + 1] in _PART_AFTER for i in at):
            # "is a laptop" of a "Laptop Case": the record's word, for what the product fits
            problems.append(f"calls it a {noun!r}, but it is a {title[at[0] + 1]} for one")
    if re.search(r"\b(?:edition|version) of (?:the|an?) (\w+)", text, re.I):
        thing = re.search(r"\b(?:edition|version) of (?:the|an?) (\w+)", text, re.I).group(1).lower()
        if not _known_as(thing, words):
            problems.append(f"calls it a version of a {thing!r}, which its record does not name")
    return problems


def sentences(text: str) -> list[str]:
    return [s.strip().lower() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


@dataclass
class ShownReason:
    query: str
    product_id: str
    title: str
    text: str
    source: str
    accepted: bool
    first_try: bool
    checker_problems: list[str]
    independent_problems: list[str]
    feature: bool | None  # None: the evidence held nothing to name
    failed_attempts: list[tuple[str, list[str]]] = field(default_factory=list)


def measure(query: str, outcome: Outcome, checker: FactChecker) -> ShownReason:
    e = outcome.evidence
    r = outcome.reason
    filters = Filters(price_min=e.price_min, price_max=e.price_max,
                      brands=tuple(c.wanted for c in e.checks if c.name == "brand"),
                      colours=tuple(x for c in e.checks if c.name == "colour" for x in c.wanted.split(" or ")))
    return ShownReason(
        query=query, product_id=r.product_id, title=e.product.title, text=r.text, source=r.source,
        accepted=outcome.accepted, first_try=bool(outcome.attempts) and outcome.attempts[0][1].ok,
        checker_problems=list(checker.check(r.text, e).problems),
        independent_problems=independent_check(r.text, e.product, e.request, filters, e.shown),
        feature=e.named_in(r.text),
        failed_attempts=[(t, list(v.problems)) for t, v in outcome.attempts if not v.ok])


def summarise(rows: list[ShownReason], examples: int = 5) -> dict:
    n = len(rows) or 1
    all_sentences = [s for r in rows for s in sentences(r.text)]
    generated = [r for r in rows if r.accepted]
    problems: dict[str, int] = {}
    for r in rows:
        for _, found in r.failed_attempts:
            for p in found:
                kind = p.split(":", 1)[0]
                problems[kind] = problems.get(kind, 0) + 1
    step = max(1, len(generated) // examples) if generated else 1
    picked = (generated[::step] or rows)[:examples]
    return {
        "queries": len({r.query for r in rows}),
        "reasons": len(rows),
        "faithfulness_checker": sum(not r.checker_problems for r in rows) / n,
        "faithfulness_independent": sum(not r.independent_problems for r in rows) / n,
        "faithfulness_both": sum(not r.checker_problems and not r.independent_problems for r in rows) / n,
        "faithfulness_generated_independent": (sum(not r.independent_problems for r in generated) / len(generated)
                                               if generated else None),
        "generator_acceptance": len(generated) / n,
        "accepted_first_try": sum(r.first_try for r in rows) / n,
        "feature_mention_ratio": (sum(bool(r.feature) for r in rows if r.feature is not None)
                                  / (sum(r.feature is not None for r in rows) or 1)),
        "nothing_to_name": sum(r.feature is None for r in rows),
        "unique_sentence_ratio": len(set(all_sentences)) / (len(all_sentences) or 1),
        "mean_length_words": statistics.fmean(len(r.text.split()) for r in rows) if rows else 0.0,
        "rejections_by_rule": dict(sorted(problems.items(), key=lambda kv: -kv[1])),
        "independent_flags": [(r.text, r.independent_problems) for r in rows if r.independent_problems][:10],
        "examples": [{"query": r.query, "product": r.title, "reason": r.text, "source": r.source} for r in picked],
    }


def evaluate_reasons(assistant, queries: Iterable[str], checker: FactChecker, timeout: float = 120.0,
                     progress: bool = True) -> list[ShownReason]:
    """Every query as a fresh session's first message; the outcomes of its top products' reasons."""
    explainer = assistant.stages.explainer
    if not hasattr(explainer, "outcomes"):
        raise ValueError("the explainer has no generator: set SHOPASSIST_REASONS_GENERATOR (e.g. smollm2)")
    rows: list[ShownReason] = []
    queries = list(queries)
    for i, q in enumerate(queries):
        reply = assistant.respond(q, session_id=f"eval-reasons-{i}")
        for outcome in explainer.outcomes(reply.constraints, [c.id for c in reply.cards], timeout=timeout):
            rows.append(measure(q, outcome, checker))
        if progress:
            print(f"\r{i + 1}/{len(queries)} queries", end="", flush=True)
    if progress:
        print()
    return rows


def format_report(summary: dict) -> str:
    pct = lambda x: "n/a" if x is None else f"{100 * x:.1f}%"  # noqa: E731
    lines = [
        f"reasons shown: {summary['reasons']} over {summary['queries']} queries",
        f"faithfulness (fact-checker):      {pct(summary['faithfulness_checker'])}",
        f"faithfulness (independent check): {pct(summary['faithfulness_independent'])}",
        f"faithfulness (both):              {pct(summary['faithfulness_both'])}",
        f"generator acceptance:             {pct(summary['generator_acceptance'])}"
        f" (first try {pct(summary['accepted_first_try'])})",
        f"feature-mention ratio:            {summary['feature_mention_ratio']:.2f}"
        f" ({summary['nothing_to_name']} reasons had nothing to name and are left out)",
        f"unique-sentence ratio:            {summary['unique_sentence_ratio']:.2f}",
        f"mean length:                      {summary['mean_length_words']:.1f} words",
        "rejected attempts by rule: " + ", ".join(f"{k} {v}" for k, v in summary["rejections_by_rule"].items()),
        "examples:",
    ]
    for ex in summary["examples"]:
        lines.append(f"  [{ex['source']}] {ex['query']!r} → {ex['product'][:60]}: {ex['reason']}")
    if summary["independent_flags"]:
        lines.append("flagged by the independent check:")
        lines += [f"  {text} — {'; '.join(found)}" for text, found in summary["independent_flags"]]
    return "\n".join(lines)


def unique_queries(path: str | Path) -> list[str]:
    from retrieval.search.judgments import load_judgments

    return list(load_judgments(path))


def run(args, settings) -> int:
    """The `shopassist eval reasons` command (with `--to-label` / `--labels`: the reader's sheet, reader.py)."""
    from assistant.core.build import build_assistant
    from assistant.evaluation import reader

    if args.labels and not args.to_label:
        scores = reader.score_sheet(reader.read_sheet(args.labels))
        print(json.dumps(scores, indent=2) if args.json else reader.format_scores(scores))
        return 0
    if args.to_label:
        earlier = reader.read_sheet(args.labels) if args.labels else []
        queries = reader.load_queries(args.queries or reader.DEFAULT_QUERIES)[: args.limit or None]
        assistant = build_assistant(settings, progress=not args.json, reasons=settings.reasons)
        written, todo = reader.write_sheet(reader.shown_reasons(assistant, queries, progress=not args.json),
                                           args.to_label, earlier)
        print(f"wrote {written} reasons over {len(queries)} queries to {args.to_label}; {todo} to label "
              f"(rubric: data/reasons/README.md)")
        return 0

    queries = unique_queries(args.judgments or settings.shared_data / DEFAULT_QUERIES)[: args.limit or None]
    reasons = settings.reasons
    if reasons.generator == "template":
        raise ValueError("eval reasons needs a generator; the reasons generator setting is 'template'")
    assistant = build_assistant(settings, progress=not args.json, reasons=reasons)
    checker = assistant.stages.explainer.writer.checker
    rows = evaluate_reasons(assistant, queries, checker, progress=not args.json)
    summary = summarise(rows)
    print(json.dumps(summary, indent=2, ensure_ascii=False) if args.json else format_report(summary))
    return 0
