"""The embeddable widget (/widget): just the chat, sized for an iframe, asking `?q=` on arrival."""

from __future__ import annotations

from typing import Any

import gradio as gr

from app.limits import QUEUE
from app.web.backend import Backend
from app.web.chat import answer_turn, chat_panel

WIDGET_CSS = """
footer, .qa-header { display: none !important; }
.gradio-container { padding: 6px !important; max-width: 100% !important; }
#chat { min-height: 300px; }
"""


def build_widget(backend: Backend) -> gr.Blocks:
    """A page with only the chat; an initial question can come in the URL (?q=…)."""
    with gr.Blocks(title="年报问答", fill_height=True, analytics_enabled=False) as widget:
        parts = chat_panel(backend, compact=True)

        def first_question(history: list, state: Any, request: gr.Request) -> tuple:
            """Ask the ?q= question once, when the page opens."""
            q = (request.query_params.get("q") or "").strip() if request else ""
            if not q or history:
                return "", history, state
            return answer_turn(backend, q, history, state, request)

        widget.load(first_question, [parts.chatbot, parts.state], [parts.box, parts.chatbot, parts.state],
                    api_visibility="private")
    widget.queue(**QUEUE)
    return widget
