"""Reading catalog files into raw rows, and the errors a file that cannot be read gets."""

from __future__ import annotations

import zipfile

import pytest

from retrieval.catalog.files import CatalogError, Unreadable, catalog_files, open_data, rows
from retrieval.catalog.mapping import FieldMapping

MAPPING = FieldMapping(title="name")


def test_a_directory_lists_its_data_files_in_natural_order(tmp_path):
    for name in ("10.json", "2.json", "1.csv", "notes.txt"):
        (tmp_path / name).write_text("[]")
    assert [p.name for p in catalog_files(tmp_path)] == ["1.csv", "2.json", "10.json"]


@pytest.mark.parametrize("make, match", [
    (lambda d: d / "missing.json", "does not exist; check the path"),
    (lambda d: d / "*.json", "no files match the pattern"),
    (lambda d: d, "holds no .json, .jsonl, .csv or .zip files"),
])
def test_nothing_to_read_says_what_to_check(tmp_path, make, match):
    with pytest.raises(CatalogError, match=match):
        catalog_files(make(tmp_path))


def test_a_zip_must_hold_exactly_one_data_file(tmp_path):
    one, two = tmp_path / "one.zip", tmp_path / "two.zip"
    with zipfile.ZipFile(one, "w") as zf:
        zf.writestr("products.jsonl", '{"name": "Mouse"}\n')
    with zipfile.ZipFile(two, "w") as zf:
        zf.writestr("a.json", "[]")
        zf.writestr("b.json", "[]")
    assert open_data(one) == (b'{"name": "Mouse"}\n', ".jsonl")
    with pytest.raises(CatalogError, match="must hold exactly one .json, .jsonl or .csv file, found 2"):
        open_data(two)


def test_rows_of_each_format_come_with_their_positions():
    assert list(rows(b'[{"name": "A"}, {"name": "B"}]', "x.json", ".json", MAPPING)) == [(1, {"name": "A"}), (2, {"name": "B"})]
    csv_rows = list(rows(b"name,price\nA,1\n\nB,\n", "x.csv", ".csv", MAPPING))
    assert csv_rows == [(1, {"name": "A", "price": "1"}), (2, {"name": "B"})]
    jsonl = list(rows(b'{"name": "A"}\nnot json\n', "x.jsonl", ".jsonl", MAPPING))
    assert jsonl[0] == (1, {"name": "A"}) and jsonl[1][0] == 2 and isinstance(jsonl[1][1], Unreadable)


def test_unreadable_text_names_the_fix():
    with pytest.raises(CatalogError, match="is not UTF-8 text .* re-save it as UTF-8"):
        list(rows("name\nCafé".encode("latin-1"), "x.csv", ".csv", MAPPING))
    with pytest.raises(CatalogError, match="title column 'name' is not in the header"):
        list(rows(b"title,price\nA,1\n", "x.csv", ".csv", MAPPING))
