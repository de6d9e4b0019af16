"""How one catalog's own fields map onto `Product`: a small YAML or JSON file per catalog.

```yaml
title: name                # a source path: a key, or a dotted path with list indexes
brand: brand
product_type: categories.-1
price: price
price_scale: 1.0           # multiplies numeric prices: 0.01 when prices are whole cents
specs: ["attr_*"]          # keys or glob patterns whose values become display specs
```
"""

from __future__ import annotations

import fnmatch
import json
import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator, model_validator

from retrieval.catalog.vocabulary import word_set

PATH_FIELDS = (
    "id", "title", "brand", "price", "colour", "product_type", "description", "image_url",
    "popularity", "released",
)
MAX_SPECS = 12


class MappingError(ValueError):
    """A mapping file that cannot be used; the message names the key and the fix."""


class FieldMapping(BaseModel):
    """Where each `Product` field comes from in a source record (None: the source lacks it).

    Built from keywords or a mapping file; a misspelt key or a bad value raises MappingError."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str | None = None  # None: ids are derived from the row's position in the file
    title: str = "title"
    brand: str | None = None
    price: str | None = None
    colour: str | None = None  # None: base colour words are looked for in the title
    product_type: str | None = None  # None: the type is derived from the title
    description: str | None = None
    image_url: str | None = None
    popularity: str | None = None
    released: str | None = None
    specs: tuple[str, ...] = ()  # keys or glob patterns ("attr_*")
    price_scale: float = 1.0  # numeric prices are multiplied by this to give US dollars
    require_price: bool = False  # True: a row without a price is a bad row
    records_key: str | None = None  # where the list of records is in a top-level JSON object

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as e:  # callers catch one error type, whether from a file or code
            raise MappingError(_explain(e)) from e

    # mode="before" throughout: the checks see the value as written, before pydantic would turn
    # 3 into "3", "yes" into True or "0.01" into 0.01.
    @field_validator(*PATH_FIELDS, "records_key", mode="before")
    @classmethod
    def _source_path(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name == "title" and value is None:
            raise ValueError("mapping field 'title' is required: name the source field holding it")
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ValueError(f"mapping field {info.field_name!r} must be a source path string or null, got {value!r}")
        return value

    @field_validator("specs", mode="before")
    @classmethod
    def _spec_patterns(cls, value: Any) -> Any:
        specs = (value,) if isinstance(value, str) else () if value is None else value
        if not isinstance(specs, (list, tuple)) or not all(isinstance(s, str) and s for s in specs):
            raise ValueError(f"mapping 'specs' must be a list of keys or patterns, got {value!r}")
        return tuple(specs)

    @field_validator("price_scale", mode="before")
    @classmethod
    def _positive_scale(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise ValueError(f"mapping 'price_scale' must be a number above 0, got {value!r} "
                             "(use 0.01 when prices are whole cents)")
        return value

    @field_validator("require_price", mode="before")
    @classmethod
    def _true_or_false(cls, value: Any) -> Any:
        if not isinstance(value, bool):
            raise ValueError(f"mapping 'require_price' must be true or false, got {value!r}")
        return value

    @model_validator(mode="after")
    def _price_when_required(self) -> FieldMapping:
        if self.require_price and self.price is None:
            raise ValueError("mapping sets require_price but names no price field; set 'price'")
        return self

    @cached_property
    def mapped_keys(self) -> frozenset[str]:
        """The top-level source keys the fields read, which therefore are not repeated as specs."""
        return frozenset(_parts(getattr(self, n))[0] for n in PATH_FIELDS if getattr(self, n))

    @cached_property
    def nested_specs(self) -> tuple[str, ...]:
        """Spec entries that are dotted paths into nested records, not top-level keys or globs."""
        return tuple(p for p in self.specs if "." in p and not any(c in p for c in "*?["))

    @cached_property
    def _spec_names(self) -> dict[str, str | None]:
        # A cached_property, not a PrivateAttr: pydantic compares private attributes in ==, and two
        # mappings with the same fields are equal whichever keys each has already seen.
        return {}  # source key -> display name, or None when the key is not a spec

    def spec_name_for(self, key: str) -> str | None:
        """The display name of `key` when `specs` selects it, else None (cached per key)."""
        names = self._spec_names
        if key not in names:
            wanted = (
                key not in self.mapped_keys
                and not _LOGISTICS.search(key)
                and any(key == p or fnmatch.fnmatchcase(key, p) for p in self.specs)
            )
            names[key] = spec_name(key) if wanted else None
        return names[key]


_VALID_KEYS = tuple(FieldMapping.model_fields)


def _explain(err: ValidationError, path: Path | None = None) -> str:
    """One message for a failed mapping: a misspelt key first (naming the valid keys), else every
    bad value in the words of its check."""
    where = f" in mapping file {path}" if path else ""
    for e in err.errors():
        if e["type"] == "extra_forbidden":
            return f"unknown key {e['loc'][0]!r}{where}; valid keys: {', '.join(_VALID_KEYS)}"
    problems = []
    for e in err.errors():
        if e["type"] == "value_error":  # one of the checks above: its own words
            problems.append(str(e["ctx"]["error"]))
        else:  # pydantic's own type check, e.g. a list where a number belongs
            problems.append(f"mapping field {'.'.join(map(str, e['loc']))!r}: {e['msg']}, got {e['input']!r}")
    message = "; ".join(problems)
    return f"{path}: {message}" if path else message


def load_mapping(path: str | Path) -> FieldMapping:
    """Read a mapping from a .yaml/.yml or .json file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise MappingError(f"cannot read mapping file {path}: {e.strerror or e}") from e
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            data = yaml.safe_load(text)
        elif path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            raise MappingError(f"mapping file {path} must end in .yaml, .yml or .json")
    except json.JSONDecodeError as e:
        raise MappingError(
            f"mapping file {path} is not valid JSON: {e.msg} at line {e.lineno} column {e.colno}"
        ) from e
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e)
        raise MappingError(f"mapping file {path} is not valid YAML: {problem}{where}") from e
    if not isinstance(data, dict):
        raise MappingError(
            f"mapping file {path} must hold key: value pairs, got {type(data).__name__}"
        )
    try:
        # str(k): a YAML key such as `1:` is an unknown key, not a TypeError about keywords
        return FieldMapping(**{str(k): v for k, v in data.items()})
    except MappingError as e:  # said again with the file's name in it
        raise MappingError(_explain(e.__cause__, path)) from None


@lru_cache(maxsize=1024)
def _parts(path: str) -> tuple[str, ...]:
    return tuple(path.split("."))


def resolve(record: Any, path: str | None) -> Any:
    """The value at a source path: "brand", "offers.price", "categories.-1" (last element).

    A key that itself contains dots ("product.name" as a CSV column) is found as it is.
    Returns None when any step is missing.
    """
    if path is None:
        return None
    if isinstance(record, dict) and path in record:
        return record[path]
    value = record
    for part in _parts(path):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, (list, tuple)):
            try:
                value = value[int(part)]
            except (ValueError, IndexError):
                return None
        else:
            return None
        if value is None:
            return None
    return value


_ACRONYMS = word_set("words", "acronyms")
# Whole words of a source key that mark packaging, logistics or catalog plumbing.
_LOGISTICS = re.compile(
    r"(?:^|[_\W])(?:package|packaging|pallet|master|carton|shipping|harmoni[sz]ed|ean|upc|gtin|"
    r"sku|img|image|url|thumb|thumbnail)(?:[_\W]|$)",
    re.IGNORECASE,
)


def _paren(inner: str) -> str:
    parts = inner.split("_")
    if all(len(p) == 1 for p in parts):  # "t_t" -> "T-T"
        return "-".join(parts).upper()
    if re.fullmatch(r"([a-z]x)+[a-z]", inner):  # "wxdxh" -> "WxDxH"
        return "x".join(inner.split("x")).upper().replace("X", "x")
    return " ".join(w.upper() if w in _ACRONYMS else w for w in parts)


@lru_cache(maxsize=8192)
def spec_name(key: str) -> str:
    """A readable name for a source key: "attr_n_weight" -> "Weight",
    "attr_t_operating_temperature__t_t_" -> "Operating temperature (T-T)"."""
    name = re.sub(r"^attr_[a-z]_", "", key)
    name = re.sub(r"_s_$", "(s)", name)
    name = re.sub(r"__([a-z0-9_]+?)_(?=_|$)", lambda m: " (" + _paren(m.group(1)) + ")", name)
    name = re.sub(r"(\d)_(\d)", r"\1.\2", name)
    words = [w.upper() if w in _ACRONYMS else "RoHS" if w == "rohs" else w
             for w in name.replace("_", " ").split()]
    text = " ".join(words).replace("wi fi", "Wi-Fi")
    return text[:1].upper() + text[1:]


def _spec_text(value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_spec_text(v) for v in value if v not in (None, ""))
    if isinstance(value, dict):
        return ""  # nested objects have no one-line form; map their leaves explicitly instead
    return " ".join(str(value).split())


def select_specs(record: dict, mapping: FieldMapping, limit: int = MAX_SPECS) -> dict[str, str]:
    """Up to `limit` non-empty specs from the keys `mapping.specs` names, in source order.

    Packaging and logistics keys (package weight, pallet size, EAN) and keys already mapped to
    a `Product` field are left out: they say nothing a shopper compares on.
    """
    if not mapping.specs:
        return {}
    out: dict[str, str] = {}
    names = mapping._spec_names  # read directly: this loop runs for every key of every row
    for key, value in record.items():
        if value is None or value == "":
            continue
        name = names[key] if key in names else mapping.spec_name_for(key)
        if name is None or name in out:
            continue
        text = " ".join(value.split()) if type(value) is str else _spec_text(value)
        if text:
            out[name] = text
            if len(out) >= limit:
                return out
    for path in mapping.nested_specs:  # explicit dotted paths: "details.weight"
        text = _spec_text(resolve(record, path))
        name = spec_name(path.rsplit(".", 1)[-1])
        if text and name not in out:
            out[name] = text
            if len(out) >= limit:
                break
    return out
