"""Safe defaults: a server reachable from elsewhere needs a token or an explicit yes."""

from __future__ import annotations

import logging

import pytest

from ui.api.exposure import ExposureError, check_exposure, is_loopback


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost", "LOCALHOST",
                                  "::ffff:127.0.0.1"])
def test_loopback_hosts(host):
    assert is_loopback(host)
    check_exposure(host, token=None)  # nothing to refuse


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "", "192.168.1.20", "10.0.0.1", "shop.example.com",
                                  "localhost.example.com", "128.0.0.1"])
def test_a_reachable_host_without_a_token_is_refused_with_the_way_out(host):
    assert not is_loopback(host)
    with pytest.raises(ExposureError, match=rf"refusing to serve the HTTP API on {host!r} without a token") as caught:
        check_exposure(host, token=None)
    message = str(caught.value)
    assert "api_token" in message and "SHOPASSIST_API_TOKEN" in message
    assert "--allow-unauthenticated-remote" in message and "allow_unauthenticated_remote" in message
    with pytest.raises(ExposureError):
        check_exposure(host, token="")  # an empty token is no token


def test_a_token_or_the_explicit_flag_allows_it(caplog):
    check_exposure("0.0.0.0", token="s3cret")
    with caplog.at_level(logging.WARNING, logger="ui.api.exposure"):
        check_exposure("0.0.0.0", token=None, allow_remote=True, what="the MCP server")
    assert "serving the MCP server on 0.0.0.0 without a token" in caplog.text


def test_the_error_is_a_value_error_that_names_what_is_served():
    with pytest.raises(ValueError, match="refusing to serve the MCP HTTP transport on '0.0.0.0'"):
        check_exposure("0.0.0.0", None, what="the MCP HTTP transport")
