"""Hard constraints on products, applied the same way by every search path.

One `Filters` value becomes a Chroma `where` clause for dense search, a boolean mask for lexical
search, and a per-product predicate that the hybrid search applies last, so that every product
returned satisfies every constraint whatever path found it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from retrieval.catalog.product import Product


def norm_key(text: str) -> str:
    """The form brands, colours and types are compared in: lower case, single spaces."""
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class Filters:
    price_min: float | None = None
    price_max: float | None = None
    brands: tuple[str, ...] = ()  # any of these (normalised keys)
    exclude_brands: tuple[str, ...] = ()
    colours: tuple[str, ...] = ()  # any of these base colours
    exclude_colours: tuple[str, ...] = ()  # none of these ("not black")
    product_types: tuple[str, ...] = ()  # any of these types
    kinds: tuple[str, ...] = ()  # any of these kinds (assigned at ingest, `Product.kind`)

    def __post_init__(self) -> None:
        if self.price_min is not None and self.price_max is not None and self.price_min > self.price_max:
            raise ValueError(
                f"price_min ({self.price_min}) is above price_max ({self.price_max}); swap them"
            )

    def with_(self, **changes: Any) -> Filters:
        return replace(self, **changes)

    def is_empty(self) -> bool:
        return self == Filters()

    def matches(self, product: Product) -> bool:
        if self.price_min is not None and (product.price is None or product.price < self.price_min):
            return False
        if self.price_max is not None and (product.price is None or product.price > self.price_max):
            return False
        brand = norm_key(product.brand)
        if self.brands and brand not in self.brands:
            return False
        if brand and brand in self.exclude_brands:
            return False
        if self.colours and not set(self.colours) & set(product.colours):
            return False
        if set(self.exclude_colours) & set(product.colours):
            return False
        if self.product_types and norm_key(product.product_type) not in self.product_types:
            return False
        if self.kinds and product.kind not in self.kinds:
            return False
        return True

    def to_where(self) -> dict | None:
        """The Chroma `where` clause over the metadata that `product_metadata` writes."""
        clauses: list[dict] = []
        if self.price_min is not None:
            clauses.append({"price": {"$gte": float(self.price_min)}})
        if self.price_max is not None:
            clauses.append({"price": {"$lte": float(self.price_max)}})
            if self.price_min is None:  # keeps out products stored with NO_PRICE
                clauses.append({"price": {"$gte": 0.0}})
        if self.brands:
            clauses.append({"brand": {"$in": list(self.brands)}})
        if self.exclude_brands:
            clauses.append({"brand": {"$nin": list(self.exclude_brands)}})
        if self.colours:
            colour_clauses = [{f"colour_{c}": True} for c in self.colours]
            clauses.append(colour_clauses[0] if len(colour_clauses) == 1 else {"$or": colour_clauses})
        # a product without the flag is not that colour: "$ne" keeps it
        clauses.extend({f"colour_{c}": {"$ne": True}} for c in self.exclude_colours)
        if self.product_types:
            clauses.append({"type": {"$in": list(self.product_types)}})
        if self.kinds:
            clauses.append({"kind": {"$in": list(self.kinds)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


NO_PRICE = -1.0  # metadata cannot hold None; a product without a price never passes a price bound


def product_metadata(product: Product, content_hash: str) -> dict[str, Any]:
    """The Chroma metadata for a product: what `Filters.to_where` filters on."""
    meta: dict[str, Any] = {
        "price": float(product.price) if product.price is not None else NO_PRICE,
        "brand": norm_key(product.brand),
        "type": norm_key(product.product_type),
        "kind": product.kind,
        "kind_for": product.kind_for,
        "hash": content_hash,
    }
    for c in product.colours:
        meta[f"colour_{c}"] = True
    return meta
