"""What a reason calls a product: the record's own word, its number, and a verb that agrees."""

from __future__ import annotations

from assistant.explain.naming import agree, is_plural, named_kind
from retrieval.catalog.product import Product


def test_the_noun_is_the_records_word_for_the_kind():
    assert named_kind(Product(id="1", title="HP EliteBook 2530p Notebook PC", kind="laptop")) == "notebook PC"
    assert named_kind(Product(id="2", title="StarTech.com 2 Port VGA Auto Switch", kind="network switch")) == "switch"
    assert named_kind(Product(id="3", title="Philips 32PF9830 32 inch LCD TV", kind="tv")) == "TV"
    # a record that does not name its kind gets no noun (the reason says "product")
    assert named_kind(Product(id="4", title="HP 311A Original Magenta 1 pc(s)", kind="toner cartridge")) == ""


def test_the_title_decides_number_and_parts():
    assert named_kind(Product(id="5", title="Verbatim AA Alkaline Batteries", kind="battery")) == "batteries"
    assert named_kind(Product(id="6", title="Canon 0848B001 camera kit", kind="camera")) == "kit"


def test_verbs_agree_with_plural_nouns():
    assert is_plural("headphones") and is_plural("batteries") and not is_plural("lens") and not is_plural("ups")
    assert agree("has a wired connection", True) == "have a wired connection"
    assert agree("costs $12.95", True) == "cost $12.95"
    assert agree("matches your search", True) == "match your search"
    assert agree("is AA size", False) == "is AA size"
