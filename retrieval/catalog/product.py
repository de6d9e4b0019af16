"""The normalised product record every catalog is loaded into."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Product:
    """One catalog item, whatever its source schema.

    `colours` holds lower-case base colour names ("black", "silver"); `colour` is their display
    form. `specs` maps a human-readable spec name to its value as text ("Weight": "1.2 kg").
    """

    id: str
    title: str
    brand: str = ""
    price: float | None = None  # USD
    colour: str = ""
    colours: tuple[str, ...] = ()
    product_type: str = ""
    # What the product is, accessories apart ("cable lock"), and for an accessory, part or supply
    # the kind of device it is made for ("laptop"); assigned at ingest (retrieval/catalog/kinds.py).
    kind: str = ""
    kind_for: str = ""
    description: str = ""
    specs: dict[str, str] = field(default_factory=dict)
    image_url: str = ""
    popularity: float | None = None
    released: str = ""  # ISO date, "" when unknown

    def to_json(self) -> str:
        d = asdict(self)
        d["colours"] = list(self.colours)
        return json.dumps(d, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Product:
        d = json.loads(text)
        d["colours"] = tuple(d.get("colours", ()))
        return cls(**d)

    def content_hash(self) -> str:
        """Changes whenever any field that is embedded or shown changes."""
        return hashlib.sha1(self.to_json().encode("utf-8")).hexdigest()[:16]

    def embedding_text(self) -> str:
        """What the encoder reads: the fields a shopper's words are most likely to match."""
        parts = [self.title]
        if self.brand and self.brand.lower() not in self.title.lower():
            parts.append(self.brand)
        if self.product_type and self.product_type.lower() not in self.title.lower():
            parts.append(self.product_type)
        if self.description and self.description != self.title:
            parts.append(self.description)
        return ". ".join(parts)

    def lexical_text(self) -> str:
        """What BM25 indexes: title, brand, type, colour and description."""
        return " ".join(
            x for x in (self.title, self.brand, self.product_type, self.colour, self.description) if x
        )
