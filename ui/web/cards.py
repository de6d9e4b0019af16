"""HTML for the product cards panel: one numbered card per product, with the reason it is shown,
like / dislike and "Add to cart" buttons, and a "Why this?" expander with the ranking evidence; the
HTML of a comparison table; and the cart panel.

Product data and reasons are untrusted (catalog text and model output), so every text passes
through `html.escape` and image URLs are limited to http(s).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence

from assistant.core.text import money
from assistant.core.types import CartView, ProductCard
from ui.payload import FEATURE_LABELS

EMPTY_HTML = (
    '<div class="sa-empty">Products you ask about appear here. '
    "Say “the second one” to talk about a card.</div>"
)

# Scoped to the cards panel by gr.HTML(css_template=...); plain CSS, no template tags.
CARDS_CSS = """
.sa-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr));
  gap: 14px; padding: 4px; }
.sa-card { position: relative; display: flex; flex-direction: column; overflow: hidden;
  background: var(--background-fill-primary, #fff); color: var(--body-text-color, #1f2937);
  border: 1px solid var(--border-color-primary, #e5e7eb); border-radius: 12px;
  box-shadow: 0 1px 3px rgba(15, 23, 42, .08); transition: box-shadow .15s, transform .15s; }
.sa-card:hover { box-shadow: 0 6px 18px rgba(15, 23, 42, .12); transform: translateY(-1px); }
.sa-num { position: absolute; top: 8px; left: 8px; z-index: 2; min-width: 26px; height: 26px;
  padding: 0 6px; border-radius: 13px; background: #111827; color: #fff; font-weight: 700;
  font-size: 13px; line-height: 26px; text-align: center; }
.sa-img { position: relative; height: 150px; background: #f3f4f6; }
.sa-img img { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: contain;
  background: #fff; padding: 8px; box-sizing: border-box; }
.sa-ph { position: absolute; inset: 0; display: flex; align-items: center;
  justify-content: center; color: #9ca3af; font-size: 13px; letter-spacing: .02em; }
.sa-body { display: flex; flex-direction: column; gap: 6px; padding: 12px 14px 14px; }
.sa-title { margin: 0; font-size: 14px; font-weight: 600; line-height: 1.35; }
.sa-brand { font-size: 12px; color: var(--body-text-color-subdued, #6b7280);
  text-transform: uppercase; letter-spacing: .04em; }
.sa-price { font-size: 17px; font-weight: 700; }
.sa-price.sa-na { font-size: 13px; font-weight: 500; color: #6b7280; }
.sa-chips { display: flex; flex-wrap: wrap; gap: 6px; }
.sa-chip { padding: 2px 9px; border-radius: 999px; background: #eef2ff; color: #3730a3;
  font-size: 12px; }
.sa-why { margin: 2px 0 0; padding-top: 8px; border-top: 1px dashed #e5e7eb; font-size: 13px;
  line-height: 1.45; }
.sa-why b { color: #047857; }
.sa-empty { padding: 28px 16px; border: 1px dashed #d1d5db; border-radius: 12px;
  color: #6b7280; text-align: center; font-size: 14px; }
.sa-ev { font-size: 12px; }
.sa-ev summary { cursor: pointer; color: #4338ca; font-weight: 600; }
.sa-ev ul { list-style: none; margin: 6px 0 0; padding: 0; }
.sa-ev li { display: grid; grid-template-columns: 1fr 60px 52px; gap: 6px; align-items: center;
  margin: 3px 0; }
.sa-bar { height: 7px; border-radius: 4px; background: #6366f1; }
.sa-bar.sa-neg { background: #ef4444; }
.sa-val { text-align: right; font-variant-numeric: tabular-nums; color: #6b7280; }
.sa-fb { display: flex; gap: 8px; margin-top: 4px; }
.sa-fb button { flex: 1; padding: 4px 8px; border: 1px solid #d1d5db; border-radius: 8px;
  background: transparent; color: inherit; cursor: pointer; font-size: 13px; }
.sa-fb button:hover { background: #f3f4f6; }
.sa-fb button.sa-on { background: #ecfdf5; border-color: #10b981; color: #047857; font-weight: 600; }
.sa-fb button.sa-on.sa-down { background: #fef2f2; border-color: #ef4444; color: #b91c1c; }
.sa-card.sa-disliked { opacity: .45; }
.sa-fb button.sa-add { flex-basis: 100%; background: #111827; border-color: #111827; color: #fff; font-weight: 600; }
.sa-fb button.sa-add:hover { background: #374151; }
.sa-fb { flex-wrap: wrap; }
.sa-cart { font-size: 13px; }
.sa-cart table { width: 100%; border-collapse: collapse; }
.sa-cart td { padding: 4px 6px; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
.sa-cart td.sa-n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.sa-cart .sa-total td { font-weight: 700; border-bottom: none; }
.sa-cart .sa-change { margin: 4px 0; color: #b45309; }
.sa-cart .sa-gone { color: #9ca3af; text-decoration: line-through; }
table.sa-compare { width: 100%; border-collapse: collapse; font-size: 13px; }
table.sa-compare th, table.sa-compare td { border: 1px solid #e5e7eb; padding: 6px 8px;
  text-align: left; vertical-align: top; }
table.sa-compare th { background: #f9fafb; }
table.sa-compare td:first-child { font-weight: 600; white-space: nowrap; }
"""
# The cards are re-rendered on every turn, so one listener on the panel serves all their buttons.
CARDS_JS = """
element.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-fb]');
  if (!button) return;
  event.preventDefault();
  trigger('click', {verdict: button.dataset.fb, product_id: button.dataset.pid});
});
"""


def _safe_image_url(url: str) -> str:
    # Only http(s): a data: or javascript: URL from untrusted catalog data has no place here.
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


def _image(card: ProductCard) -> str:
    placeholder = '<span class="sa-ph">No image</span>'
    url = _safe_image_url(card.image_url)
    if not url:
        return f'<div class="sa-img">{placeholder}</div>'
    # The placeholder sits under the image; a failed load removes the image and reveals it.
    return (
        f'<div class="sa-img">{placeholder}'
        f'<img src="{html.escape(url, quote=True)}" alt="{html.escape(card.title, quote=True)}" '
        'referrerpolicy="no-referrer" onerror="this.remove()"></div>'
    )


def _evidence(card: ProductCard) -> str:
    """The "Why this?" expander: each ranking feature's share of the score, as a bar."""
    parts = [(k, v) for k, v in card.ranking if abs(v) > 1e-9]
    if not parts:
        return ""
    top = max(abs(v) for _, v in parts)
    rows = "".join(
        f'<li><span>{html.escape(FEATURE_LABELS.get(k, k))}</span>'
        f'<span class="sa-bar{" sa-neg" if v < 0 else ""}" style="width:{max(4, round(60 * abs(v) / top))}px"></span>'
        f'<span class="sa-val">{v:+.3f}</span></li>'
        for k, v in parts
    )
    return f'<details class="sa-ev"><summary>Why this?</summary><ul>{rows}</ul></details>'


def _feedback(card: ProductCard, verdict: str) -> str:
    pid = html.escape(card.id, quote=True)
    like_on, dislike_on = (" sa-on", "") if verdict == "like" else ("", " sa-on sa-down") if verdict == "dislike" else ("", "")
    return (
        f'<div class="sa-fb"><button class="sa-like{like_on}" data-fb="like" data-pid="{pid}" '
        f'aria-pressed="{str(verdict == "like").lower()}" title="Show me more like this">Like</button>'
        f'<button class="sa-dislike{dislike_on}" data-fb="dislike" data-pid="{pid}" '
        f'aria-pressed="{str(verdict == "dislike").lower()}" title="Don\'t show this again">Not for me</button>'
        f'<button class="sa-add" data-fb="cart" data-pid="{pid}" title="Add one to your cart">Add to cart</button></div>'
    )


def _card(number: int, card: ProductCard, verdict: str = "") -> str:
    esc = html.escape
    price = money(card.price)
    price_class = "sa-price sa-na" if price == "price not listed" else "sa-price"
    chips = "".join(
        f'<span class="sa-chip">{esc(chip)}</span>'
        for chip in (card.colour, card.product_type)
        if chip and chip.strip()
    )
    brand = f'<div class="sa-brand">{esc(card.brand)}</div>' if card.brand else ""
    why = f'<p class="sa-why"><b>Why:</b> {esc(card.reason)}</p>' if card.reason else ""
    state = " sa-disliked" if verdict == "dislike" else ""
    return (
        f'<article class="sa-card{state}" data-product-id="{esc(card.id, quote=True)}">'
        f'<span class="sa-num" aria-label="Product {number}">{number}</span>'
        f"{_image(card)}"
        f'<div class="sa-body"><h4 class="sa-title">{esc(card.title)}</h4>{brand}'
        f'<div class="{price_class}">{esc(price)}</div>'
        f'<div class="sa-chips">{chips}</div>{why}{_evidence(card)}{_feedback(card, verdict)}</div></article>'
    )


def render_cards(cards: Iterable[ProductCard], verdicts: Mapping[str, str] | None = None) -> str:
    """Render product cards, numbered from 1, as one HTML grid (or an empty-state note).

    `verdicts` maps a product id to "like" or "dislike", shown on its buttons.
    """
    cards = list(cards)
    if not cards:
        return EMPTY_HTML
    verdicts = verdicts or {}
    return '<div class="sa-grid">' + "".join(
        _card(i, card, verdicts.get(card.id, "")) for i, card in enumerate(cards, start=1)
    ) + "</div>"


def render_table(rows: Sequence[Sequence[str]]) -> str:
    """A comparison table (header row first) as HTML; empty string for no table."""
    if not rows:
        return ""
    head, *body = rows
    esc = html.escape
    thead = "<tr>" + "".join(f"<th>{esc(str(c))}</th>" for c in head) + "</tr>"
    tbody = "".join("<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in row) + "</tr>" for row in body)
    return f'<table class="sa-compare"><thead>{thead}</thead><tbody>{tbody}</tbody></table>'


def render_cart(cart: CartView | None) -> str:
    """The cart panel: a line per item with its quantity and line total, the total, and any price
    change since the cart was last shown."""
    esc = html.escape
    if cart is None or not cart.items:
        return ('<div class="sa-cart sa-empty">Your cart is empty. Press “Add to cart” on a card, '
                "or say “add the second one”.</div>")
    rows = []
    for item in cart.items:
        gone = "" if item.available else ' class="sa-gone"'
        cost = money(item.line_total) if item.available and item.line_total is not None else "unavailable"
        rows.append(f"<tr{gone}><td>{esc(item.title)}</td><td class=\"sa-n\">× {item.quantity}</td>"
                    f'<td class="sa-n">{esc(cost)}</td></tr>')
    changes = "".join(f'<p class="sa-change">{esc(c)}</p>' for c in cart.changes)
    units = cart.count
    return (f'<div class="sa-cart">{changes}<table><tbody>{"".join(rows)}'
            f'<tr class="sa-total"><td>Total ({units} item{"s" if units != 1 else ""})</td><td></td>'
            f'<td class="sa-n">{esc(money(cart.total))}</td></tr></tbody></table></div>')
