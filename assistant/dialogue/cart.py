"""A session's cart: add, change, remove, and show it with its prices re-checked against the catalog.

The lines are stored with the session (`Session.cart`, see sessions.py) with each product's price
when it was added. Showing the cart reads every price from the catalog again: a line whose price
changed says so once ("The price of … changed from $X to $Y.") and keeps the new price; a product
that left the catalog is shown as no longer available and counts in no total.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from assistant.core.text import money
from assistant.core.types import CartItem, CartLine, CartView
from retrieval.catalog.product import Product

MAX_QUANTITY = 99  # per line: more is a typo or a business order, not a shopper's cart

Lookup = Callable[[str], "Product | None"]


def check_quantity(quantity: int, allow_zero: bool = False) -> int:
    """`quantity` if it is a whole number from 1 (0 where allowed) to MAX_QUANTITY; else a ValueError saying so."""
    low = 0 if allow_zero else 1
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not low <= quantity <= MAX_QUANTITY:
        raise ValueError(f"quantity must be a whole number from {low} to {MAX_QUANTITY}, got {quantity!r}")
    return quantity


def _product(lookup: Lookup, product_id: str) -> Product:
    product = lookup(product_id)
    if product is None:
        raise LookupError(f"no product with id {product_id!r} in the catalog")
    return product


def add(lines: Sequence[CartLine], product_id: str, quantity: int, lookup: Lookup) -> list[CartLine]:
    """The lines with `quantity` more of the product (a new line at the end, or more on its line),
    at the catalog's price now."""
    check_quantity(quantity)
    product = _product(lookup, product_id)
    out = list(lines)
    for i, line in enumerate(out):
        if line.product_id == product_id:
            out[i] = replace(line, quantity=check_quantity(min(line.quantity + quantity, MAX_QUANTITY)),
                             unit_price=product.price)
            return out
    out.append(CartLine(product_id, quantity, product.price, product.title, product.brand))
    return out


def set_quantity(lines: Sequence[CartLine], product_id: str, quantity: int) -> list[CartLine]:
    """The lines with the product's quantity set (0 removes it); a LookupError if it is not in the cart."""
    check_quantity(quantity, allow_zero=True)
    if not any(line.product_id == product_id for line in lines):
        raise LookupError(f"product {product_id!r} is not in the cart")
    if not quantity:
        return [line for line in lines if line.product_id != product_id]
    return [replace(line, quantity=quantity) if line.product_id == product_id else line for line in lines]


def remove(lines: Sequence[CartLine], product_id: str) -> list[CartLine]:
    return set_quantity(lines, product_id, 0)


def view(lines: Sequence[CartLine], lookup: Lookup) -> tuple[CartView, list[CartLine]]:
    """The cart as shown, with prices re-checked, and the lines to store (their prices brought up to
    date, so each change is said once)."""
    items, stored, changes, total = [], [], [], 0.0
    for line in lines:
        product = lookup(line.product_id)
        name = line.title or line.product_id
        if product is None:
            items.append(CartItem(line.product_id, name, line.brand, line.quantity, None, None, available=False))
            changes.append(f"{name} is no longer available; it is left out of the total.")
            stored.append(line)
            continue
        price = product.price
        was = line.unit_price if line.unit_price != price else None
        if line.unit_price != price:
            old = money(line.unit_price) if line.unit_price is not None else "no price"
            new = money(price) if price is not None else "no price"
            changes.append(f"The price of {product.title} changed from {old} to {new}.")
        line_total = None if price is None else round(price * line.quantity, 2)
        total += line_total or 0.0
        items.append(CartItem(line.product_id, product.title, product.brand, line.quantity, price, line_total, was))
        stored.append(replace(line, unit_price=price, title=product.title, brand=product.brand))
    return CartView(tuple(items), round(total, 2), tuple(changes)), stored


def describe(cart: CartView) -> str:
    """The cart in words: a numbered line per item with its line total, then the total."""
    if not cart.items:
        return "Your cart is empty."
    rows = []
    for i, item in enumerate(cart.items, 1):
        if not item.available:
            rows.append(f"{i}. {item.title} × {item.quantity}: no longer available")
            continue
        each = f" ({money(item.unit_price)} each)" if item.quantity > 1 and item.unit_price is not None else ""
        cost = money(item.line_total) if item.line_total is not None else "no price"
        rows.append(f"{i}. {item.title} × {item.quantity}{each}: {cost}")
    units = cart.count
    head = f"Your cart ({units} item{'s' if units != 1 else ''}):"
    return "\n".join([*cart.changes, head, *rows, f"Total: {money(cart.total)}"])
