"""The citizens' chat: follow-ups, example questions, clickable choices, a new-conversation button."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import gradio as gr

from app.limits import MAX_QUESTION_CHARS
from app.query import Kind
from app.reply import CHAT_ERROR, reply
from app.web.backend import Backend, base_url
from app.web.render import render_answer, render_user

log = logging.getLogger(__name__)

PLACEHOLDER = ("<div class='qa-welcome'><h3>政府信息公开年报问答</h3>"
               "<p>问我各机关政府信息公开工作年度报告里的数字和内容，每个数字都附出处。"
               "Ask about the figures and contents of the annual reports, each figure with its source.</p></div>")
FIGURE_PROMPTS = (
    ("{body}{year}年收到多少政府信息公开申请？", "new_received"),
    ("{body}{year}年予以公开的申请有多少件？", "granted"),
    ("{body}{year}年行政复议有多少件？", "reconsideration"),
)


@dataclass
class ChatParts:
    """The components of one chat panel, for pages that add events (the widget's ?q=)."""

    chatbot: gr.Chatbot
    box: gr.Textbox
    state: gr.State


def example_questions(backend: Backend, limit: int = 4) -> list[str]:
    """Example questions drawn from the indexed reports: figures of the latest reports, one prose question."""
    try:
        reports = [r for r in backend.reports() if r.body and r.year and r.n_facts]
    except FileNotFoundError:
        return []
    reports.sort(key=lambda r: (-(r.year or 0), r.body or ""))
    out: list[str] = []
    for i, (prompt, _) in enumerate(FIGURE_PROMPTS):
        if reports:
            rep = reports[i % len(reports)]
            out.append(prompt.format(body=short_body(rep.body or ""), year=rep.year))
    if reports:
        out.append(f"{short_body(reports[0].body or '')}通过哪些渠道公开政府信息？")
    return out[:limit]


def short_body(body: str) -> str:
    """A body as people say it: without 人民政府 (王屋镇人民政府 → 王屋镇)."""
    short = body.removesuffix("人民政府")
    return short if len(short) >= 2 else body


def choice_options(result: dict) -> list[dict]:
    """The engine's "which one did you mean" choices as chat options (value sent back when clicked)."""
    options = []
    for c in result.get("choices") or []:
        if isinstance(c, dict):
            value = str(c.get("question") or c.get("value") or c.get("label") or "")
            label = str(c.get("label") or value)
        else:
            value = label = str(c)
        if value:
            options.append({"value": value, "label": label})
    return options


def answer_turn(backend: Backend, question: str, history: list, state: Any, request: gr.Request | None) -> tuple:
    """Ask one question; returns the cleared input, the history with both turns, the new conversation state."""
    question = (question or "").strip()
    if not question:
        return "", history, state
    try:
        result = backend.ask(question, state)
    except Exception:  # noqa: BLE001 - the user gets a message, the log gets the trace
        log.exception("answering %r failed", question)
        result = reply(CHAT_ERROR, Kind.ERROR)
    html = render_answer(result, question, backend.report_text, base_url(request))
    message: dict = {"role": "assistant", "content": html}
    options = choice_options(result)
    if options:
        message["options"] = options
    history = [*(history or []), {"role": "user", "content": render_user(question)}, message]
    return "", history, result.get("state", state) if result.get("kind") != Kind.REFUSED else state


def chat_panel(backend: Backend, compact: bool = False) -> ChatParts:
    """A chat with its input, send and new-conversation buttons; compact for the embeddable widget."""
    examples = [{"text": q} for q in example_questions(backend)]
    chatbot = gr.Chatbot(
        label="年报问答", elem_id="chat", height="70vh" if compact else 560, latex_delimiters=[],
        sanitize_html=True, placeholder=PLACEHOLDER, examples=examples or None, buttons=["copy"],
        feedback_options=None, group_consecutive_messages=False, show_label=False)
    state = gr.State(None)
    with gr.Row(equal_height=True):
        box = gr.Textbox(placeholder="输入问题，例如：王屋镇2020年收到多少政府信息公开申请？", show_label=False,
                         max_length=MAX_QUESTION_CHARS, lines=1, max_lines=4, scale=8, elem_id="chat-input",
                         autofocus=not compact, submit_btn=False)
        send = gr.Button("发送 Send", variant="primary", scale=1, min_width=80, elem_id="chat-send")
    new = gr.Button("新对话 New conversation", size="sm", variant="secondary", elem_id="chat-new")

    def respond(question: str, history: list, st: Any, request: gr.Request) -> tuple:
        """Answer the typed question."""
        return answer_turn(backend, question, history, st, request)

    def pick(history: list, st: Any, evt: gr.SelectData, request: gr.Request) -> tuple:
        """Answer the choice clicked under a "which one did you mean" message."""
        return answer_turn(backend, str(evt.value if not isinstance(evt.value, dict) else
                                        evt.value.get("value") or evt.value.get("text") or ""),
                           history, st, request)

    def pick_example(history: list, st: Any, evt: gr.SelectData, request: gr.Request) -> tuple:
        """Answer the example question clicked."""
        value = evt.value.get("text") if isinstance(evt.value, dict) else evt.value
        return answer_turn(backend, str(value or ""), history, st, request)

    outputs = [box, chatbot, state]
    box.submit(respond, [box, chatbot, state], outputs, api_visibility="private")
    send.click(respond, [box, chatbot, state], outputs, api_visibility="private")
    chatbot.option_select(pick, [chatbot, state], outputs, api_visibility="private")
    chatbot.example_select(pick_example, [chatbot, state], outputs, api_visibility="private")
    new.click(lambda: ("", [], None), None, outputs, api_visibility="private", queue=False)
    chatbot.clear(lambda: None, None, state, api_visibility="private", queue=False)
    return ChatParts(chatbot, box, state)
