"""Product types: a curated vocabulary of electronics and office product types, found in titles.

`derive_type("Xerox 006R90321 toner cartridge Original Black")` gives "toner cartridge";
`canonical_type("Notebook")` gives "laptop". Both return lower-case canonical names, so a type
derived from a catalog title and one derived from a shopper's words compare equal.

The vocabulary was built from the 19,406 Icecat titles and the 3,291 Best Buy phone titles:
derive_type names a type for about 90% and 97% of them.
"""

from __future__ import annotations

import re
from functools import lru_cache

# phrase -> canonical type. Phrases match whole words, case-insensitively, with an optional
# plural "s"/"es"; irregular plurals are listed. A longer phrase beats a shorter one at the same
# place ("notebook case" is a case, "toner cartridge" is not an ink cartridge).
_GROUPS: dict[str, tuple[str, ...]] = {
    # computers
    "laptop": ("laptop", "notebook", "notebook pc", "notebook computer", "chromebook", "netbook",
               "ultrabook", "mobile workstation", "convertible laptop"),
    "desktop pc": ("desktop pc", "desktop computer", "gaming pc", "tower pc", "microtower pc",
                   "minitower pc", "mini pc", "small form factor pc", "all-in-one pc", "aio pc"),
    "workstation": ("workstation",),
    "server": ("server", "rack server", "tower server"),
    "thin client": ("thin client",),
    "barebone": ("barebone", "pc barebone"),
    "tablet": ("tablet", "tablet pc"),
    "smartphone": ("smartphone", "mobile phone", "cell phone", "cellphone", "phone",
                   "prepaid phone", "unlocked phone"),
    "handheld computer": ("handheld computer", "handheld mobile computer", "pda"),
    "game console": ("game console", "portable game console", "games console", "nintendo switch"),
    "game controller": ("game controller", "gamepad", "joystick", "pro controller"),
    "telephone": ("telephone", "ip phone", "voip phone", "dect phone", "cordless phone"),
    "smartwatch": ("smartwatch", "smart watch", "fitness tracker", "activity tracker"),
    "e-book reader": ("e-book reader", "ebook reader", "e-reader"),
    # displays and projection
    "monitor": ("monitor", "computer monitor", "lcd monitor", "signage display", "display",
                "signage flat panel"),
    "photo frame": ("photo frame", "digital photo frame", "photoframe"),
    "tv": ("tv", "television", "smart tv"),
    "projector": ("projector", "data projector", "desktop projector", "ceiling-mounted projector"),
    "projector lamp": ("projector lamp", "projection lamp", "lamp"),
    "projector screen": ("projector screen", "projection screen"),
    # input, audio, video
    "keyboard": ("keyboard", "kbd", "keypad", "numeric keypad", "mobile device keyboard"),
    "keyboard cover": ("keyboard cover",),
    "mouse": ("mouse", "mice", "trackball"),
    "mouse pad": ("mouse pad", "mouse mat", "mousepad"),
    "headphones": ("headphones", "headphone", "head phones", "earphone", "ear phones", "earbud",
                   "ear buds"),
    "headset": ("headset", "bluetooth headset"),
    "vr headset": ("vr headset", "virtual reality headset", "virtual reality viewer", "vr viewer",
                   "vr goggles", "gear vr", "pocket-vr"),
    "speaker": ("speaker", "loudspeaker", "portable speaker", "soundbar", "sound bar"),
    "microphone": ("microphone",),
    "webcam": ("webcam", "web camera"),
    "camera": ("camera", "digital camera", "camcorder", "action camera"),
    "security camera": ("security camera", "ip camera", "network camera", "surveillance camera"),
    "lens": ("lens", "camera lens", "lenses", "camera lens adapter"),
    "lens hood": ("lens hood",),
    "media player": ("media player", "mp3 player", "mp4 player", "dvd player", "blu-ray player",
                     "cd player"),
    "presenter": ("presenter", "wireless presenter", "laser pointer"),
    # printing and supplies
    "printer": ("printer", "inkjet printer", "laser printer", "photo printer", "mfp",
                "multifunction printer", "all-in-one printer", "label printer", "3d printer"),
    "scanner": ("scanner", "barcode scanner", "document scanner"),
    "toner cartridge": ("toner cartridge", "toner", "laser toner", "imaging cartridge",
                        "toner collector", "waste toner container", "waste toner box",
                        "waste cartridge", "developer cartridge"),
    "ink cartridge": ("ink cartridge", "ink", "ink tank", "print cartridge", "singlepack",
                      "multipack", "fax cartridge"),
    "printhead": ("printhead", "print head"),
    "printer drum": ("printer drum", "drum", "drum unit", "drum kit", "image drum",
                     "imaging drum", "drum cartridge", "developer unit", "imaging unit",
                     "photoconductor", "photoconductor unit"),
    "printer kit": ("printer kit", "maintenance kit", "fuser", "fuser kit", "fuser unit",
                    "transfer kit", "transfer belt", "transfer roller", "transfer unit",
                    "roller kit", "exchange roller", "media spindle", "printer belt"),
    "printer ribbon": ("printer ribbon", "ribbon", "fax ribbon", "fax supply"),
    "paper tray": ("paper tray", "tray", "sheet feeder", "feeder", "tray feeder", "duplex unit",
                   "output stacker", "finisher", "cassette"),
    "staples": ("staples", "staple cartridge"),
    "paper": ("paper", "photo paper", "copy paper", "printing paper", "large format media",
              "printable textile", "film", "transparency film"),
    "labels": ("labels", "label", "address labels", "label-making tape", "label tape",
               "labelling tape"),
    "binder": ("binder", "ring binder", "lever arch file", "file storage box", "storage box"),
    "envelope": ("envelope",),
    "paper notebook": ("notebook a4", "notebook a5", "notebook a6", "spiral notebook"),
    # storage and memory
    "ssd": ("ssd", "solid state drive", "internal solid state drive"),
    "hdd": ("hdd", "hard drive", "hard disk", "hard disk drive", "external hard drive",
            "internal hard drive", "hd kit"),
    "usb flash drive": ("usb flash drive", "flash drive", "usb stick", "pen drive"),
    "memory card": ("memory card", "sd card", "microsd card", "flash memory card",
                    "compactflash", "memory stick"),
    "memory module": ("memory module", "dimm", "sodimm", "so-dimm", "printer memory"),
    "optical drive": ("optical drive", "optical disc drive", "dvd drive", "cd drive", "dvd burner",
                      "blu-ray drive"),
    "blank disc": ("cd-r", "cd-rw", "dvd-r", "dvd+r", "dvd-rw", "dvd+rw", "bd-r", "bd-re",
                   "blank blu-ray disc", "blu-ray disc"),
    "nas": ("nas", "network storage", "storage server"),
    "storage enclosure": ("storage enclosure", "hdd enclosure", "drive enclosure"),
    "card reader": ("card reader", "memory card reader"),
    # components
    "processor": ("processor", "cpu"),
    "motherboard": ("motherboard", "mainboard", "desktop board", "server board",
                    "server/workstation board", "workstation board"),
    "graphics card": ("graphics card", "video card", "graphics adapter"),
    "network card": ("network card", "networking card", "network interface card",
                     "network adapter", "ethernet adapter", "nic"),
    "sound card": ("sound card", "audio card"),
    "interface card": ("interface card", "interface cards/adapter", "pc card", "raid controller"),
    "power supply": ("power supply", "power supply unit", "psu"),
    "computer case": ("computer case", "pc case", "chassis", "superchassis"),
    "fan": ("fan", "cpu cooler", "cooler", "heatsink", "hardware cooling accessory"),
    # power
    "ups": ("ups", "uninterruptible power supply", "smart-ups", "line-interactive ups"),
    "pdu": ("pdu", "power distribution unit", "rack pdu"),
    "surge protector": ("surge protector", "surge suppressor", "power strip", "surgearrest",
                        "power extension"),
    "battery": ("battery", "batteries", "battery pack", "rechargeable battery",
                "single-use battery"),
    "power bank": ("power bank", "powerbank", "portable charger", "external battery"),
    "charger": ("charger", "battery charger", "car charger", "wall charger", "vehicle charger",
                "wireless charger", "charging dock", "charging station"),
    "power adapter": ("power adapter", "ac adapter", "power adapter/inverter", "power inverter"),
    # networking
    "router": ("router", "wireless router", "tabletop router", "portable router"),
    "network switch": ("switch", "network switch", "ethernet switch", "managed switch"),
    "kvm switch": ("kvm switch", "console switch", "kvm console", "lcd console"),
    "access point": ("access point", "wireless access point"),
    "range extender": ("range extender", "wi-fi extender", "repeater"),
    "modem": ("modem",),
    "print server": ("print server",),
    "transceiver": ("transceiver", "sfp", "media converter", "network media converter"),
    "powerline adapter": ("powerline adapter", "powerline network adapter"),
    "antenna": ("antenna",),
    "patch panel": ("patch panel", "faceplate", "wall plate", "keystone"),
    "rack": ("rack", "rack cabinet", "server rack", "rack enclosure", "rack accessory"),
    # cables and connectors
    "cable": ("cable", "cord", "patch cable", "patch cord", "networking cable", "network cable",
              "ethernet cable", "usb cable", "hdmi cable", "audio cable", "video cable",
              "power cable", "power cord", "fiber optic cable", "fibre optic cable",
              "extension cable", "kvm cable", "data cable", "charging cable", "null modem"),
    "adapter": ("adapter", "cable adapter", "gender changer", "coupler", "converter",
                "cable interface/gender adapter", "power plug adapter"),
    "splitter": ("splitter", "video splitter", "video switch", "av matrix switcher"),
    "extender": ("extender", "av extender", "kvm extender", "hdmi extender"),
    "cable lock": ("cable lock", "security lock", "notebook lock"),
    "cable management": ("cable management", "cable organizer", "cable tie"),
    "docking station": ("docking station", "dock", "port replicator", "dock/port replicator"),
    "usb hub": ("usb hub", "hub"),
    # cases, bags, mounts
    "case": ("case", "hardshell", "hardshell case", "notebook case", "laptop case", "sleeve",
             "cover", "protective case", "folio", "briefcase", "hard shell", "soft shell",
             "shell", "armband", "holster", "belt clip", "wallet", "camera case", "phone case"),
    "bag": ("bag", "laptop bag", "messenger bag", "shoulder bag", "tote"),
    "backpack": ("backpack", "rucksack"),
    "screen protector": ("screen protector", "privacy filter", "privacy screen",
                         "display privacy filter", "tempered glass"),
    "mount": ("mount", "wall mount", "desk mount", "ceiling mount", "tv mount", "monitor mount",
              "flat panel mount", "mount arm", "extension pole", "monitor arm", "bracket",
              "mounting kit", "car mount", "vent mount"),
    "stand": ("stand", "monitor stand", "laptop stand", "notebook stand", "display stand"),
    "holder": ("holder", "grip", "finger grip", "kickstand"),
    "watch band": ("watch band", "watch strap", "strap", "wrist strap", "sport band",
                   "leather band", "link band", "silicone band", "double-wrap band"),
    "prepaid card": ("prepaid card", "refill card", "top-up card", "airtime", "prepaid minutes"),
    "sim card": ("sim card", "sim kit"),
    "mobile hotspot": ("mobile hotspot", "hotspot"),
    "tracker": ("tracker", "tracker tag", "bluetooth tracker"),
    "tripod": ("tripod", "selfie stick", "selfie-stick", "monopod"),
    # office and household
    "calculator": ("calculator",),
    "shredder": ("shredder", "paper shredder"),
    "laminator": ("laminator",),
    "laminating pouch": ("laminating pouch", "laminator pouch"),
    "whiteboard": ("whiteboard",),
    "shaver": ("shaver", "hair clipper", "trimmer", "epilator"),
    "binoculars": ("binoculars", "binocular"),
    "flashlight": ("flashlight", "torch"),
    "radio": ("radio", "clock radio"),
    "fax machine": ("fax machine", "fax"),
    "sensor": ("sensor",),
    "hair styler": ("hair styler", "multi-styler", "hair dryer", "hair straightener"),
    "iron": ("steam iron", "ironing system", "steam generator iron"),
    "light bulb": ("light bulb", "bulb", "halogen bulb", "led bulb"),
    "home audio": ("home audio", "home theatre system", "home cinema system", "micro system",
                   "home audio set"),
    "remote control": ("remote control",),
    "chair": ("chair", "office chair"),
    "desk": ("desk", "computer desk"),
    "stylus": ("stylus", "stylus pen"),
    "coffee machine": ("coffee machine", "coffee maker", "espresso machine"),
    "kitchen appliance": ("kettle", "toaster", "blender", "deep fryer", "food processor",
                          "microwave", "hob"),
    "vacuum cleaner": ("vacuum cleaner",),
    "filter": ("filter", "exhaust filter", "filter kit"),
    "doll": ("doll",),
    "doll accessory": ("doll accessory",),
    "toy": ("toy", "playset", "puzzle", "jigsaw puzzle"),
    "software": ("software", "licence", "license", "software support contract"),
    "warranty": ("warranty", "extended warranty", "service pack", "care pack",
                 "warranty extension"),
    "spare part": ("spare part", "notebook spare part"),
}

# Product-line names and hints used only when no type phrase matches ("iPhone 7 Case" is a case).
_WEAK: dict[str, str] = {
    "iphone": "smartphone", "galaxy": "smartphone", "ipad": "tablet", "galaxy tab": "tablet",
    "unmanaged": "network switch", "sata": "hdd", "macbook": "laptop", "thinkpad": "laptop",
    "memory": "memory module", "nvme": "ssd", "desktop": "desktop pc", "ipod": "media player",
    "xbox": "game console", "playstation": "game console", "ps4": "game console",
    "laserjet": "printer", "officejet": "printer", "deskjet": "printer", "photosmart": "printer",
    "pixma": "printer", "inkjet": "printer", "ppm": "printer", "atx": "motherboard",
    "netshelter": "rack", "year": "warranty", "years": "warranty", "onsite": "warranty",
    "on-site": "warranty", "next business day": "warranty", "renewal": "warranty",
    "accessory": "accessory", "accessories": "accessory",
}

# Words that can sit between two type phrases without breaking a compound: in "Monitor VGA
# Extension Cable" the head noun "cable" names the type, the words before say what it is for.
_MODIFIERS = frozenset(
    "usb vga hdmi dvi displayport ethernet rj45 sata power audio video stereo ac dc network "
    "networking wireless bluetooth micro mini type c a b m f male female lightning external "
    "internal portable replacement spare universal cooling 3.5mm 2.0 3.0 3.1 ps 2 serial "
    "parallel charging data travel car".split()
)
# Devices an accessory is "for"; after "for" they name what it fits, not what it is.
_FIT_TARGETS = frozenset({
    "smartphone", "tablet", "laptop", "desktop pc", "printer", "camera", "tv", "monitor",
    "smartwatch", "game console", "server", "workstation", "media player", "projector",
})

# Type names that only a catalog's type field may use: in titles "PC" is as often "2 PC" (pieces).
_FIELD_ONLY: dict[tuple[str, ...], str] = {
    ("pc",): "desktop pc", ("pcs",): "desktop pc", ("2", "in", "1"): "laptop",  # "2-in-1 cable"
}

_TOKEN_RE = re.compile(r"[a-z0-9]+(?:[.+][a-z0-9]+)*\+?|[,;:()|\[\]]")


def _tokens(text: str) -> list[str]:
    text = text.lower().replace("pc(s)", "pcs").replace(" - ", " | ")
    return _TOKEN_RE.findall(text)


def _build(groups: dict[str, str]) -> tuple[dict[tuple[str, ...], str], dict[str, int]]:
    table: dict[tuple[str, ...], str] = {}
    for phrase, canon in groups.items():
        toks = tuple(_tokens(phrase))
        table[toks] = canon
    for toks, canon in list(table.items()):  # regular plurals, never overriding a listed phrase
        if toks[-1].isalpha():
            for suffix in ("s", "es"):
                table.setdefault(toks[:-1] + (toks[-1] + suffix,), canon)
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
    r"|\b(tk|tn|mlt|clt)-|\bhp \d{2,3}[ax]\b|\bcanon \d{3}h?\b",
    re.IGNORECASE,
)
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
    it ("Keyboard/Mouse Cable" is a cable, "notebook dock/port replicator" a docking station).
    Words of `brand` at the start of the title are skipped ("Case Logic ... backpack").
    """
    toks = _tokens(title)
    brand_toks = _tokens(brand)
    if brand_toks and toks[: len(brand_toks)] == brand_toks:
        toks = toks[len(brand_toks) :]
    after: list[str] = []
    if "for" in toks[1:]:  # "Case for Apple iPhone 7": what follows "for" is what it fits
        cut = toks.index("for", 1)
        toks, after = toks[:cut], toks[cut + 1 :]
    found = _find(toks, _STRONG, _STRONG_FIRST)
    if not found and after:
        # Icecat puts its category last: "Combination Lock for Surface Pro cable lock".
        tail = [m for m in _find(after, _STRONG, _STRONG_FIRST) if m[2] not in _FIT_TARGETS]
        if tail:
            return tail[-1][2]
    if found:
        _, end, canon = found[0]
        seen = {canon}
        for nstart, nend, ncanon in found[1:]:
            # "Tablet Stand tablet ...": a type met again starts a new phrase, not a compound.
            if ncanon in seen or not all(t in _MODIFIERS for t in toks[end:nstart]):
                break
            end, canon = nend, ncanon
            seen.add(canon)
        return canon
    if _SUPPLY_RE.search(title):
        return "toner cartridge" if _TONER_HINT_RE.search(title) else "ink cartridge"
    if _LENS_RE.search(title):
        return "lens"
    screen = _screen_type(title)
    if screen:
        return screen
    weak = _find(toks, _WEAK_TABLE, _WEAK_FIRST)
    return weak[0][2] if weak else ""


def canonical_type(value: str) -> str:
    """The canonical form of a type name taken from a catalog field ("Notebook" -> "laptop").

    A value that ends in a known type phrase maps to that type ("Stereo portable speaker" ->
    "speaker"); any other value is kept, normalised ("Doll clothes set" -> "doll clothes set").
    """
    toks = tuple(t for t in _tokens(value) if t not in "()")
    for start in range(len(toks)):  # the longest known phrase the value ends with
        canon = _STRONG.get(toks[start:]) or _FIELD_ONLY.get(toks[start:])
        if canon:
            return canon
    return " ".join(value.lower().split())


def known_types() -> list[str]:
    """Every canonical type name, sorted."""
    return sorted(_GROUPS)


# ---- the ranker's reading: an accessory named after a device word is the accessory -----------

# Types that are things one buys for another product. In "Kensington Laptop Lock" or "Samsonite
# Laptop Roller bag" the device word says what the item fits and the accessory word what it is.
ACCESSORY_TYPES = frozenset({
    "case", "bag", "backpack", "cable lock", "charger", "power adapter", "adapter", "stand",
    "cable", "mount", "holder", "screen protector", "docking station", "keyboard cover",
    "mouse pad", "watch band", "stylus", "tripod", "projector lamp", "lens hood", "spare part",
    "wrist rest", "cooling pad", "battery", "power bank", "usb hub", "cable management",
    "remote control", "filter", "splitter", "extender", "warranty",
})
# Accessory head words the type vocabulary does not list (or lists under a device type).
_ACCESSORY_WORDS: dict[tuple[str, ...], str] = {
    ("lock",): "cable lock", ("locks",): "cable lock",
    ("pillow",): "wrist rest", ("wrist", "rest"): "wrist rest", ("wrist", "rests"): "wrist rest",
    ("wristrest",): "wrist rest", ("palm", "rest"): "wrist rest", ("skin",): "case",
    ("skins",): "case", ("adaptor",): "adapter", ("cooling", "pad"): "cooling pad",
    ("cooling", "pads"): "cooling pad", ("chargers",): "charger",
}
# Only after a laptop: a "printer roller" is a printer part, a "laptop roller" a bag on wheels.
_LAPTOP_ONLY = {"roller": "bag", "rollers": "bag", "trolley": "bag"}
_ACCESSORY_FIRST = {toks[0]: max(len(t) for t in _ACCESSORY_WORDS if t[0] == toks[0]) for toks in _ACCESSORY_WORDS}
# Device types an accessory word can follow ("Mouse Wrist Pillow"); others ("surge protector",
# "PDU ... Rack-Mount") name their own parts and fittings.
_DEVICE_TYPES = _FIT_TARGETS | {
    "mouse", "keyboard", "hdd", "ssd", "headphones", "headset", "speaker", "ups", "webcam",
    "game controller", "handheld computer", "e-book reader",
}
_NEAR = 3  # at most this many words between the device word and the accessory word
# Words after which a title lists what comes with the item or what it fits, not what it is.
_CUT_WORDS = frozenset({"for", "with", "w", "incl", "including", "plus", "compatible", "fits"})


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
    accessories = [(s, canon) for s, _, canon in _find(toks, _STRONG, _STRONG_FIRST) if canon in ACCESSORY_TYPES]
    accessories += [(s, canon) for s, _, canon in _find(toks, _ACCESSORY_WORDS, _ACCESSORY_FIRST)]
    if base == "laptop":
        accessories += [(s, _LAPTOP_ONLY[t]) for s, t in enumerate(toks) if t in _LAPTOP_ONLY]
    near = [(s, canon) for s, canon in accessories
            if end <= s <= end + _NEAR and not any(t in ",;:()|[]" for t in toks[end:s])]
    return max(near)[1] if near else base
