"""Cart operations: lines added and merged, quantities checked, prices re-read from the catalog."""

from __future__ import annotations

import pytest

from assistant.core.types import CartLine
from assistant.dialogue import cart as carts
from tests.fixtures import small_catalog

CATALOG = {p.id: p for p in small_catalog()}


def test_adding_twice_merges_the_line_at_the_catalog_price():
    lines = carts.add([], "m1", 1, CATALOG.get)
    lines = carts.add(lines, "m3", 2, CATALOG.get)
    lines = carts.add(lines, "m1", 2, CATALOG.get)
    assert [(line.product_id, line.quantity, line.unit_price) for line in lines] == [
        ("m1", 3, CATALOG["m1"].price), ("m3", 2, CATALOG["m3"].price)]


def test_quantities_are_checked_and_zero_removes():
    lines = carts.add([], "m1", 1, CATALOG.get)
    for bad in (0, -1, 100, 1.5, True, "2"):
        with pytest.raises(ValueError):
            carts.add(lines, "m1", bad, CATALOG.get)
    assert carts.set_quantity(lines, "m1", 5)[0].quantity == 5
    assert carts.set_quantity(lines, "m1", 0) == [] and carts.remove(lines, "m1") == []
    with pytest.raises(LookupError):
        carts.set_quantity(lines, "m2", 1)
    with pytest.raises(LookupError):
        carts.add(lines, "nope", 1, CATALOG.get)
    assert carts.add([CartLine("m1", 98, 1.0)], "m1", 5, CATALOG.get)[0].quantity == carts.MAX_QUANTITY


def test_view_rechecks_prices_and_drops_products_gone_from_the_catalog():
    catalog = CATALOG
    lines = [CartLine("m1", 2, 15.00, "Logitech M185"), CartLine("gone", 1, 5.0, "Old cable")]
    view, stored = carts.view(lines, catalog.get)
    assert view.items[0].unit_price == catalog["m1"].price and view.items[0].was_price == 15.00
    assert not view.items[1].available and view.total == pytest.approx(2 * catalog["m1"].price)
    assert any("changed from $15.00" in c for c in view.changes) and any("no longer available" in c for c in view.changes)
    again, _ = carts.view(stored, catalog.get)
    assert not any("changed" in c for c in again.changes)  # said once
    text = carts.describe(view)
    assert "Total: $39.98" in text and "× 2" in text
