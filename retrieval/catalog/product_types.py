"""Product types: a curated vocabulary of electronics and office product types, found in titles.

`derive_type("Xerox 006R90321 toner cartridge Original Black")` gives "toner cartridge";
`canonical_type("Notebook")` gives "laptop". Both return lower-case canonical names, so a type
derived from a catalog title and one derived from a shopper's words compare equal.

The vocabulary was built from the 19,406 Icecat titles and the 3,291 Best Buy phone titles:
derive_type names a type for about 90% and 97% of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from retrieval.catalog.product import Product
from retrieval.catalog.vocabulary import table

_VOCAB = table("product_types")  # vocab/product_types.v1.yaml

# phrase -> canonical type. Phrases match whole words, case-insensitively, with an optional
# plural "s"/"es"; irregular plurals are listed. A longer phrase beats a shorter one at the same
# place ("notebook case" is a case, "toner cartridge" is not an ink cartridge).
_GROUPS: dict[str, tuple[str, ...]] = {t: tuple(ps) for t, ps in _VOCAB["types"].items()}

# Product-line names and hints used only when no type phrase matches ("iPhone 7 Case" is a case).
_WEAK: dict[str, str] = dict(_VOCAB["lines"])
_LINE_MAKERS: dict[str, str] = dict(_VOCAB["line_makers"])  # a line names a type in its maker's titles only

# Words that can sit between two type phrases without breaking a compound: in "Monitor VGA
# Extension Cable" the head noun "cable" names the type, the words before say what it is for.
_MODIFIERS = frozenset(_VOCAB["modifiers"])
# Devices an accessory is "for"; after "for" they name what it fits, not what it is.
_FIT_TARGETS = FIT_TARGETS = frozenset(_VOCAB["fit_targets"])

# Type names that only a catalog's type field may use: in titles "PC" is as often "2 PC" (pieces).
_FIELD_ONLY: dict[tuple[str, ...], str] = {tuple(k.split()): v for k, v in _VOCAB["field_only"].items()}
# A catalog type field's first word that names the kind when no type phrase ends the value: Icecat
# files doll clothes, shoes and seats as "Doll dress", "Doll shoes", "Doll travel seat".
_FIELD_FIRST_WORDS: dict[str, str] = dict(_VOCAB["field_first_words"])

_TOKEN_RE = re.compile(r"[a-z0-9]+(?:[.+][a-z0-9]+)*\+?|[,;:()|\[\]]")
_TOKEN_RE_ANY_CASE = re.compile(_TOKEN_RE.pattern, re.IGNORECASE)


def _tokens(text: str) -> list[str]:
    # " - " and " + " end a phrase: "Micro SDXC Card + Adapter" is a card sold with an adapter.
    text = text.lower().replace("pc(s)", "pcs").replace(" - ", " | ").replace(" + ", " | ")
    return _TOKEN_RE.findall(text)


def _lower_case_tokens(text: str) -> list[bool]:
    """For each of `_tokens(text)`, whether the title writes it in lower case ("printer roller"
    in "Lexmark 10E0045 printer roller Printer transfer roller")."""
    text = re.sub("pc\\(s\\)", "pcs", text, flags=re.IGNORECASE).replace(" - ", " | ").replace(" + ", " | ")
    return [t.islower() for t in _TOKEN_RE_ANY_CASE.findall(text)]


def _plurals(word: str) -> tuple[str, ...]:
    """The regular plurals of `word`: "cable" -> "cables", "box" -> "boxes", "battery" -> "batteries"."""
    plurals = (word + "s", word + "es")
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        plurals += (word[:-1] + "ies",)
    return plurals


def _build(groups: dict[str, str]) -> tuple[dict[tuple[str, ...], str], dict[str, int]]:
    table: dict[tuple[str, ...], str] = {}
    for phrase, canon in groups.items():
        toks = tuple(_tokens(phrase))
        table[toks] = canon
    for toks, canon in list(table.items()):  # regular plurals, never overriding a listed phrase
        if toks[-1].isalpha():
            for plural in _plurals(toks[-1]):
                table.setdefault(toks[:-1] + (plural,), canon)
    longest: dict[str, int] = {}  # first token -> longest phrase starting with it
    for toks in table:
        longest[toks[0]] = max(longest.get(toks[0], 0), len(toks))
    return table, longest


_STRONG, _STRONG_FIRST = _build({p: c for c, ps in _GROUPS.items() for p in ps})
_WEAK_TABLE, _WEAK_FIRST = _build(_WEAK)

# Supplies whose title names no type ("HP 85 Original Light magenta"): Icecat titles consumables
# "<model> Original <colour>". Laser brands and HP's "A"/"X" codes are toner, the rest ink.
_SUPPLY_RE = re.compile(
    r"\boriginal\b.*\b(black|cyan|magenta|yellow|gr[ae]y|colou?r|tri-colou?r)\b"
    r"|\b(black|cyan|magenta|yellow)\b.*\boriginal\b",
    re.IGNORECASE,
)
_TONER_HINT_RE = re.compile(
    r"^(kyocera|lexmark|oki|xerox|ricoh|sharp|dynabook|toshiba|samsung|konica|utax|develop)\b"
    r"|\b(tk|tn|mlt|clt)-|\bhp \d{2,3}[ax]\b|\bcanon \d{3}h?\b"
    r"|\bc-exv\s?\d|\bcanon e\d{2}\b|\b(npg|gpr)-\d",  # Canon copier toner: C-EXV5, E30, NPG-1
    re.IGNORECASE,
)
# A laser "print cartridge" holds toner: Xerox's, and those for a laser model ("Lexmark T632,
# T634 ... Print Cartridge"); Lexmark's numbered inkjet ones ("#41", "No.37") hold ink.
_LASER_CARTRIDGE_RE = re.compile(
    r"^xerox\b(?!.*\b(solid ink|ink)\b)|\b(phaser|laser\w*)\b|^lexmark\b.*\b(optra|[ctewxm]\d{2,3}[a-z]{0,2})\b",
    re.IGNORECASE,
)
# Brother's P-touch tape cassettes, titled by their code alone ("Brother TC54Z1 Red,White TC", "Brother TZ-231")
_LABEL_TAPE_RE = re.compile(r"^brother\s+(?:tc|tze?)-?\d", re.IGNORECASE)
# Lengths that follow a number in the run of codes and sizes before Icecat's category
_UNIT_WORDS = frozenset({"ft", "m", "cm", "mm", "in", "inch", "feet"})
# Words after a disc format that make the product a drive for such discs.
_DRIVE_WORDS = frozenset(_VOCAB["disc_drive_words"])
_LENS_RE = re.compile(r"\b\d+(-\d+)?\s?mm\b.*\bf/?\d", re.IGNORECASE)
_DIAGONAL_RE = re.compile(r'\(([\d.]+)"\)')
_PHONE_OS_RE = re.compile(r"\b(android|ios|dual sim)\b", re.IGNORECASE)
_PC_HINT_RE = re.compile(r"\b(intel|amd|windows|core|celeron|ryzen)\b", re.IGNORECASE)


def _screen_type(title: str) -> str:
    """Icecat titles devices by their specs alone: 'DELL P2419HC 61 cm (24") 1920 x 1080 pixels'."""
    m = _DIAGONAL_RE.search(title)
    if not m:
        return ""
    inches = float(m.group(1)) if m.group(1).replace(".", "", 1).isdigit() else 0.0
    if _PHONE_OS_RE.search(title):
        return "smartphone" if inches < 7.5 else "tablet"
    if "pixels" in title and _PC_HINT_RE.search(title):
        return "laptop"
    if "pixels" in title and inches >= 15:
        return "monitor"
    return ""


def _find(toks: list[str], table: dict, first: dict[str, int]) -> list[tuple[int, int, str]]:
    """Non-overlapping phrase matches, left to right, longest first: (start, end, canonical)."""
    found, i, n = [], 0, len(toks)
    while i < n:
        for length in range(min(first.get(toks[i], 0), n - i), 0, -1):
            canon = table.get(tuple(toks[i : i + length]))
            if canon:
                found.append((i, i + length, canon))
                i += length
                break
        else:
            i += 1
    return found


@lru_cache(maxsize=65536)
def derive_type(title: str, brand: str = "") -> str:
    """The canonical type named in a product title (lower case), or "" when none is found.

    The first type phrase in the title wins, unless it is a modifier of the phrase right after
    it: the compound's head noun names the type ("Keyboard/Mouse Cable" is a cable, "notebook
    dock/port replicator" a docking station, "TV floorstand" a stand). A phrase followed by "to"
    is the source end of a cable or adapter, never the head ("Adapter VGA-monitor to DVI-out").
    A device named before "for" is the accessory named last after it, up to "with": Icecat puts
    its category last ("Chief Projector Stabilization Kit for Columns project mount").
    Words of `brand` at the start of the title are skipped ("Case Logic ... backpack").
    """
    toks = _tokens(title)
    lower = _lower_case_tokens(title)
    brand_toks = _tokens(brand)
    full, skipped = toks, 0
    if brand_toks and toks[: len(brand_toks)] == brand_toks:
        toks, lower, skipped = toks[len(brand_toks) :], lower[len(brand_toks) :], len(brand_toks)
    after: list[str] = []
    if "for" in toks[1:]:  # "Case for Apple iPhone 7": what follows "for" is what it fits
        cut = toks.index("for", 1)
        toks, after = toks[:cut], toks[cut + 1 :]
    # "Under-Desk Storage Tray", "bolt through desk - mount": a type word after a place word says
    # where the product goes, not what it is
    found = [m for m in _find(toks, _STRONG, _STRONG_FIRST) if not (m[0] and toks[m[0] - 1] in _PLACE_WORDS)
             # "KVM switch Rack mounting": a type word before "mounting" says how it is fitted
             and toks[m[1]:m[1] + 1] != ["mounting"]]
    category = False  # whether found[0] is Icecat's lower-case category: the compound ends with it
    if len(lower) >= len(toks):
        # Icecat writes its category in lower case right after the model code (the first words
        # with digits), among capitalised names: in "Lexmark 10E0045 printer roller Printer transfer roller" or "APC Basic Rack
        # 14.4kW power distribution unit (PDU)" that phrase says what the product is.
        coded = [any(ch.isdigit() for ch in t) for t in toks]
        code = coded.index(True) if True in coded else len(toks)
        after_code = next((i for i in range(code, len(toks)) if not coded[i]), len(toks))
        if (after_code < len(toks) and toks[after_code] in _UNIT_WORDS
                and toks[after_code - 1].isdigit()):  # a length: "... VGA video - 6 ft network switch component"
            after_code += 1
        first_lower = next((i for i, (s, e, _) in enumerate(found) if s == after_code and all(lower[s:e])), None)
        if first_lower is None and code == len(toks):
            # no model code: the category is the last lower-case phrase among capitalised words
            # ("C2G Repeater Kit remote control Wired", "Canon Cap extender E II lens cap Black")
            first_lower = next((i for i in range(len(found) - 1, -1, -1) if _category_word(toks, lower, found[i], title)), None)
        if first_lower is not None:
            found, category = found[first_lower:], True
    # Icecat puts its category last: "Combination Lock for Surface Pro cable lock".
    tail = [m for m in _find(after, _STRONG, _STRONG_FIRST) if m[2] not in _FIT_TARGETS]
    if tail and not found:
        return tail[-1][2]
    # what comes with it is not what it is: "Headset for iPhone with remote and mic"
    with_at = next((i for i, t in enumerate(after) if t in _WITH_WORDS), len(after))
    tail = [m for m in tail if m[1] <= with_at]
    maker = brand.lower()
    lines = [(s - skipped, e - skipped, c) for s, e, c in _find(full[: skipped + len(toks)], _WEAK_TABLE, _WEAK_FIRST)
             if not maker or _LINE_MAKERS.get(" ".join(full[s:e]), maker) in maker]
    if found and any(ls <= found[0][0] and found[0][1] <= le and le - ls > found[0][1] - found[0][0]
                     for ls, le, _ in lines):
        # a line's name holds a type word: "Nintendo Switch Lite" is a console, not a network switch
        return next(c for ls, le, c in lines if ls <= found[0][0] and found[0][1] <= le)
    lines = [m for m in lines if m[0] >= 0]
    # "20 Pin ATX Power Supply to 24 Pin Motherboard Adapter": the source end of an adapter is not its head
    while len(found) > 1 and toks[found[0][1]:found[0][1] + 1] == ["to"]:
        found = found[1:]
    if found:
        _, end, canon = found[0]
        seen = {canon}
        for nstart, nend, ncanon in found[1:]:
            # "Tablet Stand tablet ...": a type met again starts a new phrase, not a compound.
            if (ncanon in seen or not all(t in _MODIFIERS for t in toks[end:nstart])
                    or toks[nend:nend + 1] == ["to"]
                    or (category and canon != "accessory" and not all(lower[nstart:nend]))
                    or (ncanon == "accessory" and canon in _PART_TYPES)  # a "projector mount accessory" is a mount part
                    # "SurgeArrest Notebook": a capitalised device word ending a compound of another type
                    # names what it serves ("... + Battery inkjet printer" is Icecat's category, a printer)
                    or (ncanon in _FIT_TARGETS and canon not in _DEVICE_TYPES and (nstart, nend, ncanon) == found[-1]
                        and len(lower) >= len(toks) and not all(lower[nstart:nend]))):
                break
            end, canon = nend, ncanon
            seen.add(canon)
        if canon == "ink cartridge" and "ink" not in toks and _LASER_CARTRIDGE_RE.search(title):
            return "toner cartridge"
        if canon == "blank disc" and _DRIVE_WORDS & set(toks[end : end + 4]):
            return "optical drive"  # "CD-RW/DVD-ROM Combo Drive", "DVD+RW writer": what reads or writes discs
        if canon in _DEVICE_TYPES and tail and tail[-1][2] in _PART_TYPES:
            return tail[-1][2]
        if category and canon in _DEVICE_TYPES and toks[end:end + 1] in (["kit"], ["kits"]) and lower[end]:
            return "accessory"  # Icecat's "camera kit": a focusing screen or remote, an add-on of the device
        return canon
    if _LABEL_TAPE_RE.search(title):
        return "labels"
    if _SUPPLY_RE.search(title):
        return "toner cartridge" if _TONER_HINT_RE.search(title) else "ink cartridge"
    if _LENS_RE.search(title):
        return "lens"
    screen = _screen_type(title)
    if screen:
        return screen
    return lines[0][2] if lines else ""


def _category_word(toks: list[str], lower: list[bool], match: tuple[int, int, str], title: str) -> bool:
    """Whether a phrase match reads as Icecat's lower-case category in a title with no model code: its
    words in lower case, a word of their own in the title, right after a capitalised word ("Kit
    remote control"; not "VGA-monitor", not "(W) tripod")."""
    start, end, _ = match
    if not start or not all(lower[start:end]) or lower[start - 1] or not toks[start - 1].isalpha():
        return False
    return re.search(r"(?<=\s)" + r"\W+".join(map(re.escape, toks[start:end])) + r"\b", title) is not None


def canonical_type(value: str) -> str:
    """The canonical form of a type name taken from a catalog field ("Notebook" -> "laptop").

    A value that ends in a known type phrase maps to that type ("Stereo portable speaker" ->
    "speaker"); any other value is kept, normalised ("Doll clothes set" -> "doll clothes set").
    """
    if " ".join(value.lower().split()) in _GROUPS:  # a canonical name stays itself ("paper notebook")
        return " ".join(value.lower().split())
    toks = tuple(t for t in _tokens(value) if t not in "()")
    # a parenthesised qualifier may name the kind ("Hybrid (2-in-1)") or only qualify it
    # ("Mini PC (<= 3L)" is a mini PC)
    unqualified = tuple(_tokens(re.sub(r"\([^)]*\)", " ", value)))
    for candidate in (toks, unqualified):
        for start in range(len(candidate)):  # the longest known phrase the value ends with
            canon = _STRONG.get(candidate[start:]) or _FIELD_ONLY.get(candidate[start:])
            if canon:
                return canon
    if toks and toks[0] in _FIELD_FIRST_WORDS:
        return _FIELD_FIRST_WORDS[toks[0]]
    return " ".join(value.lower().split())


def known_types() -> list[str]:
    """Every canonical type name, sorted."""
    return sorted(_GROUPS)


def type_phrases() -> dict[str, tuple[str, ...]]:
    """Canonical type -> the phrases that name it ("laptop" -> ("laptop", "notebook", ...))."""
    return dict(_GROUPS)


def device_part_kind(device: str, word: str) -> str:
    """The kind a word names after one device only ("laptop" + "charger" -> "power adapter": the
    catalog files laptop chargers as power adapters); "" where the word means its usual kind."""
    return _DEVICE_PART_WORDS.get(device, {}).get(word.lower(), "")


def line_maker(line: str) -> str:
    """The maker of a product line ("thinkpad" -> "lenovo", "pixel" -> "google"); "" if not known."""
    return _LINE_MAKERS.get(line.lower(), "")


def line_phrases() -> dict[str, str]:
    """Product-line names and hints -> the type they suggest ("iphone" -> "smartphone")."""
    return dict(_WEAK)


# ---- the ranker's reading: an accessory named after a device word is the accessory -----------

# Types that are things one buys for another product. In "Kensington Laptop Lock" or "Samsonite
# Laptop Roller bag" the device word says what the item fits and the accessory word what it is.
ACCESSORY_TYPES = frozenset(_VOCAB["accessory_types"])
# Accessory head words the type vocabulary does not list (or lists under a device type).
_ACCESSORY_WORDS: dict[tuple[str, ...], str] = {tuple(k.split()): v for k, v in _VOCAB["accessory_words"].items()}
# Accessory words after one device only: a "laptop roller" is a bag, a "server cabinet" a rack.
_DEVICE_PART_WORDS: dict[str, dict[str, str]] = {d: dict(ws) for d, ws in _VOCAB["device_part_words"].items()}
_ACCESSORY_FIRST = {toks[0]: max(len(t) for t in _ACCESSORY_WORDS if t[0] == toks[0]) for toks in _ACCESSORY_WORDS}
# Device types an accessory word can follow ("Mouse Wrist Pillow"); others ("surge protector",
# "PDU ... Rack-Mount") name their own parts and fittings.
_DEVICE_TYPES = _FIT_TARGETS | frozenset(_VOCAB["device_types"])
# Peripherals a device word can go before as a modifier: "Laptop Internal UK Keyboard".
_HEAD_PERIPHERALS = frozenset(_VOCAB["head_peripherals"])
# Expansion cards, named after the device whose slot they fit ("ExpressCard Laptop ... Adapter Card")
_CARD_TYPES = frozenset({"interface card", "network card", "sound card", "graphics card"})
_NEAR = 3  # at most this many words between the device word and the accessory word
# Words after which a title lists what comes with the item or what it fits, not what it is.
_CUT_WORDS = frozenset(_VOCAB["cut_words"])


@lru_cache(maxsize=65536)
def item_type(title: str, brand: str = "", base: str = "") -> str:
    """The type the ranker compares: `base` (or `derive_type(title, brand)`), except that a device
    type gives way to an accessory named after the device word ("Kensington Laptop Lock" is a
    cable lock, "Kensington Mouse Wrist Pillow" a wrist rest) before any "for"/"with" clause.

    Retrieval keeps `derive_type`'s answer (it is stored in the product record and so in its
    content hash and embedded text); only the ranking features read this one.
    """
    base = base or derive_type(title, brand)
    if base not in _DEVICE_TYPES:
        return base
    toks = _tokens(title)
    brand_toks = _tokens(brand)
    if brand_toks and toks[: len(brand_toks)] == brand_toks:
        toks = toks[len(brand_toks):]
    cut = next((i for i, t in enumerate(toks) if i and t in _CUT_WORDS), len(toks))
    toks = toks[:cut]
    ends = [e for _, e, canon in _find(toks, _STRONG, _STRONG_FIRST) + _find(toks, _WEAK_TABLE, _WEAK_FIRST)
            if canon == base]
    if not ends:
        return base
    end = min(ends)
    accessories = [(s, canon) for s, _, canon in _find(toks, _STRONG, _STRONG_FIRST)
                   if canon in ACCESSORY_TYPES or canon in _CARD_TYPES]  # "Laptop 1394a Firewire Adapter Card"
    accessories += [(s, canon) for s, _, canon in _find(toks, _ACCESSORY_WORDS, _ACCESSORY_FIRST)]
    # The head noun of a compound is what it is: "Laptop Internal UK Keyboard" is a keyboard.
    # Only peripherals, and only with no spec between ("Laptop 16GB RAM 512GB SSD" is a laptop).
    # A device's "internal" keyboard is a replacement part of it ("Laptop Internal UK Keyboard").
    accessories += [(s, "spare part" if "internal" in toks[end:s] else canon)
                    for s, _, canon in _find(toks, _STRONG, _STRONG_FIRST)
                    if canon in _HEAD_PERIPHERALS and canon != base and s >= end
                    and not any(ch.isdigit() for t in toks[end:s] for ch in t)]
    part_words = _DEVICE_PART_WORDS.get(base, {})
    accessories += [(s, part_words[t]) for s, t in enumerate(toks) if t in part_words]
    near = [(s, canon) for s, canon in accessories
            if end <= s <= end + _NEAR and not any(t in ",;:()|[]" for t in toks[end:s])]
    return max(near)[1] if near else base


# Supplies and parts of one device kind, whatever the title names: toner is for a printer.
_SUPPLIES_FOR: dict[str, str] = dict(_VOCAB["supplies_for"])
_PART_TYPES = ACCESSORY_TYPES | frozenset(_SUPPLIES_FOR)
_PLACE_WORDS = frozenset({"under", "through", "beneath", "behind", "below", "underneath"})
_WITH_WORDS = frozenset({"with", "w", "incl", "including"})
# Device phrases alone: in "Laptop Bag" the accessory's phrase holds the device it fits.
_DEVICE_TABLE = {toks: canon for toks, canon in _STRONG.items() if canon in _DEVICE_TYPES}
_DEVICE_FIRST = {toks[0]: max(len(t) for t in _DEVICE_TABLE if t[0] == toks[0]) for toks in _DEVICE_TABLE}


def kind_of(product: Product) -> str:
    """What a product is, accessories apart: the Kensington Laptop Lock is a cable lock, not a laptop.
    The kind assigned at ingest (`product.kind`) when there is one, else the vocabulary's reading
    (`rule_kind`)."""
    return product.kind or rule_kind(product.title, product.brand, product.product_type)


def rule_kind(title: str, brand: str = "", field: str = "", description: str = "",
              specs: Mapping[str, str] | None = None) -> str:
    """The vocabulary's kind: the catalog's type `field` (canonicalised) or the title's type, with
    an accessory named after a device word taking the device's place (see `item_type`). A title
    that calls the product a spare part makes it one, whatever part it is ("notebook spare part
    Keyboard" is no keyboard a shopper can plug in). A title with no type word ("DELL DM254
    Original Black", "Sony BC-TRM") leaves it to the `description`, where that names one ("Toner
    Black 2000p", "AC Charger for InfoLITHIUM batteries"). A device that the title or the `specs` (an
    EU toy-safety warning) call a toy is a toy ("AXI Phone Green", "Denver ... kids' electronic")."""
    if _SPARE_PART_RE.search(title):
        return "spare part"
    if _SERVICE_RE.search(title):
        return "warranty"  # "HP Network Install DesignJet Win/Mac Service": the service, not the printer
    base = canonical_type(field) if field else ""
    named = derive_type(title, brand)
    if base and named.endswith(" " + base):  # the title is more precise: a "Baby Monitor" filed as a monitor
        base = named
    kind = item_type(title, brand, base)
    if kind in _DEVICE_TYPES and (named == "toy" or any(k.lower().startswith("eu tsd") for k in specs or ())):
        return "toy"
    if (kind == "rack" or not kind and _RACK_LINE_RE.search(title)) and _rack_part(title):
        return "spare part"  # "APC NetShelter WX 13U Glass Front Door", "NetShelter SX Trim Kit": a part of a rack
    if kind in _FIT_TARGETS and _OUTLETS_RE.search(title):
        return "surge protector"  # "APC Essential SA 5 TV, GR 5 AC outlet(s)": mains gear, not the TV it protects
    if description and not field and not _find(_tokens(title), _STRONG, _STRONG_FIRST):
        kind = _described(kind, description, brand)
    if kind in _DEVICE_TYPES:
        # A maker named for an accessory ("RAM Mounts", "Case Logic") whose title names only the
        # device it fits ("RAM Mounts EZ-Roll'r Tablet/UMPC") makes that accessory.
        made = [c for _, _, c in _find(_tokens(brand), _STRONG, _STRONG_FIRST) if c in ACCESSORY_TYPES]
        if made:
            return made[0]
    return kind


def _rack_part(title: str) -> bool:
    """Whether a rack's title names one of its parts (doors, side panels, roof, casters) as what it is,
    not as what comes with it ("Server Rack Cabinet w/ Mesh Door", "... - Includes Casters")."""
    toks = _tokens(title)
    cut = next((i for i, t in enumerate(toks) if i and (t in _CUT_WORDS or t in ("|", "includes", "no"))), len(toks))
    return bool(_RACK_PART_WORDS & set(toks[:cut]))


# Parts of a rack cabinet its titles name (data/kinds/README.md: side panels, feet, ducting are spare parts)
_RACK_PART_WORDS = frozenset(_VOCAB["rack_part_words"])
# Rack cabinet lines, for a part whose title names no type ("Tripp Lite SmartRack Rolling Caster Kit")
_RACK_LINE_RE = re.compile(r"\b(?:" + "|".join(map(re.escape, _VOCAB["rack_lines"])) + r")\b", re.I)


def _described(kind: str, description: str, brand: str) -> str:
    """The kind of a product whose title names no type, with its description's help: whether a
    supply the title only calls "Original Black" holds ink or toner, and for a title that gave no
    kind, the type named in the description's first clause (a spec list's later clauses name parts:
    "Intel Celeron 4205U, 4GB DDR4, 120GB SSD" is no SSD)."""
    words = set(_tokens(description))
    if kind in ("ink cartridge", "toner cartridge"):
        if "toner" in words and "ink" not in words:
            return "toner cartridge"
        return "ink cartridge" if "ink" in words and "toner" not in words else kind
    clause = re.split(r"[,;!?]|\.\s", description, maxsplit=1)[0]
    first = _tokens(clause)
    # a label ("Lens hood EW 83 E", "TN-4100 Toner for HL-6050"), not a sentence about what it does
    if kind or _VERBS & set(re.findall(r"[\w-]+", clause)) or not _find(first, _STRONG, _STRONG_FIRST):
        return kind
    return rule_kind(clause, brand)


# (in lower case: "IXUS 870 IS" is a camera model)
_VERBS = frozenset({"is", "are", "adds", "lets", "gives", "makes", "offers", "provides", "Enjoy", "keeps", "helps", "Connect",
                    "listen", "Make", "Get"})
# A title that ends by naming a service (the thing sold is the service, whatever device it names)
_SERVICE_RE = re.compile(r"\b(?:services?|svc|service (?:bundle|agreement|pack))\W*$|(?-i:(?<=[a-z])SVC)\W*$", re.I)
_OUTLETS_RE = re.compile(r"\bac outlet\(s\)", re.I)
_SPARE_PART_RE = re.compile(r"\b(?:spare|replacement) parts?\b|\breplacement kits?\b", re.I)


@lru_cache(maxsize=65536)
def fits(title: str, kind: str, brand: str = "") -> str:
    """For an accessory, part or supply, the device kind it is made for ("Kensington Laptop Lock",
    kind "cable lock" -> "laptop"); "" for a device, or where the title names no device.

    The first device phrase of the title other than the kind itself, before or after "for"; a
    supply of one device (toner, ink, drums) is for that device whatever the title says.
    """
    if kind in _SUPPLIES_FOR:
        return _SUPPLIES_FOR[kind]
    if kind not in ACCESSORY_TYPES:
        return ""
    toks = _tokens(title)
    brand_toks = _tokens(brand)
    if brand_toks and toks[: len(brand_toks)] == brand_toks:
        toks = toks[len(brand_toks):]
    # the first device named outside the accessory's own phrase; else one inside it ("Laptop Bag")
    for phrases, first in ((_STRONG, _STRONG_FIRST), (_DEVICE_TABLE, _DEVICE_FIRST)):
        for _, _, canon in _find(toks, phrases, first) + _find(toks, _WEAK_TABLE, _WEAK_FIRST):
            if canon != kind and canon in _DEVICE_TYPES:
                return canon
    if kind == "spare part" and _RACK_LINE_RE.search(title):
        return "rack"  # "Tripp Lite SmartRack Rolling Caster Kit"
    return ""
