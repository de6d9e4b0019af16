"""Reading catalog files: .json (an array, or an object holding one), .jsonl, .csv, a .zip holding
one such file, or a directory or glob pattern naming several; each row comes out as a raw record.
A file that cannot be read at all raises `CatalogError` with what to do about it."""

from __future__ import annotations

import csv
import glob
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retrieval.catalog.mapping import PATH_FIELDS, FieldMapping, resolve

SUPPORTED = (".json", ".jsonl", ".csv")


class CatalogError(ValueError):
    """A catalog file (or mapping) that cannot be loaded at all."""


@dataclass(frozen=True)
class Unreadable:
    """A row that could not even be parsed (a broken JSON Lines line)."""

    reason: str



def _natural(path: Path) -> list:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", path.name)]


def _kind(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix == ".zip" or suffix in SUPPORTED:
        return suffix
    raise CatalogError(
        f"{name}: unsupported file type {suffix or '(none)'!r}; use .json, .jsonl, .csv "
        "or a .zip holding one of them"
    )


def catalog_files(path: Path) -> list[Path]:
    text = str(path)
    if any(ch in text for ch in "*?["):
        files = sorted((Path(p) for p in glob.glob(text) if Path(p).is_file()), key=_natural)
        if not files:
            raise CatalogError(f"no files match the pattern {text!r}")
        return files
    if path.is_dir():
        wanted = SUPPORTED + (".zip",)
        files = [p for p in path.iterdir() if p.is_file() and p.suffix.lower() in wanted]
        if not files:
            raise CatalogError(f"{path} holds no .json, .jsonl, .csv or .zip files")
        return sorted(files, key=_natural)
    if not path.exists():
        raise CatalogError(f"catalog {path} does not exist; check the path")
    return [path]


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CatalogError(
            f"{name} is not UTF-8 text (bad byte at offset {e.start}); re-save it as UTF-8"
        ) from e


def rows(data: bytes, name: str, kind: str, mapping: FieldMapping) -> Iterator[tuple[int, Any]]:
    """(1-based position, record) for every row of one file; raises CatalogError if unreadable."""
    text = _decode(data, name)
    if kind == ".json":
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            raise CatalogError(
                f"{name} is not valid JSON: {e.msg} at line {e.lineno} column {e.colno}"
            ) from e
        if isinstance(doc, dict):
            if not mapping.records_key:
                raise CatalogError(
                    f"{name} holds a JSON object, not a list; set records_key in the mapping to "
                    f"the key holding the records (keys: {', '.join(list(doc)[:10])})"
                )
            doc = resolve(doc, mapping.records_key)
        if not isinstance(doc, list):
            key = mapping.records_key
            where = f"records_key {key!r}" if key else "the top level"
            raise CatalogError(f"{name}: {where} does not hold a list of records")
        yield from enumerate(doc, 1)
    elif kind == ".jsonl":
        for lineno, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    yield lineno, json.loads(line)
                except json.JSONDecodeError as e:
                    yield lineno, Unreadable(f"not valid JSON: {e.msg} at column {e.colno}")
    else:
        reader = csv.DictReader(io.StringIO(text))
        header = [h for h in reader.fieldnames or [] if h]
        if not header:
            raise CatalogError(f"{name} has no header row; the first line must name the columns")
        if _top(mapping.title) not in header:
            mapped = sorted({_top(p) for p in _paths(mapping)} & set(header))
            what = (f"mapped columns found: {', '.join(mapped)}" if mapped
                    else "none of the mapped columns is there")
            raise CatalogError(
                f"{name}: title column {mapping.title!r} is not in the header "
                f"({', '.join(header[:15])}); {what}. Fix the mapping's field names"
            )
        for position, row in enumerate(reader, 1):
            yield position, {k: v for k, v in row.items() if k and v not in (None, "")}


def _top(path: str) -> str:
    return path.split(".")[0]


def _paths(mapping: FieldMapping) -> list[str]:
    return [p for p in (getattr(mapping, n) for n in PATH_FIELDS) if p]


def open_data(path: Path) -> tuple[bytes, str]:
    """The bytes of a data file and its kind, reading through a .zip holding one data file."""
    kind = _kind(path.name)
    if kind != ".zip":
        return path.read_bytes(), kind
    try:
        with zipfile.ZipFile(path) as zf:
            members = [
                n for n in zf.namelist()
                if not n.startswith("__MACOSX") and Path(n).suffix.lower() in SUPPORTED
            ]
            if len(members) != 1:
                raise CatalogError(
                    f"{path.name} must hold exactly one .json, .jsonl or .csv file, "
                    f"found {len(members)}: {', '.join(members[:5]) or 'none'}"
                )
            return zf.read(members[0]), Path(members[0]).suffix.lower()
    except zipfile.BadZipFile as e:
        raise CatalogError(f"{path.name} is not a readable zip file: {e}") from e
