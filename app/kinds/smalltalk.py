"""Small talk (你好, 谢谢, an emoji, a bare '?'): a short help with example questions, in the asker's language."""

from __future__ import annotations

from app.corpus import Corpus
from app.phrasing import say
from app.query import Kind
from app.reply import reply
from app.understand.smalltalk import is_latin


def help_reply(c: Corpus, question: str, state: dict | None) -> dict:
    """The help answer; the conversation's state is handed back unchanged."""
    lang = "en" if is_latin(question) else "zh"
    ent = max(c.bodies.entities, key=lambda e: (len(e.years), e.years[-1] if e.years else 0), default=None)
    name, year = (ent.key, ent.years[-1]) if ent and ent.years else ("某机关", 2024)
    examples = [say(lang, f"{name}{year}年新收了多少件政府信息公开申请？",
                    f"How many new requests did {name} receive in {year}?"),
                say(lang, f"{name}{year}年行政复议结果被纠正的有几件？",
                    f"{name} {year}: reconsideration cases corrected?"),
                say(lang, f"{name}{year}年予以公开占办理结果总计的比例是多少？",
                    f"What share of {name}'s {year} requests were granted?")]
    text = say(lang, "您好！我可以回答政府信息公开工作年度报告里的问题（数字会注明出处）。例如：\n",
               "Hello! I answer questions about the government information disclosure annual reports (every "
               "figure with its source). For example:\n") + "\n".join(f"- {q}" for q in examples)
    return reply(text, Kind.HELP, lang=lang, state=state or {}, choices=[{"label": q, "question": q} for q in examples],
                 understood={"bodies": [], "years": [], "carried": [], "typos": [], "cells": [], "operation": None,
                             "assumptions": []})
