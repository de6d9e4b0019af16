"""The Merchant tab: why (not) this product, and how exposure is shared between brands and price bands.

    with gr.Blocks() as app:
        ...                      # the chat tab
        merchant_tab(assistant)  # a second tab, "Merchant"

"Why (not) this product?" traces one product through one turn (assistant/merchant/path.py): filtered
out and by which constraint, not retrieved with its dense and BM25 ranks, or ranked at N with its
feature contributions beside those of the product above it. Its endpoint is `/explain`:

    client.predict("a wireless mouse under $30", "2161020", api_name="/explain")  # -> path as HTML

Opening the page with `?explain=QUERY&product=ID` fills the panel and traces when the Merchant tab is
opened (links to a product's path, and the screenshot, use it). The tab traces a message as a first
turn: no UI endpoint takes a session id (the tab shares the shoppers' server, and a session's
state is the shopper's); `shopassist explain --session ID` traces a stored session's turn on the
server's own machine.

"Exposure" runs `assistant.merchant.exposure` over the queries typed (one per line) and shows its
charts and table. Both work on whatever catalog the assistant serves. Catalog text is untrusted:
every text passes through `html.escape`.
"""

from __future__ import annotations

import html
import logging
from typing import Any

import gradio as gr

from assistant.core.text import clip
from assistant.merchant.path import ProductPath, label, signed, trace_session

logger = logging.getLogger(__name__)

EMPTY_PATH = ('<div class="sa-path sa-path-empty">Type a shopper\'s message and a product id, then '
              "<b>Explain</b>: where the product left the flow, or why it ranks where it does.</div>")
EXAMPLE_QUERIES = "a wireless mouse under $30\ngaming laptop\nHP toner cartridge\nbluetooth speaker in black"
STAGE_COLOURS = {"ranked": "#047857", "not retrieved": "#b45309", "filtered out": "#b91c1c", "unknown product": "#6b7280"}

MERCHANT_CSS = """
.sa-path { font-size: 14px; line-height: 1.45; }
.sa-path-empty { padding: 20px 16px; border: 1px dashed #d1d5db; border-radius: 12px; color: #6b7280; }
.sa-stage { display: inline-block; padding: 2px 10px; border-radius: 999px; color: #fff; font-weight: 600;
  font-size: 12px; letter-spacing: .03em; text-transform: uppercase; }
.sa-path h4 { margin: 8px 0 4px; font-size: 15px; }
.sa-path p { margin: 6px 0; }
.sa-path table { border-collapse: collapse; margin-top: 8px; font-size: 13px; min-width: 60%; }
.sa-path th, .sa-path td { border: 1px solid #e5e7eb; padding: 4px 10px; text-align: left; }
.sa-path th { background: #f9fafb; }
.sa-path .sa-n { text-align: right; font-variant-numeric: tabular-nums; }
.sa-path td.sa-up { color: #047857; }
.sa-path td.sa-down { color: #b91c1c; }
.sa-path .sa-err { color: #b91c1c; }
"""


def render_path(path: ProductPath) -> str:
    """The path as HTML: stage, summary, and the failed constraints, the ranks or the contributions."""
    e = html.escape
    colour = STAGE_COLOURS.get(path.stage, "#6b7280")
    parts = [f'<div class="sa-path" data-stage="{e(path.stage)}">',
             f'<span class="sa-stage" style="background:{colour}">{e(path.stage)}</span>']
    if path.title:
        parts.append(f"<h4>{e(path.title)} <small>(id {e(path.product_id)})</small></h4>")
    parts.append(f"<p>{e(path.summary())}</p>")
    if path.searched and path.stage != "unknown product":
        parts.append(f"<p><small>Message “{e(path.query)}”: searched for “{e(path.searched)}”, "
                     f"intent {e(path.intent)}.</small></p>")
    if path.stage == "filtered out":
        rows = "".join(f"<tr><td>{e(c)}</td><td>{e(v)}</td></tr>" for c, v in path.failed)
        parts.append(f"<table><tr><th>constraint it fails</th><th>its value</th></tr>{rows}</table>")
    elif path.stage == "not retrieved" and not path.note:
        cells = [("dense rank", path.dense_rank), ("BM25 rank", path.lexical_rank), ("fused rank", path.fused_rank),
                 ("products meeting the filters", path.pool), ("each search's depth", path.depth),
                 ("candidates ranked", path.candidates)]
        rows = "".join(f'<tr><td>{e(n)}</td><td class="sa-n">{"–" if v is None else f"{v:,}"}</td></tr>' for n, v in cells)
        parts.append(f"<table>{rows}</table>")
    elif path.stage == "ranked":
        parts.append(_contributions_table(path))
    parts.append("</div>")
    return "".join(parts)


def _contributions_table(path: ProductPath) -> str:
    e = html.escape
    if path.above is None:
        rows = sorted(path.contributions.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
        body = "".join(f'<tr><td>{e(label(k))}</td><td class="sa-n">{v:.3f}</td></tr>' for k, v in rows if v)
        return f"<table><tr><th>feature</th><th>#{path.rank} (this)</th></tr>{body}</table>"
    head = (f"<tr><th>feature</th><th>#{path.rank} {e(clip(path.title, 40))}</th>"
            f"<th>#{path.rank - 1} {e(clip(path.above.title, 40))}</th><th>difference</th></tr>")
    body = "".join(
        f'<tr><td>{e(label(k))}</td><td class="sa-n">{m:.3f}</td><td class="sa-n">{a:.3f}</td>'
        f'<td class="sa-n {"sa-up" if d > 0 else "sa-down" if d < 0 else ""}">{e(signed(d))}</td></tr>'
        for k, m, a, d in path.gaps() if m or a)  # features that give neither anything are left out
    total = (f'<tr><th>score</th><th class="sa-n">{path.score:.3f}</th><th class="sa-n">{path.above.score:.3f}</th>'
             f'<th class="sa-n">{e(signed(path.score - path.above.score))}</th></tr>')
    return f"<table>{head}{body}{total}</table>"


def _error(text: str) -> str:
    return f'<div class="sa-path"><p class="sa-err">{html.escape(text)}</p></div>'


def explain_html(assistant: Any, query: str | None, product_id: str | None, session_id: str | None = None) -> str:
    """The traced path as HTML, or a note saying what to fix."""
    query, product_id, session_id = (query or "").strip(), (product_id or "").strip(), (session_id or "").strip()
    if not query or not product_id:
        return _error("Type the shopper's message and the id of the product to trace.")
    if getattr(assistant, "policy", None) is None and getattr(assistant, "stages", None) is None:
        return _error("This assistant has no stages to trace a product through.")
    try:
        return render_path(trace_session(assistant, query, product_id, session_id=session_id or None))
    except (ValueError, LookupError) as err:
        return _error(f"{str(err).strip(chr(39))}.")
    except Exception:
        logger.exception("tracing %r for %r failed", product_id, query)
        return _error("Tracing that product failed on the server; the log has the details.")


def exposure_outputs(assistant: Any, queries_text: str | None, k: int = 10):
    """(brand chart, price band chart, brand table, note) of the exposure report over the typed queries."""
    queries = [q.strip() for q in (queries_text or "").splitlines() if q.strip() and not q.strip().startswith("#")]
    if not queries:
        return None, None, None, "Type one query per line."
    stages = getattr(getattr(assistant, "policy", None), "stages", None) or getattr(assistant, "stages", None)
    search = getattr(getattr(stages, "retriever", None), "search", None)
    if stages is None or search is None:
        return None, None, None, "This assistant has no catalog to report on."
    try:
        from assistant.merchant.exposure import collect_rankings, exposure_report, report_figures

        report = exposure_report(collect_rankings(stages, queries, k=int(k)), search.products, k=int(k))
        figures = report_figures(report)
        table = report.to_frame("brand").head(15).round(4)
    except Exception:
        logger.exception("exposure report failed")
        return None, None, None, "The exposure report failed on the server; the log has the details."
    charts = (figures + [None, None])[:2]
    note = (f"{report.queries} queries, top {report.k}; mean {report.brands_per_query:.1f} brands per top {report.k}; "
            + "; ".join(f"L2 to catalog share by {by}: {d:.3f}" for by, d in report.to_catalog.items()))
    return charts[0], charts[1], table, note


def merchant_tab(assistant: Any) -> gr.Tab:
    """The Merchant tab, built inside the caller's `gr.Blocks`."""

    def explain(query: str, product_id: str):
        """Why (not) this product: the path `product_id` took through the first turn `query` (HTML)."""
        return explain_html(assistant, query, product_id)

    def from_url(query: str, product_id: str, request: gr.Request):
        """`?explain=...&product=...`: fill the panel and trace, once, when the tab opens."""
        params = dict(request.query_params) if request else {}
        if query or product_id or not params.get("explain") or not params.get("product"):
            return gr.skip(), gr.skip(), gr.skip()
        q, pid = params["explain"], params["product"]
        return q, pid, explain_html(assistant, q, pid)

    def report(queries_text: str, k: float):
        return exposure_outputs(assistant, queries_text, int(k or 10))

    with gr.Tab("Merchant", elem_id="sa-merchant") as tab:
        gr.Markdown("### Why (not) this product?\nType a shopper's message and a product id: see whether the "
                    "product was filtered out "
                    "and by which constraint, not retrieved (its dense and BM25 ranks), or ranked, with each "
                    "feature's contribution beside those of the product just above it.")
        with gr.Row():
            query = gr.Textbox(label="Shopper's message", placeholder="a wireless mouse under $30", scale=4,
                               elem_id="sa-explain-query")
            product = gr.Textbox(label="Product id", scale=2, elem_id="sa-explain-product")
        button = gr.Button("Explain", variant="primary", elem_id="sa-explain-btn")
        path_html = gr.HTML(EMPTY_PATH, elem_id="sa-explain", css_template=MERCHANT_CSS)
        button.click(explain, [query, product], [path_html], api_name="explain")
        gr.on([query.submit, product.submit], explain, [query, product], [path_html], api_visibility="private")
        tab.select(from_url, [query, product], [query, product, path_html], api_visibility="private")

        # -- exposure (assistant/merchant/exposure.py): who gets seen, by brand and price band ----------
        with gr.Accordion("Exposure", open=False, elem_id="sa-exposure"):
            gr.Markdown("Position-weighted exposure of brands and price bands over these queries (each a first "
                        "message), against their share of the catalog. `shopassist report` writes the same for a "
                        "named query set.")
            with gr.Row():
                queries = gr.Textbox(EXAMPLE_QUERIES, label="Queries, one per line", lines=4, scale=4,
                                     elem_id="sa-exposure-queries")
                depth = gr.Number(10, label="Top k", precision=0, minimum=1, maximum=50, scale=1)
            run = gr.Button("Run report", elem_id="sa-exposure-run")
            note = gr.Markdown("")
            with gr.Row():
                brand_chart = gr.Plot(label="Exposure by brand")
                band_chart = gr.Plot(label="Exposure by price band")
            table = gr.Dataframe(label="Brands", interactive=False)
            run.click(report, [queries, depth], [brand_chart, band_chart, table, note], api_name="exposure")
    return tab
