"""A full queue answers at once with a clear "busy, try again" (503 + Retry-After), never a hang.

Gradio refuses a request when its queue holds `max_size` events (HTTP 503, "Queue is full. Max size is 64 …");
the browser client turns that status into its own "busy" notice. This ASGI middleware gives API callers the same
in words: it rewrites only the 503 answers of the queue's entry points and passes everything else untouched
(the event streams included).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

BUSY_MESSAGE = "服务繁忙，请稍后再试。The service is busy: please try again in a few seconds."
RETRY_AFTER_SECONDS = 5
_QUEUE_ENTRY = re.compile(r"/gradio_api/(?:call/[^/]+/?|queue/join/?)$")

Message = MutableMapping[str, Any]
Send = Callable[[Message], Awaitable[None]]


class BusyMessage:
    """ASGI middleware: a 503 from a queue entry point becomes {"detail": BUSY_MESSAGE, "busy": true}."""

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        """Wrap the app."""
        self.app = app

    async def __call__(self, scope: Message, receive: Callable[[], Awaitable[Message]], send: Send) -> None:
        """Pass the request through; replace the answer when the queue refused it."""
        if scope["type"] != "http" or scope["method"] != "POST" or not _QUEUE_ENTRY.search(scope["path"]):
            await self.app(scope, receive, send)
            return
        refused = False

        async def reply(message: Message) -> None:
            nonlocal refused
            if message["type"] == "http.response.start" and message["status"] == 503:
                refused = True
                body = json.dumps({"detail": BUSY_MESSAGE, "busy": True}, ensure_ascii=False).encode()
                await send({"type": "http.response.start", "status": 503, "headers": [
                    (b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                    (b"retry-after", str(RETRY_AFTER_SECONDS).encode())]})
                await send({"type": "http.response.body", "body": body})
            elif not refused:
                await send(message)

        await self.app(scope, receive, reply)
