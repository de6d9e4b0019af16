"""Column arrays over the catalog, so a `Filters` value becomes a boolean mask in one pass."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from retrieval.catalog.product import Product
from retrieval.search.filters import Filters, norm_key


class ProductColumns:
    """Price, brand, type and colours of every product, row-aligned with `products`."""

    def __init__(self, products: Sequence[Product]) -> None:
        self.price = np.array([np.nan if p.price is None else p.price for p in products], dtype=np.float64)
        self.brand = np.array([norm_key(p.brand) for p in products], dtype=object)
        self.type = np.array([norm_key(p.product_type) for p in products], dtype=object)
        self.kind = np.array([p.kind for p in products], dtype=object)
        self._colour_rows: dict[str, np.ndarray] = {}
        for row, p in enumerate(products):
            for c in p.colours:
                self._colour_rows.setdefault(c, []).append(row)  # type: ignore[arg-type]
        self._colour_rows = {c: np.array(rows, dtype=np.int64) for c, rows in self._colour_rows.items()}
        self.size = len(products)

    def mask(self, filters: Filters) -> np.ndarray:
        """True for rows that satisfy every constraint in `filters`, shape (size,)."""
        keep = np.ones(self.size, dtype=bool)
        with np.errstate(invalid="ignore"):  # NaN prices compare False: no price, no match
            if filters.price_min is not None:
                keep &= self.price >= filters.price_min
            if filters.price_max is not None:
                keep &= self.price <= filters.price_max
        if filters.brands:
            keep &= np.isin(self.brand, list(filters.brands))
        if filters.exclude_brands:
            keep &= ~np.isin(self.brand, list(filters.exclude_brands))
        if filters.colours:
            colour_mask = np.zeros(self.size, dtype=bool)
            for c in filters.colours:
                colour_mask[self._colour_rows.get(c, np.array([], dtype=np.int64))] = True
            keep &= colour_mask
        for c in filters.exclude_colours:
            keep[self._colour_rows.get(c, np.array([], dtype=np.int64))] = False
        if filters.product_types:
            keep &= np.isin(self.type, list(filters.product_types))
        if filters.kinds:
            keep &= np.isin(self.kind, list(filters.kinds))
        return keep
