"""Product lines and their makers, mined from a catalog's own titles: "Galaxy" is Samsung's,
"ThinkPad" Lenovo's, "Moto" Motorola's.

Shoppers name a line where the catalog names the brand ("a Galaxy S10", "thinkpad under 800"). A
title names its line right after its brand ("Lenovo ThinkPad X1 ..."); a word that stands there
in several device titles of one brand, and that the catalog's devices of other brands rarely
use, is that brand's line. Accessories are left out of the count: a "Case for Galaxy S10" is made by others, and
the same word names what it fits, not who made it. The mining is per kind as well, so "galaxy"
means Samsung for a phone but nothing for a case.

Model names are mined too: the letters of the model code a maker puts after its name ("Huawei P40",
"Samsung Galaxy A41", "Huawei Honor 8S") name a family of one kind when nearly all its devices are
of that kind, so a shopper's "Huawei P30 Pro" or "Samsung A50" is a smartphone although the
catalog has neither model.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from retrieval.catalog.colours import colour_words
from retrieval.catalog.product import Product
from retrieval.catalog.product_types import ACCESSORY_TYPES, type_phrases
from retrieval.catalog.vocabulary import table, word_set

# Whole words of three letters or more: "ddr4" is no line "ddr"; two letters ("xs", "tl") are model
# codes more often than lines.
_WORD = re.compile(r"(?<![a-z0-9])[a-z]{3,}(?![a-z0-9])")
# Devices shoppers name by their model alone ("honor 10 lite", "ideapad 3"): a family word names one
# of these without its maker; for other kinds ("type 6" toner) the maker must be named too.
_NAMED_BY_MODEL = frozenset(table("product_types")["fit_targets"])


def _generic_words() -> frozenset[str]:
    """Words that are never a product line: type words, colours, everyday marketing words."""
    types = {w for phrases in type_phrases().values() for p in phrases for w in _WORD.findall(p)}
    return frozenset(types | set(colour_words("field")) | word_set("words", "stopwords") | word_set("words", "line_generic"))


@dataclass(frozen=True)
class ProductLines:
    """Line word -> maker (a brand key), overall and per kind of device."""

    makers: dict[str, str] = field(default_factory=dict)  # word -> brand key, across device kinds
    by_kind: dict[tuple[str, str], str] = field(default_factory=dict)  # (word, kind) -> brand key
    kinds: dict[str, str] = field(default_factory=dict)  # line word -> the kind nearly all its devices are
    # (maker, code letters) -> kind: ("huawei", "p") -> smartphone; maker "" for a family word of one maker
    # ("honor", "note") that names the kind wherever a number follows it.
    families: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def mine(cls, products: Iterable[Product], min_devices: int = 3, share: float = 0.9) -> ProductLines:
        """Lines of the catalog: words in the titles of at least `min_devices` devices, at least
        `share` of which are by one brand (and the word is not that brand's own name)."""
        products = list(products)
        generic = _generic_words()
        brands = {" ".join(p.brand.lower().split()) for p in products if p.brand.strip()}
        by_last_word: dict[str, list[str]] = defaultdict(list)  # a brand name's last word -> brand names
        for b in brands:
            by_last_word[b.split()[-1]].append(b)
        overall: dict[str, Counter] = defaultdict(Counter)
        per_kind: dict[tuple[str, str], Counter] = defaultdict(Counter)
        after_brand: Counter = Counter()  # (word, maker): titles where the word follows the maker's name
        family_kinds: dict[tuple[str, str], Counter] = defaultdict(Counter)  # (maker, code letters) -> kinds
        brand_words = {w for b in brands for w in _WORD.findall(b)}
        for p in products:
            kind = p.product_type
            if not p.brand.strip() or not kind or kind in ACCESSORY_TYPES:
                continue
            title = " ".join(p.title.lower().split())
            own = " ".join(p.brand.lower().split())
            if title.startswith(own + " "):
                letters = model_family(title[len(own):])
                if letters and letters not in generic:
                    family_kinds[(own, letters)][kind] += 1
            for m in _WORD.finditer(title):
                word = m.group(0)
                if word in generic:
                    continue
                # The maker is the brand named right before the word near the start of the title ("AT&T
                # GoPhone - Samsung Galaxy J3" is Samsung's Galaxy, sold by a carrier), else the product's
                # own brand; further on, a brand names a part ("HP ProLiant ... Intel Xeon").
                before = title[:m.start()].rstrip(" -–:|,")
                last = before.rsplit(" ", 1)[-1] if before else ""
                named = [b for b in by_last_word.get(last, ()) if before.endswith(b) and len(before.split()) <= 5]
                maker = max(named, key=len) if named else own
                if named:
                    after_brand[(word, maker)] += 1
                overall[word][maker] += 1
                per_kind[(word, kind)][maker] += 1

        def mined(counts: dict) -> dict:
            out = {}
            for key, brands in counts.items():
                word = key if isinstance(key, str) else key[0]
                (brand, top), total = brands.most_common(1)[0], sum(brands.values())
                if (word not in brand_words and total >= min_devices and top >= share * total
                        and after_brand[(word, brand)] >= min_devices):
                    out[key] = brand
            return out

        makers, by_kind = mined(overall), mined(per_kind)
        kinds = {}
        for word in makers:
            counts = Counter({kind: sum(c.values()) for (w, kind), c in per_kind.items() if w == word})
            kind, top = counts.most_common(1)[0]
            if top >= share * sum(counts.values()):
                kinds[word] = kind
        families = {}
        for (maker, letters), counts in family_kinds.items():
            kind, top = counts.most_common(1)[0]
            if top >= 2 and top >= share * sum(counts.values()):
                families[(maker, letters)] = kind
        owners: dict[str, set] = defaultdict(set)
        for (maker, letters), kind in families.items():
            owners[letters].add((maker, kind))
        for letters, found in owners.items():  # a family word of one maker's devices ("honor 10", "note 10")
            if (len(letters) >= 4 and len(found) == 1 and letters not in brand_words
                    and next(iter(found))[1] in _NAMED_BY_MODEL):
                families[("", letters)] = next(iter(found))[1]
        return cls(makers, by_kind, kinds, families)

    def makers_named(self, text: str, kind: str = "", everyday: frozenset[str] = frozenset()) -> list[str]:
        """Makers whose lines `text` names, for a product of `kind` ("" when no kind is asked).

        "thinkpad under 800" -> ["lenovo"]; "a galaxy s10 case" -> [] (a case for a Galaxy is not
        Samsung's). A line that is also an `everyday` word ("galaxy", "modern") counts only before a
        model code ("galaxy s10", "moto g"), so "a modern laptop" names no maker.
        """
        if kind in ACCESSORY_TYPES:
            return []
        found = []
        for m in _WORD.finditer(text.lower()):
            word = m.group(0)
            if word in everyday and not _MODEL_CODE.match(text[m.end():]):
                continue
            # With a kind asked, only a line of that kind counts: "xeon server" names Intel's processor
            # line, not the server's maker.
            maker = self.by_kind.get((word, kind)) if kind else self.makers.get(word) or self._unanimous(word)
            if maker and maker not in found:
                found.append(maker)
        return found

    def kind_named(self, text: str, everyday: frozenset[str] = frozenset()) -> str:
        """The kind of device a line in `text` is ("moto e5 plus" -> smartphone), or ""."""
        for m in _WORD.finditer(text.lower()):
            word = m.group(0)
            if word in self.kinds and (word not in everyday or _MODEL_CODE.match(text[m.end():])):
                return self.kinds[word]
        return ""

    def kind_of_model(self, text: str, makers: Iterable[tuple[str, int]] = ()) -> str:
        """The kind of a model the catalog may lack, by its family: "Huawei P30 Pro" -> smartphone when
        the catalog's Huawei P models are smartphones, "honor 10 lite" too. `makers`: (brand key, end
        of its name in `text`) for each brand `text` names. "" if no family is named."""
        lowered = text.lower()
        for maker, end in makers:
            kind = self.families.get((maker, model_family(lowered[end:]) or ""))
            if kind:
                return kind
        for m in re.finditer(r"(?<![\w-])[a-z]{4,}", lowered):
            kind = self.families.get(("", m.group(0)))
            if kind and model_family(lowered[m.start():], within=1) == m.group(0):
                return kind
        return ""

    def _unanimous(self, word: str) -> str | None:
        makers = {brand for (w, _), brand in self.by_kind.items() if w == word}
        return makers.pop() if len(makers) == 1 else None


# What follows a line name in a model name: "s10", "g", "x1", "13", "e5 plus".
_MODEL_CODE = re.compile(r"\s+(?:[a-z]?\d+[a-z]*|[a-z])\b", re.I)
_CODE = re.compile(r"([a-z]+)-?(\d{1,4})[a-z]{0,3}\+?")  # "a41", "p40", "y6s", "note10", "g8"
_NUMBER = re.compile(r"\d{1,3}[a-z]{0,2}\+?")  # "8s", "10", "7" after a family word; not "16.3" or "2.0"
_UNIT = re.compile(r"(?:cm|mm|m|in|inch|inches|gb|tb|mb|x|u|w|v|mah|ppm|dpi|hz|ghz|pc|pcs|pack|sheets|port|ports|"
                   r"post|node|year|years|license|licence)\b|\"|''")


def model_family(rest: str, within: int = 3) -> str | None:
    """The letters of the model code among the first `within` words of `rest` (what follows a
    maker's name): " Galaxy A41 ..." -> "a", " P40 lite" -> "p", " Honor 8S" -> "honor",
    " moto g 8" -> "g"; None where a size or a count comes first ("27 inch", " Zoom 16.3 cm")."""
    words = [w.strip(",;:()[]|") for w in rest.lower().split()[:within + 2]]
    for i, word in enumerate(words[:within]):
        m = _CODE.fullmatch(word)
        if m:
            return m.group(1)
        after = words[i + 2] if i + 2 < len(words) else ""
        if word.isalpha() and i + 1 < len(words) and _NUMBER.fullmatch(words[i + 1]) and not _UNIT.match(after):
            return word
        if word[:1].isdigit():
            return None
    return None
