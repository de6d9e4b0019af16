"""Requests generated from the API's own OpenAPI schema (schemathesis), valid and invalid ones, over the
small assistant: none may get a 5xx.

Driven through hypothesis directly: schemathesis' pytest plugin (`schema.parametrize`) reads a node
attribute that pytest 9 no longer has."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from assistant.core.assistant import Assistant
from assistant.dialogue.sessions import SQLiteSessions
from ui.api.routes import create_api

TOKEN = "fuzz-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# The operations, read from the schema of an app without an assistant (the schema does not depend on it).
OPERATIONS = [(method.upper(), path) for path, item in create_api(None).openapi()["paths"].items() for method in item]


@pytest.fixture(scope="module")
def api_schema(small_stages, tmp_path_factory):
    sessions = SQLiteSessions(tmp_path_factory.mktemp("fuzz") / "sessions.sqlite3")  # as `serve` stores them
    app = create_api(Assistant(small_stages, sessions=sessions), token=TOKEN)  # no rate limit
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.parametrize("method, path", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_generated_request_gets_a_server_error(api_schema, method, path):
    operation = api_schema[path][method]
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    @given(case=cases)
    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def no_server_error(case):
        case.call_and_validate(headers=AUTH, checks=[not_a_server_error])

    no_server_error()
