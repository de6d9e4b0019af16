"""The session ids the chat UI gets from the server cannot be guessed, nor chosen by the client.

(ui/web/app.py makes them; kept with the API's other safe defaults.)"""

from __future__ import annotations

import uuid

from assistant.dialogue.sessions import SESSION_ID
from ui.web.app import build_app, new_session_id


def test_session_ids_are_random_uuid4s_the_session_store_accepts():
    ids = {new_session_id() for _ in range(1000)}
    assert len(ids) == 1000
    for sid in list(ids)[:50]:
        parsed = uuid.UUID(hex=sid)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122  # 122 bits from os.urandom
        assert SESSION_ID.fullmatch(sid) and len(sid) == 32
    # every hex digit but the version's varies: no counter or clock inside
    varying = {i for i in range(32) if len({sid[i] for sid in ids}) > 1}
    assert varying == set(range(32)) - {12}


def test_an_api_client_cannot_name_its_session(small_assistant):
    info = build_app(small_assistant).get_api_info()["named_endpoints"]
    params = {name: [p["parameter_name"] for p in endpoint["parameters"]] for name, endpoint in info.items()}
    assert params["/respond"] == ["message"] and params["/reset"] == []
    # the session is server-side state (a gr.State), never an input of any endpoint
    assert not [(name, p) for name, ps in params.items() for p in ps if "session" in p.lower()]
