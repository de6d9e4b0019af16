"""The MCP tools' argument types: the assistant's own session-id rule, non-empty text, cart shapes."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from assistant.core.types import CartItem, CartView
from ui.mcp.models import CartOut, Query, SessionId, cart_out


def test_session_ids_follow_the_assistants_rule():
    ids = TypeAdapter(SessionId)
    assert ids.validate_python("shopper-42") == "shopper-42"
    for bad in ("", "has space", "x" * 129):
        with pytest.raises(ValidationError):
            ids.validate_python(bad)


def test_a_blank_query_is_refused_with_an_example():
    with pytest.raises(ValidationError, match="wireless mouse"):
        TypeAdapter(Query).validate_python("   ")


def test_the_cart_shape_is_the_http_one_with_the_session():
    view = CartView((CartItem("m1", "Mouse", "HP", 2, 5.0, 10.0),), 10.0)
    out = CartOut(**cart_out("s1", view))
    assert out.session_id == "s1" and out.count == 2 and out.items[0].line_total == 10.0
