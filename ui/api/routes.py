"""The HTTP API for customer-service systems, served beside the Gradio chat UI (`serve`).

    POST   /v1/chat              a message in a session -> reply text, products with reasons, state
    GET    /v1/sessions/{id}     the stored session: state and redacted transcript
    DELETE /v1/sessions/{id}     forget it
    POST   /v1/feedback          like / dislike a product; later rankings of the session use it
    POST   /v1/search            one stateless turn
    POST   /v1/chat/completions  OpenAI-compatible chat, `"stream": true` answers server-sent events
    GET    /v1/models            the model OpenAI clients may name (and /v1/models/{model})
    GET    /v1/health            liveness, never needs a token
    ...    /v1/sessions/{id}/cart, /v1/sessions/{id}/checkout: the session's cart (ui/api/cart_routes.py)

Every body is a pydantic model with examples (see /docs). With a token configured, /v1 routes
answer 401 unless the request carries `Authorization: Bearer <token>`. Bodies over the size limit
get 413, malformed JSON 400, a body that breaks the schema 422, and a client over the rate limit
429 with `Retry-After`, each with `{"error": {"message", "type"}}` (the OpenAI error shape, so chat
clients show it).
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
import uuid

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.core.messages import MAX_MESSAGE_CHARS
from ui.api.bodies import (
    MODEL_CREATED,
    MODEL_ID,
    SESSION_PATTERN,
    ChatRequest,
    ChatResponse,
    CompletionRequest,
    FeedbackRequest,
    FeedbackResponse,
    ModelList,
    ModelOut,
    SearchRequest,
    SessionOut,
)
from ui.api.cart_routes import cart_router
from ui.api.exposure import check_exposure
from ui.api.openai_compat import completion_text, message_text, sse_chunks
from ui.api.ratelimit import RateLimit
from ui.payload import constraints_json, reply_payload, state_json

log = logging.getLogger(__name__)
MODEL = {"id": MODEL_ID, "object": "model", "created": MODEL_CREATED, "owned_by": "shopassist"}


def _error(status: int, message: str, kind: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "type": kind, "code": status}}, status, headers=headers)


def _on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    bad_json = [e for e in errors if e.get("type") == "json_invalid"]
    if bad_json:
        ctx = bad_json[0].get("ctx", {})
        return _error(400, f"the request body is not valid JSON: {ctx.get('error', 'cannot parse it')}", "invalid_json")
    parts = [f"{'.'.join(str(x) for x in e['loc'] if x != 'body') or 'body'}: {e['msg']}" for e in errors]
    return _error(422, "; ".join(parts), "invalid_request")


def _on_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    kinds = {401: "unauthorized", 404: "not_found", 405: "method_not_allowed"}
    message = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
    return _error(exc.status_code, message, kinds.get(exc.status_code, "error"), getattr(exc, "headers", None))


def _on_unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # The traceback goes to the log, never to the client; chat clients still get the error shape.
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _error(500, "the server failed on this request; it has been logged", "server_error")


class BodyLimit:
    """ASGI middleware: a /v1 request body over `limit` bytes gets a JSON 413 before any route runs.

    Declared sizes are refused at once; a chunked body is read up to the limit (at most `limit`
    bytes are ever buffered). The mounted UI is left alone.
    """

    def __init__(self, app, limit: int, prefix: str = "/v1") -> None:
        self.app, self.limit, self.prefix = app, limit, prefix

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            return await self.app(scope, receive, send)
        too_large = _error(413, f"the request body is too large; the limit is {self.limit:,} bytes", "request_too_large")
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            return await too_large(scope, receive, send)
        body, more = b"", True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.limit:
                return await too_large(scope, receive, send)
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def create_api(assistant, token: str | None = None, max_request_bytes: int = 64_000,
               rate_limit: str | None = None) -> FastAPI:
    """The FastAPI app of the /v1 routes over `assistant` (an `assistant.Assistant`); `rate_limit`
    per client as in `ui.api.ratelimit.parse_rate` (None: none)."""
    bearer = HTTPBearer(auto_error=False)

    def authorised(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        if token and (credentials is None or not secrets.compare_digest(credentials.credentials, token)):
            raise HTTPException(401, "a valid bearer token is required: send `Authorization: Bearer <token>`",
                                headers={"WWW-Authenticate": "Bearer"})

    app = FastAPI(title="Shopping assistant API", version="1", description=__doc__.split("\n\n")[0])
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected_error)
    app.add_middleware(BodyLimit, limit=max_request_bytes)
    app.add_middleware(RateLimit, rate=rate_limit, tokens=[token])  # added last: runs first, before any body is read
    v1 = APIRouter(prefix="/v1", dependencies=[Depends(authorised)])

    @app.get("/v1/health", tags=["meta"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @v1.post("/chat", response_model=ChatResponse, tags=["chat"])
    def chat(body: ChatRequest) -> dict:
        """Send one message in a session (created on first use); the reply agrees with its products."""
        reply = assistant.respond(body.message, body.session_id)
        return reply_payload(reply, body.session_id, assistant.state(body.session_id))

    @v1.post("/search", response_model=ChatResponse, tags=["chat"])
    def search(body: SearchRequest) -> dict:
        """One stateless turn: no session is read or written."""
        return reply_payload(assistant.search(body.query))

    @v1.get("/sessions/{session_id}", response_model=SessionOut, tags=["sessions"])
    def get_session(session_id: str = Path(pattern=SESSION_PATTERN)) -> dict:
        session = assistant.session(session_id)
        if session is None:
            raise HTTPException(404, f"no session {session_id!r} (never started, deleted, or expired)")
        return {"session_id": session.id, "created": session.created, "updated": session.updated,
                "constraints": constraints_json(session.state.constraints), "state": state_json(session.state),
                "transcript": session.transcript}

    @v1.delete("/sessions/{session_id}", status_code=204, tags=["sessions"])
    def delete_session(session_id: str = Path(pattern=SESSION_PATTERN)) -> Response:
        """Forget the conversation: state and transcript are deleted."""
        if not assistant.reset(session_id):
            raise HTTPException(404, f"no session {session_id!r} (never started, deleted, or expired)")
        return Response(status_code=204)

    @v1.post("/feedback", response_model=FeedbackResponse, tags=["sessions"])
    def feedback(body: FeedbackRequest) -> dict:
        try:
            state = assistant.feedback(body.session_id, body.product_id, body.verdict == "like")
        except LookupError as err:
            raise HTTPException(404, str(err).strip("'\"")) from err
        return {"session_id": body.session_id, "liked": state.liked, "disliked": state.disliked}

    @v1.get("/models", response_model=ModelList, tags=["openai"])
    def models() -> dict:
        """The models OpenAI clients may name (clients that list models first need it)."""
        return {"object": "list", "data": [MODEL]}

    @v1.get("/models/{model}", response_model=ModelOut, tags=["openai"])
    def model(model: str) -> dict:
        if model != MODEL_ID:
            raise HTTPException(404, f"no model {model!r}; the one model is {MODEL_ID!r} (GET /v1/models)")
        return MODEL

    @v1.post("/chat/completions", tags=["openai"])
    def completions(body: CompletionRequest, request: Request):
        """OpenAI-compatible chat completions; `stream: true` answers `text/event-stream` chunks."""
        said = [message_text(m.content) for m in body.messages if m.role == "user" and message_text(m.content).strip()]
        if not said:
            raise HTTPException(422, "messages: at least one user message with text is required")
        if any(len(s) > MAX_MESSAGE_CHARS for s in said):
            raise HTTPException(422, f"messages: each user message must be at most {MAX_MESSAGE_CHARS} characters")
        session = body.user or request.headers.get("x-session-id")
        if session and not re.fullmatch(SESSION_PATTERN, session):
            raise HTTPException(422, "X-Session-Id: must be 1-128 of A-Z a-z 0-9 _ . : -")
        if session:
            reply = assistant.respond(said[-1], session)
            state = assistant.state(session)
        else:  # a stateless client sends the whole conversation: replay it, then forget it
            session = f"oai-{uuid.uuid4().hex}"
            for message in said:
                reply = assistant.respond(message, session)
            state = assistant.state(session)
            assistant.reset(session)
        payload = reply_payload(reply, body.user or request.headers.get("x-session-id"), state)
        content = completion_text(reply)
        ident, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
        if body.stream:
            return StreamingResponse(sse_chunks(ident, created, body.model, content, payload),
                                     media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
        words = len(content.split())
        prompt_words = sum(len(s.split()) for s in said)
        return {"id": ident, "object": "chat.completion", "created": created, "model": body.model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": prompt_words, "completion_tokens": words,
                          "total_tokens": prompt_words + words},
                "shopassist": payload}

    v1.include_router(cart_router(assistant))  # /v1/sessions/{id}/cart and /checkout (ui/api/cart_routes.py)
    app.include_router(v1)
    return app


def build_server(assistant, settings) -> FastAPI:
    """The API with the Gradio chat UI mounted at / : one server, one port."""
    import gradio as gr

    from ui.web.app import APP_CSS, THEME, build_app

    api = create_api(assistant, settings.api_token, settings.max_request_bytes, settings.rate_limit)
    return gr.mount_gradio_app(api, build_app(assistant), path="/", theme=THEME, css=APP_CSS)


def serve(assistant, settings) -> None:  # pragma: no cover - blocks; tests run uvicorn themselves
    import uvicorn

    check_exposure(settings.host, settings.api_token, settings.allow_unauthenticated_remote)
    uvicorn.run(build_server(assistant, settings), host=settings.host, port=settings.port, log_level="info")
