"""Text encoders: the weight-free hashing stand-in, adapter naming, and the packaged MiniLM (slow)."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from retrieval.search.encoder import HashingEncoder, MiniLMEncoder, adapter_name, is_adapter


def test_hashing_encoder_gives_unit_vectors_deterministically():
    encoder = HashingEncoder(dim=32)
    vectors = encoder.encode(["wireless mouse", "wireless mouse", "toner cartridge", ""])
    assert vectors.shape == (4, 32) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0) and not vectors[3].any()  # no words: zeros
    assert np.array_equal(vectors[0], vectors[1])
    mouse, mice, toner = encoder.encode(["wireless mouse", "wireless mouse black", "toner cartridge"])
    assert float(mouse @ mice) > float(mouse @ toner)


def test_an_adapter_is_named_after_its_folder_and_weights(tmp_path):
    adapter = tmp_path / "retriever.v9"
    adapter.mkdir()
    assert not is_adapter(adapter)
    (adapter / "adapter_config.json").write_text("{}")
    (adapter / "adapter_model.safetensors").write_bytes(b"weights-1")
    assert is_adapter(adapter)
    assert adapter_name(adapter) == "retriever.v9-" + hashlib.sha1(b"weights-1").hexdigest()[:8]
    first = adapter_name(adapter)
    (adapter / "adapter_model.safetensors").write_bytes(b"weights-2")
    assert adapter_name(adapter) != first  # retrained: another vector collection


def test_a_missing_model_directory_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="encoder model directory .*nowhere does not exist; run `shopassist"):
        MiniLMEncoder(tmp_path / "nowhere")


@pytest.mark.slow
def test_the_packaged_minilm_encodes_meaning(minilm):
    assert minilm.name == "all-minilm-l6-v2" and minilm.dim == 384
    mouse, mice, toner = minilm.encode(["wireless mouse", "cordless computer mice", "laser printer toner"])
    assert mouse.shape == (384,) and np.isclose(np.linalg.norm(mouse), 1.0, atol=1e-5)
    assert float(mouse @ mice) > float(mouse @ toner) + 0.1


@pytest.mark.slow
def test_the_shipped_adapter_loads_merged_into_the_base_model():
    from assistant.core.settings import DEFAULT_ENCODER

    encoder = MiniLMEncoder(DEFAULT_ENCODER)
    assert encoder.name == adapter_name(DEFAULT_ENCODER) and encoder.name.startswith("retriever.v1-")
    assert encoder.encode(["gaming laptop"]).shape == (1, 384)
