"""The catalog loader, field mappings, colour and type normalisation."""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import pytest

from retrieval.catalog.colours import base_colours
from retrieval.catalog.loader import (
    CatalogError,
    RowProblem,
    default_catalog,
    load_catalog,
    parse_price,
)
from retrieval.catalog.mapping import (
    FieldMapping,
    load_mapping,
)
from retrieval.catalog.product_types import canonical_type, derive_type

REPO = Path(__file__).resolve().parents[3]

ICECAT_LIKE = FieldMapping(
    id="id", title="title", brand="supplier", price="price", price_scale=0.01,
    colour="attr_t_product_colour", product_type="attr_t_product_type",
    description="short_description", released="date_released", specs=("attr_*",),
)
SIMPLE = FieldMapping(id="sku", title="name", brand="brand", price="price", colour="colour")


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def rows(n: int, start: int = 1) -> list[dict]:
    return [{"sku": f"s{i}", "name": f"Thing {i} mouse", "price": 10 + i}
            for i in range(start, start + n)]


# ---- formats -----------------------------------------------------------------------------------


def test_json_array_icecat_like(tmp_path):
    rec = {
        "id": "3920564", "title": "Xerox 006R90321 toner cartridge Original Black 6 pc(s)",
        "supplier": "Xerox", "price": 4995, "short_description": "Toner (6 Per Box)",
        "date_released": "2009-12-10T00:00:00Z", "attr_t_product_colour": "Black,Silver",
        "attr_t_product_type": "1", "attr_n_weight": 1.5, "attr_n_package_weight": 2.0,
        "attr_b_bluetooth": True, "attr_n_quantity_per_pallet": 40.0, "ean": ["0095205603217"],
    }
    report = load_catalog(write_json(tmp_path / "cat.json", [rec]), ICECAT_LIKE)
    [p] = report.products
    assert report.problems == [] and report.source.endswith("cat.json")
    assert (p.id, p.brand, p.price, p.released) == ("3920564", "Xerox", 49.95, "2009-12-10")
    assert p.colours == ("black", "silver") and p.colour == "Black, Silver"
    assert p.product_type == "toner cartridge"  # "1" in the type field is ignored
    assert p.specs == {"Weight": "1.5", "Bluetooth": "Yes"}  # package and pallet specs left out


def test_json_object_with_records_key(tmp_path):
    path = write_json(tmp_path / "cat.json", {"meta": {}, "data": {"items": rows(3)}})
    mapping = FieldMapping(id="sku", title="name", price="price", records_key="data.items")
    assert [p.id for p in load_catalog(path, mapping).products] == ["s1", "s2", "s3"]
    match = r"cat.json holds a JSON object.*set records_key.*keys: meta, data"
    with pytest.raises(CatalogError, match=match):
        load_catalog(path, SIMPLE)


def test_jsonl_bad_line_is_a_row_problem(tmp_path):
    lines = [json.dumps(r) for r in rows(2)] + ["", "{not json", json.dumps(rows(1, 3)[0])]
    path = tmp_path / "cat.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = load_catalog(path, SIMPLE)
    assert [p.id for p in report.products] == ["s1", "s2", "s3"]
    assert [(q.position, q.reason[:14]) for q in report.problems] == [(4, "not valid JSON")]


def test_csv_price_strings_and_bad_rows(tmp_path):
    path = tmp_path / "cat.csv"
    path.write_text(
        "sku,name,brand,price,colour\n"
        's1,Laptop Sleeve,Acme,"$1,299.99",Stainless steel\n'
        "s2,Mouse,Acme,abc,Black\n"
        "s3,,Acme,5,Black\n"
        "s4,USB cable,Acme,,\n"
        "s5,Keyboard,Acme,-$5.00,\n",
        encoding="utf-8",
    )
    report = load_catalog(path, SIMPLE)
    assert [(p.id, p.price) for p in report.products] == [("s1", 1299.99), ("s4", None)]
    assert report.products[0].colours == ("silver",)
    assert [q.position for q in report.problems] == [2, 3, 5]
    assert "price 'abc' holds no number" in report.problems[0].reason
    assert "no title" in report.problems[1].reason
    assert "negative" in report.problems[2].reason
    assert str(report.problems[0]) == "row 2: price 'abc' holds no number"


def test_csv_without_title_column_is_an_error(tmp_path):
    path = tmp_path / "cat.csv"
    path.write_text("code,label,cost\n1,Mouse,5\n", encoding="utf-8")
    match = r"title column 'name' is not in the header \(code, label, cost\)"
    with pytest.raises(CatalogError, match=match):
        load_catalog(path, SIMPLE)


def test_zip_holding_one_file(tmp_path):
    path = tmp_path / "1.json.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("1.json", json.dumps(rows(2)))
    assert len(load_catalog(path, SIMPLE).products) == 2
    with zipfile.ZipFile(tmp_path / "two.zip", "w") as zf:
        zf.writestr("a.json", "[]")
        zf.writestr("b.csv", "")
    match = r"two.zip must hold exactly one .*found 2: a.json, b.csv"
    with pytest.raises(CatalogError, match=match):
        load_catalog(tmp_path / "two.zip", SIMPLE)


def test_directory_and_glob_report_file_names_and_duplicates(tmp_path):
    write_json(tmp_path / "2.json", rows(2, start=2))  # s2 repeats 1.json's last id
    write_json(tmp_path / "1.json", rows(2))
    (tmp_path / "mapping.yaml").write_text("title: name\n", encoding="utf-8")  # not a data file
    report = load_catalog(tmp_path, SIMPLE)
    assert [p.id for p in report.products] == ["s1", "s2", "s3"]
    assert report.problems == [
        RowProblem(1, "duplicate id 's2' (first at 1.json row 2); skipped", "2.json")
    ]
    assert [p.id for p in load_catalog(tmp_path / "*.json", SIMPLE).products] == ["s1", "s2", "s3"]
    with pytest.raises(CatalogError, match="no files match"):
        load_catalog(tmp_path / "*.csv", SIMPLE)


def test_missing_ids_are_derived_from_position(tmp_path):
    path = write_json(tmp_path / "phones.json", [{"name": "Cell Phone A"}, {"name": "Phone B"}])
    first = load_catalog(path, FieldMapping(title="name")).products
    again = load_catalog(path, FieldMapping(title="name")).products
    assert [p.id for p in first] == [p.id for p in again] == ["phones-1", "phones-2"]


def test_bad_rows_are_skipped_with_positions(tmp_path):
    data = [
        {"sku": "a", "name": "Mouse", "price": 5},
        ["not", "an", "object"],
        {"sku": "b", "price": 5},
        {"sku": "c", "name": "Mouse", "price": 5_000_000},
        {"sku": "d", "name": "Mouse"},
        {"sku": "a", "name": "Mouse again", "price": 6},
    ]
    mapping = FieldMapping(id="sku", title="name", price="price", require_price=True)
    report = load_catalog(write_json(tmp_path / "c.json", data), mapping)
    assert [p.id for p in report.products] == ["a"]
    reasons = {q.position: q.reason for q in report.problems}
    assert sorted(reasons) == [2, 3, 4, 5, 6]
    assert reasons[2] == "row is list, not an object with fields"
    assert reasons[3] == "no title (field 'name' is empty or missing)"
    assert "check price_scale" in reasons[4]
    assert "the mapping requires one" in reasons[5]
    assert "duplicate id 'a'" in reasons[6]


@pytest.mark.parametrize(
    ("content", "name", "match"),
    [
        ('[{"name": "a"},\n{"name": "b"\n', "bad.json",
         r"bad.json is not valid JSON: .* line 3 column 1"),
        ("[]", "empty.json", r"empty.json holds no rows"),
        ('{"a": 1}', "obj.json", r"set records_key"),
        ("name\nx\n", "cat.txt", r"cat.txt: unsupported file type '.txt'; use .json, .jsonl, .csv"),
        ('[1, 2]', "nums.json", r"no usable rows .* all 2 were skipped, e.g. row 1: row is int"),
    ],
)
def test_malformed_files_raise_once(tmp_path, content, name, match):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CatalogError, match=match):
        load_catalog(path, FieldMapping(title="name"))


def test_missing_path(tmp_path):
    with pytest.raises(CatalogError, match=r"does not exist; check the path"):
        load_catalog(tmp_path / "nope.json", SIMPLE)


# ---- values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "scale", "expected"),
    [("$1,299.99", 1.0, 1299.99), ("1.299,99 €", 1.0, 1299.99), (4995, 0.01, 49.95),
     ("4995", 0.01, 49.95),
     (49.99, 1.0, 49.99), ("", 1.0, None), (None, 1.0, None), (0, 1.0, None)],
)
def test_parse_price(value, scale, expected):
    assert parse_price(value, scale) == expected


@pytest.mark.parametrize(
    ("value", "match"),
    [("abc", "holds no number"), (-3, "negative"), ("-$5", "negative"), (True, "not a number"),
     (2e6, "above")],
)
def test_parse_price_rejects(value, match):
    with pytest.raises(ValueError, match=match):
        parse_price(value)


def test_colour_normalisation(tmp_path):
    assert base_colours("Black,Silver") == ("black", "silver")
    assert base_colours("Stainless steel") == ("silver",)
    assert base_colours("Grey,Titanium") == ("grey", "silver")
    assert base_colours("Gray") == ("grey",)
    assert base_colours("Slate Blue") == ("blue",)
    assert base_colours("Assorted colours") == ("multicolour",)
    assert base_colours("Osprey") == ()
    data = [
        {"name": 'HP Pavilion dv7-1211ea Notebook Silver 43.2 cm (17")'},
        {"name": "Intel Xeon Silver 4114 processor 2.2 GHz"},
        {"name": "ASUS Chromebook C436 notebook 14in Chrome OS"},
        {"name": "Alcatel Ideal Prepaid Cell Phone - Slate Blue"},
        {"name": "Widget", "colour": "Black/Grey"},
    ]
    mapping = FieldMapping(title="name", colour="colour")
    report = load_catalog(write_json(tmp_path / "c.json", data), mapping)
    got = [(p.colour, p.colours) for p in report.products]
    assert got == [("Silver", ("silver",)), ("", ()), ("", ()), ("Blue", ("blue",)),
                   ("Black, Grey", ("black", "grey"))]


def test_product_type_from_field_or_title(tmp_path):
    data = [
        {"name": "HP EliteBook 840", "type": "Notebook"},
        {"name": "BABY born 829301 doll accessory Doll clothes set", "type": "Doll clothes set"},
        {"name": "Xerox 006R90321 toner cartridge Original Black", "type": "1"},
        {"name": "Philips SHE2643 In-Ear Headphones", "type": "Spares and Accessories"},
    ]
    mapping = FieldMapping(title="name", product_type="type")
    report = load_catalog(write_json(tmp_path / "c.json", data), mapping)
    assert [p.product_type for p in report.products] == [
        "laptop", "doll accessory", "toner cartridge", "headphones"
    ]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ('HP Pavilion dv7-1211ea Notebook Silver 43.2 cm (17") 4 GB DDR2 320 GB SSD', "laptop"),
        ("Xerox 006R90321 toner cartridge Original Black 6 pc(s)", "toner cartridge"),
        ("Brother LC-1100HYY Ink Cartridge Original Yellow 1 pc(s)", "ink cartridge"),
        ('HP RR314AA notebook case 39.1 cm (15.4") Briefcase Black', "case"),
        ("Targus 15.6in laptop case with shoulder strap", "case"),
        ("Thule Construct CONBP-116 Carbon Blue backpack Nylon", "backpack"),
        ("C2G 10ft PS/2 M/M Keyboard/Mouse Cable PS/2 cable 3.04 m White", "cable"),
        ("StarTech.com 35 ft VGA Monitor Extension Cable - HD15 M/F", "cable"),
        ("HP C8091A power adapter/inverter Indoor 50 W Black", "power adapter"),
        ("Acer EC.J6000.001 projector lamp 230 W P-VIP", "projector lamp"),
        ("Da-Lite Model B 52\" x 92\" projection screen 2.69 m (106\")", "projection screen"),
        ("Kingston Technology ValueRAM 32 GB memory module DDR4 2933 MHz", "memory module"),
        ("Intel Xeon E5320 processor 1.86 GHz Box 8 MB L2", "processor"),
        ("HP 85 Original Light magenta", "ink cartridge"),
        ("KYOCERA TK-110 Original Black 1 pc(s)", "toner cartridge"),
        ('DELL P2419HC 61 cm (24") 1920 x 1080 pixels Full HD LCD Black', "monitor"),
        ("Insignia - Case for Apple iPhone 7 - Black", "case"),
        ("Samsung - Galaxy J3 4G LTE with 16GB Memory Cell Phone - Black (Verizon)", "smartphone"),
        ("Kensington Combination Lock for Surface Pro and Surface Go cable lock", "cable lock"),
        ("HERMA Multi-purpose labels 19x27 mm white paper matt 960 pcs.", "labels"),
        ("Leitz WOW Notebook A4 squared with hardcover", "paper notebook"),
        ("Tripp Lite SmartPro 120V 2.2kVA Line-Interactive UPS, Tower, USB", "ups"),
        ("Some Unknown Gadget 3000", ""),
    ],
)
def test_derive_type(title, expected):
    assert derive_type(title) == expected


def test_derive_type_skips_the_brand_and_canonical_type():
    assert derive_type("Case Logic DLBP-116 laptop backpack", brand="Case Logic") == "backpack"
    assert canonical_type("Notebook") == "laptop"
    assert canonical_type("Stereo portable speaker") == "speaker"
    assert canonical_type("Hybrid (2-in-1)") == "laptop"
    assert canonical_type("Doll clothes set") == "doll accessory"  # the field's first word
    assert canonical_type("Mini PC (<= 3L)") == "desktop computer"  # the qualifier dropped
    assert canonical_type("Salt & pepper grinder set") == "salt & pepper grinder set"  # unknown: kept


# ---- the shipped catalog and a second real schema -----------------------------------------------


@pytest.mark.slow
def test_default_catalog():
    start = time.perf_counter()
    report = default_catalog()
    seconds = time.perf_counter() - start
    assert len(report.products) == 19_406 and report.problems == []
    assert all(p.title and p.price is not None and p.price > 0 for p in report.products)
    assert len({p.id for p in report.products}) == 19_406
    assert sum(1 for p in report.products if p.product_type) / 19_406 > 0.85
    assert seconds < 20, f"loading the default catalog took {seconds:.1f} s"


@pytest.mark.slow
def test_bestbuy_example(shared_data):
    bestbuy = shared_data / "bestbuy_phones" / "ecommerce.json"
    if not bestbuy.is_file():
        pytest.skip(f"Best Buy data not found at {bestbuy}")
    report = load_catalog(bestbuy, load_mapping(REPO / "examples" / "bestbuy_mapping.yaml"))
    assert (len(report.products), report.problems) == (3_291, [])  # every row has a name and a dollar price
    assert all(p.price is not None and p.brand for p in report.products)
    assert sum(1 for p in report.products if p.product_type) / len(report.products) > 0.9
