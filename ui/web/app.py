"""The Gradio chat UI: a thin adapter over an assistant with `respond(message, session_id)`.

Layout: the chat, its input, example prompts and a "Clear session" button on the left; the
numbered product cards on the right (below on narrow screens), each with Like / Not for me and
"Add to cart" buttons and a "Why this?" expander of its ranking evidence; the cart panel above them,
and above it a compare view (pick cards, get a table built from their records), which opens by itself
when the chat asks for a comparison; all this is the "Chat" tab, and the "Merchant" tab (ui/web/merchant.py)
follows it. Replies stream into the chat word by word after the cards appear.

API (gradio_client), one session per client, like one per browser tab:
    client.predict("a wireless mouse", api_name="/respond")      # -> (reply_text, cards_html)
    client.predict("2161020", "like", api_name="/feedback")       # -> (note, cards_html)
    client.predict([1, 2], api_name="/compare")                   # -> (reply_text, table_html)
    client.predict(api_name="/reset")                             # -> (chat, cards_html, textbox)
    client.predict("2161020", api_name="/add_to_cart")            # -> (note, cart_html)
    client.predict(api_name="/cart")                              # -> cart_html
    client.predict("mouse", "2161020", "", api_name="/explain")   # -> the product's path as HTML (Merchant tab)

Opening the page with `?q=...` (e.g. `http://127.0.0.1:7860/?q=gaming+laptop`) sends that text
as the first turn as soon as the page loads; several `q` parameters are sent in order. Links and
the screenshot script use it.

Session ids: a `gr.State` holds one uuid4 per browser tab (or per gradio_client session). It is
created by the first turn that needs it rather than by a load event, because a second load
event (the `?q=` turn) would race with it and could split a tab's dialogue over two sessions.
"""

from __future__ import annotations

import logging
import os
import re
import uuid
from dataclasses import replace
from typing import Any, Protocol

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402  (the environment must be set before gradio is imported)

from assistant.core.messages import refusal  # noqa: E402
from assistant.core.text import money  # noqa: E402
from assistant.core.types import Intent, ProductCard, Reply  # noqa: E402
from ui.web.cards import CARDS_CSS, CARDS_JS, EMPTY_HTML, render_cards, render_cart, render_table  # noqa: E402
from ui.web.merchant import merchant_tab  # noqa: E402

logger = logging.getLogger(__name__)

EXAMPLES = (
    "a wireless mouse under $30",
    "gaming laptop",
    "I need a gift",
    "HP toner cartridge",
    "bluetooth speaker in black",
    "compare the first two",
    "tell me more about the second one",
    "talk to a human",
)
ERROR_REPLY = (
    "Sorry, something went wrong on my side while looking that up. "
    "Please try again in a moment, or rephrase your request."
)
COMPARE_HINT = "Tick two or more products above, or say “compare the first two” in the chat."
# Replies whose cards replace the panel; the others (compare, "tell me about", feedback) talk about
# the cards already shown, and "the second one" must keep meaning the second card on screen.
PANEL_INTENTS = {Intent.SEARCH, Intent.REFINE, Intent.CHEAPER, Intent.PRICIER, Intent.SHOW_MORE, Intent.START_OVER}
ORDINALS = ("first", "second", "third", "fourth", "fifth")

APP_CSS = """
#sa-cards { min-height: 200px; }
footer { opacity: .6; }
"""
THEME = gr.themes.Soft()


class AssistantLike(Protocol):
    """What the UI needs from the assistant."""

    def respond(self, message: str, session_id: str) -> Reply: ...

    def reset(self, session_id: str) -> Any: ...

    def feedback(self, session_id: str, product_id: str, liked: bool) -> Any: ...

    # and, where the assistant has a cart: cart(session_id) -> CartView, add_to_cart(session_id, product_id)


def new_session_id() -> str:
    """A fresh, unguessable session id."""
    return uuid.uuid4().hex


def _turn(assistant: AssistantLike, message: str | None, session_id: str | None) -> tuple[str, Reply | None, str]:
    """One dialogue turn: (reply text, the Reply or None when there was no answer, session id)."""
    session_id = session_id or new_session_id()
    refused = refusal(message)
    if refused:
        return refused, None, session_id
    message = message.strip()
    try:
        reply = assistant.respond(message, session_id)
    except Exception:  # the shopper sees a friendly line; the log keeps the traceback
        logger.exception("assistant.respond failed (session %s)", session_id)
        return ERROR_REPLY, None, session_id
    return reply.text, reply, session_id


def _panel(reply: Reply | None, cards: list[ProductCard], verdicts: dict[str, str]):
    """The cards to keep on screen after a reply, and their HTML."""
    if reply is not None and reply.intent in PANEL_INTENTS:
        cards = list(reply.cards)
    return cards, render_cards(cards, verdicts)


def _choices(cards: list[ProductCard]) -> list[tuple[str, int]]:
    return [(f"{i}. {c.title[:60]}", i) for i, c in enumerate(cards, start=1)]


def compare_message(positions: list[int]) -> str:
    """The chat message that asks to compare cards at 1-based `positions`: "compare the first and third"."""
    words = [ORDINALS[p - 1] if 1 <= p <= len(ORDINALS) else f"#{p}" for p in sorted(set(positions))]
    return "compare the " + (", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0])


def _add_user(message: str | None, history: list[dict[str, Any]]):
    """Show the shopper's message at once and lock the textbox while the assistant works."""
    message = (message or "").strip()
    if message:
        history = history + [{"role": "user", "content": message}]
    return history, gr.update(interactive=False)


def _stream_reply(history: list[dict[str, Any]], reply_text: str):
    """Stream the assistant's reply into the chat word by word, then clear and unlock the textbox."""
    pieces = re.findall(r"\s*\S+", reply_text or "") or [""]
    history = history + [{"role": "assistant", "content": ""}]
    step = max(1, len(pieces) // 40)  # about 40 updates, however long the reply
    for end in range(step, len(pieces) + step, step):
        history[-1] = {"role": "assistant", "content": "".join(pieces[:end])}
        yield history, gr.update()
    yield history, gr.update(value="", interactive=True)


def reason_updates(assistant: Any, session_id: str | None, cards: list[ProductCard], verdicts: dict[str, str]):
    """Better reasons written after the cards appeared: yields (cards HTML, cards) as each arrives.

    The hook for generated reasons: an assistant with `stream_reasons(session_id)` (an iterator of
    `Reason`s for the products on screen, as they finish) gets them shown in place of the template
    reasons. Without that method, or with nothing shown, there is nothing to do.
    """
    stream = getattr(assistant, "stream_reasons", None)
    if stream is None or not session_id or not cards:
        return
    cards = list(cards)
    try:
        for reason in stream(session_id):
            for i, c in enumerate(cards):
                if c.id == reason.product_id and reason.text and reason.text != c.reason:
                    cards[i] = replace(c, reason=reason.text)
                    yield render_cards(cards, verdicts), cards
    except Exception:  # the template reasons already on screen stay
        logger.exception("streaming reasons failed (session %s)", session_id)


def build_app(assistant: AssistantLike, title: str = "Shopping assistant") -> gr.Blocks:
    """Build the chat UI over `assistant`; launch it with `launch(app)` or mount it (ui.api.routes)."""

    def respond(message: str, session_id: str | None = None, cards: list | None = None,
                verdicts: dict | None = None):
        """Send one message; returns (reply text, product cards as HTML)."""
        text, reply, session_id = _turn(assistant, message, session_id)
        cards, cards_html = _panel(reply, cards or [], verdicts or {})
        table = render_table(reply.table) if reply is not None and reply.table else None
        return text, cards_html, session_id, cards, table

    def stream_reasons(session_id: str | None, cards: list, verdicts: dict):
        yield from reason_updates(assistant, session_id, cards, verdicts)

    def after_turn(cards: list, table_html: str | None):
        """Offer the shown cards in the compare view; show a comparison the chat asked for."""
        return gr.update(choices=_choices(cards), value=[]), gr.skip() if table_html is None else table_html

    def feedback(product_id: str, verdict: str, session_id: str | None = None, cards: list | None = None,
                 verdicts: dict | None = None):
        """Like or dislike a shown product; returns (a note, product cards as HTML)."""
        session_id = session_id or new_session_id()
        verdicts = dict(verdicts or {})
        cards = cards or []
        shown = {c.id: c for c in cards}
        if product_id not in shown or verdict not in ("like", "dislike"):
            return "Pick a product card first.", render_cards(cards, verdicts), session_id, verdicts
        try:
            assistant.feedback(session_id, product_id, verdict == "like")
        except Exception:
            logger.exception("assistant.feedback failed (session %s)", session_id)
            return ERROR_REPLY, render_cards(cards, verdicts), session_id, verdicts
        verdicts[product_id] = verdict
        title = shown[product_id].title
        note = (f"Noted: you like {title}. I'll favour similar products." if verdict == "like"
                else f"Noted: {title} is not for you. I won't show it again.")
        return note, render_cards(cards, verdicts), session_id, verdicts

    def show_cart(session_id: str | None):
        """The cart panel of the session (its prices re-checked); empty without a cart."""
        get = getattr(assistant, "cart", None)
        if get is None or not session_id:
            return render_cart(None)
        try:
            return render_cart(get(session_id))
        except Exception:
            logger.exception("assistant.cart failed (session %s)", session_id)
            return render_cart(None)

    def add_to_cart(product_id: str, session_id: str | None = None):
        """Add one of a product to the cart; returns (a note, the cart panel)."""
        session_id = session_id or new_session_id()
        add = getattr(assistant, "add_to_cart", None)
        if add is None:
            return "This shop has no cart.", render_cart(None), session_id
        try:
            view = add(session_id, str(product_id or ""), 1)
        except (LookupError, ValueError) as err:
            return f"I couldn't add that: {str(err).strip(chr(39))}.", show_cart(session_id), session_id
        except Exception:
            logger.exception("assistant.add_to_cart failed (session %s)", session_id)
            return ERROR_REPLY, show_cart(session_id), session_id
        item = next(i for i in view.items if i.product_id == product_id)
        return (f"Added {item.title} to your cart ({item.quantity} in the cart). Cart total: "
                f"{money(view.total)}."), render_cart(view), session_id

    def on_card_click(session_id, cards, verdicts, history, evt: gr.EventData):
        data = getattr(evt, "_data", None) or {}
        product_id, verdict = str(data.get("product_id", "")), str(data.get("verdict", ""))
        if verdict == "cart":
            note, cart_html, session_id = add_to_cart(product_id, session_id)
            return gr.skip(), session_id, verdicts, history + [{"role": "assistant", "content": note}], cart_html
        note, html, session_id, verdicts = feedback(product_id, verdict, session_id, cards, verdicts)
        return html, session_id, verdicts, history + [{"role": "assistant", "content": note}], gr.skip()

    def compare(positions: list[int], session_id: str | None = None, cards: list | None = None):
        """Compare shown products by their 1-based card numbers; returns (reply text, table HTML)."""
        picked = sorted({int(p) for p in positions or [] if str(p).strip().isdigit()})
        if len(picked) < 2:
            return COMPARE_HINT, "", session_id or new_session_id(), []
        message = compare_message(picked)
        text, reply, session_id = _turn(assistant, message, session_id)
        table = render_table(reply.table) if reply is not None and reply.table else ""
        said = [{"role": "user", "content": message}, {"role": "assistant", "content": text}]
        return text, table, session_id, said

    def reset(session_id: str | None):
        """Clear the session: the stored conversation is deleted, and chat and cards are emptied."""
        if session_id:
            try:
                assistant.reset(session_id)
            except Exception:  # a fresh session id below gives a clean start regardless
                logger.exception("assistant.reset failed (session %s)", session_id)
        return ([], EMPTY_HTML, "", new_session_id(), [], {}, gr.update(choices=[], value=[]), "", render_cart(None))

    def turns_from_url(history, session_id, request: gr.Request):
        """Run the page URL's `?q=...` messages as the first turns."""
        queries = [q for k, q in request.query_params.multi_items() if k == "q" and q.strip()] if request else []
        if not queries or history:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        cards: list[ProductCard] = []
        table = gr.skip()
        for query in queries:
            text, reply, session_id = _turn(assistant, query, session_id)
            cards, cards_html = _panel(reply, cards, {})
            if reply is not None and reply.table:
                table = render_table(reply.table)
            history = history + [{"role": "user", "content": query.strip()}, {"role": "assistant", "content": text}]
        return (history, cards_html, session_id, cards, gr.update(choices=_choices(cards), value=[]), table,
                show_cart(session_id))

    with gr.Blocks(title=title, analytics_enabled=False) as app:
        session = gr.State(None)  # uuid4 hex, one per tab; see the module docstring
        shown = gr.State([])  # the ProductCards on screen, kept when a turn has no new ones
        verdicts = gr.State({})  # product id -> "like" / "dislike", for the buttons' look
        with gr.Tab("Chat", elem_id="sa-chat"):
            gr.Markdown(f"## {title}\nAsk for a product, then refine: a budget, a colour, a brand. "
                        "Say “compare the first two”, “tell me more about the second one”, or ask for a human.")
            with gr.Row(equal_height=False):
                with gr.Column(scale=5, min_width=360):
                    chat = gr.Chatbot(label="Chat", height=520, layout="bubble", feedback_options=None,
                                      buttons=["copy", "copy_all"])  # no "share": it posts chats to a hub
                    with gr.Row():
                        box = gr.Textbox(placeholder="What are you looking for?", label="Message", show_label=False,
                                         max_lines=4, scale=5, autofocus=True)
                        send = gr.Button("Send", variant="primary", scale=1, min_width=80, elem_id="sa-send")
                    gr.Examples(examples=[[e] for e in EXAMPLES], inputs=[box], label="Try", elem_id="sa-examples")
                    clear = gr.Button("Clear session", variant="secondary", size="sm")
                    gr.Markdown("<small>Clearing deletes this conversation from the server.</small>")
                with gr.Column(scale=6, min_width=360):
                    with gr.Accordion("Compare products", open=False, elem_id="sa-compare") as compare_box:
                        # A dropdown, not checkboxes: API clients pass card numbers without the choices
                        # a browser tab was offered.
                        pick = gr.Dropdown(choices=[], value=[], multiselect=True, allow_custom_value=True,
                                           label="Products to compare", info="Pick two or more cards")
                        compare_btn = gr.Button("Compare selected", size="sm")
                        table = gr.HTML("", elem_id="sa-table", css_template=CARDS_CSS, js_on_load=None)
                    with gr.Accordion("Cart", open=True, elem_id="sa-cart-box"):
                        cart_panel = gr.HTML(render_cart(None), elem_id="sa-cart", css_template=CARDS_CSS)
                    cards = gr.HTML(EMPTY_HTML, label="Products", elem_id="sa-cards", css_template=CARDS_CSS,
                                    js_on_load=CARDS_JS)
        merchant_tab(assistant)  # the second tab: why (not) this product, exposure (ui/web/merchant.py)
        reply_text = gr.Textbox(visible=False, label="Reply")  # carries the reply to the chat
        compare_turn = gr.State([])  # the compare view's chat lines
        turn_table = gr.State(None)  # the HTML of the last turn's comparison table, None if it had none
        feedback_pid = gr.Textbox(visible=False, label="Product id")
        feedback_verdict = gr.Textbox(visible=False, label="Verdict")
        feedback_note = gr.Textbox(visible=False, label="Note")
        feedback_btn = gr.Button(visible=False)
        cart_btn = gr.Button(visible=False)
        cart_show_btn = gr.Button(visible=False)

        # show the message -> ask the assistant (the public API) -> stream the reply into the chat
        gr.on([box.submit, send.click], _add_user, [box, chat], [chat, box], api_visibility="private",
              queue=False,
              ).then(respond, [box, session, shown, verdicts], [reply_text, cards, session, shown, turn_table],
                     api_name="respond",
                     # every turn may change the cart ("add the second one") or find a price changed
                     ).then(show_cart, [session], [cart_panel], api_visibility="private",
                     ).then(after_turn, [shown, turn_table], [pick, table], api_visibility="private",
                            ).then(_stream_reply, [chat, reply_text], [chat, box], api_visibility="private",
                                   ).then(stream_reasons, [session, shown, verdicts], [cards, shown],
                                          api_visibility="private")

        cards.click(on_card_click, [session, shown, verdicts, chat], [cards, session, verdicts, chat, cart_panel],
                    api_visibility="private")
        cart_btn.click(add_to_cart, [feedback_pid, session], [feedback_note, cart_panel, session], api_name="add_to_cart")
        cart_show_btn.click(show_cart, [session], [cart_panel], api_name="cart")
        feedback_btn.click(feedback, [feedback_pid, feedback_verdict, session, shown, verdicts],
                           [feedback_note, cards, session, verdicts], api_name="feedback")
        compare_btn.click(compare, [pick, session, shown], [reply_text, table, session, compare_turn],
                          api_name="compare",
                          ).then(lambda h, lines: h + lines, [chat, compare_turn], [chat], api_visibility="private")

        reset_outputs = [chat, cards, box, session, shown, verdicts, pick, table, cart_panel]
        clear.click(reset, [session], reset_outputs, api_name="reset")
        # The chat's own trash button must forget the dialogue too, or the next turn would
        # silently build on constraints the shopper can no longer see.
        chat.clear(reset, [session], reset_outputs, api_visibility="private")
        app.load(turns_from_url, [chat, session], [chat, cards, session, shown, pick, table, cart_panel],
                 api_visibility="private")
        table.change(lambda html: gr.update(open=bool(html)), [table], [compare_box], api_visibility="private")
    return app


def launch(app: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, **kwargs: Any):
    """Serve `app` on its own: no share link, analytics off; extra kwargs go to `Blocks.launch`."""
    return app.launch(server_name=host, server_port=port, share=False, theme=THEME, css=APP_CSS, **kwargs)
