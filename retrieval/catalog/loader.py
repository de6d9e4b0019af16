"""Load any catalog file into `Product` records, with a report of the rows that were skipped.

`load_catalog(path, mapping)` reads .json (an array, or an object holding one), .jsonl, .csv, a
.zip holding one such file, or a directory or glob pattern naming several. A bad row is reported
and skipped; a file that cannot be read at all raises `CatalogError`.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from price_parser import Price

from retrieval.catalog.colours import base_colours, title_colours
from retrieval.catalog.files import CatalogError, Unreadable, catalog_files, open_data, rows  # noqa: F401  (CatalogError: re-exported)
from retrieval.catalog.mapping import FieldMapping, load_mapping, resolve, select_specs
from retrieval.catalog.product import Product
from retrieval.catalog.product_types import canonical_type, derive_type, fits, rule_kind
from retrieval.catalog.vocabulary import table

DEFAULT_CATALOG_DIR = Path(__file__).resolve().parent / "data" / "icecat"
# The example shop policies that come with the embedded catalog (clearly labelled as an example inside).
DEFAULT_POLICIES = DEFAULT_CATALOG_DIR / "policies.md"
MAX_PRICE = 1_000_000.0  # USD; anything above is a unit or scale mistake, not a product


@dataclass(frozen=True)
class RowProblem:
    """A skipped row: its 1-based position within its file, and why it was skipped."""

    position: int
    reason: str
    file: str = ""  # set when the source has several files

    def __str__(self) -> str:
        where = f"{self.file} row {self.position}" if self.file else f"row {self.position}"
        return f"{where}: {self.reason}"


@dataclass
class LoadReport:
    products: list[Product]
    problems: list[RowProblem] = field(default_factory=list)
    source: str = ""

    def summary(self) -> str:
        n, skipped = len(self.products), len(self.problems)
        return f"{n} products from {self.source}, {skipped} rows skipped"


# ---- field values ----------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None or isinstance(value, (bool, dict, list, tuple)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if "&" in text:  # feeds exported from HTML keep entities: "Apple&#174; devices"
        text = html.unescape(text)
    return " ".join(text.split())


def parse_price(value: Any, scale: float = 1.0) -> float | None:
    """A price in dollars from a number (times `scale`) or a string ("$1,299.99").

    None when the value is empty or zero (feeds write 0 for "no price"); raises ValueError for
    text that holds no number, negative prices and prices above MAX_PRICE.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"price {value!r} is not a number or text")
    if isinstance(value, str):
        try:
            amount = float(value) * scale  # a bare number is in the same unit as numeric prices
        except ValueError:
            parsed = Price.fromstring(value).amount_float
            if parsed is None:
                raise ValueError(f"price {value!r} holds no number") from None
            # price-parser drops the sign: "-$5" would read as 5
            amount = -parsed if re.match(r"\s*[-\u2212(]", value) else parsed
    else:
        amount = float(value) * scale
    if not math.isfinite(amount) or amount < 0:
        raise ValueError(f"price {value!r} is negative or not a number")
    if amount > MAX_PRICE:
        raise ValueError(
            f"price {value!r} reads as ${amount:,.2f}, above ${MAX_PRICE:,.0f}; check price_scale"
        )
    return round(amount, 2) or None


_MARKS = str.maketrans("", "", "™®©")
_DATE_RE = re.compile(r"^(\d{4})(?:[-/](\d{2})(?:[-/](\d{2}))?)?")
_GENERIC_TYPES = frozenset(table("product_types")["generic_types"])


def _date(value: Any) -> str:
    m = _DATE_RE.match(_text(value))
    return "-".join(g for g in m.groups() if g) if m else ""


def _number(value: Any) -> float | None:
    try:
        number = float(value) if not isinstance(value, bool) and value not in (None, "") else None
    except (TypeError, ValueError):
        return None
    return number if number is not None and math.isfinite(number) else None


def _product_type(raw: Any, title: str, brand: str) -> str:
    value = _text(raw)
    # Icecat's type field sometimes holds "1" or "System": a number or a filler word says nothing.
    if value and not re.fullmatch(r"[\d.,\s]+", value) and value.lower() not in _GENERIC_TYPES:
        return canonical_type(value)
    return derive_type(title, brand)


def _colour(raw: Any, title: str) -> tuple[str, tuple[str, ...]]:
    if isinstance(raw, (list, tuple)):
        raw = ",".join(str(x) for x in raw if x)
    text = _text(raw)
    if text:
        parts = [p.strip() for p in re.split(r"[,/;&+]", text) if p.strip()]
        return ", ".join(parts), base_colours(text)
    if " - " in title:  # "Brand - Name - Slate Blue": the last segment is the colour
        colours = base_colours(title.rsplit(" - ", 1)[1])
    else:
        colours = ()
    if not colours:
        colours = title_colours(title)
    return ", ".join(c.capitalize() for c in colours), colours


def to_product(record: Any, mapping: FieldMapping, fallback_id: str) -> Product:
    """One source record as a `Product`; raises ValueError saying why the row is unusable."""
    if not isinstance(record, dict):
        raise ValueError(f"row is {type(record).__name__}, not an object with fields")
    title = _text(resolve(record, mapping.title))
    if not title:
        raise ValueError(f"no title (field {mapping.title!r} is empty or missing)")
    price = parse_price(resolve(record, mapping.price), mapping.price_scale)
    if price is None and mapping.require_price:
        raise ValueError(
            f"no price (field {mapping.price!r} is empty or missing); the mapping requires one"
        )
    # "Insignia™" must compare equal to a shopper's "insignia"
    brand = _text(resolve(record, mapping.brand)).translate(_MARKS).strip()
    colour, colours = _colour(resolve(record, mapping.colour), title)
    product_type = _product_type(resolve(record, mapping.product_type), title, brand)
    description = _text(resolve(record, mapping.description))
    field = product_type if _text(resolve(record, mapping.product_type)) else ""  # the catalog's own type
    specs = select_specs(record, mapping)
    kind = rule_kind(title, brand, field, description, specs)  # the encoder fills in the rest at ingest
    return Product(
        id=_text(resolve(record, mapping.id)) or fallback_id,
        title=title,
        brand=brand,
        price=price,
        colour=colour,
        colours=colours,
        product_type=product_type,
        kind=kind,
        kind_for=fits(title, kind, brand),
        description=description,
        specs=specs,
        image_url=_text(resolve(record, mapping.image_url)),
        popularity=_number(resolve(record, mapping.popularity)),
        released=_date(resolve(record, mapping.released)),
    )


def load_catalog(path: str | Path, mapping: FieldMapping) -> LoadReport:
    """Every usable row of the catalog at `path` as a `Product`, and every skipped row's reason."""
    files = catalog_files(Path(path))
    products: list[Product] = []
    problems: list[RowProblem] = []
    seen: dict[str, str] = {}  # id -> where it was first seen
    for file in files:
        label = file.name if len(files) > 1 else ""
        stem = file.name.split(".")[0]
        data, kind = open_data(file)
        n_rows = 0
        for position, record in rows(data, file.name, kind, mapping):
            n_rows += 1
            try:
                if isinstance(record, Unreadable):
                    raise ValueError(record.reason)
                product = to_product(record, mapping, fallback_id=f"{stem}-{position}")
            except (ValueError, TypeError) as e:
                problems.append(RowProblem(position, str(e), label))
                continue
            where = f"{label} row {position}" if label else f"row {position}"
            if product.id in seen:
                reason = f"duplicate id {product.id!r} (first at {seen[product.id]}); skipped"
                problems.append(RowProblem(position, reason, label))
                continue
            seen[product.id] = where
            products.append(product)
        if n_rows == 0:
            raise CatalogError(
                f"{file.name} holds no rows; export the catalog again or remove the file"
            )
    if not products:
        examples = "; ".join(str(p) for p in problems[:3])
        raise CatalogError(
            f"no usable rows in {path}: all {len(problems)} were skipped, e.g. {examples}"
        )
    return LoadReport(products=products, problems=problems, source=str(path))


def default_catalog() -> LoadReport:
    """The Icecat catalog shipped with the package (19,406 products)."""
    return load_catalog(DEFAULT_CATALOG_DIR, load_mapping(DEFAULT_CATALOG_DIR / "mapping.yaml"))
