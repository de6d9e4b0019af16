"""Product lines mined from titles: the word after the brand, used by one brand's devices."""

from __future__ import annotations

import pytest

from retrieval.catalog.lines import ProductLines, model_family
from tests.fixtures import P

CATALOG = [
    P("t1", "Lenovo ThinkPad X1 Carbon laptop", "Lenovo", 1500.0, ptype="laptop"),
    P("t2", "Lenovo ThinkPad T14 laptop", "Lenovo", 1100.0, ptype="laptop"),
    P("t3", "Lenovo ThinkPad E15 laptop", "Lenovo", 800.0, ptype="laptop"),
    P("c1", "Kensington lock for ThinkPad laptops", "Kensington", 30.0, ptype="cable lock"),
    P("g1", "Samsung Galaxy S10 smartphone", "Samsung", 700.0, ptype="smartphone"),
    P("g2", "AT&T GoPhone - Samsung Galaxy J3 prepaid smartphone", "AT&T GoPhone", 99.0, ptype="smartphone"),
    P("g3", "Samsung Galaxy A50 smartphone", "Samsung", 300.0, ptype="smartphone"),
    P("g4", "OtterBox case for Samsung Galaxy S10", "OtterBox", 40.0, ptype="case"),
    P("g5", "OtterBox case for Galaxy A50", "OtterBox", 35.0, ptype="case"),
    P("m1", "MSI Modern 14 laptop", "MSI", 600.0, ptype="laptop"),
    P("m2", "MSI Modern 15 laptop", "MSI", 700.0, ptype="laptop"),
    P("m3", "MSI Modern 13 laptop", "MSI", 650.0, ptype="laptop"),
    P("x1", "Intel Xeon E5 processor", "Intel", 900.0, ptype="processor"),
    P("x2", "Intel Xeon Silver processor", "Intel", 800.0, ptype="processor"),
    P("x3", "Intel Xeon Gold processor", "Intel", 1900.0, ptype="processor"),
    P("s1", "HP ProLiant DL380 server Intel Xeon", "HP", 3000.0, ptype="server"),
]
LINES = ProductLines.mine(CATALOG)


def test_a_line_is_the_word_one_brand_puts_after_its_name():
    assert LINES.makers["thinkpad"] == "lenovo"
    assert LINES.by_kind[("galaxy", "smartphone")] == "samsung"  # the carrier's listing counts for Samsung
    assert "laptop" not in LINES.makers and "lenovo" not in LINES.makers  # type words and brand names are no lines


@pytest.mark.parametrize("text, kind, makers", [
    ("thinkpad under 800", "laptop", ["lenovo"]),
    ("a thinkpad", "", ["lenovo"]),
    ("galaxy s10", "smartphone", ["samsung"]),
    ("a galaxy s10 case", "case", []),  # a case for a Galaxy is not Samsung's
    ("xeon server", "server", []),  # Intel's processor line, not the server's maker
])
def test_makers_named(text, kind, makers):
    assert LINES.makers_named(text, kind) == makers


def test_an_everyday_word_names_a_line_only_before_a_model_code():
    everyday = frozenset({"modern", "galaxy"})
    assert LINES.makers_named("a modern laptop", "laptop", everyday) == []
    assert LINES.makers_named("msi modern 14", "laptop", everyday) == ["msi"]
    assert LINES.makers_named("galaxy s10", "smartphone", everyday) == ["samsung"]


FAMILIES = ProductLines.mine(CATALOG + [
    P("h1", "Huawei P40 lite 16.3 cm (6.4\") 6 GB 128 GB smartphone", "Huawei", 250.0, ptype="smartphone"),
    P("h2", "Huawei P40 15.5 cm (6.1\") 8 GB 128 GB smartphone", "Huawei", 600.0, ptype="smartphone"),
    P("h3", "Huawei Honor 8S 14.5 cm (5.71\") 2 GB 32 GB", "Huawei", 120.0, ptype="smartphone"),
    P("h4", "Huawei Honor 8S 14.5 cm (5.71\") 2 GB 32 GB Blue", "Huawei", 120.0, ptype="smartphone"),
    P("h5", "Huawei MateBook D 15 laptop", "Huawei", 700.0, ptype="laptop"),
    P("o1", "OKI Type 6 original toner", "OKI", 30.0, ptype="toner cartridge"),
    P("o2", "OKI Type 9 original toner", "OKI", 30.0, ptype="toner cartridge"),
    P("z1", "Motorola one Zoom 16.3 cm (6.4\") 4 GB 128 GB", "Motorola", 300.0, ptype="smartphone"),
    P("z2", "Motorola one Zoom 16.3 cm (6.4\") 4 GB 128 GB Grey", "Motorola", 300.0, ptype="smartphone"),
])


@pytest.mark.parametrize("rest, family", [
    (" Galaxy A41 SM-A415F", "a"), (" P40 lite", "p"), (" Honor 8S 14.5 cm", "honor"), (" moto g 8", "g"),
    (" Galaxy Note10 Lite", "note"), (" 27 inch monitor", None), (" one Zoom 16.3 cm", None),
    (" Premium Glossy 13 x 19\" paper", None)])
def test_model_family_is_the_letters_of_the_first_model_code(rest, family):
    assert model_family(rest) == family


def test_a_model_the_catalog_lacks_is_of_the_kind_of_its_family():
    assert FAMILIES.kind_of_model("Huawei P30 Pro", [("huawei", 6)]) == "smartphone"
    assert FAMILIES.kind_of_model("honor 10 lite") == "smartphone"  # a family word of one maker's phones
    assert FAMILIES.kind_of_model("Huawei P30 Pro") == ""  # a one-letter family needs its maker named
    assert FAMILIES.kind_of_model("type 6 refill") == ""  # toner is not named by its model alone
    assert FAMILIES.kind_of_model("zoom 16 cm lens") == ""  # a size, not a model number
