"""Generators: write one reason sentence from a product's evidence (unchecked: see factcheck.py).

`ChainGenerator` composes a versioned prompt (prompts/reason.v4.txt), any LangChain language
model and an output parser as `prompt | model | parser`, so the model is a setting:
- the default, `"smollm2"` or `"gemma3"`: a GGUF model shipped in a PyPI package, run embedded
  with xllamacpp (`EmbeddedGGUF` in llama.py, a LangChain `LLM`; the only module that imports llama.cpp);
- any LangChain chat or completion model by import path, e.g. an OpenAI-compatible endpoint
  (after `pip install langchain-openai`, which this project does not depend on):
      SHOPASSIST_REASONS_GENERATOR=langchain_openai.ChatOpenAI
      SHOPASSIST_REASONS_GENERATOR_KWARGS='{"base_url": "http://127.0.0.1:8000/v1", "model": "NAME",
                                            "api_key": "KEY", "temperature": 0}'
  `SHOPASSIST_REASONS_GENERATOR=template` turns generation off (template reasons only).
Whatever the model, its reasons pass the fact-checker or are replaced (explain.py).
`FakeGenerator` is the deterministic stand-in for tests.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from langchain_core.language_models import BaseLanguageModel
from langchain_core.output_parsers import BaseOutputParser, StrOutputParser
from langchain_core.prompts import PromptTemplate
from langchain_core.runnables import RunnableLambda, RunnablePassthrough

import prompts
from assistant.core.settings import ReasonSettings  # noqa: F401  (re-exported: generators are built from it)
from assistant.explain.evidence import Evidence, subject
from assistant.explain.llama import EMBEDDED, EmbeddedGGUF, gguf_path

MARKERS = re.compile(r"\b(request|product|facts|reason)\s*:", re.I)


class Generator(Protocol):
    name: str

    def write(self, evidence: Evidence, attempt: int = 0) -> str:
        """One reason sentence for `evidence`; `attempt` > 0 asks for another wording."""


def clean(text: str, limit: int) -> str:
    """One line of plain text for a prompt slot: no line breaks, no prompt markers, bounded length.

    Product text and shopper messages are data: they must never start a new "Request:" or
    "Reason:" line of the few-shot prompt, whatever they say.
    """
    text = MARKERS.sub(lambda m: m.group(1), " ".join(str(text).split()))
    text = text.replace("{", "(").replace("}", ")")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def lead(e: Evidence) -> str:
    """The start of a reason, "This Samsung charger" (or "Not a tripod, but the closest match: this
    Canon mount ring"): a completion model continues from it."""
    start = subject(e)
    if e.closest:
        start = f"Not a {e.asked_kind}, but the closest match: {start[0].lower()}{start[1:]}"
    return clean(start, 100)


def load_templates(name: str) -> dict[str, PromptTemplate]:
    """The prompt's variants: instruction + one section of examples + the request section.

    A prompt file is an instruction, then sections headed "## <variant>: ..." of examples, and
    a last "## request" section with the slots. Each variant keeps a fixed prefix, which
    llama.cpp caches between calls.
    """
    text = prompts.load(name)
    head, *sections = re.split(r"^## ", text, flags=re.M)
    parts = {s.split(":", 1)[0].split("\n", 1)[0].strip(): s.split("\n", 1)[1].strip() for s in sections}
    request = parts.pop("request", None)
    if request is None or not parts:
        raise ValueError(f"prompt {name!r} needs '## <variant>:' example sections and a last '## request' section")
    return {v: PromptTemplate.from_template(f"{head.strip()}\n\n{shots}\n\n{request}") for v, shots in parts.items()}


def variant(e: Evidence) -> str:
    """"closest" when the product is shown as the closest available (another kind than asked), "asked"
    when a budget, brand or colour the shopper asked for is met, else "open"."""
    if e.closest:
        return "closest"
    return "asked" if any(c.met and c.name in ("price", "brand", "colour") for c in e.checks) else "open"


def prompt_inputs(e: Evidence, prefill: bool = False) -> dict[str, str]:
    """The request section's slots. `product` names the product by its brand and noun ("Sony
    headphones"); `title` (prompts up to v3) is the whole title, ~20 more tokens to read per reason
    and words the model copies into the sentence unchecked."""
    return {"request": clean(e.request or "(no words, filters only)", 100), "title": clean(e.product.title, 120),
            "product": clean(subject(e).split(" ", 1)[1], 80),
            "facts": clean("; ".join(e.key_facts()), 300), "lead": " " + lead(e) if prefill else ""}


class ReasonParser(BaseOutputParser[str]):
    """The first line of the completion, trimmed to at most two sentences, tidily punctuated; a
    sentence the model strung on with a semicolon (the facts' separator) ends there."""

    def parse(self, text: str) -> str:
        line = text.strip().split("\n", 1)[0].strip().strip('"“”').strip()
        line = MARKERS.split(line)[0].strip()
        head = line.split(";", 1)[0].rstrip(" ,")
        if head != line and len(head.split()) >= 4:
            line = head + "."
        sentences = re.split(r"(?<=[.!?])\s+", line)
        line = " ".join(sentences[:2]).strip()
        if line and line[-1] not in ".!?":
            line += "."
        if line.count('"') % 2 and line.endswith("."):
            line = line[:-1] + '".'  # a quoted search word the model left open at the full stop
        return line[:1].upper() + line[1:]

    @property
    def _type(self) -> str:
        return "reason_sentence"


class ChainGenerator:
    """`prompt | model | parser` over any LangChain language model (completion or chat).

    With `prefill` (for completion models) the reason is started for the model ("This Samsung
    charger") on the retry or on every attempt, and the model writes the rest: it stays on the product.
    """

    def __init__(self, model: BaseLanguageModel, name: str, prompt: str = "reason.v4",
                 retry_kwargs: dict[str, Any] | None = None, prefill: str = "never") -> None:
        self.templates = load_templates(prompt)
        self.name = name
        self.prefill = prefill
        self.model = model
        retry_model = model.bind(**retry_kwargs) if retry_kwargs else model
        self.chains = {v: (self._compose(t, model), self._compose(t, retry_model)) for v, t in self.templates.items()}

    @staticmethod
    def _compose(template: PromptTemplate, model) -> Any:
        text = template | model | StrOutputParser()
        joined = RunnableLambda(lambda d: d["lead"].lstrip() + (" " if d["lead"] else "") + d["text"].lstrip())
        return RunnablePassthrough.assign(text=text) | joined | ReasonParser()

    def _variant(self, evidence: Evidence) -> str:
        v = variant(evidence)
        if v not in self.templates:  # an older prompt without the variant
            v = "open" if v == "closest" and "open" in self.templates else next(iter(self.templates))
        return v

    def prompt_text(self, evidence: Evidence, attempt: int = 0) -> str:
        """The prompt the model sees for `evidence` (for inspection and tests)."""
        template = self.templates[self._variant(evidence)]
        return template.invoke(prompt_inputs(evidence, self._prefill(attempt))).to_string()

    def write(self, evidence: Evidence, attempt: int = 0) -> str:
        first, retry = self.chains[self._variant(evidence)]
        return (first if attempt == 0 else retry).invoke(prompt_inputs(evidence, self._prefill(attempt)))

    def warm_up(self) -> None:
        """Run each prompt variant once so an embedded model caches its fixed prefix before a shopper
        waits (remote models are left alone: a call costs money there)."""
        if not isinstance(self.model, EmbeddedGGUF):
            return
        for first, _ in self.chains.values():
            first.invoke({"request": "cable", "title": "USB cable", "product": "USB cable", "facts": "costs $1.00",
                          "lead": ""})

    def _prefill(self, attempt: int) -> bool:
        return self.prefill == "always" or (self.prefill == "retry" and attempt > 0)


class FakeGenerator:
    """Deterministic: `respond(evidence, attempt)` gives the text (tests)."""

    def __init__(self, respond: Callable[[Evidence, int], str], name: str = "fake") -> None:
        self.respond = respond
        self.name = name
        self.calls = 0

    def write(self, evidence: Evidence, attempt: int = 0) -> str:
        self.calls += 1
        return self.respond(evidence, attempt)


def build_generator(settings: ReasonSettings, cache_dir: Path | None = None) -> Generator:
    """The generator the settings name; loads weights (call once, from build.py)."""
    if settings.generator in EMBEDDED:
        # A slot per prompt variant and parallel request keeps every variant's examples cached (llama.py).
        kwargs = {"prefixes": len(load_templates(settings.prompt)), **settings.generator_kwargs}
        model = EmbeddedGGUF(model_path=str(gguf_path(settings.generator, cache_dir)), parallel=settings.parallel,
                             threads=settings.threads, max_tokens=settings.max_tokens, **kwargs)
        model.load()
        retry = settings.retry_kwargs if settings.retry_kwargs is not None else {"temperature": 0.7, "seed": 7}
        return ChainGenerator(model, settings.generator, settings.prompt, retry, settings.prefill)
    module_name, _, class_name = settings.generator.rpartition(".")
    if not module_name:
        raise ValueError(f"generator {settings.generator!r} must be 'template', one of {sorted(EMBEDDED)}, "
                         "or a LangChain model class path such as 'langchain_openai.ChatOpenAI'")
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as err:
        raise ValueError(f"cannot import generator {settings.generator!r}: {err}; is its package installed?") from err
    model = cls(**settings.generator_kwargs)
    if not isinstance(model, BaseLanguageModel):
        raise ValueError(f"generator {settings.generator!r} is not a LangChain language model")
    return ChainGenerator(model, class_name, settings.prompt, settings.retry_kwargs)
