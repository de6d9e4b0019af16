"""Typed attributes read from a product record: what a shopper decides on, said the way the record says it.

`attributes(product)` reads the record's specs (through the spec table of
vocab/attributes.v1.yaml, which knows the unit each bare Icecat number is in) and its title (sizes,
capacities, processors, graphics, pack sizes, battery sizes and chemistries, connections, "for
iPad Pro") into `Attribute` values: screen size, memory, storage, processor, GPU, capacity,
wattage, pack size, battery size and chemistry, connectivity, compatibility, page yield, cable
length, resolution; what a cable or adapter connects, the colour a cartridge prints, label size and
count, paper weight, a mount's load. Every value is text the record holds, so a reason that says it stays true.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.catalog.colours import colour_words
from retrieval.catalog.inflection import stem
from retrieval.catalog.product import Product
from retrieval.catalog.product_types import ACCESSORY_TYPES
from retrieval.catalog.vocabulary import table

_TABLE = table("attributes")
_SPECS: dict[str, dict | list[dict]] = _TABLE["specs"]
PHRASES: dict[str, dict[str, str]] = _TABLE["phrases"]
ORDER = tuple(PHRASES)  # most telling first
_VALUES: dict[str, dict[str, str]] = {k: {a.lower(): b for a, b in v.items()} for k, v in _TABLE["values"].items()}
_TITLE_WORDS: dict[str, list[str]] = _TABLE["title_words"]

_LOWER = frozenset(("chemistry", "connection", "print_technology"))  # said in lower case, acronyms apart
_COLOUR_WORDS = frozenset(colour_words("message"))
_MARKS = re.compile(r"[®™©]")
_NUM = r"\d+(?:\.\d+)?"
_INCH = re.compile(rf"(?:\(({_NUM})\"\)|(?<![\w.])({_NUM})\s*(?:\"|”|''|-?\s?inch(?:es)?\b))", re.I)
_RAM = re.compile(rf"(?<![\w.])({_NUM})\s*GB\s+(?:(?:LP)?DDR\w*(?:-SDRAM)?|RAM|memory)\b", re.I)
_DRIVE = re.compile(rf"(?<![\w.])({_NUM})\s*(GB|TB)\s+(?:SSD|HDD|eMMC|flash|storage)\b", re.I)
_BYTES = re.compile(rf"(?<![\w.])({_NUM})\s*(GB|TB|MB)\b", re.I)
_MAH = re.compile(r"(?<![\w.])(\d[\d,]*)\s*mAh\b", re.I)
_WATT = re.compile(rf"(?<![\w.])({_NUM})\s*(?:W|watts?)\b")
_CPU = re.compile(r"\b((?:Intel|AMD)\s+(?:Core\s+(?:2\s+Duo|2\s+Quad|i[3579]|Ultra\s+\d)|Ryzen\s+\d|Celeron|Pentium"
                  r"|Atom|Xeon|Athlon|Core\s+M))", re.I)
_GPU = re.compile(r"\b((?:NVIDIA\s+)?(?:GeForce|Quadro)\s+(?:RTX|GTX|MX|GT)?\s*\d{3,4}[A-Z]*(?:\s(?:Ti|GS|GT|GTX|Max-Q|SE))*"
                  r"|AMD\s+Radeon\s+(?:RX\s+)?\w*\d\w*)", re.I)
_PACK = re.compile(r"\b(?:pack of|box of)\s+(\d+)\b|\b(\d+)\s*-?\s*(?:pack|pk)\b",
                   re.I)
_FOR = re.compile(r"\bfor(?:\s+use\s+with)?\s+((?:(?:[A-Z0-9]|i[A-Z])[\w+-]*\s?){1,4})")
_SCREEN_KINDS = frozenset(_SPECS["Display diagonal"]["kinds"])
_SLEEVE_KINDS = frozenset(("case", "bag", "backpack", "sleeve", "privacy filter", "screen protector"))
_BATTERY_SIZES = frozenset(str(w).lower() for w in _TITLE_WORDS["battery"])
_BATTERY_KINDS = frozenset(("battery", "battery charger", "charger"))


@dataclass(frozen=True)
class Attribute:
    """One decided-upon property: `name` (a key of PHRASES), `value` as the record states it, `unit`."""

    name: str
    value: str
    unit: str = ""

    def has(self) -> str:
        """As a predicate: "has a 17.3-inch screen", "is made for iPad Pro", "is rechargeable"."""
        return self._say("has")

    def with_(self) -> str:
        """After "the only one shown": "with a 17.3-inch screen", "made for iPad Pro", "that is rechargeable"."""
        return self._say("with")

    def _say(self, form: str) -> str:
        words = PHRASES[self.name][form].format(v=self.value, u=self.unit).strip()
        head, _, rest = words.partition(" ")
        return f"{head} {with_article(rest)}" if rest.startswith(("a ", "an ")) else words

    def same(self, other: Attribute) -> bool:
        return self.name == other.name and norm(self.value) == norm(other.value) and self.unit == other.unit

    def words(self) -> frozenset[str]:
        """The stems a shopper's words would share with it ("17.3", "inch"; "rechargeable")."""
        return frozenset(stem(w) for w in re.findall(r"[a-z0-9]+(?:\.\d+)?", f"{self.value} {self.unit}".lower()))


VOWEL_SOUND = _VOWEL_SOUND = re.compile(r"^(?:[aeio]|[AEIO][a-z]|8|1[18](?:\D|$)|[AEFHILMNORSX](?:[A-Z0-9]|$|-))")


def with_article(phrase: str) -> str:
    """ "a" before a consonant sound, "an" before a vowel sound: "an Intel", "an 8-inch", "an HDMI", "a USB"."""
    head, _, rest = phrase.partition(" ")
    if head.lower() in ("a", "an") and rest:
        return ("an " if _VOWEL_SOUND.match(rest) else "a ") + rest
    return phrase


def norm(value: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9.]+", " ", value.lower()).split())


def _number(text: str) -> str:
    """"15.60" -> "15.6", "2,500" -> "2,500" (kept as written), "1000" -> "1,000"."""
    try:
        x = float(text.replace(",", ""))
    except ValueError:
        return ""
    return f"{x:,.0f}" if x.is_integer() else f"{x:g}"


def _said(name: str, raw: str) -> str:
    """A text value as a reason says it, or "" when it says nothing."""
    value = " ".join(_MARKS.sub("", raw).split())
    value = re.sub(r"^f/\s*", "", value)  # "f/ iPod nano": for
    mapped = _VALUES.get(name, {}).get(value.lower())
    if mapped is not None:
        return mapped  # as the table says it ("Bluetooth", "NiMH"), "" for nothing worth a word
    if name == "processor":
        value = re.sub(r"-?\d*x{2,}$", "", value).strip()  # "Intel Core i7-10xxx" -> "Intel Core i7"
    if name in ("fits",):
        value = re.split(r"[,;\n]| - |\\n", value.lstrip("- "), maxsplit=1)[0].strip()
        if len(value) > 40:
            return ""
    if name in _LOWER and not re.search(r"[A-Z].*[A-Z]", value):
        value = value.lower()  # "Alkaline" -> "alkaline"; "NiMH" stays
    if value.lower() in ("yes", "no", "0", "other", "n/a"):
        return ""
    return value


def _rule(spec: str, kind: str) -> dict | None:
    """The spec table's reading of `spec` for a product of `kind` (a spec may list one per kind group)."""
    rules = _SPECS.get(spec) or []
    return next((r for r in (rules if isinstance(rules, list) else [rules])
                 if not r.get("kinds") or kind in r["kinds"]), None)


def _value(name: str, rule: dict, raw: str) -> str:
    """One spec's value as a reason says it ("" for nothing worth a word)."""
    if rule.get("unit"):
        value = _number(raw.split()[0]) if raw.strip() else ""
        amount = float(value.replace(",", "")) if value else 0.0
        return value if rule.get("least", 0) <= amount <= rule.get("most", 1e9) and amount > 0 else ""
    if name == "ink_colour":  # "Cyan,Magenta,Yellow" -> "cyan, magenta and yellow"
        colours = [c.strip().lower() for c in re.split(r"[,/]", raw) if c.strip()]
        return ", ".join(colours[:-1]) + " and " + colours[-1] if len(colours) > 1 else "".join(colours)
    return _said(name, raw)


def _from_specs(p: Product, kind: str) -> list[Attribute]:
    out = []
    for spec, raw in p.specs.items():
        rule = _rule(spec, kind)
        if not rule:
            continue
        name, unit, raw = rule["attribute"], rule.get("unit", ""), str(raw)
        if name == "pack":
            if raw.strip().isdigit() and int(raw.strip()) > 1:
                out.append(Attribute("pack", raw.strip()))
            continue
        value = _value(name, rule, raw)
        if value and (join := rule.get("join")):  # "RJ-45 to RJ-45": both specs or neither
            other = _value(name, rule, str(p.specs.get(join["spec"], "")))
            value = value + join["by"] + other if other else ""
        if not value:
            continue
        if name == "battery" and value.lower() not in _BATTERY_SIZES:
            name = "chemistry"  # "Battery type: Rechargeable battery" says the chemistry, not the size
        out.append(Attribute(name, value, unit))
    return out


def _from_title(p: Product, kind: str) -> list[Attribute]:
    title = _MARKS.sub("", p.title)
    out: list[Attribute] = []
    m = _INCH.search(title)
    if m:
        inches = _number(m.group(1) or m.group(2))
        if kind in _SCREEN_KINDS:
            out.append(Attribute("screen", inches, "inch"))
        elif kind in _SLEEVE_KINDS:
            out.append(Attribute("fits_screen", inches, "inch"))
    if kind in _SCREEN_KINDS or kind in ("mini pc", "server"):
        if (m := _RAM.search(title)):
            out.append(Attribute("memory", _number(m.group(1)), "GB"))
        if (m := _DRIVE.search(title)):
            out.append(Attribute("storage", _number(m.group(1)), m.group(2).upper()))
        if (m := _CPU.search(title)):
            out.append(Attribute("processor", " ".join(m.group(1).split())))
        if (m := _GPU.search(title)):
            out.append(Attribute("gpu", " ".join(m.group(1).split())))
    elif (m := _BYTES.search(title)) and kind in _SPECS["Capacity"]["kinds"]:
        out.append(Attribute("capacity", _number(m.group(1)), m.group(2).upper()))
    if (m := _MAH.search(title)):
        out.append(Attribute("capacity", m.group(1), "mAh"))
    if (m := _WATT.search(title)) and kind not in _SCREEN_KINDS:
        out.append(Attribute("power", _number(m.group(1)), "W"))
    if (m := _PACK.search(title)):
        n = next(g for g in m.groups() if g)
        if 1 < int(n) <= 1000:
            out.append(Attribute("pack", n))
    low = f" {title.lower()} "
    for name, words in _TITLE_WORDS.items():
        if name in ("battery", "chemistry") and kind not in _BATTERY_KINDS:
            continue
        for w in words:
            # "Wireless Charging" is how it charges, not how it connects
            if re.search(rf"(?<![\w-]){re.escape(str(w))}(?![\w-])(?!\s+charg)", low):
                out.append(Attribute(name, _said(name, str(w).upper() if name == "battery" else str(w))))
                break
    if (p.kind_for or kind in ACCESSORY_TYPES) and (m := _FOR.search(title)):
        words = m.group(1).split()
        while words and words[-1].lower() in _COLOUR_WORDS:  # "for iPad Air 2 Black": the colour is the case's
            words.pop()
        target = " ".join(words)
        if len(target) > 1 and not target.isdigit():
            out.append(Attribute("fits", target))
    return out


_CACHE: dict[tuple[str, str, str], tuple[Attribute, ...]] = {}
_SCALE = {"TB": ("GB", 1000.0), "MB": ("GB", 0.001)}


def _amount(a: Attribute) -> tuple[float, str] | None:
    """A measure in one unit per kind of unit ("1 TB" and "1,000 GB" are one amount), None if none."""
    try:
        value = float(a.value.replace(",", ""))
    except ValueError:
        return None
    unit, factor = _SCALE.get(a.unit, (a.unit, 1.0))
    return (round(value * factor, 3), unit)


def attributes(p: Product, kind: str = "") -> tuple[Attribute, ...]:
    """The product's attributes, most telling first (one value each: the spec's, else the title's);
    `kind` is what the product is (`kind_of`)."""
    key = (p.id, p.title, kind)
    found = _CACHE.get(key)
    if found is None:
        out: list[Attribute] = []
        for a in _from_specs(p, kind) + _from_title(p, kind):
            if not any(b.name == a.name or (a.unit and _amount(a) == _amount(b)) for b in out):
                out.append(a)  # one value per attribute, and one attribute per measure ("1,000 GB" once)
        found = _CACHE[key] = tuple(sorted(out, key=lambda a: ORDER.index(a.name)))
    return found
