"""A small hand-written catalog for fast tests, ranked pages and queries over it, and a free
loopback port for test servers."""

from __future__ import annotations

import socket

from assistant.core.types import Candidate, Constraints, Intent, ParsedQuery, Ranked
from retrieval.catalog.product import Product
from retrieval.catalog.product_types import fits, rule_kind
from retrieval.search.filters import Filters


def P(pid: str, title: str, brand: str, price: float | None, colours: tuple[str, ...] = (), ptype: str = "",
      description: str = "") -> Product:
    """A product as ingest makes it: its kind read by the vocabulary, as the loader does."""
    kind = rule_kind(title, brand, ptype)
    return Product(id=pid, title=title, brand=brand, price=price, colour=", ".join(c.title() for c in colours),
                   colours=colours, product_type=ptype, description=description, kind=kind,
                   kind_for=fits(title, kind, brand))


def small_catalog() -> list[Product]:
    return [
        P("m1", "Logitech M185 Wireless Mouse Grey", "Logitech", 19.99, ("grey",), "mouse"),
        P("m2", "Logitech MX Master 3 Wireless Mouse Black", "Logitech", 99.99, ("black",), "mouse"),
        P("m3", "HP X3000 Wireless Mouse Black", "HP", 24.50, ("black",), "mouse"),
        P("m4", "Microsoft Basic Optical Mouse Black USB", "Microsoft", 14.00, ("black",), "mouse"),
        P("m5", "Kensington Pro Fit Wireless Mouse Red", "Kensington", 29.00, ("red",), "mouse"),
        P("l1", "HP Pavilion 15 Gaming Laptop 16GB RAM 512GB SSD", "HP", 899.00, ("black",), "notebook"),
        P("l2", "DELL G15 Gaming Laptop 15.6 inch RTX 3060", "DELL", 1299.00, ("grey",), "notebook"),
        P("l3", "Lenovo IdeaPad Gaming 3 Laptop", "Lenovo", 749.00, ("blue",), "notebook"),
        P("l4", "ASUS ROG Strix Gaming Laptop 17 inch", "ASUS", 1899.00, ("black",), "notebook"),
        P("l5", "HP Chromebook 14 Laptop Silver", "HP", 299.00, ("silver",), "notebook"),
        P("c1", "Targus Laptop Case 15.6 inch Black", "Targus", 39.95, ("black",), "case"),
        P("t1", "HP 305A Black Toner Cartridge", "HP", 89.00, ("black",), "toner cartridge"),
        P("t2", "Brother TN-2110 Toner Cartridge Black", "Brother", 45.00, ("black",), "toner cartridge"),
        P("s1", "JBL Flip 5 Bluetooth Speaker Blue", "JBL", 99.00, ("blue",), "speaker"),
        P("s2", "Sony SRS-XB13 Bluetooth Speaker Black", "Sony", 49.00, ("black",), "speaker"),
        P("s3", "Philips Portable Bluetooth Speaker Red", "Philips", 29.00, ("red",), "speaker"),
        P("h1", "Sony WH-1000XM4 Wireless Headphones Black", "Sony", 279.00, ("black",), "headphones"),
        P("n1", "Mystery Product Without Price", "Acme", None, (), ""),
    ]


CATALOG = {p.id: p for p in small_catalog()}


def page(*ids: str, contributions: dict[str, float] | None = None, dense: float = 0.5,
         lexical: float = 2.0) -> list[Ranked]:
    """The small catalog's products `ids` as a ranked page, in that order."""
    return [Ranked(Candidate(CATALOG[i], dense, lexical, 0.03), 0.03,
                   contributions if contributions is not None else {"dense": 0.02, "lexical": 0.01}) for i in ids]


def query(text: str, intent: Intent = Intent.SEARCH, **filters) -> ParsedQuery:
    """A parsed message whose free text is `text`, under `filters` (Filters fields)."""
    return ParsedQuery(text, intent, Constraints(text, Filters(**filters)))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
