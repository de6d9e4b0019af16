"""Product lines mined from titles: the word after the brand, used by one brand's devices."""

from __future__ import annotations

import pytest

from retrieval.catalog.lines import ProductLines
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
