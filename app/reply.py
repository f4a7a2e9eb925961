"""The answer JSON of interfaces.md, built in one place: an answer, a refusal, an error."""

from __future__ import annotations

from typing import Any

from app.query import Kind

Answered = tuple[dict, Any]  # a handler's answer and the query as answered (app.query.Query, defaults filled in)


def reply(answer: str, kind: Kind | None = None, **extra: Any) -> dict:
    """The answer JSON: the four keys of interfaces.md first, then `kind` and the extras for the web app."""
    out = {"answer": answer, "value": extra.pop("value", None), "facts": extra.pop("facts", []),
           "passages": extra.pop("passages", [])}
    if kind is not None:
        out["kind"] = str(kind)
    out.update(extra)
    return out


def refusal(message: str) -> dict:
    """An answer that answers nothing (an empty or over-long question)."""
    return reply(message, Kind.REFUSED)


def error_reply(exc: BaseException | None = None) -> dict:
    """The answer when answering failed: the error named for the command line and the API, no figure."""
    what = f"{type(exc).__name__}: {exc}" if exc is not None else "unknown"
    return reply(f"error: {what}", Kind.ERROR)


CHAT_ERROR = "抱歉，回答时出错了，请换个问法再试。Sorry, something went wrong answering this."
