"""A prose question: the sentences that answer, from the best passage, then the passages, highlighted."""

from __future__ import annotations

from app import prose
from app.corpus import Corpus
from app.gist import gist
from app.kinds import clarify
from app.phrasing import say
from app.prose import Found
from app.query import Kind, Query, without
from app.reply import Answered, reply


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
    """The answer for a prose question: the sentence that answers, else the 2–4 sentences under the heading that
    matches (from the passage that answers, put first), with the report named; the passages follow in `passages`."""
    lang, passages = q.lang, list(found.passages)
    if found.sentence and found.sentence_of:
        said, src = [found.sentence], found.sentence_of
    else:
        said, src = gist(passages, found.terms)
    if not said or src is None:
        text = say(lang, "没有找到直接回答的句子；以下是已收录年报中最相关的段落。",
                   "No sentence answers this directly; the most relevant passages of the indexed reports follow.")
        return reply(text, Kind.PASSAGE, passages=passages, terms=found.terms, extract=None)
    passages = [src] + [p for p in passages if p is not src]
    name = f"{src.get('body') or '（机关未识别）'} {src.get('year') or ''}年年报"
    text = say(lang, f"{''.join(said)}\n出处：{name} 第{src['line']}行起。",
               f"From the report (in Chinese): {''.join(said)}\nSource: {name}, from line {src['line']}.")
    return reply(text, Kind.PASSAGE, passages=passages, terms=found.terms, extract="".join(said))
