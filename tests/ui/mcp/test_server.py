"""The MCP tools through the SDK's own client, in process, over the small catalog's real stages."""

from __future__ import annotations

import anyio
import pytest
from mcp import Client

from ui.mcp.server import build_mcp

CART_TOOLS = {"view_cart", "add_to_cart", "set_cart_quantity", "remove_from_cart", "empty_cart", "checkout"}
TOOLS = {"search_products", "get_product", "compare_products", "chat", "store_policy", "handoff"} | CART_TOOLS


def call(assistant, *calls: tuple[str, dict]) -> list:
    """Each (tool, arguments) called in order over one in-process client session; their results."""

    async def run():
        async with Client(build_mcp(assistant)) as client:
            return [await client.call_tool(name, args) for name, args in calls]

    return anyio.run(run)


def one(assistant, name: str, args: dict):
    return call(assistant, (name, args))[0]


def error_text(result) -> str:
    assert result.is_error, result
    return result.content[0].text


def test_lists_every_tool_with_typed_input_and_output(small_assistant):
    async def run():
        async with Client(build_mcp(small_assistant)) as client:
            return (await client.list_tools()).tools

    tools = {t.name: t for t in anyio.run(run)}
    assert TOOLS <= set(tools)
    for tool in tools.values():
        assert tool.description and tool.output_schema, tool.name
    search = tools["search_products"].input_schema
    assert search["required"] == ["query"]
    assert {"max_price", "min_price", "brand", "colour", "kind", "limit"} <= set(search["properties"])
    assert tools["search_products"].annotations.read_only_hint
    assert tools["compare_products"].input_schema["properties"]["product_ids"]["minItems"] == 2


def test_search_products_applies_filters_as_hard_constraints(small_assistant):
    result = one(small_assistant, "search_products", {"query": "wireless mouse", "max_price": 30, "colour": "black"})
    assert not result.is_error
    found = result.structured_content
    assert found["products"], found
    assert all(p["price"] <= 30 and "Black" in p["colour"] for p in found["products"])
    assert found["products"][0]["id"] == "m3"  # the one black wireless mouse under $30 first
    assert found["constraints"]["filters"]["price_max"] == 30
    assert found["products"][0]["reason"]
    assert "under $30.00" in found["summary"]


def test_search_products_brand_kind_and_limit(small_assistant):
    found = one(small_assistant, "search_products", {"query": "gaming", "brand": "hp", "kind": "laptop",
                                                     "limit": 2}).structured_content
    assert [p["id"] for p in found["products"]] == ["l1"] or all(
        p["brand"] == "HP" and p["type"] == "laptop" for p in found["products"])
    assert len(found["products"]) <= 2
    assert found["constraints"]["filters"]["kinds"] == ["laptop"]
    many = one(small_assistant, "search_products", {"query": "mouse", "limit": 5}).structured_content
    assert len(many["products"]) == 5  # more than the assistant's page of 3


def test_an_argument_wins_over_the_query_text(small_assistant):
    found = one(small_assistant, "search_products", {"query": "mouse under $30", "max_price": 20}).structured_content
    assert found["constraints"]["filters"]["price_max"] == 20
    assert {p["id"] for p in found["products"]} <= {"m1", "m4"}


def test_search_products_finds_nothing_rather_than_relaxing(small_assistant):
    found = one(small_assistant, "search_products", {"query": "laptop", "max_price": 5}).structured_content
    assert found["products"] == [] and found["summary"].startswith("No products")


def test_search_is_stateless(small_assistant):
    one(small_assistant, "search_products", {"query": "mouse"})
    assert small_assistant.sessions.load("default") is None


@pytest.mark.parametrize("args, words", [
    ({"query": ""}, "at least 1 character"),
    ({"query": "   "}, "query is empty"),
    ({}, "query\n  Field required"),
    ({"query": "mouse", "limit": 0}, "greater than or equal to 1"),
    ({"query": "mouse", "max_price": -1}, "greater than or equal to 0"),
    ({"query": "mouse", "min_price": 50, "max_price": 20}, "min_price (50) is above max_price (20)"),
    ({"query": "mouse", "colour": "plaid"}, "colour 'plaid' is not a colour I know"),
])
def test_search_products_bad_arguments_are_tool_errors(small_assistant, args, words):
    text = error_text(one(small_assistant, "search_products", args))
    assert text.startswith("Error executing tool search_products") and words in text


def test_get_product_returns_the_record(small_assistant):
    record = one(small_assistant, "get_product", {"product_id": "m2"}).structured_content
    assert record["title"] == "Logitech MX Master 3 Wireless Mouse Black"
    assert record["price"] == 99.99 and record["colours"] == ["black"] and record["kind"] == "mouse"


def test_unknown_product_is_a_clear_error(small_assistant):
    assert "no product with id 'nope' in the catalog" in error_text(one(small_assistant, "get_product",
                                                                        {"product_id": "nope"}))


def test_compare_products_side_by_side(small_assistant):
    result = one(small_assistant, "compare_products", {"product_ids": ["m1", "m3"]})
    out = result.structured_content
    assert [p["id"] for p in out["products"]] == ["m1", "m3"]
    header, *rows = out["table"]
    assert len(header) == 3 and ["Price", "$19.99", "$24.50"] in rows
    assert "#1 is the cheaper one" in out["text"] and "Say “" not in out["text"]


@pytest.mark.parametrize("ids, words", [
    (["m1"], "at least 2 items"),
    (["m1", "m2", "m3", "m4", "m5"], "at most 4 items"),
    (["m1", "m1"], "the same id twice"),
    (["m1", "zz"], "no product with id 'zz'"),
])
def test_compare_products_bad_ids(small_assistant, ids, words):
    assert words in error_text(one(small_assistant, "compare_products", {"product_ids": ids}))


def test_chat_keeps_a_session(small_assistant):
    first, second = call(small_assistant, ("chat", {"session_id": "s1", "message": "wireless mouse"}),
                         ("chat", {"session_id": "s1", "message": "only black ones"}))
    assert not first.is_error and first.structured_content["products"]
    out = second.structured_content
    assert out["session_id"] == "s1" and out["state"]["turns"] == 2
    assert out["products"] and all("Black" in p["colour"] for p in out["products"])
    assert small_assistant.state("s1").turns == 2


@pytest.mark.parametrize("args, words", [
    ({"session_id": "bad id!", "message": "hi"}, "session id must be 1-128 characters"),
    ({"session_id": "s1", "message": ""}, "at least 1 character"),
    ({"session_id": "s1", "message": "x" * 2001}, "at most 2000 characters"),
])
def test_chat_bad_arguments(small_assistant, args, words):
    assert words in error_text(one(small_assistant, "chat", args))
