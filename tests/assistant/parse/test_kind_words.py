"""Which words describe a kind, mined from the catalog: refine or start over, and which asked-for
words no shown product says."""

from __future__ import annotations

from assistant.parse.kind_words import KindWords, described_by
from assistant.parse.measures import record_specs, says_specs
from tests.fixtures import CATALOG, small_catalog

WORDS = KindWords(small_catalog())


def test_words_the_kind_s_products_use_describe_it_and_comparatives_describe_any_kind():
    assert WORDS.describes("mouse", ["wireless"]) and WORDS.describes("mouse", ["Wireless", "mouse"])
    assert WORDS.describes("laptop", ["bigger"]) and WORDS.describes("laptop", ["gaming", "lighter"])
    assert not WORDS.describes("mouse", ["garden", "hose"]) and not WORDS.describes("mouse", ["wireless", "hose"])
    assert not WORDS.describes("tv", ["wireless"])  # a kind the catalog lacks
    assert not WORDS.describes("mouse", ["the"])  # no content word: nothing to decide on
    assert WORDS.size("laptop") == 5 and WORDS.size("tv") == 0


def test_unmet_words_are_those_the_kind_uses_that_no_given_product_says():
    chromebook, gaming = CATALOG["l5"], CATALOG["l1"]
    assert WORDS.unmet("laptop", ["gaming", "laptop"], [chromebook]) == ["gaming"]
    assert WORDS.unmet("laptop", ["gaming", "laptop"], [chromebook, gaming]) == []
    assert WORDS.unmet("laptop", ["office", "laptop"], [chromebook]) == []  # no laptop says "office"
    # where it is used and the units of a size are nothing a record must say
    assert WORDS.unmet("laptop", ["gaming", "home", "inch"], [chromebook]) == ["gaming"]


def test_described_by_marks_the_products_that_say_the_request_s_words():
    products = [CATALOG["l5"], CATALOG["l1"], CATALOG["l3"]]
    assert described_by("gaming laptop", "laptop", products) == [False, True, True]
    assert described_by("office laptop", "laptop", products) == [True, True, True]  # none says it: no order


def test_a_record_s_sizes_are_read_as_a_shopper_s_are():
    assert "17 inch" in record_specs(CATALOG["l4"]) and "16 gb" in record_specs(CATALOG["l1"])
    assert says_specs(CATALOG["l1"], ["16 gb ram"]) and not says_specs(CATALOG["l5"], ["16 gb ram"])


def test_a_word_that_describes_many_kinds_describes_any():
    from retrieval.catalog.product import Product

    kinds = ["radio", "speaker", "cd player", "dvd player", "hdd"]
    products = [Product(id=f"{k}{i}", title=f"Acme {'Portable ' if k != 'hdd' else ''}{k.title()} {i}", brand="Acme",
                        price=10.0, kind=k) for k in kinds for i in range(3)]
    words = KindWords(products)
    assert words.describes("hdd", ["portable"])  # four kinds say it; no hard drive does
    assert not words.describes("hdd", ["radio"])  # one other kind's own word: a new request


def test_the_device_a_supply_is_for_is_no_word_its_record_must_say():
    from retrieval.catalog.product import Product

    inks = [Product(id=f"i{n}", title=f"Canon BCI-{n} printer ink cartridge", kind="ink cartridge") for n in range(3)]
    bare = Product(id="b", title="Canon BCI-1411BK Original Black", kind="ink cartridge")
    words = KindWords(inks + [bare])
    assert words.uses("ink cartridge", "printer")  # the kind's products say it...
    assert words.unmet("ink cartridge", ["printer", "ink"], [bare]) == []  # ...but "printer ink" asks for ink


def test_a_model_asked_for_by_name_is_missing_unless_a_shown_record_names_it():
    from assistant.parse.kind_words import models_unmet
    from retrieval.catalog.product import Product

    j5 = Product(id="j5", title="Samsung - Galaxy J5 4G LTE with 16 GB Memory Cell Phone", kind="smartphone")
    toner = Product(id="t", title="HP 85A Original Black 1 pc(s)", kind="toner cartridge")
    words = KindWords([j5, toner])
    assert words.unmet("smartphone", ["galaxy", "s8"], [j5]) == ["s8"]  # no S8 anywhere: still said missing
    assert words.unmet("toner cartridge", ["85a", "toner"], [toner]) == []  # "85A" names it
    assert models_unmet(["moto", "g5", "plus"], [j5]) == ["g5"] and models_unmet(["2tb", "drive"], [j5]) == []
