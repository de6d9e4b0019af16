"""The `shopassist` command line: chat, ingest, serve, eval."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import warnings
from dataclasses import asdict
from pathlib import Path

# Nothing may contact an outside host: no analytics, no telemetry, no hub look-ups.
for _var, _value in (("GRADIO_ANALYTICS_ENABLED", "False"), ("HF_HUB_OFFLINE", "1"),
                     ("HF_HUB_DISABLE_TELEMETRY", "1"), ("TRANSFORMERS_OFFLINE", "1"),
                     ("ANONYMIZED_TELEMETRY", "False"), ("TOKENIZERS_PARALLELISM", "false")):
    os.environ.setdefault(_var, _value)
# peft asks transformers a deprecated question each time an adapter loads; the shopper need not hear it.
warnings.filterwarnings("ignore", message=r".*is_gradient_checkpointing.*", category=FutureWarning)

from assistant.core.settings import Settings, load_settings  # noqa: E402
from assistant.core.types import Reply  # noqa: E402


def reply_to_json(reply: Reply, session_id: str | None = None, state=None) -> dict:
    """The JSON shape every front door returns (the same as POST /v1/chat): reply text, products
    with reasons, state."""
    from ui.payload import reply_payload

    return reply_payload(reply, session_id, state)


def build_with_sessions(settings: Settings, progress: bool = True):
    """The assistant with its sessions in the SQLite file of the settings (they outlive the process)."""
    from assistant.core.build import build_assistant
    from assistant.dialogue.sessions import open_sessions

    assistant = build_assistant(settings, progress=progress)
    assistant.sessions = open_sessions(settings.sessions_file, settings.session_idle_minutes * 60)
    return assistant


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    assistant = build_with_sessions(settings, progress=not args.quiet)
    reply = None
    for message in args.message:
        reply = assistant.respond(message, session_id=args.session)
    print(json.dumps(reply_to_json(reply, args.session, assistant.state(args.session)), indent=2,
                     ensure_ascii=False))
    return 0


def cmd_explain(args: argparse.Namespace, settings: Settings) -> int:
    """Why (not) this product: the path one product took through the turn QUERY (after --session's turns)."""
    from assistant.merchant.path import path_table, trace_session

    # Template reasons: the path needs no generator, and loading one would cost minutes.
    settings = settings.model_copy(update={"reasons": settings.reasons.model_copy(update={"generator": "template"})})
    assistant = build_with_sessions(settings, progress=not args.quiet)
    path = trace_session(assistant, args.query, args.product, session_id=args.session)
    if args.json:
        print(json.dumps(path.to_json(), indent=2, ensure_ascii=False))
    else:
        table = path_table(path)
        print(path.summary() + (f"\n\n{table}" if table else ""))
    return 0 if path.stage != "unknown product" else 1


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    """Build (or bring up to date) the index of the configured catalog: encode what changed, assign kinds."""
    from assistant.core.build import build_search

    search = build_search(settings, progress=not args.quiet)
    kinds = sum(1 for p in search.products if p.kind)
    print(json.dumps({"catalog": settings.catalog, "products": len(search.products), "with_kind": kinds}))
    return 0


def cmd_test_dialogues(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.evaluation.journey_format import load_journeys
    from assistant.evaluation.journeys import format_table, run_journey

    journeys = load_journeys(args.paths)
    if args.sample:
        from assistant.evaluation.sample_catalog import build_sample_assistant

        assistant = build_sample_assistant(settings.cache_dir / "journeys")
    else:
        from assistant.core.build import build_assistant

        assistant = build_assistant(settings, progress=not args.quiet)  # sessions in memory
    results = [run_journey(assistant, journey, path, assistant.policy.lookup) for path, journey in journeys]
    if args.json:
        print(json.dumps([{**asdict(r), "passed": r.passed} for r in results], indent=2, ensure_ascii=False))
    else:
        print(format_table(results))
        for r in results:
            if r.failures:
                print(f"\nFAIL {r.name} ({r.path}):", *(f"  - {f}" for f in r.failures), sep="\n")
    return 0 if all(r.passed for r in results) else 1


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.core.build import assign_kinds, index_products, make_encoder, open_store
    from retrieval.catalog.loader import load_catalog
    from retrieval.catalog.mapping import load_mapping

    mapping = load_mapping(args.mapping)
    report = load_catalog(args.path, mapping)
    for problem in report.problems[: args.show_problems]:
        print(f"skipped {problem}", file=sys.stderr)
    if len(report.problems) > args.show_problems:
        print(f"... and {len(report.problems) - args.show_problems} more skipped rows", file=sys.stderr)
    name = args.name or Path(args.path).stem.split(".")[0]
    store = open_store(settings, make_encoder(settings), catalog=name)
    sync = index_products(store, report.products, progress=not args.quiet)
    assign_kinds(store, report.products, sync)
    print(json.dumps({"catalog": name, "products": len(report.products), "skipped_rows": len(report.problems),
                      **asdict(sync)}, indent=2))
    print(f"serve it with: shopassist serve --catalog {name}", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from ui.api.exposure import check_exposure
    from ui.api.routes import serve

    # Before anything loads: an exposed server without a token is refused in a second, not after the index.
    check_exposure(settings.host, settings.api_token, settings.allow_unauthenticated_remote)
    assistant = build_with_sessions(settings, progress=True)
    print(f"Shopping assistant on http://{settings.host}:{settings.port} "
          f"(chat UI at /, HTTP API at /v1, its docs at /docs)", file=sys.stderr)
    serve(assistant, settings)
    return 0


def cmd_mcp(args: argparse.Namespace, settings: Settings) -> int:
    """The assistant as an MCP server: over stdin/stdout, or streamable HTTP at /mcp with --http."""
    import contextlib

    from ui.mcp.http import DEFAULT_PORT, MCP_PATH, serve_http, serve_stdio

    host = args.mcp_host or settings.host
    if args.http:
        from ui.api.exposure import check_exposure

        check_exposure(host, settings.api_token, settings.allow_unauthenticated_remote, what="the MCP server")
    with contextlib.redirect_stdout(sys.stderr):  # on stdio, stdout is the protocol's: nothing else may reach it
        assistant = build_with_sessions(settings, progress=not args.quiet)
    if not args.http:
        serve_stdio(assistant)
        return 0
    port = args.mcp_port or DEFAULT_PORT
    print(f"MCP server on http://{host}:{port}{MCP_PATH} (streamable HTTP"
          f"{', bearer token required' if settings.api_token else ''})", file=sys.stderr)
    serve_http(assistant, settings, host, port)
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.core.build import build_search, build_stages
    from assistant.evaluation.retrieval import as_json, evaluate_retrieval, format_table
    from retrieval.search.judgments import load_judgments

    judgments = load_judgments(args.judgments)
    configs = [("", settings)]
    if getattr(args, "compare_encoders", False):  # base vs fine-tuned retrieval encoder (helper-parser)
        from assistant.parse.tagger import ARTIFACTS
        from retrieval.training.finetune import VERSION

        configs = [("base", settings.model_copy(update={"encoder_path": None})),
                   ("fine-tuned", settings.model_copy(update={"encoder_path": ARTIFACTS / VERSION}))]
    results = {}
    for label, config in configs:
        search = build_search(config, progress=not args.json)
        stages = build_stages(config.model_copy(update={"candidates": args.depth}), search)
        variants = [("", judgments)]
        if getattr(args, "typos", False):
            from assistant.evaluation.retrieval import with_typos

            variants.append(("typos", with_typos(judgments)))
        for suffix, js in variants:
            tag = ", ".join(x for x in (label, suffix) if x)
            for name, scores in evaluate_retrieval(search, stages, js, depth=args.depth, progress=not args.json).items():
                results[f"{name} ({tag})" if tag else name] = scores
    print(json.dumps(as_json(results), indent=2) if args.json else format_table(results))
    return 0


def _train_threads(settings: Settings) -> None:
    import torch

    torch.set_num_threads(settings.threads)


def cmd_train_parser(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.training.parser import train
    from retrieval.catalog.loader import default_catalog

    _train_threads(settings)
    meta = train(default_catalog().products, out=args.out, seed=args.seed)
    print(json.dumps(meta, indent=2))
    return 0


def cmd_train_retriever(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.parse.tagger import ARTIFACTS
    from retrieval.catalog.loader import default_catalog
    from retrieval.training.finetune import VERSION, train

    _train_threads(settings)
    meta = train(default_catalog().products, out=args.out or ARTIFACTS / VERSION, pairs=args.pairs, seed=args.seed)
    print(json.dumps(meta, indent=2))
    return 0


def cmd_train_ranker(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.core.build import build_search
    from assistant.rank.scorer import DEFAULT_ARTIFACT
    from assistant.training.ranker import DEFAULT_JUDGMENTS, format_report, train
    from retrieval.search.judgments import load_judgments

    _train_threads(settings)
    path = Path(args.judgments) if args.judgments else settings.shared_data / DEFAULT_JUDGMENTS
    judgments = load_judgments(path)
    search = build_search(settings, progress=not args.quiet)
    out = Path(args.out or DEFAULT_ARTIFACT)
    cv = train(search, judgments, out, depth=args.depth, folds=args.folds, seed=args.seed, source=path.name)
    print(format_report(cv))
    print(f"saved {out} (trained on all judged queries; the figures above are out-of-fold)", file=sys.stderr)
    return 0


def cmd_eval_reasons(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.evaluation.reasons import run

    return run(args, settings)


def cmd_eval_dialogues(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.evaluation.dialogue_eval import run

    if args.eval_catalog:  # `eval dialogues --catalog NAME`, the same as `shopassist --catalog NAME eval dialogues`
        settings = settings.model_copy(update={"catalog": args.eval_catalog})
    return run(args, settings)


def cmd_eval_kinds(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.evaluation.kinds import run

    return run(args, settings)


def cmd_eval_policies(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.evaluation.policies import run

    return run(args, settings)


def cmd_eval_fairness(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.evaluation.fairness import run

    return run(args, settings)


def cmd_report_exposure(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.evaluation.exposure import run

    return run(args, settings)


def cmd_eval_parser(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.evaluation.parser import run

    _train_threads(settings)
    dialogues = args.dialogues or settings.shared_data / "mgshopdial" / "dialogues_dev.json"
    print(run(gold_path=args.gold, dialogues_path=dialogues))
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="shopassist", description="A conversational shopping assistant.")
    top.add_argument("--config", help="settings YAML file (default: $SHOPASSIST_CONFIG)")
    top.add_argument("--catalog", help="catalog (Chroma collection) to use; default icecat, the embedded one")
    top.add_argument("-v", "--verbose", action="store_true")
    sub = top.add_subparsers(dest="command", required=True)

    chat = sub.add_parser("chat", help="send one or more messages and print the last reply as JSON")
    chat.add_argument("message", nargs="+", help="messages, sent in order in one session")
    chat.add_argument("--session", default="cli", help="session id; a stored session continues")
    chat.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    chat.set_defaults(run=cmd_chat)

    explain = sub.add_parser("explain", help="why (not) this product: the path a product took through a turn "
                             "(filtered out, not retrieved, or ranked and why)")
    explain.add_argument("query", help="the shopper's message, e.g. \"a wireless mouse under $30\"")
    explain.add_argument("--product", required=True, help="the product id to trace")
    explain.add_argument("--session", help="trace the message as the next turn of this stored session (left unchanged)")
    explain.add_argument("--json", action="store_true", help="machine-readable output")
    explain.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    explain.set_defaults(run=cmd_explain)

    index = sub.add_parser("index", help="build the catalog's index now (the first chat or serve would otherwise)")
    index.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    index.set_defaults(run=cmd_index)

    ingest = sub.add_parser("ingest", help="load a JSON, JSONL or CSV catalog through a field mapping")
    ingest.add_argument("path", help="catalog file, zip, directory or glob")
    ingest.add_argument("--mapping", required=True, help="YAML or JSON field mapping (see examples/)")
    ingest.add_argument("--name", help="catalog name (default: the file name)")
    ingest.add_argument("--show-problems", type=int, default=10, help="skipped rows to list")
    ingest.add_argument("-q", "--quiet", action="store_true")
    ingest.set_defaults(run=cmd_ingest)

    dialogues = sub.add_parser("test-dialogues", help="run scripted dialogue journeys (YAML) and print a pass/fail table")
    dialogues.add_argument("paths", nargs="+", help="journey files or directories of them (e.g. tests/dialogues)")
    dialogues.add_argument("--sample", action="store_true",
                           help="run against the small fixed catalog slice the tests use, not the full catalog")
    dialogues.add_argument("--json", action="store_true", help="machine-readable output")
    dialogues.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    dialogues.set_defaults(run=cmd_test_dialogues)

    serve = sub.add_parser("serve", help="start the chat UI and the HTTP API")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--allow-unauthenticated-remote", action="store_true", default=None,
                       help="serve on a non-loopback host without api_token (refused otherwise)")
    serve.set_defaults(run=cmd_serve)

    mcp = sub.add_parser("mcp", help="serve the assistant's tools to MCP clients (stdio; --http for streamable HTTP)")
    mcp.add_argument("--http", action="store_true", help="streamable HTTP at /mcp instead of stdin/stdout")
    mcp.add_argument("--host", dest="mcp_host", metavar="HOST", help="with --http: address (default: the host setting)")
    mcp.add_argument("--port", dest="mcp_port", metavar="PORT", type=int, help="with --http: port (default 8765)")
    mcp.add_argument("--allow-unauthenticated-remote", action="store_true", default=None,
                     help="with --http: serve on a non-loopback host without api_token (refused otherwise)")
    mcp.add_argument("-q", "--quiet", action="store_true", help="no progress bars (they go to stderr)")
    mcp.set_defaults(run=cmd_mcp)

    ev = sub.add_parser("eval", help="evaluate a stage")
    ev_sub = ev.add_subparsers(dest="what", required=True)
    retr = ev_sub.add_parser("retrieval", help="nDCG@10, Recall@100 and MRR on graded judgments")
    retr.add_argument("--judgments", required=True, help="CSV with query,docid,rating")
    retr.add_argument("--depth", type=int, default=100, help="products ranked per query")
    retr.add_argument("--json", action="store_true", help="machine-readable output")
    retr.add_argument("--compare-encoders", action="store_true",
                      help="also rank with the base and the fine-tuned encoder (rows 'dense (base)' ...)")
    retr.add_argument("--typos", action="store_true", help="also run every query with one injected typo")
    retr.set_defaults(run=cmd_eval)
    evp = ev_sub.add_parser("parser", help="constraint precision/recall, exact match and intent accuracy vs rules")
    evp.add_argument("--gold", help="gold constraints JSONL (default data/esci_conv/gold.jsonl)")
    evp.add_argument("--dialogues", help="MG-ShopDial dialogues JSON (research data, read in place; "
                     "default: mgshopdial/dialogues_dev.json under the shared_data setting)")
    evp.set_defaults(run=cmd_eval_parser)
    evr = ev_sub.add_parser("reasons", help="faithfulness, generator acceptance, feature mentions, variety of reasons")
    evr.add_argument("--judgments", help="CSV whose unique queries are asked (default: the shared Icecat dev set)")
    evr.add_argument("--limit", type=int, help="only the first N unique queries")
    evr.add_argument("--json", action="store_true", help="machine-readable output")
    evr.add_argument("--queries", help="CSV of queries (column 'query') for --to-label (default data/reasons/queries.csv)")
    evr.add_argument("--to-label", metavar="SHEET", help="write a sheet of the shown reasons for a reader to label "
                     "(rubric: data/reasons/README.md)")
    evr.add_argument("--labels", metavar="SHEET", help="a labelled sheet: with --to-label, its labels carry over to "
                     "unchanged reasons; alone, print the reader's figures")
    evr.set_defaults(run=cmd_eval_reasons)
    evd = ev_sub.add_parser("dialogues", help="conversation benchmark: journey pass rate, kind precision, "
                            "constraint retention over refinements, pass rate per tag")
    evd.add_argument("paths", nargs="*", help="journey files or directories (default: data/journeys/CATALOG)")
    evd.add_argument("--catalog", dest="eval_catalog", metavar="NAME",
                     help="catalog to run against (default: the --catalog setting)")
    evd.add_argument("--json", action="store_true", help="machine-readable output, with every turn's record")
    evd.add_argument("--failures", action="store_true", help="also list each failed journey's first failure")
    evd.set_defaults(run=cmd_eval_dialogues)
    evk = ev_sub.add_parser("kinds", help="kind accuracy at ingest on the hand-labelled samples of data/kinds")
    evk.add_argument("--catalogs", nargs="+", default=["icecat"], choices=["icecat", "bestbuy"],
                     help="catalogs to score (bestbuy must be ingested under that name first)")
    evk.add_argument("--splits", nargs="+", default=["dev", "test"], choices=["dev", "dev2", "test"],
                     help="tune on dev (and dev2, Icecat only), report test")
    evk.add_argument("--errors", action="store_true", help="also list the most common confusions")
    evk.add_argument("--json", action="store_true", help="machine-readable output, with every error")
    evk.set_defaults(run=cmd_eval_kinds)
    evpo = ev_sub.add_parser("policies", help="answers about the shop's policies: accuracy on answerable questions, "
                             "refusal on the rest")
    evpo.add_argument("--questions", type=Path, help="CSV of questions (default: data/policies/questions.csv)")
    evpo.add_argument("--document", type=Path, help="the policies document (default: the shop's, see policies_file)")
    evpo.add_argument("--errors", action="store_true", help="also list every wrong answer and wrong refusal")
    evpo.add_argument("--json", action="store_true", help="machine-readable output, with every row")
    evpo.set_defaults(run=cmd_eval_policies)
    evf = ev_sub.add_parser("fairness", help="brand diversity re-ranking: nDCG@10 cost against brand exposure gain "
                            "on the dev judgments, per strength (table and plot)")
    evf.add_argument("--strengths", nargs="+", type=float, default=[0.0, 0.1, 0.25, 0.5, 1.0],
                     help="fairness strengths in [0, 1] to measure (0 is always measured)")
    evf.add_argument("--judgments", help="query,docid,rating CSV (default: the shared Icecat dev judgments)")
    evf.add_argument("--depth", type=int, default=100, help="products ranked per query (as eval retrieval)")
    evf.add_argument("--plot", default="out/fairness.png", help="PNG of cost against gain (default out/fairness.png)")
    evf.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    evf.set_defaults(run=cmd_eval_fairness)

    report = sub.add_parser("report", help="reports for the merchant")
    report_sub = report.add_subparsers(dest="what", required=True)
    rex = report_sub.add_parser("exposure", help="position-weighted exposure per brand and price band over a query "
                                "set, against catalog and deserved shares (CSV, PNG, HTML)")
    rex.add_argument("--queries", default="judged",
                     help="judged (the dev judgments), journeys (first messages), logged (setting log_queries), "
                     "or a file of one query per line")
    rex.add_argument("--k", type=int, default=10, help="top k of each ranking that gets exposure")
    rex.add_argument("--weighting", choices=["rbp", "log"], default="rbp",
                     help="position weights: rbp (gamma^(rank-1)) or log (1/log2(rank+1))")
    rex.add_argument("--gamma", type=float, default=0.5, help="RBP patience (default 0.5)")
    rex.add_argument("--top", type=int, default=15, help="groups in the tables and charts; the rest summed as other")
    rex.add_argument("--out", default="out/exposure", help="folder for the CSV, PNG and HTML (default out/exposure)")
    rex.set_defaults(run=cmd_report_exposure)

    train = sub.add_parser("train", help="rebuild a trained artifact (fixed seed)")
    train_sub = train.add_subparsers(dest="what", required=True)
    trp = train_sub.add_parser("parser", help="fine-tune the parser: LoRA + intent and tag heads (about 10-25 min on 2 cores)")
    trp.add_argument("--seed", type=int, default=13)
    trp.add_argument("--out", help="artifact directory (default assistant/artifacts/parser.v1)")
    trp.set_defaults(run=cmd_train_parser)
    trr = train_sub.add_parser("retriever", help="contrastively fine-tune the retrieval encoder (LoRA, MNRL)")
    trr.add_argument("--seed", type=int, default=13)
    trr.add_argument("--pairs", type=int, default=3000, help="synthetic (query, product) pairs")
    trr.add_argument("--out", help="artifact directory (default assistant/artifacts/retriever.v1)")
    trr.set_defaults(run=cmd_train_retriever)
    trk = train_sub.add_parser("ranker", help="train the learned ranker (LambdaRank, k-fold out-of-fold nDCG@10; about a minute)")
    trk.add_argument("--seed", type=int, default=0)
    trk.add_argument("--folds", type=int, default=5)
    trk.add_argument("--depth", type=int, default=200, help="hybrid candidates ranked per query (dense + lexical top 100, fused)")
    trk.add_argument("--judgments", help="query,docid,rating CSV (default: the shared Icecat dev judgments)")
    trk.add_argument("--out", help="artifact file (default assistant/artifacts/ranker.v1.json)")
    trk.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    trk.set_defaults(run=cmd_train_ranker)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    from assistant.dialogue.redact import install_log_redaction

    install_log_redaction()  # no email or phone number reaches a log
    try:
        settings = load_settings(args.config, catalog=args.catalog,
                                 host=getattr(args, "host", None), port=getattr(args, "port", None),
                                 allow_unauthenticated_remote=getattr(args, "allow_unauthenticated_remote", None))
        return args.run(args, settings)
    except (ValueError, FileNotFoundError, LookupError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
