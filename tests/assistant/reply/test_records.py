"""Answers about shown products from their records alone: describe one, compare several."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.reply.records import compare, describe, money, record_facts, topic_words
from tests.fixtures import CATALOG

LAPTOP = replace(CATALOG["l1"], specs={"RAM": "16 GB", "Storage": "512 GB SSD", "Weight": "2.1 kg"},
                 description="A gaming laptop. It has a backlit keyboard and Wi-Fi 6.", released="2021-03-01")
OTHER = replace(CATALOG["l3"], specs={"RAM": "8 GB", "Weight": "2.3 kg", "Battery": "45 Wh"})


@pytest.mark.parametrize("value, text", [(19.99, "$19.99"), (1299.0, "$1,299.00"), (0.0, "$0.00"),
                                         (None, "price not listed")])
def test_money(value, text):
    assert money(value) == text


@pytest.mark.parametrize("question, topics", [
    ("does the 2nd one have bluetooth?", ["bluetooth"]),
    ("how heavy is it?", ["weight"]),
    ("what colors does the first one come in", ["colour", "come"]),
    ("tell me more about the second one", []),
])
def test_topic_words_keep_the_words_that_name_a_property(question, topics):
    assert topic_words(question) == topics


def test_record_facts_leave_empty_fields_out():
    assert record_facts(LAPTOP) == [("Brand", "HP"), ("Price", "$899.00"), ("Colour", "Black"), ("Type", "notebook"),
                                    ("Released", "2021-03-01"), ("RAM", "16 GB"), ("Storage", "512 GB SSD"),
                                    ("Weight", "2.1 kg")]
    assert record_facts(CATALOG["n1"]) == [("Brand", "Acme"), ("Price", "price not listed")]


def test_describe_without_a_topic_tells_the_whole_record():
    text = describe(LAPTOP, 1, "tell me more about the second one")
    assert text.splitlines() == [
        "Here is what the product record says about #2 HP Pavilion 15 Gaming Laptop 16GB RAM 512GB SSD:",
        "• Brand: HP", "• Price: $899.00", "• Colour: Black", "• Type: notebook", "• Released: 2021-03-01",
        "• RAM: 16 GB", "• Storage: 512 GB SSD", "• Weight: 2.1 kg",
        "• Description: A gaming laptop. It has a backlit keyboard and Wi-Fi 6.",
        "That is everything the record tells me about it.",
    ]


def test_describe_answers_a_question_from_the_record_and_says_what_it_does_not_say():
    text = describe(LAPTOP, 0, "how heavy is it, and does it have a fingerprint reader or a backlit keyboard?")
    assert text.splitlines() == [
        "From the product record of #1 HP Pavilion 15 Gaming Laptop 16GB RAM 512GB SSD:",
        "• Weight: 2.1 kg",
        "• the description: “It has a backlit keyboard and Wi-Fi 6.”",
        "The record doesn't say anything about fingerprint, reader, so I can't tell you that. "
        "A human agent may be able to check.",
    ]


def test_compare_lays_the_records_side_by_side_and_reads_the_differences():
    text, table = compare([LAPTOP, OTHER], [0, 2], ["Fast.", ""])
    assert table == (
        ("", "#1 HP Pavilion 15 Gaming Laptop 16GB RAM 5…", "#3 Lenovo IdeaPad Gaming 3 Laptop"),  # 40 characters
        ("Price", "$899.00", "$749.00"),
        ("Brand", "HP", "Lenovo"),
        ("Colour", "Black", "Blue"),
        ("Type", "notebook", "notebook"),
        ("RAM", "16 GB", "8 GB"),  # shared specs that differ first
        ("Weight", "2.1 kg", "2.3 kg"),
        ("Why I suggested it", "Fast.", "—"),
    )
    lines = text.splitlines()
    assert lines[0] == "Here is how they compare, from the product records:"
    assert "| Price | $899.00 | $749.00 |" in lines
    assert "#3 is the cheaper one, $150.00 less than #1." in lines


def test_compare_says_when_prices_are_equal_or_missing():
    same, _ = compare([CATALOG["s3"], CATALOG["m5"]], [0, 1], ["", ""])
    assert "They cost the same." in same.splitlines()
    missing, table = compare([CATALOG["m1"], CATALOG["n1"]], [0, 1], ["", ""])
    assert "The record of #2 lists no price." in missing.splitlines()
    assert table[1] == ("Price", "$19.99", "price not listed")
    assert all(row[0] != "Why I suggested it" for row in table)  # no reasons, no row
