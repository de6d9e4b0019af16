"""Brands in a shopper's words."""

from __future__ import annotations

from assistant.parse.brands import BrandVocabulary, brand_polarity

BRANDS = BrandVocabulary.from_brands(["HP", "Kingston Technology", "Sony", "Apple", "DELL", "Logitech"])


def test_one_word_aliases_name_the_brand():
    assert BRANDS.aliases["kingston"] == "kingston technology"
    assert [k for k, _, _ in BRANDS.find("a Kingston usb stick")] == ["kingston technology"]


def test_everyday_words_count_as_brands_only_when_capitalised():
    assert [k for k, _, _ in BRANDS.find("an apple pie")] == []
    assert [k for k, _, _ in BRANDS.find("an Apple watch")] == ["apple"]


def test_closest_forgives_a_typo_but_not_a_different_word():
    assert BRANDS.closest("logitec") == "logitech"
    assert BRANDS.closest("samsung") is None


def test_negation_carries_over_or_but_not_over_a_comma():
    assert [(k, neg) for k, _, _, neg in brand_polarity(BRANDS, "not HP or Sony")] == [("hp", True), ("sony", True)]
    assert [(k, neg) for k, _, _, neg in brand_polarity(BRANDS, "no Dell, HP is fine")] == [("dell", True), ("hp", False)]
