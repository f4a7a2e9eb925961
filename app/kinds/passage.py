"""A prose question: the best passages, highlighted, and one sentence where it clearly answers."""

from __future__ import annotations

from app import prose
from app.corpus import Corpus
from app.kinds import clarify
from app.phrasing import say
from app.prose import Found
from app.query import Kind, Query, without
from app.reply import Answered, reply

PASSAGE_PREVIEW_CHARS = 90  # each passage's opening shown when no sentence answers


def passage(c: Corpus, q: Query) -> Answered:
    """Search the passages of the bodies and years asked; answer with a sentence or the best passages."""
    for key in q.bodies:
        ent = c.entity(key)
        if ent is not None and q.years and not any(y in ent.years for y in q.years):
            return clarify.absent_year(c, ent, q)
    if not c.has_passages:
        return reply(say(q.lang, "回答这个问题需要检索报告正文，但该索引没有正文段落。",
                         "This question needs the reports' text, but this index has no passages to search."),
                     Kind.PASSAGE, reason="no_passages"), q
    query = q.text if "question" in q.carried else (q.question or q.text)
    names = [n for e in (c.entity(k) for k in q.bodies) if e for n in e.names]
    focus = without(query, c.bodies.find(query).spans, strip=False)
    found = prose.search(c.retriever, query, names, list(q.years), q.part, focus=focus)
    if not found.passages:
        return reply(say(q.lang, "在已收录的年报中没有找到相关内容。",
                         "Nothing relevant was found in the indexed reports."), Kind.PASSAGE, reason="nothing_found"), q
    return answer_text(found, q), q


def answer_text(found: Found, q: Query) -> dict:
    """The answer for a prose question: the extracted sentence with its source, or the best passages."""
    lang = q.lang
    if found.sentence and found.sentence_of:
        src = found.sentence_of
        text = say(lang, f"报告原文：{found.sentence}\n出处：{src['report']}（{src.get('body') or ''} "
                         f"{src.get('year') or ''}年）第{src['line']}行起。",
                   f"From the report (in Chinese): {found.sentence}\nSource: {src['report']} "
                   f"({src.get('body') or ''} {src.get('year') or ''}), from line {src['line']}.")
    else:
        n = PASSAGE_PREVIEW_CHARS
        shown = "\n".join(say(lang, f"- {h['report']} 第{h['line']}行：{h['text'][:n]}…",
                              f"- {h['report']}, line {h['line']}: {h['text'][:n]}…") for h in found.passages)
        text = say(lang, "没有一句话能直接回答；以下是已收录年报中最相关的段落：\n",
                   "No single sentence answers this directly; the most relevant passages of the indexed reports "
                   "are:\n") + shown
    return reply(text, Kind.PASSAGE, passages=found.passages, terms=found.terms, extract=found.sentence)
