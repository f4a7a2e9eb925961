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
from app.web.examples import example_questions
from app.web.render import render_answer, render_user

log = logging.getLogger(__name__)

PLACEHOLDER = ("<div class='qa-welcome'><h3>政府信息公开年报问答</h3>"
               "<p>问我各机关政府信息公开工作年度报告里的数字和内容，每个数字都附出处。"
               "Ask about the figures and contents of the annual reports, each figure with its source.</p></div>")
COUNT_JS = f"""(q) => {{
  const n = [...(q || "")].length, max = {MAX_QUESTION_CHARS};
  if (n <= max * 0.8) return "";
  const over = n > max;
  return `<span class="qa-count${{over ? " qa-over" : ""}}">${{n}} / ${{max}} 字${{over ?
    "：问题太长，请删减到 " + max + " 字以内再发送 too long, please shorten it" : ""}}</span>`;
}}"""
SHOWN_CHARS = 60  # of a question too long to answer, what the chat shows
SCROLL_JS = """() => new Promise((done) => setTimeout(() => {
  // the latest question at the top of the chat, its answer below it, even after the reader scrolled up
  const asked = document.querySelectorAll("#chat [data-testid='user']");
  const last = asked[asked.length - 1];
  let box = last && last.parentElement;
  while (box && box !== document.body && !(box.scrollHeight > box.clientHeight + 4 &&
         /(auto|scroll)/.test(getComputedStyle(box).overflowY))) box = box.parentElement;
  if (last && box && box !== document.body) {
    box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
  }
  done([]);
}, 80))"""


@dataclass
class ChatParts:
    """The components of one chat panel, for pages that add events (the widget's ?q=)."""

    chatbot: gr.Chatbot
    box: gr.Textbox
    state: gr.State


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


def shown(question: str) -> str:
    """A question as the chat shows it: a paste too long to answer only begun, with its length."""
    n = len(question)
    return question if n <= MAX_QUESTION_CHARS else f"{question[:SHOWN_CHARS]}……（共 {n} 字）"


def answer_turn(backend: Backend, question: str, history: list, state: Any, request: gr.Request | None) -> tuple:
    """Ask one question; returns the cleared input, the history with both turns, the new conversation state."""
    question = (question or "").strip()
    if not question:
        return "", history, state
    keep = question if len(question) > MAX_QUESTION_CHARS else ""  # too long: left in the box to be shortened
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
    history = [*(history or []), {"role": "user", "content": render_user(shown(question))}, message]
    return keep, history, result.get("state", state) if result.get("kind") != Kind.REFUSED else state


def chat_panel(backend: Backend, page: gr.Blocks, compact: bool = False) -> ChatParts:
    """A chat with its input, send and new-conversation buttons; compact for the embeddable widget."""
    chatbot = gr.Chatbot(
        label="年报问答", elem_id="chat", height=None if compact else 560, latex_delimiters=[],
        sanitize_html=True, placeholder=PLACEHOLDER, examples=None, buttons=["copy"], autoscroll=False,
        feedback_options=None, group_consecutive_messages=False, show_label=False, scale=1 if compact else None)
    state = gr.State(None)
    with gr.Row(equal_height=True, elem_id="chat-row"):
        box = gr.Textbox(placeholder="输入问题，例如：王屋镇2020年收到多少申请？", show_label=False,
                         lines=1, max_lines=4, scale=8, elem_id="chat-input", autofocus=not compact,
                         submit_btn=False, container=False)
        send = gr.Button("发送", variant="primary", scale=1, min_width=64, elem_id="chat-send")
    count = gr.HTML("", elem_id="chat-count", padding=False)
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

    def examples() -> dict:
        """The example questions this index answers (checked once per index build)."""
        found = example_questions(backend)
        return gr.update(examples=[{"text": q} for q in found] or None)

    outputs = [box, chatbot, state]
    for event in (box.submit(respond, [box, chatbot, state], outputs, api_visibility="private"),
                  send.click(respond, [box, chatbot, state], outputs, api_visibility="private"),
                  chatbot.option_select(pick, [chatbot, state], outputs, api_visibility="private"),
                  chatbot.example_select(pick_example, [chatbot, state], outputs, api_visibility="private")):
        event.then(None, None, None, js=SCROLL_JS, api_visibility="private")
    box.change(None, box, count, js=COUNT_JS, api_visibility="private", queue=False)
    new.click(lambda: ("", [], None), None, outputs, api_visibility="private", queue=False)
    chatbot.clear(lambda: None, None, state, api_visibility="private", queue=False)
    page.load(examples, None, chatbot, api_visibility="private")
    return ChatParts(chatbot, box, state)
