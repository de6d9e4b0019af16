"""The normalised product record: JSON round trip, content hash, the texts search reads."""

from __future__ import annotations

from dataclasses import replace

from retrieval.catalog.product import Product

MOUSE = Product(id="m1", title="Logitech M185 Wireless Mouse", brand="Logitech", price=19.99, colour="Grey",
                colours=("grey",), product_type="mouse", description="Compact and wireless.",
                specs={"DPI": "1000"}, image_url="https://img/m1.jpg", popularity=0.4, released="2019-05-01")


def test_json_round_trip_keeps_every_field():
    back = Product.from_json(MOUSE.to_json())
    assert back == MOUSE and isinstance(back.colours, tuple)


def test_content_hash_changes_with_any_field_and_only_then():
    assert MOUSE.content_hash() == replace(MOUSE).content_hash() and len(MOUSE.content_hash()) == 16
    changed = {replace(MOUSE, price=18.99).content_hash(), replace(MOUSE, specs={"DPI": "1200"}).content_hash(),
               replace(MOUSE, image_url="").content_hash(), MOUSE.content_hash()}
    assert len(changed) == 4


def test_embedding_text_adds_brand_and_type_only_when_the_title_lacks_them():
    assert MOUSE.embedding_text() == "Logitech M185 Wireless Mouse. Compact and wireless."
    bare = Product(id="x", title="M185 Wireless", brand="Logitech", product_type="mouse", description="M185 Wireless")
    assert bare.embedding_text() == "M185 Wireless. Logitech. mouse"


def test_lexical_text_holds_title_brand_type_colour_and_description():
    assert MOUSE.lexical_text() == "Logitech M185 Wireless Mouse Logitech mouse Grey Compact and wireless."
    assert Product(id="x", title="Cable").lexical_text() == "Cable"
