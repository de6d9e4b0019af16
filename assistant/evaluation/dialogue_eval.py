"""`shopassist eval dialogues`: the conversation benchmark's figures (journeys in data/journeys/).

Each journey is run in a fresh session with the checks of `journeys.py`; while it runs, every turn
is recorded. Three figures come out of the records:

journey pass rate
    journeys whose every check on every turn held / journeys.

kind precision
    over *kind turns*: turns that showed at least one product and name a kind oracle (in their
    `every_product`, or in the `any_of` alternative that held, else the first alternative that
    names one). A shown product counts as of the asked kind when its title passes the oracle.
    "pooled" is all kind-passing products / all products shown on kind turns; "per turn" is the
    mean over kind turns of each turn's share (so a turn of 1 product weighs as much as one of 5).

constraint retention
    over *refinement turns*: a turn other than the first that showed at least one product and
    carries a constraint from the conversation so far. The constraints of a turn are its
    `every_product` bounds (merged with those of the `any_of` alternative read as above): kind,
    price bounds, brand or maker (or their negation), colours, title words. The constraints it
    *carries* are those that the nearest earlier turn with constraints also set, with the same
    value: the shopper kept them; a constraint whose value the journey changes, or drops, was
    changed by the shopper and is not carried. A turn whose kind differs from that earlier turn's
    kind starts a new topic and is not a refinement. A refinement turn *retains* its constraints
    when every product it shows meets every carried constraint. Retention = retaining refinement
    turns / refinement turns.

Per-tag pass rates group the journeys by each of their `tags`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant.core.types import Reply
from assistant.evaluation.journey_format import EveryProduct, Expect, Journey, KindOracle, Turn, load_journeys
from assistant.evaluation.journeys import JourneyResult, check, run_journey, unmet_bounds
from retrieval.catalog.product import Product

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "data" / "journeys"

# The constraint fields of `every_product` (everything except the kind, which is read on its own).
_CONSTRAINT_FIELDS = ("price_max", "price_min", "brand", "brand_not", "colour", "type", "title_contains", "maker",
                      "maker_not", "colour_any", "colour_not", "title_not_contains")


@dataclass
class TurnRecord:
    journey: str
    number: int  # counted from 1
    say: str
    passed: bool  # every check of the turn held
    shown: int  # products shown
    kind: str = ""  # the asked kind's name, "" when the turn names none
    of_kind: int = 0  # shown products whose title passes the kind oracle
    refinement: bool = False
    carried: list[str] = field(default_factory=list)  # the constraints carried from the conversation so far
    retained: bool | None = None  # refinement turns: every product meets every carried constraint


@dataclass
class DialogueReport:
    results: list[JourneyResult]
    tags: dict[str, list[str]]  # journey name -> its tags
    turns: list[TurnRecord]


def effective_bounds(expect: Expect, reply: Reply, earlier: list[Reply],
                     lookup: Callable[[str], Product | None] | None = None) -> EveryProduct | None:
    """The bounds a turn sets: its `every_product`, with those of the `any_of` alternative that held
    (else of the first alternative that has bounds); the turn's own bounds win where both set one."""
    own = expect.every_product
    alternatives = [alt for alt in expect.any_of if alt.every_product is not None]
    chosen = next((alt for alt in alternatives if not check(alt, reply, earlier, lookup)),
                  alternatives[0] if alternatives else None)
    if chosen is None:
        return own
    inner = effective_bounds(chosen, reply, earlier, lookup)
    if own is None:
        return inner
    merged = inner.model_dump(exclude_defaults=True) if inner else {}
    merged.update(own.model_dump(exclude_defaults=True))
    if "kind" in merged:
        merged["kind"] = own.kind if isinstance(own.kind, KindOracle) else inner.kind
    return EveryProduct(**merged)


def constraints(bounds: EveryProduct | None) -> dict[str, object]:
    """The constraints a set of bounds states, as comparable values (the kind by its name)."""
    if bounds is None:
        return {}
    out: dict[str, object] = {}
    if isinstance(bounds.kind, KindOracle):
        out["kind"] = bounds.kind.name
    for name in _CONSTRAINT_FIELDS:
        value = getattr(bounds, name)
        if value is None or value == []:
            continue
        if isinstance(value, str):
            value = value.strip().lower()
        elif isinstance(value, list):
            value = tuple(sorted(v.strip().lower() for v in value))
        out[name] = value
    return out


def carried_bounds(now: EveryProduct, names: Iterable[str]) -> EveryProduct:
    """Only the named constraints of `now`."""
    keep = set(names)
    data = {k: v for k, v in now.model_dump(exclude_defaults=True).items() if k in keep and k != "kind"}
    return EveryProduct(**data, kind=now.kind if "kind" in keep else None)


class Recorder:
    """Collects a `TurnRecord` per turn (the `on_turn` hook of `run_journey`)."""

    def __init__(self, lookup: Callable[[str], Product | None] | None = None) -> None:
        self.lookup = lookup
        self.turns: list[TurnRecord] = []
        self._journey = ""
        self._previous: tuple[EveryProduct, dict[str, object]] | None = None

    def start(self, journey: Journey) -> None:
        self._journey, self._previous = journey.name, None

    def __call__(self, number: int, turn: Turn, reply: Reply, replies: list[Reply], problems: list[str]) -> None:
        bounds = effective_bounds(turn.expect, reply, replies, self.lookup)
        record = TurnRecord(self._journey, number, turn.say, not problems, len(reply.cards))
        if bounds is not None and isinstance(bounds.kind, KindOracle):
            record.kind = bounds.kind.name
            record.of_kind = sum(bounds.kind.matches(c.title) for c in reply.cards)
        now = constraints(bounds)
        if self._previous is not None and now and reply.cards:
            before = self._previous[1]
            same_topic = not ("kind" in now and "kind" in before and now["kind"] != before["kind"])
            carried = [k for k, v in now.items() if before.get(k) == v]
            if same_topic and carried:
                record.refinement, record.carried = True, carried
                record.retained = not unmet_bounds(carried_bounds(bounds, carried), reply, self.lookup)
        if now:
            self._previous = (bounds, now)
        self.turns.append(record)


def evaluate(assistant, journeys: list[tuple[Path, Journey]],
             lookup: Callable[[str], Product | None] | None = None) -> DialogueReport:
    """Run every journey (each in a fresh session) and record every turn."""
    recorder = Recorder(lookup)
    results = []
    for path, journey in journeys:
        recorder.start(journey)
        results.append(run_journey(assistant, journey, path, lookup, on_turn=recorder))
    return DialogueReport(results, {j.name: list(j.tags) for _, j in journeys}, recorder.turns)


def _rate(part: int | float, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def summarise(report: DialogueReport) -> dict:
    """The benchmark's figures as a plain dict (what `--json` prints)."""
    results, turns = report.results, report.turns
    passed = sum(r.passed for r in results)
    kind_turns = [t for t in turns if t.kind and t.shown]
    shown = sum(t.shown for t in kind_turns)
    of_kind = sum(t.of_kind for t in kind_turns)
    refinements = [t for t in turns if t.refinement]
    retained = sum(bool(t.retained) for t in refinements)
    by_tag: dict[str, list[bool]] = {}
    for r in results:
        for tag in report.tags.get(r.name, []) or ["(untagged)"]:
            by_tag.setdefault(tag, []).append(r.passed)
    return {
        "journeys": len(results), "journeys_passed": passed, "pass_rate": _rate(passed, len(results)),
        "turns": len(turns), "turns_passed": sum(t.passed for t in turns),
        "kind_turns": len(kind_turns), "kind_products": shown, "kind_products_of_kind": of_kind,
        "kind_precision_pooled": _rate(of_kind, shown),
        "kind_precision_per_turn": _rate(sum(t.of_kind / t.shown for t in kind_turns), len(kind_turns)),
        "refinement_turns": len(refinements), "refinement_turns_retained": retained,
        "constraint_retention": _rate(retained, len(refinements)),
        "tags": {tag: {"journeys": len(v), "passed": sum(v), "pass_rate": _rate(sum(v), len(v))}
                 for tag, v in sorted(by_tag.items())},
    }


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def format_report(summary: dict, title: str = "") -> str:
    s = summary
    lines = [title] if title else []
    lines += [
        f"journeys passed:        {s['journeys_passed']}/{s['journeys']} ({_pct(s['pass_rate'])})",
        f"turns passed:           {s['turns_passed']}/{s['turns']}",
        f"kind precision:         {_pct(s['kind_precision_per_turn'])} per turn (mean of {s['kind_turns']} turns), "
        f"{_pct(s['kind_precision_pooled'])} pooled ({s['kind_products_of_kind']}/{s['kind_products']} products)",
        f"constraint retention:   {_pct(s['constraint_retention'])} "
        f"({s['refinement_turns_retained']}/{s['refinement_turns']} refinement turns)",
        "",
    ]
    rows = [("tag", "journeys", "passed", "pass rate")]
    rows += [(tag, str(v["journeys"]), str(v["passed"]), _pct(v["pass_rate"])) for tag, v in s["tags"].items()]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    table = [rows[0][0].ljust(widths[0]) + "  " + "  ".join(c.rjust(w) for c, w in zip(rows[0][1:], widths[1:]))]
    table.append("-" * len(table[0]))
    table += [r[0].ljust(widths[0]) + "  " + "  ".join(c.rjust(w) for c, w in zip(r[1:], widths[1:])) for r in rows[1:]]
    return "\n".join(lines + table)


def format_failures(report: DialogueReport) -> str:
    return "\n".join(f"FAIL {r.name} ({r.path}): {r.failures[0]}" for r in report.results if r.failures)


def run(args, settings) -> int:
    """The `shopassist eval dialogues` command."""
    from assistant.core.build import build_assistant

    catalog = settings.catalog
    paths = args.paths or [DEFAULT_DIR / catalog]
    journeys = load_journeys(paths)
    assistant = build_assistant(settings, progress=not args.json)  # sessions in memory
    report = evaluate(assistant, journeys, assistant.policy.lookup)
    summary = summarise(report)
    if args.json:
        payload = {"catalog": catalog, **summary, "results": [{**asdict(r), "passed": r.passed} for r in report.results],
                   "turn_records": [asdict(t) for t in report.turns]}
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(format_report(summary, f"Conversation benchmark: {len(journeys)} journeys, catalog {catalog}"))
        if args.failures:
            print("\n" + format_failures(report))
    return 0
