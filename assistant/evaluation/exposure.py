"""`shopassist report exposure`: the exposure report over a query set, printed and written to files."""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.core.settings import Settings
from assistant.merchant.exposure import collect_rankings, exposure_report, format_table, write_report
from assistant.merchant.queries import load_query_set


def build(settings: Settings):
    """The catalog's search and the real stages (the ranker with the fairness setting), as a shopper gets them."""
    from assistant.core.build import build_search, build_stages

    search = build_search(settings, progress=False)
    return search, build_stages(settings, search)


def run(args, settings: Settings) -> int:
    query_set = load_query_set(args.queries, settings.shared_data, settings.cache_dir, settings.catalog)
    search, stages = build(settings)
    rankings = collect_rankings(stages, query_set.queries, k=args.k)
    report = exposure_report(rankings, search.products, query_set.judgments, k=args.k,
                             weighting=args.weighting, gamma=args.gamma)
    print(f"Exposure over {report.queries} queries ({query_set.name}; {report.judged_queries} judged), top {report.k}, "
          f"{'RBP gamma=' + format(report.gamma, 'g') if report.weighting == 'rbp' else 'log discount'}; "
          f"catalog {settings.catalog} ({len(search.products)} products), fairness_strength {settings.fairness_strength:g}")
    for by in report.groups:
        print()
        print(format_table(report, by, top=args.top))
    print(f"\nmean distinct brands per top {report.k}: {report.brands_per_query:.2f}")
    for path in write_report(report, Path(args.out), top=args.top):
        print(f"wrote {path}", file=sys.stderr)
    return 0
