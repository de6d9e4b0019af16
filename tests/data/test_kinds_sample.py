"""The hand-labelled kinds set (data/kinds/): the CSVs hold exactly the products sample.py draws, in draw order,
and the dev split (tuned on) shares no product with the test split (reported on)."""

from __future__ import annotations

import ast
import csv
import importlib.util
from pathlib import Path

import pytest

KINDS = Path(__file__).resolve().parents[2] / "data" / "kinds"
COLUMNS = ["id", "title", "kind", "for", "confidence", "note"]
STDLIB_ONLY = {"argparse", "csv", "json", "pathlib", "random", "sys", "zipfile"}


def load_sample():
    spec = importlib.util.spec_from_file_location("kinds_sample", KINDS / "sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sample = load_sample()


def read(name: str) -> list[dict[str, str]]:
    with open(KINDS / name, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS, name
        return list(reader)


@pytest.fixture(scope="module")
def bestbuy_file(shared_data) -> Path:
    path = shared_data / "bestbuy_phones" / "ecommerce.json"
    if not path.is_file():
        pytest.skip(f"no Best Buy data at {path}")
    return path


def test_sample_py_imports_no_project_code():
    tree = ast.parse((KINDS / "sample.py").read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= STDLIB_ONLY


def test_icecat_files_hold_the_drawn_products_in_draw_order_and_the_splits_do_not_overlap():
    test_rows, dev_rows = read("icecat_sample.csv"), read("icecat_dev.csv")
    test_draw, dev_draw = sample.icecat_sample(), sample.icecat_dev_sample()
    assert [r["id"] for r in test_rows] == [r["id"] for r in test_draw]
    assert [r["id"] for r in dev_rows] == [r["id"] for r in dev_draw]
    assert [r["title"] for r in dev_rows] == [r.get("title") or "" for r in dev_draw]
    assert (len(test_rows), len(dev_rows)) == (320, 300)
    assert not {r["id"] for r in test_rows} & {r["id"] for r in dev_rows}


def test_the_second_icecat_dev_split_is_drawn_from_what_the_others_leave():
    rows, draw = read("icecat_dev2.csv"), sample.icecat_dev2_sample()
    assert [r["id"] for r in rows] == [r["id"] for r in draw] and len(rows) == 240
    taken = {r["id"] for r in read("icecat_sample.csv")} | {r["id"] for r in read("icecat_dev.csv")}
    assert not taken & {r["id"] for r in rows}
    assert all(r["kind"] and r["confidence"] in ("sure", "unsure") for r in rows)


def test_bestbuy_files_hold_the_drawn_products_without_titles_and_the_splits_do_not_overlap(bestbuy_file):
    test_rows, dev_rows = read("bestbuy_sample.csv"), read("bestbuy_dev.csv")
    assert [r["id"] for r in test_rows] == [r["id"] for r in sample.bestbuy_sample(bestbuy_file)]
    assert [r["id"] for r in dev_rows] == [r["id"] for r in sample.bestbuy_dev_sample(bestbuy_file)]
    assert (len(test_rows), len(dev_rows)) == (110, 100)
    assert not {r["id"] for r in test_rows} & {r["id"] for r in dev_rows}
    assert all(r["title"] == "" for r in test_rows + dev_rows), "Best Buy titles are not copied (see the README)"


@pytest.mark.parametrize("name", ["icecat_sample.csv", "bestbuy_sample.csv", "icecat_dev.csv", "bestbuy_dev.csv"])
def test_every_row_has_a_lower_case_kind_and_a_confidence(name):
    for row in read(name):
        assert row["kind"] and row["kind"] == row["kind"].strip().lower(), row
        assert row["for"] == row["for"].strip().lower(), row
        assert row["confidence"] in {"sure", "unsure"}, row


def test_the_default_split_is_the_test_split(capsys):
    sample.main(["icecat"])
    ids = [row["id"] for row in csv.DictReader(capsys.readouterr().out.splitlines())]
    assert ids == [r["id"] for r in read("icecat_sample.csv")]
