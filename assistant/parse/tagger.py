"""The learned part of the parser: MiniLM with a LoRA adapter, an intent head and a span tagger.

    text ─▶ MiniLM (+ LoRA) ─▶ token states (t, 384) ─┬▶ mean pool ─▶ intent logits (n_intents)
                                                      └▶ BIO tag logits per token (t, n_tags)

The artifact is small: the LoRA adapter and the two heads (assistant/artifacts/parser.v1/);
the base weights come from the packaged all-MiniLM-L6-v2. torch, transformers and peft are
imported only here and in train_parser.py.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.core.types import Intent

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
VERSION = "parser.v1"
TAGS = ("BRAND", "NOT_BRAND", "COLOUR", "TYPE", "PRICE_MAX", "PRICE_MIN", "PRICE_RANGE", "PRICE_AROUND",
        "SPEC", "RATING", "REVIEWS", "SORT", "REF")
LABELS = ("O",) + tuple(f"{p}-{t}" for t in TAGS for p in "BI")
# The intents the encoder reads. Cart commands and shop-policy questions are read before it, by their own
# readers (assistant/parse/cart_commands.py, assistant/policies), and never reach its head.
INTENTS = tuple(i.value for i in Intent if i not in (Intent.CART, Intent.POLICY))
MAX_TOKENS = 64
log = logging.getLogger(__name__)


def default_path() -> Path:
    return ARTIFACTS / VERSION


@dataclass(frozen=True)
class Reading:
    """The model's reading of one message: intent probabilities and labelled character spans."""

    intent: Intent
    confidence: float  # probability of `intent`
    spans: tuple[tuple[str, int, int], ...]  # (tag, start, end) in the message


def build_network(lora_rank: int = 8):
    """The base encoder with a fresh LoRA adapter, plus the two heads (untrained)."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModel

    from retrieval.search.encoder import base_model_path

    base = AutoModel.from_pretrained(str(base_model_path()))
    config = LoraConfig(r=lora_rank, lora_alpha=2 * lora_rank, lora_dropout=0.05,
                        target_modules=["query", "key", "value", "dense"])
    return _Network(get_peft_model(base, config), torch)


def _Network(encoder, torch):  # noqa: N802  (a class built lazily so torch loads only on use)
    class Network(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            hidden = encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(0.1)
            self.intent_head = torch.nn.Linear(hidden, len(INTENTS))
            self.tag_head = torch.nn.Linear(hidden, len(LABELS))

        def forward(self, input_ids, attention_mask):
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state  # (b, t, h)
            mask = attention_mask.unsqueeze(-1).to(states.dtype)
            pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1.0)  # (b, h)
            return self.intent_head(self.dropout(pooled)), self.tag_head(self.dropout(states))

    return Network()


def token_labels(offsets: Sequence[tuple[int, int]], spans: Sequence[Sequence]) -> list[int]:
    """BIO label ids for tokens with character `offsets`; special tokens ((0, 0)) get -100."""
    out = []
    for start, end in offsets:
        if start == end:
            out.append(-100)
            continue
        label = "O"
        for tag, s, e in spans:
            if start >= s and end <= e:
                label = ("B-" if start == s or not out or out[-1] in (-100, 0) else "I-") + tag
                break
        out.append(LABELS.index(label))
    return out


def decode_spans(offsets: Sequence[tuple[int, int]], label_ids: Sequence[int], text: str) -> list[tuple[str, int, int]]:
    """Character spans from per-token BIO labels, whole words only: a word takes the label of its
    first piece ("projector" is never cut after "project"); an I- after O starts a span."""
    words: list[list] = []  # [start, end, label of the first piece]
    for (start, end), lid in zip(offsets, label_ids):
        if start == end:
            continue
        if words and start == words[-1][1] and text[start - 1:start].isalnum() and text[start:start + 1].isalnum():
            words[-1][1] = end  # a word piece continues its word
        else:
            words.append([start, end, LABELS[lid]])
    spans: list[list] = []
    for start, end, label in words:
        if label == "O":
            continue
        prefix, tag = label.split("-", 1)
        joins = spans and spans[-1][0] == tag and prefix == "I"
        if joins and text[spans[-1][2]:start].strip(" ") in ("", "-", ",", ".", "'", "$"):
            spans[-1][2] = end
        else:
            spans.append([tag, start, end])
    return [tuple(s) for s in spans]


def int8(network, torch):
    """`network` with int8 weights in its Linear layers (activations quantised per message), or as it
    is where this torch no longer has torch.ao's dynamic quantisation."""
    # About 40% off the forward pass on one CPU thread (parse p95 target 30 ms). torch.ao.quantization
    # is deprecated, but its successor, torchao's quantize_, was slower than float32 on this CPU, and
    # float32 reads "HP only" as "not HP"; benchmarks/parse_latency.py has the figures.
    import warnings

    with warnings.catch_warnings():
        # Both the API and the quantised tensor types it makes (torch.qint8) warn of their removal.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.filterwarnings("ignore", message=".*quantized tensor creation functions", category=UserWarning)
        try:
            return torch.ao.quantization.quantize_dynamic(network, {torch.nn.Linear}, dtype=torch.qint8)
        except (AttributeError, RuntimeError, NotImplementedError) as err:  # removed from this torch
            log.warning("int8 quantisation unavailable (%s); the parser's tagger runs in float32", err)
            return network


class QueryTagger:
    """Loads the trained artifact once; `read(text)` costs one forward pass of MiniLM."""

    def __init__(self, path: str | Path | None = None, quantize: bool = True) -> None:
        import torch
        from peft import PeftModel
        from safetensors.torch import load_file
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        from retrieval.search.encoder import base_model_path

        hf_logging.disable_progress_bar()
        path = Path(path) if path else default_path()
        if not (path / "heads.safetensors").is_file():
            raise FileNotFoundError(f"parser artifact {path} is missing; rebuild it with `shopassist train parser`")
        meta = json.loads((path / "meta.json").read_text())
        if tuple(meta["labels"]) != LABELS or tuple(meta["intents"]) != INTENTS:
            raise ValueError(f"parser artifact {path} was trained for other labels; retrain with `shopassist train parser`")
        self._torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(str(base_model_path()))
        base = AutoModel.from_pretrained(str(base_model_path()))
        encoder = PeftModel.from_pretrained(base, str(path / "adapter")).merge_and_unload()
        self.network = _Network(encoder, torch)
        heads = load_file(str(path / "heads.safetensors"))
        self.network.intent_head.load_state_dict({k.split(".", 1)[1]: v for k, v in heads.items() if k.startswith("intent.")})
        self.network.tag_head.load_state_dict({k.split(".", 1)[1]: v for k, v in heads.items() if k.startswith("tag.")})
        self.network.eval()
        if quantize:
            self.network = int8(self.network, torch)
        self.meta = meta

    def read(self, text: str) -> Reading:
        torch = self._torch
        enc = self.tokenizer(text or " ", truncation=True, max_length=MAX_TOKENS, return_offsets_mapping=True,
                             return_tensors="pt")
        offsets = [tuple(o) for o in enc.pop("offset_mapping")[0].tolist()]
        with torch.inference_mode():
            intent_logits, tag_logits = self.network(enc["input_ids"], enc["attention_mask"])
        probs = intent_logits[0].softmax(-1)
        best = int(probs.argmax())
        spans = decode_spans(offsets, tag_logits[0].argmax(-1).tolist(), text)
        return Reading(Intent(INTENTS[best]), float(probs[best]), tuple(spans))


@lru_cache(maxsize=2)
def load_tagger(path: str | None = None, quantize: bool = True) -> QueryTagger:
    """The tagger at `path` (default: the shipped artifact), loaded once per process."""
    return QueryTagger(path, quantize)
