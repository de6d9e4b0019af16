"""`eval fairness`: nDCG@10 cost against brand exposure gain per strength, on small judgments."""

from __future__ import annotations

import pytest

from assistant.evaluation.fairness import FairnessRow, choose_default, format_table, plot, sweep

# Small-catalog judgments: the Logitech mice are judged best, so diversity has a price to pay
JUDGED = {"wireless mouse": {"m1": 3, "m2": 3, "m3": 1, "m5": 1}, "gaming laptop": {"l1": 2, "l2": 3, "l3": 2, "l4": 3}}


def row(strength: float, cost: float) -> FairnessRow:
    return FairnessRow(strength, 0.8 - cost, cost, 0.3, 0.0, 0.4, 0.0, 3.0)


def test_the_default_is_the_largest_strength_within_the_cost():
    rows = [row(0.0, 0.0), row(0.1, 0.002), row(0.25, 0.005), row(0.5, 0.02), row(1.0, 0.004)]
    assert choose_default(rows[:4]) == 0.25
    assert choose_default(rows) == 1.0  # not monotone: the largest that qualifies
    assert choose_default([row(0.0, 0.0), row(0.1, 0.01)]) == 0.0


def test_sweep_on_the_small_catalog(small_stages, small_search, tmp_path):
    rows = sweep(small_stages, small_search.products, JUDGED, strengths=(1.0, 0.0, 0.5), k=3)
    assert [r.strength for r in rows] == [0.0, 0.5, 1.0]
    assert rows[0].cost == 0.0 and rows[0].deserved_gain == 0.0
    assert all(0.0 <= r.ndcg_at_10 <= 1.0 for r in rows)
    assert rows[-1].brands >= rows[0].brands  # full strength shows at least as many brands in the top 3
    for r in rows:
        assert r.cost == pytest.approx(rows[0].ndcg_at_10 - r.ndcg_at_10)
    table = format_table(rows)
    assert "L2 to deserved" in table and len(table.splitlines()) == 4
    assert plot(rows, tmp_path / "p" / "fairness.png").read_bytes()[:4] == b"\x89PNG"


def test_eval_fairness_command(small_search, small_stages, tmp_path, capsys, monkeypatch):
    import assistant.evaluation.fairness as command
    from ui.cli import main

    monkeypatch.setattr(command, "build", lambda settings, depth: (small_search, small_stages))
    judgments = tmp_path / "j.csv"
    judgments.write_text("query,docid,rating\n" + "".join(f"{q},{pid},{g}\n" for q, gs in JUDGED.items()
                                                          for pid, g in gs.items()))
    png = tmp_path / "fairness.png"
    assert main(["eval", "fairness", "--judgments", str(judgments), "--strengths", "0", "0.5", "--plot", str(png),
                 "-q"]) == 0
    out = capsys.readouterr().out
    assert "strength" in out and "largest strength with cost <= 0.005" in out and png.is_file()
