"""Open questions in the web answer: the sentences that answer (not "no sentence answers"), the passages once,
only the question's own words highlighted."""

from __future__ import annotations

import re

from app.web.gist import distinctive, gist
from app.web.render import render_answer
from tests.web_support import REPORTS

TERMS = ["政府", "信息", "公开", "存在", "问题"]  # as the engine gives them for 王屋镇存在哪些问题？


def problems_passage() -> dict:
    """王屋镇 2020's part five (存在的主要问题及改进情况), as the engine returns a passage."""
    lines = (REPORTS / "wangwu-2020.txt").read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("五、存在的主要问题"))
    return {"report": "wangwu-2020.txt", "body": "王屋镇人民政府", "year": 2020, "line": start + 1,
            "text": "\n".join(lines[start:start + 8]), "highlights": [[0, 2]]}


def test_generic_words_are_not_highlighted() -> None:
    """政府, 信息, 公开 are in every report: only 存在 and 问题 are the question's own words."""
    assert distinctive(TERMS) == ["存在", "问题"]


def test_the_sentences_after_a_matching_heading_answer() -> None:
    """Under （一）存在问题 come the problems themselves: those sentences are the answer."""
    said, src = gist([problems_passage()], TERMS)
    assert src is not None and src["line"] == problems_passage()["line"]
    assert 2 <= len(said) <= 4 and said[0].startswith("主要表现在：一是公开渠道单一")
    assert not any("改进情况" in s or s.startswith("我镇将") for s in said)  # the next heading ends the answer


def test_open_answer_states_the_passage_once_with_distinctive_marks() -> None:
    """The chat answer: the sentences and the report's name, the passage once below, 公开 not marked."""
    p = problems_passage()
    result = {"answer": "没有一句话能直接回答；以下是已收录年报中最相关的段落：\n- wangwu-2020.txt 第313行：…",
              "value": None, "facts": [], "kind": "passage", "terms": TERMS, "passages": [p]}
    html = render_answer(result, "王屋镇存在哪些问题？", lambda _: None)
    text = re.sub(r"<[^>]+>", "", html)
    assert "没有一句话" not in text and "wangwu-2020.txt" not in text
    assert "主要表现在：一是公开渠道单一" in text and f"王屋镇人民政府 2020年年报 第{p['line']}行起" in text
    assert text.count("个别部门政务公开工作人员") == 2  # once in the answer, once in the passage below
    assert set(re.findall(r"<mark>(.*?)</mark>", html)) == {"存在", "问题"}
