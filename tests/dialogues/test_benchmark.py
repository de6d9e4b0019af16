"""The conversation benchmark (data/journeys/icecat) on the full catalog, as CI runs it: its figures
may not fall below the ones recorded when the kind of every product became part of each request.

`shopassist eval dialogues` prints the same figures with every failure. The floors sit a little
under the recorded figures (86.9% of journeys, 95.3% kind precision per turn, 2026-12-01) so that a ranking
tie broken differently on another machine does not fail CI; raise them as the figures rise.
"""

from __future__ import annotations

import pytest

from assistant.evaluation.dialogue_eval import DEFAULT_DIR, evaluate, summarise
from assistant.evaluation.journey_format import load_journeys

PASS_RATE_FLOOR = 0.84
KIND_PRECISION_FLOOR = 0.93


@pytest.mark.slow
def test_the_benchmark_holds_its_figures(full_assistant):
    journeys = load_journeys([DEFAULT_DIR / "icecat"])
    assert len(journeys) >= 150
    summary = summarise(evaluate(full_assistant, journeys, full_assistant.policy.lookup))
    print(f"benchmark: pass rate {summary['pass_rate']:.3f}, kind precision {summary['kind_precision_per_turn']:.3f}")
    assert summary["pass_rate"] >= PASS_RATE_FLOOR
    assert summary["kind_precision_per_turn"] >= KIND_PRECISION_FLOOR
