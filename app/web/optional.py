"""Optional API parameters may be left out: `/gradio_api/call/ask` with only the question works as with null state.

Gradio checks that an event gets one value per parameter and otherwise answers with an error that prints its
components' Python reprs. This ASGI middleware fills the left-out trailing optional values with null (each
endpoint then uses its default), and answers a call that lacks a required value in words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Message = MutableMapping[str, Any]
# endpoint -> (required values, all values); the rest take their defaults (None: state, column "total")
PARAMETERS = {"ask": (1, 2), "lookup": (4, 5), "compare": (4, 5)}
_CALL = re.compile(r"/gradio_api/call/([a-z_]+)/?$")
MAX_BODY = 1 << 20


def missing_message(name: str, required: int) -> bytes:
    """The error for a call without its required values, as JSON."""
    text = (f"接口 {name} 至少需要 {required} 个参数。The {name} endpoint needs at least {required} value(s) in "
            f'"data", e.g. {{"data": ["王屋镇2020年收到多少政府信息公开申请？", null]}} for ask.')
    return json.dumps({"detail": text}, ensure_ascii=False).encode()


class OptionalValues:
    """ASGI middleware: pads `data` of the named endpoints' calls with null up to their parameter count."""

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        """Wrap the app."""
        self.app = app

    async def __call__(self, scope: Message, receive: Callable[[], Awaitable[Message]],
                       send: Callable[[Message], Awaitable[None]]) -> None:
        """Rewrite the body of a call that left out optional values; pass everything else untouched."""
        m = _CALL.search(scope.get("path", "")) if scope["type"] == "http" and scope["method"] == "POST" else None
        if not m or m.group(1) not in PARAMETERS:
            await self.app(scope, receive, send)
            return
        chunks, more = [], True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False) and sum(map(len, chunks)) <= MAX_BODY
        body = b"".join(chunks)
        required, total = PARAMETERS[m.group(1)]
        try:
            payload = json.loads(body)
            data = payload.get("data") if isinstance(payload, dict) else None
        except ValueError:
            data = None
        if isinstance(data, list) and len(data) < total:
            if len(data) < required:
                reply = missing_message(m.group(1), required)
                await send({"type": "http.response.start", "status": 422, "headers": [
                    (b"content-type", b"application/json; charset=utf-8"),
                    (b"content-length", str(len(reply)).encode())]})
                await send({"type": "http.response.body", "body": reply})
                return
            payload["data"] = data + [None] * (total - len(data))
            body = json.dumps(payload, ensure_ascii=False).encode()
        scope = dict(scope, headers=[(k, v) for k, v in scope["headers"] if k.lower() != b"content-length"]
                     + [(b"content-length", str(len(body)).encode())])
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)
