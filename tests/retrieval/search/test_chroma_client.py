"""Opening Chroma embedded or as a server: the settings choose, the token goes with every request, and a
server that is not there is a clear error."""

from __future__ import annotations

import pytest

from assistant.core.build import open_store
from assistant.core.settings import Settings, load_settings
from retrieval.search.chroma_client import connect, server_client
from retrieval.search.encoder import HashingEncoder
from tests.fixtures import free_port, small_catalog
from tests.retrieval.search.chroma_server import TokenGate, chroma_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with chroma_server(tmp_path_factory.mktemp("chroma-client") / "db") as running:
        yield running


def test_no_server_at_the_url_says_how_to_start_one():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ConnectionError, match=f"no Chroma server at {url}: start one with "
                       r"`chroma run --path DIR --port N`, or leave chroma_url empty for the embedded store"):
        server_client(url)


@pytest.mark.parametrize("url", ["localhost:8000", "ftp://host:8000", "http://"])
def test_a_url_that_is_not_http_is_refused(url):
    with pytest.raises(ValueError, match="must be an http:// or https:// URL such as http://localhost:8000"):
        server_client(url)


def test_a_bad_token_is_refused_without_showing_it():
    with pytest.raises(ValueError, match=r"chroma_token must be ASCII letters, digits and punctuation") as err:
        server_client("http://127.0.0.1:1", token="sécret token")
    assert "sécret" not in str(err.value)
    with pytest.raises(ValueError, match="chroma_token_header 'Bearer' must be one of"):
        server_client("http://127.0.0.1:1", token="t", token_header="Bearer")


@pytest.mark.parametrize("header, value", [("Authorization", "Bearer tok-1"), ("X-Chroma-Token", "tok-1")])
def test_the_token_goes_in_the_header_chosen(server, header, value):
    with TokenGate(server.url, header, value) as gate:
        client = server_client(gate.url, token="tok-1", token_header=header)
        client.get_or_create_collection("header-check", embedding_function=None)
        assert "header-check" in [c.name for c in client.list_collections()] and gate.refused == 0
        with pytest.raises(PermissionError, match=rf"the Chroma server at {gate.url} refused the request \(401\): "
                           rf"check chroma_token \(sent as {header}\)"):
            server_client(gate.url, token="wrong", token_header=header)
        with pytest.raises(PermissionError, match="refused the request .401.: set chroma_token"):
            server_client(gate.url)


def test_the_settings_choose_embedded_or_server(tmp_path, server):
    embedded = open_store(Settings(cache_dir=tmp_path / "a", catalog="mini"), HashingEncoder())
    embedded.sync(small_catalog())
    assert (tmp_path / "a" / "chroma" / "chroma.sqlite3").is_file()
    remote = open_store(Settings(cache_dir=tmp_path / "b", catalog="mini", chroma_url=server.url + "/"), HashingEncoder())
    assert remote.count() == 0  # the server's store, not the embedded one
    remote.sync(small_catalog()[:4])
    assert remote.count() == 4 and not (tmp_path / "b").exists()  # nothing written beside the checkout
    assert connect(tmp_path / "a" / "chroma").get_collection("mini.hashing-test-encoder").count() == len(small_catalog())


def test_chroma_url_setting_is_checked_at_the_edge(monkeypatch):
    assert Settings().chroma_url == "" and Settings().chroma_token is None
    monkeypatch.setenv("SHOPASSIST_CHROMA_URL", "localhost:8000")
    with pytest.raises(ValueError, match=r"chroma_url = 'localhost:8000': write it like http://127.0.0.1:8000"):
        load_settings()
    monkeypatch.setenv("SHOPASSIST_CHROMA_URL", "http://10.0.0.5:8000")
    monkeypatch.setenv("SHOPASSIST_CHROMA_TOKEN", "abc")
    monkeypatch.setenv("SHOPASSIST_CHROMA_TOKEN_HEADER", "X-Chroma-Token")
    s = load_settings()
    assert (s.chroma_url, s.chroma_token, s.chroma_token_header) == ("http://10.0.0.5:8000", "abc", "X-Chroma-Token")
