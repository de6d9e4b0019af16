"""The ranker's reading of product types (`item_type`): accessories named after a device word."""

from __future__ import annotations

import pytest

from retrieval.catalog.product_types import derive_type, item_type


@pytest.mark.parametrize("title, expected", [
    ("Kensington MicroSaver Laptop Lock", "cable lock"),
    ("Kensington Contour 17'' Overnight Laptop Roller - Black", "bag"),
    ("Samsonite Laptop Roller bag", "bag"),
    ("Kensington Mouse Wrist Pillow", "wrist rest"),
    ("Kensington Comfort Gel Keyboard Wrist Rest - Black", "wrist rest"),
    ("HP Laptop Cooling Pad", "cooling pad"),
    ("StarTech.com Replacement USB Mouse to PS/2 Adapter", "adapter"),
    ("laptop lock", "cable lock"),  # a shopper's words are read the same way
])
def test_an_accessory_named_after_the_device_word_is_the_accessory(title, expected):
    assert item_type(title) == expected


@pytest.mark.parametrize("title, expected", [
    ("HP Pavilion dv7-1211ea Notebook Silver 43.2 cm (17\") 1440 x 900 pixels Intel Core 2 Duo", "laptop"),
    ("Logitech M185 Wireless Mouse Grey", "mouse"),
    ("laptop", "laptop"),
    # what follows "with" comes with the item; "for" names what it fits
    ("Sony Memory Stick Pro Duo 16GB with USB Adaptor memory card MS", "memory card"),
    ("Canon 8927A004 printer roller", "printer"),  # a roller after a printer is a part, not a bag
    ("Tripp Lite TLM812SA surge protector 8 AC outlet(s) 120 V Yellow 3.6 m", "surge protector"),
])
def test_devices_and_non_device_types_keep_their_type(title, expected):
    assert item_type(title) == expected


def test_retrieval_types_are_unchanged():
    # derive_type feeds the stored product record (content hash, embedded and BM25 text): the
    # accessory reading lives in item_type only, so no catalog is re-embedded for it.
    assert derive_type("Kensington MicroSaver Laptop Lock") == "laptop"
    assert item_type("Kensington MicroSaver Laptop Lock", base=derive_type("Kensington MicroSaver Laptop Lock")) == "cable lock"
    assert item_type("Some Laptop Lock", base="cable lock") == "cable lock"  # a stored accessory type stays
