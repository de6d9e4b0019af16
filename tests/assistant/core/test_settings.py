from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.settings import DEFAULT_SHARED_DATA, REPO_ROOT, ReasonSettings, Settings, load_settings


@pytest.fixture(autouse=True)
def _no_outside_settings(monkeypatch):
    # A developer's own settings file or variables must not leak into these checks.
    monkeypatch.delenv("SHOPASSIST_CONFIG", raising=False)
    monkeypatch.delenv("SHOPASSIST_SHARED_DATA", raising=False)


def test_defaults_then_file_then_environment_then_overrides(tmp_path, monkeypatch):
    config = tmp_path / "shop.yaml"
    config.write_text("results: 7\nthreads: 1\nport: 9000\n")
    monkeypatch.setenv("SHOPASSIST_PORT", "9100")
    s = load_settings(config, threads=3)
    assert (s.results, s.port, s.threads, s.catalog) == (7, 9100, 3, "icecat")


def test_the_settings_file_may_come_from_the_environment(tmp_path, monkeypatch):
    (tmp_path / "env.yaml").write_text("results: 8\n")
    (tmp_path / "arg.yaml").write_text("results: 9\n")
    monkeypatch.setenv("SHOPASSIST_CONFIG", str(tmp_path / "env.yaml"))
    assert load_settings().results == 8
    assert load_settings(tmp_path / "arg.yaml").results == 9  # --config wins over $SHOPASSIST_CONFIG
    assert load_settings(results=None).results == 8  # None overrides (absent CLI flags) are no overrides


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


def test_reason_variables_take_json_for_the_dicts(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOPASSIST_REASONS_GENERATOR_KWARGS", '{"model": "m", "temperature": 0}')
    monkeypatch.setenv("SHOPASSIST_REASONS_RETRY_KWARGS", "null")
    monkeypatch.setenv("SHOPASSIST_REASONS_MAX_TOKENS", "64")  # one split: max_tokens, not max.tokens
    (tmp_path / "shop.yaml").write_text("reasons:\n  retry_kwargs: {temperature: 0.9}\n")
    s = load_settings(tmp_path / "shop.yaml")
    assert (s.reasons.generator_kwargs, s.reasons.retry_kwargs, s.reasons.max_tokens) == (
        {"model": "m", "temperature": 0}, None, 64)
    assert ReasonSettings().max_tokens == 64 and ReasonSettings.from_env(top=None, parallel=1).parallel == 1


def test_an_empty_reasons_mapping_is_the_defaults(tmp_path, monkeypatch):
    (tmp_path / "shop.yaml").write_text("reasons:\n  # generator: template\n")
    assert load_settings(tmp_path / "shop.yaml").reasons == ReasonSettings()
    monkeypatch.setenv("SHOPASSIST_REASONS_TOP", "4")
    assert load_settings(tmp_path / "shop.yaml").reasons.top == 4


def test_explicit_reason_settings_are_kept_as_given(monkeypatch):
    monkeypatch.setenv("SHOPASSIST_REASONS_TOP", "1")
    s = load_settings(reasons=ReasonSettings(generator="template", top=4))
    assert (s.reasons.generator, s.reasons.top) == ("template", 4)


def test_constructing_settings_reads_the_same_layers(tmp_path, monkeypatch):
    (tmp_path / "shop.yaml").write_text("results: 7\ncatalog: bestbuy\n")
    monkeypatch.setenv("SHOPASSIST_CONFIG", str(tmp_path / "shop.yaml"))
    monkeypatch.setenv("SHOPASSIST_RESULTS", "6")
    s = Settings(catalog="mine")
    assert (s.results, s.catalog) == (6, "mine")


@pytest.mark.parametrize("text, message", [
    ("reasons: smollm2\n", r"^invalid settings: reasons = 'smollm2': the `reasons` setting must be a mapping"),
    ("reasons:\n  top: 99\n", r"^invalid settings: reasons.top = 99: Input should be less than or equal to 10 "
                              r"\(fix it in the settings file, \$SHOPASSIST_REASONS_TOP or the argument\)$"),
    ("colour: red\n", r"^unknown setting\(s\) \['colour'\]; valid ones are "
                      r"\['allow_unauthenticated_remote', 'api_token', 'cache_dir', "),
    ("reasons:\n  colour: red\n", r"^unknown reasons setting\(s\) \['colour'\]; valid ones are \['generator', "),
    ("- results\n", r"^settings file .*bad.yaml must hold a mapping of field: value, got list$"),
    ("port: [1\n", r"^settings file .*bad.yaml is not valid YAML: expected ',' or '\]'.* at line 2 column 1$"),
])
def test_bad_settings_files_say_what_is_wrong(tmp_path, text, message):
    config = tmp_path / "bad.yaml"
    config.write_text(text)
    with pytest.raises(ValueError, match=message):
        load_settings(config)


def test_bad_values_name_the_value_and_the_variable(monkeypatch):
    monkeypatch.setenv("SHOPASSIST_PORT", "eighty")
    with pytest.raises(ValueError, match=r"^invalid settings: port = 'eighty': Input should be a valid integer.*"
                                         r"\$SHOPASSIST_PORT or the argument\)$"):
        load_settings()
    monkeypatch.delenv("SHOPASSIST_PORT")
    monkeypatch.setenv("SHOPASSIST_REASONS_GENERATOR_KWARGS", "{model: m}")
    with pytest.raises(ValueError, match=r"^invalid settings: SHOPASSIST_REASONS_GENERATOR_KWARGS='\{model: m\}' "
                                         r"is not JSON \(.*\); the \*_KWARGS variables take a JSON object"):
        load_settings()


def test_a_missing_settings_file_says_where_it_was_looked_for(tmp_path, monkeypatch):
    missing = tmp_path / "nope.yaml"
    with pytest.raises(FileNotFoundError, match=r"^settings file .*nope.yaml does not exist; "
                                                r"check --config or \$SHOPASSIST_CONFIG$"):
        load_settings(missing)
    monkeypatch.setenv("SHOPASSIST_CONFIG", str(missing))
    with pytest.raises(FileNotFoundError, match="nope.yaml does not exist"):
        load_settings()


def test_shared_data_is_beside_the_checkout_unless_set(tmp_path, monkeypatch):
    assert load_settings().shared_data == DEFAULT_SHARED_DATA == REPO_ROOT.parent / "shared" / "data"
    (tmp_path / "shop.yaml").write_text(f"shared_data: {tmp_path / 'from-file'}\n")
    assert load_settings(tmp_path / "shop.yaml").shared_data == tmp_path / "from-file"
    monkeypatch.setenv("SHOPASSIST_SHARED_DATA", "/data/shopassist")
    assert load_settings(tmp_path / "shop.yaml").shared_data == Path("/data/shopassist")


def test_the_fine_tuned_encoder_is_the_default_and_base_is_one_word_away(monkeypatch):
    from assistant.core.settings import DEFAULT_ENCODER

    assert load_settings().encoder_path == DEFAULT_ENCODER and DEFAULT_ENCODER.is_dir()
    monkeypatch.setenv("SHOPASSIST_ENCODER_PATH", "base")
    assert load_settings().encoder_path is None


def test_the_cache_dir_defaults_to_the_checkout_and_follows_its_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("SHOPASSIST_CACHE_DIR", raising=False)
    assert load_settings().cache_dir == REPO_ROOT / ".cache"
    monkeypatch.setenv("SHOPASSIST_CACHE_DIR", str(tmp_path))
    s = load_settings()
    assert (s.cache_dir, s.store_dir, s.sessions_file) == (tmp_path, tmp_path / "chroma", tmp_path / "sessions.sqlite3")


def test_the_cli_defaults_under_shared_data_follow_the_setting(tmp_path, monkeypatch, capsys):
    import assistant.evaluation.parser as parser_eval
    from ui import cli

    monkeypatch.setenv("SHOPASSIST_SHARED_DATA", str(tmp_path))
    asked = {}
    monkeypatch.setattr(parser_eval, "run", lambda gold_path, dialogues_path: asked.setdefault("path", dialogues_path))
    assert cli.main(["eval", "parser"]) == 0
    assert asked["path"] == tmp_path / "mgshopdial" / "dialogues_dev.json"
    for command in (["train", "ranker", "-q"], ["eval", "reasons"]):  # both stop at the missing judgments
        assert cli.main(command) == 2
        assert capsys.readouterr().err == f"error: judgments file {tmp_path}/icecat/judgments_dev.csv does not exist\n"
