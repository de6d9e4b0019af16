"""Unit tests of the product cards HTML."""

from __future__ import annotations

import re

import pytest

from assistant.core.types import ProductCard
from ui.web.cards import EMPTY_HTML, render_cards, render_table


def card(**changes) -> ProductCard:
    fields = dict(
        id="p1",
        title="Logitech M185 Wireless Mouse",
        brand="Logitech",
        price=14.99,
        colour="grey",
        product_type="mouse",
        image_url="",
        reason="Wireless and well under your budget.",
    )
    fields.update(changes)
    return ProductCard(**fields)


def test_cards_are_numbered_from_one_in_order():
    html = render_cards([card(id="a", title="First"), card(id="b", title="Second")])
    assert re.findall(r'class="sa-num"[^>]*>(\d+)<', html) == ["1", "2"]
    assert html.index("First") < html.index("Second")


def test_card_shows_title_brand_price_chips_and_reason():
    html = render_cards([card(price=1299.0)])
    for text in ("Logitech M185 Wireless Mouse", "Logitech", "$1,299.00", "grey", "mouse"):
        assert text in html
    assert "<b>Why:</b> Wireless and well under your budget." in html


def test_missing_price_and_empty_chips():
    html = render_cards([card(price=None, colour="", product_type=" ")])
    assert "price not listed" in html
    assert 'class="sa-chip"' not in html


def test_every_text_field_is_escaped():
    evil = '<img src=x onerror="alert(1)">'
    html = render_cards(
        [card(id=evil, title=evil, brand=evil, colour=evil, product_type=evil, reason=evil)]
    )
    assert "<img src=x" not in html
    assert 'onerror="alert(1)"' not in html
    # title, brand, colour, type and reason once, the id four times (card, like, dislike, add to cart), escaped
    assert html.count("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;") == 9


def test_placeholder_without_image_url():
    html = render_cards([card(image_url="")])
    assert "<img" not in html
    assert "No image" in html


def test_image_falls_back_to_placeholder_on_error():
    html = render_cards([card(image_url="https://images.icecat.biz/img/a.jpg?x=1&y=2")])
    assert 'src="https://images.icecat.biz/img/a.jpg?x=1&amp;y=2"' in html
    assert 'onerror="this.remove()"' in html  # reveals the placeholder underneath
    assert "No image" in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:image/png;base64,AAAA", "//x.y/a"])
def test_only_http_image_urls_are_used(url):
    html = render_cards([card(image_url=url)])
    assert "<img" not in html
    assert "No image" in html


def test_no_cards_gives_the_empty_state():
    assert render_cards([]) == EMPTY_HTML
    assert render_cards(()) == EMPTY_HTML


def test_like_and_dislike_buttons_carry_the_product_id_and_show_the_verdict():
    html = render_cards([card(id="a"), card(id="b")], {"a": "like", "b": "dislike"})
    assert re.findall(r'data-fb="(like|dislike)" data-pid="(\w)"', html) == [
        ("like", "a"), ("dislike", "a"), ("like", "b"), ("dislike", "b")]
    assert 'class="sa-like sa-on" data-fb="like" data-pid="a" aria-pressed="true"' in html
    assert 'class="sa-dislike sa-on sa-down" data-fb="dislike" data-pid="b" aria-pressed="true"' in html
    assert html.count("sa-disliked") == 1  # the disliked card is dimmed


def test_why_this_lists_ranking_evidence_largest_first_with_labels():
    html = render_cards([card(ranking=(("lexical", 0.03), ("dense", 0.01), ("type_mismatch", -0.02)))])
    expander = html[html.index("<details"): html.index("</details>")]
    assert "Why this?" in expander
    labels = re.findall(r"<li><span>([^<]+)</span>", expander)
    assert labels[0] == "words match your request (BM25)" and len(labels) == 3
    assert "+0.030" in expander and "-0.020" in expander and "sa-neg" in expander


def test_no_evidence_no_expander():
    assert "<details" not in render_cards([card(ranking=())])


def test_comparison_table_is_escaped_html():
    html = render_table([("", "#1 <b>A</b>", "#2 B"), ("Price", "$1.00", "$2.00")])
    assert html.startswith('<table class="sa-compare">') and "<th>#1 &lt;b&gt;A&lt;/b&gt;</th>" in html
    assert "<td>$2.00</td>" in html and render_table(()) == ""


def test_cart_panel_lists_lines_totals_and_changes_escaped():
    from assistant.core.types import CartItem, CartView
    from ui.web.cards import render_cart

    evil = '<b onclick="x()">Mouse</b>'
    view = CartView((CartItem("m1", evil, "", 2, 10.0, 20.0, was_price=8.0),
                     CartItem("gone", "Old cable", "", 1, None, None, available=False)), 20.0,
                    ("The price of Mouse changed from $8.00 to $10.00.",))
    html = render_cart(view)
    assert "<b onclick" not in html and "&lt;b onclick" in html
    assert "× 2" in html and "$20.00" in html and "Total (2 items)" in html and "unavailable" in html
    assert "changed from $8.00 to $10.00" in html
    assert "cart is empty" in render_cart(None) and "cart is empty" in render_cart(CartView())
