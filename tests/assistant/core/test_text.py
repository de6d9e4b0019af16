"""One way to write an amount and to shorten a text, in replies, reasons, tables and reports."""

from __future__ import annotations

import pytest

from assistant.core.text import clip, money


@pytest.mark.parametrize(
    "price, shown",
    [
        (1299.0, "$1,299.00"),
        (14.5, "$14.50"),
        (0.0, "$0.00"),
        (1_000_000, "$1,000,000.00"),
        (None, "price not listed"),
        (float("nan"), "price not listed"),
        (float("inf"), "price not listed"),
        (-3.0, "price not listed"),
    ],
)
def test_money(price, shown):
    assert money(price) == shown


def test_clip_keeps_short_text_and_puts_it_on_one_line():
    assert clip("a  wireless\n mouse", 40) == "a wireless mouse"


def test_clip_cuts_at_the_limit_with_an_ellipsis_and_no_trailing_space():
    cut = clip("Logitech MX Master 3 Wireless Mouse", 10)
    assert cut == "Logitech…" and len(cut) <= 10


def test_clip_reads_any_value_as_text():
    assert clip(17.3, 10) == "17.3"
