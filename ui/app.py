"""The Gradio chat UI: a thin adapter over an assistant with `respond(message, session_id)`.

Layout: the chat and its input on the left, the numbered product cards on the right (below on
narrow screens), a "New conversation" button and example prompts.

API (gradio_client), one session per client, like one per browser tab:
    client.predict("a wireless mouse", api_name="/respond")  # -> (reply_text, cards_html)
    client.predict(api_name="/reset")                        # -> (chat, cards_html, textbox)

Opening the page with `?q=...` (e.g. `http://127.0.0.1:7860/?q=gaming+laptop`) sends that text
as the first turn as soon as the page loads; links and the screenshot script use it.

Session ids: a `gr.State` holds one uuid4 per browser tab (or per gradio_client session). It is
created by the first turn that needs it rather than by a load event, because a second load
event (the `?q=` turn) would race with it and could split a tab's dialogue over two sessions.
"""

from __future__ import annotations

import logging
import os
import uuid
from typing import Any, Protocol

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402  (the environment must be set before gradio is imported)

from assistant.types import Reply  # noqa: E402
from ui.cards import CARDS_CSS, EMPTY_HTML, render_cards  # noqa: E402

logger = logging.getLogger(__name__)

EXAMPLES = (
    "a wireless mouse under $30",
    "gaming laptop",
    "HP toner cartridge",
    "bluetooth speaker in black",
)
EMPTY_PROMPT = (
    "What are you shopping for? Tell me what you need, for example "
    "“a wireless mouse under $30” or “bluetooth speaker in black”."
)
ERROR_REPLY = (
    "Sorry, something went wrong on my side while looking that up. "
    "Please try again in a moment, or rephrase your request."
)
MAX_MESSAGE_CHARS = 1000
TOO_LONG_REPLY = (
    f"That message is a bit long for me. Please keep it under {MAX_MESSAGE_CHARS:,} characters, "
    "for example the product and a budget."
)

APP_CSS = """
#sa-cards { min-height: 200px; }
footer { opacity: .6; }
"""


class AssistantLike(Protocol):
    """What the UI needs from the assistant."""

    def respond(self, message: str, session_id: str) -> Reply: ...

    def reset(self, session_id: str) -> None: ...


def new_session_id() -> str:
    """A fresh, unguessable session id."""
    return uuid.uuid4().hex


def _turn(
    assistant: AssistantLike, message: str | None, session_id: str | None, shown_html: str | None
) -> tuple[str, str, str]:
    """One dialogue turn: (reply text, cards HTML, session id).

    When the assistant gives no answer (empty or too long message, an error), the cards already
    shown (`shown_html`) stay, so the panel keeps agreeing with the last real answer.
    """
    session_id = session_id or new_session_id()
    shown_html = shown_html or EMPTY_HTML
    message = (message or "").strip()
    if not message:
        return EMPTY_PROMPT, shown_html, session_id
    if len(message) > MAX_MESSAGE_CHARS:
        return TOO_LONG_REPLY, shown_html, session_id
    try:
        reply = assistant.respond(message, session_id)
        cards_html = render_cards(reply.cards)
    except Exception:  # the shopper sees a friendly line; the log keeps the traceback
        logger.exception("assistant.respond failed (session %s)", session_id)
        return ERROR_REPLY, shown_html, session_id
    return reply.text, cards_html, session_id


def _add_user(message: str | None, history: list[dict[str, Any]]):
    """Show the shopper's message at once and lock the textbox while the assistant works."""
    message = (message or "").strip()
    if message:
        history = history + [{"role": "user", "content": message}]
    return history, gr.update(interactive=False)


def _add_reply(history: list[dict[str, Any]], reply_text: str):
    """Show the assistant's reply, then clear and unlock the textbox."""
    history = history + [{"role": "assistant", "content": reply_text}]
    return history, gr.update(value="", interactive=True)


def build_app(assistant: AssistantLike, title: str = "Shopping assistant") -> gr.Blocks:
    """Build the chat UI over `assistant`; launch it with `launch(app)` or `app.launch()`."""

    def respond(message: str, session_id: str | None = None, shown_html: str | None = None):
        """Send one message; returns (reply text, product cards as HTML)."""
        text, cards_html, session_id = _turn(assistant, message, session_id, shown_html)
        return text, cards_html, session_id, cards_html

    def reset(session_id: str | None):
        """Start a new conversation: forget the old session and clear chat and cards."""
        if session_id:
            try:
                assistant.reset(session_id)
            except Exception:  # a fresh session id below gives a clean start regardless
                logger.exception("assistant.reset failed (session %s)", session_id)
        return [], EMPTY_HTML, "", new_session_id(), EMPTY_HTML

    def first_turn_from_url(history, session_id, request: gr.Request):
        """Run `?q=...` from the page URL as the first turn."""
        query = dict(request.query_params).get("q", "") if request else ""
        if not query.strip() or history:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        text, cards_html, session_id = _turn(assistant, query, session_id, None)
        history = [
            {"role": "user", "content": query.strip()},
            {"role": "assistant", "content": text},
        ]
        return history, cards_html, session_id, cards_html

    with gr.Blocks(title=title, analytics_enabled=False) as app:
        session = gr.State(None)  # uuid4 hex, one per tab; see the module docstring
        shown = gr.State(EMPTY_HTML)  # the cards HTML on screen, kept when a turn has no answer
        gr.Markdown(f"## {title}\nAsk for a product, then refine: a budget, a colour, a brand.")
        with gr.Row(equal_height=False):
            with gr.Column(scale=5, min_width=360):
                chat = gr.Chatbot(
                    label="Chat",
                    height=520,
                    layout="bubble",
                    feedback_options=None,
                    buttons=["copy", "copy_all"],  # no "share": it posts chats to a hub
                )
                with gr.Row():
                    box = gr.Textbox(
                        placeholder="What are you looking for?",
                        label="Message",
                        show_label=False,
                        max_lines=4,
                        scale=5,
                        autofocus=True,
                    )
                    send = gr.Button("Send", variant="primary", scale=1, min_width=80)
                gr.Examples(examples=[[e] for e in EXAMPLES], inputs=[box], label="Try")
                new_chat = gr.Button("New conversation", variant="secondary", size="sm")
            with gr.Column(scale=6, min_width=360):
                cards = gr.HTML(
                    EMPTY_HTML, label="Products", elem_id="sa-cards", css_template=CARDS_CSS
                )
        reply_text = gr.Textbox(visible=False, label="Reply")  # carries the reply to the chat

        # show the message -> ask the assistant (the public API) -> show the reply
        gr.on(
            [box.submit, send.click],
            _add_user,
            [box, chat],
            [chat, box],
            api_visibility="private",
            queue=False,
        ).then(
            respond,
            [box, session, shown],
            [reply_text, cards, session, shown],
            api_name="respond",
        ).then(_add_reply, [chat, reply_text], [chat, box], api_visibility="private")

        reset_outputs = [chat, cards, box, session, shown]
        new_chat.click(reset, [session], reset_outputs, api_name="reset")
        # The chat's own trash button must forget the dialogue too, or the next turn would
        # silently build on constraints the shopper can no longer see.
        chat.clear(reset, [session], reset_outputs, api_visibility="private")
        app.load(
            first_turn_from_url,
            [chat, session],
            [chat, cards, session, shown],
            api_visibility="private",
        )
    return app


def launch(app: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, **kwargs: Any):
    """Serve `app` locally: no share link, analytics off; extra kwargs go to `Blocks.launch`."""
    return app.launch(
        server_name=host,
        server_port=port,
        share=False,
        theme=gr.themes.Soft(),
        css=APP_CSS,
        **kwargs,
    )
