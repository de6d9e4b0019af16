from __future__ import annotations

import pytest

from assistant.core.settings import ReasonSettings, load_settings


def test_defaults_then_file_then_environment_then_overrides(tmp_path, monkeypatch):
    config = tmp_path / "shop.yaml"
    config.write_text("results: 7\nthreads: 1\nport: 9000\n")
    monkeypatch.setenv("SHOPASSIST_PORT", "9100")
    s = load_settings(config, threads=3)
    assert (s.results, s.port, s.threads, s.catalog) == (7, 9100, 3, "icecat")


def test_reasons_generator_swaps_by_settings_file_alone(tmp_path, monkeypatch):
    monkeypatch.delenv("SHOPASSIST_REASONS_GENERATOR", raising=False)
    config = tmp_path / "shop.yaml"
    config.write_text("reasons:\n  generator: langchain_openai.ChatOpenAI\n"
                      "  generator_kwargs: {base_url: 'http://127.0.0.1:8000/v1', model: m}\n  top: 2\n")
    monkeypatch.setenv("SHOPASSIST_REASONS_TOP", "1")  # the environment wins over the file
    s = load_settings(config)
    assert s.reasons.generator == "langchain_openai.ChatOpenAI"
    assert s.reasons.generator_kwargs == {"base_url": "http://127.0.0.1:8000/v1", "model": "m"}
    assert s.reasons.top == 1 and s.reasons.parallel == 3


def test_explicit_reason_settings_are_kept_as_given(monkeypatch):
    monkeypatch.setenv("SHOPASSIST_REASONS_TOP", "1")
    s = load_settings(reasons=ReasonSettings(generator="template", top=4))
    assert (s.reasons.generator, s.reasons.top) == ("template", 4)


@pytest.mark.parametrize("text, message", [
    ("reasons: smollm2\n", "must be a mapping"),
    ("reasons:\n  top: 99\n", "invalid settings"),
    ("colour: red\n", "unknown setting"),
])
def test_bad_settings_files_say_what_is_wrong(tmp_path, text, message):
    config = tmp_path / "bad.yaml"
    config.write_text(text)
    with pytest.raises(ValueError, match=message):
        load_settings(config)


def test_the_fine_tuned_encoder_is_the_default_and_base_is_one_word_away(monkeypatch):
    from assistant.core.settings import DEFAULT_ENCODER

    assert load_settings().encoder_path == DEFAULT_ENCODER and DEFAULT_ENCODER.is_dir()
    monkeypatch.setenv("SHOPASSIST_ENCODER_PATH", "base")
    assert load_settings().encoder_path is None
