"""The `shopassist` command line: chat, ingest, serve, eval."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from dataclasses import asdict
from pathlib import Path

# Nothing may contact an outside host: no analytics, no telemetry, no hub look-ups.
for _var, _value in (("GRADIO_ANALYTICS_ENABLED", "False"), ("HF_HUB_OFFLINE", "1"),
                     ("HF_HUB_DISABLE_TELEMETRY", "1"), ("TRANSFORMERS_OFFLINE", "1"),
                     ("ANONYMIZED_TELEMETRY", "False"), ("TOKENIZERS_PARALLELISM", "false")):
    os.environ.setdefault(_var, _value)

from assistant.settings import Settings, load_settings  # noqa: E402
from assistant.types import Reply  # noqa: E402


def reply_to_json(reply: Reply) -> dict:
    """The JSON shape every front door returns: reply text, products with reasons, state."""
    filters = {k: v for k, v in asdict(reply.constraints.filters).items() if v not in (None, ())}
    return {
        "reply": reply.text,
        "intent": reply.intent.value,
        "products": [
            {"id": c.id, "title": c.title, "brand": c.brand, "price": c.price, "colour": c.colour,
             "type": c.product_type, "reason": c.reason, "image_url": c.image_url}
            for c in reply.cards
        ],
        "constraints": {"query": reply.constraints.query, "filters": filters, "sort": reply.constraints.sort},
    }


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.build import build_assistant

    assistant = build_assistant(settings, progress=not args.quiet)
    reply = None
    for message in args.message:
        reply = assistant.respond(message, session_id=args.session)
    print(json.dumps(reply_to_json(reply), indent=2, ensure_ascii=False))
    return 0


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.build import index_products, make_encoder, open_store
    from retrieval.catalog import load_catalog
    from retrieval.mapping import load_mapping

    mapping = load_mapping(args.mapping)
    report = load_catalog(args.path, mapping)
    for problem in report.problems[: args.show_problems]:
        print(f"skipped {problem}", file=sys.stderr)
    if len(report.problems) > args.show_problems:
        print(f"... and {len(report.problems) - args.show_problems} more skipped rows", file=sys.stderr)
    name = args.name or Path(args.path).stem.split(".")[0]
    store = open_store(settings, make_encoder(settings), catalog=name)
    sync = index_products(store, report.products, progress=not args.quiet)
    print(json.dumps({"catalog": name, "products": len(report.products), "skipped_rows": len(report.problems),
                      **asdict(sync)}, indent=2))
    print(f"serve it with: shopassist serve --catalog {name}", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.build import build_assistant
    from ui.app import build_app, launch

    assistant = build_assistant(settings, progress=True)
    print(f"Shopping assistant on http://{settings.host}:{settings.port}", file=sys.stderr)
    launch(build_app(assistant), host=settings.host, port=settings.port)
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.build import build_search, build_stages
    from assistant.evaluate import as_json, evaluate_retrieval, format_table, load_judgments

    judgments = load_judgments(args.judgments)
    search = build_search(settings, progress=not args.json)
    stages = build_stages(settings.model_copy(update={"candidates": args.depth}), search)
    results = evaluate_retrieval(search, stages, judgments, depth=args.depth, progress=not args.json)
    print(json.dumps(as_json(results), indent=2) if args.json else format_table(results))
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="shopassist", description="A conversational shopping assistant.")
    top.add_argument("--config", help="settings YAML file (default: $SHOPASSIST_CONFIG)")
    top.add_argument("--catalog", help="catalog (Chroma collection) to use; default icecat, the embedded one")
    top.add_argument("-v", "--verbose", action="store_true")
    sub = top.add_subparsers(dest="command", required=True)

    chat = sub.add_parser("chat", help="send one or more messages and print the last reply as JSON")
    chat.add_argument("message", nargs="+", help="messages, sent in order in one session")
    chat.add_argument("--session", default="cli", help="session id")
    chat.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    chat.set_defaults(run=cmd_chat)

    ingest = sub.add_parser("ingest", help="load a JSON, JSONL or CSV catalog through a field mapping")
    ingest.add_argument("path", help="catalog file, zip, directory or glob")
    ingest.add_argument("--mapping", required=True, help="YAML or JSON field mapping (see examples/)")
    ingest.add_argument("--name", help="catalog name (default: the file name)")
    ingest.add_argument("--show-problems", type=int, default=10, help="skipped rows to list")
    ingest.add_argument("-q", "--quiet", action="store_true")
    ingest.set_defaults(run=cmd_ingest)

    serve = sub.add_parser("serve", help="start the chat UI")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.set_defaults(run=cmd_serve)

    ev = sub.add_parser("eval", help="evaluate a stage")
    ev_sub = ev.add_subparsers(dest="what", required=True)
    retr = ev_sub.add_parser("retrieval", help="nDCG@10, Recall@100 and MRR on graded judgments")
    retr.add_argument("--judgments", required=True, help="CSV with query,docid,rating")
    retr.add_argument("--depth", type=int, default=100, help="products ranked per query")
    retr.add_argument("--json", action="store_true", help="machine-readable output")
    retr.set_defaults(run=cmd_eval)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings(args.config, catalog=args.catalog,
                                 host=getattr(args, "host", None), port=getattr(args, "port", None))
        return args.run(args, settings)
    except (ValueError, FileNotFoundError, LookupError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
