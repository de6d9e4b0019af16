"""The exposure report on a small fixed set whose answers are worked out by hand."""

from __future__ import annotations

import math

import pytest

from assistant.merchant.exposure import (
    Ranking,
    band_labels,
    collect_rankings,
    deserved_exposure,
    exposure_report,
    format_table,
    position_weights,
    price_bands,
    report_figures,
    write_report,
)
from assistant.merchant.queries import first_messages, load_query_set
from retrieval.catalog.product import Product

# Three brands, six products; k = 3 with RBP gamma 0.5: weights 1, .5, .25 (1.75 a query)
CATALOG = [Product("a1", "A one", "Alpha", 10.0), Product("a2", "A two", "Alpha", 20.0),
           Product("a3", "A three", "Alpha", 30.0), Product("b1", "B one", "Beta", 40.0),
           Product("b2", "B two", "Beta", 50.0), Product("c1", "C one", "Gamma", None)]
RANKINGS = [Ranking("q1", ("a1", "a2", "b1")), Ranking("q2", ("b2", "a3", "c1"))]
JUDGED = {"q1": {"a1": 3, "b1": 3, "c1": 2, "a2": 0}}  # q2 is not judged


def rows(report, by="brand"):
    return {r.group: r for r in report.groups[by]}


def test_position_weights():
    assert position_weights(3) == [1.0, 0.5, 0.25]
    assert position_weights(2, "log") == pytest.approx([1.0, 1 / math.log2(3)])
    with pytest.raises(ValueError, match="weighting must be 'rbp' or 'log', got 'dcg'"):
        position_weights(3, "dcg")
    with pytest.raises(ValueError, match="k must be at least 1, got 0"):
        position_weights(0)


def test_exposure_and_catalog_shares_per_brand():
    report = exposure_report(RANKINGS, CATALOG, k=3)
    got = rows(report)
    # Alpha: 1 + .5 (q1) + .5 (q2) = 2; Beta: .25 + 1 = 1.25; Gamma: .25; total 3.5
    assert got["Alpha"].exposure == pytest.approx(2.0) and got["Alpha"].exposure_share == pytest.approx(4 / 7)
    assert got["Beta"].exposure_share == pytest.approx(5 / 14) and got["Gamma"].exposure_share == pytest.approx(1 / 14)
    assert [got[b].catalog_share for b in ("Alpha", "Beta", "Gamma")] == pytest.approx([1 / 2, 1 / 3, 1 / 6])
    assert got["Alpha"].shown == 3 and got["Beta"].shown == 2
    assert [r.group for r in report.groups["brand"]] == ["Alpha", "Beta", "Gamma"]  # most exposed first
    assert report.to_catalog["brand"] == pytest.approx(math.sqrt(26) / 42)  # (3, 1, -4) / 42
    assert report.to_deserved["brand"] is None and got["Alpha"].deserved_share is None
    assert report.brands_per_query == pytest.approx(2.5)


def test_deserved_exposure_with_ties_is_the_mean_weight_of_each_grade_block():
    per_product, rest = deserved_exposure(JUDGED["q1"], [1.0, 0.5, 0.25], catalog_size=6)
    assert per_product == pytest.approx({"a1": 0.75, "b1": 0.75, "c1": 0.25})  # grade 3 tie: (1 + .5) / 2
    assert rest == 0.0  # nothing is left for the three others beyond k
    # One relevant product: the other five share the .75 left over
    per_product, rest = deserved_exposure({"c1": 1, "a1": 0}, [1.0, 0.5, 0.25], catalog_size=6)
    assert per_product == {"c1": 1.0} and rest == pytest.approx(0.15)


def test_deserved_shares_and_the_distance_to_them_over_the_judged_queries():
    report = exposure_report(RANKINGS, CATALOG, JUDGED, k=3)
    got = rows(report)
    assert report.judged_queries == 1
    assert [got[b].deserved_share for b in ("Alpha", "Beta", "Gamma")] == pytest.approx([3 / 7, 3 / 7, 1 / 7])
    # the system over q1 only: Alpha 1.5, Beta .25, Gamma 0 of 1.75
    assert [got[b].judged_exposure_share for b in ("Alpha", "Beta", "Gamma")] == pytest.approx([6 / 7, 1 / 7, 0])
    assert report.to_deserved["brand"] == pytest.approx(math.sqrt(14) / 7)  # (3, -2, -1) / 7


def test_a_query_asked_twice_deserves_twice():
    report = exposure_report([RANKINGS[0], RANKINGS[0]], CATALOG, JUDGED, k=3)
    assert report.judged_queries == 2 and rows(report)["Alpha"].deserved_share == pytest.approx(3 / 7)


def test_price_bands_from_the_catalog_quartiles():
    edges = price_bands(CATALOG)  # prices 10..50: quartile picks 20, 30, 40
    assert edges == (20.0, 30.0, 40.0)
    assert band_labels(edges) == ["under $20", "$20-$30", "$30-$40", "$40 and over"]
    got = rows(exposure_report(RANKINGS, CATALOG, k=3), "price band")
    assert list(got) == ["under $20", "$20-$30", "$30-$40", "$40 and over", "no price"]
    assert got["under $20"].exposure == pytest.approx(1.0)  # a1 at #1
    assert got["$40 and over"].exposure == pytest.approx(1.25)  # b1 at #3, b2 at #1
    assert got["no price"].catalog_products == 1 and got["no price"].exposure == pytest.approx(0.25)


def test_to_frame_and_the_bar_plot_frame():
    report = exposure_report(RANKINGS, CATALOG, JUDGED, k=3)
    frame = report.to_frame("brand")
    assert list(frame["group"]) == ["Alpha", "Beta", "Gamma"]
    assert {"exposure_share", "catalog_share", "deserved_share"} <= set(frame.columns)
    long = report.to_long_frame("brand")
    assert set(long["measure"]) == {"exposure", "catalog", "deserved"} and len(long) == 9
    with pytest.raises(ValueError, match="not 'colour'"):
        report.to_frame("colour")


def test_figures_and_files(tmp_path):
    report = exposure_report(RANKINGS, CATALOG, JUDGED, k=3)
    assert len(report_figures(report)) == 2
    paths = write_report(report, tmp_path / "out")
    names = sorted(p.name for p in paths)
    assert names == ["exposure.html", "exposure_brand.csv", "exposure_brand.png", "exposure_price_band.csv",
                     "exposure_price_band.png"]
    assert (tmp_path / "out" / "exposure_brand.png").read_bytes()[:4] == b"\x89PNG"
    page = (tmp_path / "out" / "exposure.html").read_text()
    assert "data:image/png;base64," in page and "Alpha" in page and "<table" in page
    assert "deserved" in format_table(report, "brand")


def test_an_empty_catalog_is_refused():
    with pytest.raises(ValueError, match="no products"):
        exposure_report(RANKINGS, [], k=3)


def test_collect_rankings_runs_the_real_pipeline(small_stages):
    rankings = collect_rankings(small_stages, ["wireless mouse", "gaming laptop"], k=3)
    assert [r.query for r in rankings] == ["wireless mouse", "gaming laptop"]
    assert all(len(r.product_ids) == 3 for r in rankings)
    assert all(pid.startswith("l") for pid in rankings[1].product_ids)


def test_query_sets(tmp_path, small_products):
    path = tmp_path / "queries.txt"
    path.write_text("wireless mouse\n\n# a comment\ngaming laptop\n")
    assert load_query_set(str(path), tmp_path, tmp_path).queries == ("wireless mouse", "gaming laptop")
    with pytest.raises(FileNotFoundError, match="neither judged, journeys, logged nor a file"):
        load_query_set(str(tmp_path / "none.txt"), tmp_path, tmp_path)
    with pytest.raises(FileNotFoundError, match="log_queries"):
        load_query_set("logged", tmp_path, tmp_path)
    journey = tmp_path / "j.yaml"
    journey.write_text("name: x\nturns:\n  - say: a wireless mouse\n  - say: cheaper\n")
    assert first_messages([journey]) == ["a wireless mouse"]
    assert len(load_query_set("journeys", tmp_path, tmp_path).queries) > 100  # data/journeys/icecat


def test_report_exposure_command_on_the_small_catalog(small_search, small_stages, tmp_path, capsys, monkeypatch):
    import assistant.evaluation.exposure as command
    from ui.cli import main

    monkeypatch.setattr(command, "build", lambda settings: (small_search, small_stages))
    queries = tmp_path / "q.txt"
    queries.write_text("wireless mouse\ngaming laptop\nbluetooth speaker\n")
    assert main(["report", "exposure", "--queries", str(queries), "--k", "3", "--out", str(tmp_path / "r")]) == 0
    out = capsys.readouterr()
    assert "Exposure over 3 queries" in out.out and "L2 distance of exposure share to catalog share" in out.out
    assert "HP" in out.out and "price band" in out.out
    assert (tmp_path / "r" / "exposure.html").is_file() and "exposure_brand.csv" in out.err
