"""The embedded model's plumbing: slot routing and the packaged weights' path (no model is loaded)."""

from __future__ import annotations

import re
import threading

import pytest

from assistant.explain.llama import EMBEDDED, SlotRouter, gguf_path


def test_slot_router_keeps_each_prompt_prefix_in_its_own_slot():
    router = SlotRouter(4)
    open_a, open_b = "OPEN examples... Request: laptop", "OPEN examples... Request: mouse"
    asked = "ASKED examples... Request: hp laptop under 1000"
    first, second = router.acquire(open_a), router.acquire(open_b)  # two at once: two slots
    assert first != second
    router.release(first), router.release(second)
    third = router.acquire(asked)  # a new prefix takes an unused slot, not one holding OPEN
    assert third not in (first, second)
    router.release(third)
    assert router.acquire(open_a + " again") in (first, second)  # back to a slot holding OPEN
    assert router.acquire("ASKED examples... Request: red speaker") == third


def test_slot_router_waits_for_a_free_slot():
    router = SlotRouter(1)
    held = router.acquire("a")
    got: list[int] = []
    waiter = threading.Thread(target=lambda: got.append(router.acquire("b")))
    waiter.start()
    waiter.join(0.2)
    assert waiter.is_alive() and not got  # blocked while the only slot is busy
    router.release(held)
    waiter.join(2)
    assert got == [held]


def test_the_packaged_smollm2_weights_are_found_without_a_download():
    path = gguf_path("smollm2")
    assert path.name == "SmolLM2-135M-Instruct.Q4_1.gguf" and path.is_file() and path.stat().st_size > 50_000_000


def test_an_unknown_embedded_model_names_the_known_ones():
    with pytest.raises(ValueError, match=re.escape(f"unknown embedded model 'llama9'; choose one of {sorted(EMBEDDED)}")):
        gguf_path("llama9")
