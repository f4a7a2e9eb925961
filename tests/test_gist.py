"""Open questions: the engine answers with the sentences under the matching heading (not "no sentence answers"),
the passage that answers first, only the question's own words highlighted; the web shows that same answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.engine import QA
from app.gist import distinctive, gist
from app.web.render import render_answer
from tests.web_support import REPORTS

TERMS = ["政府", "信息", "公开", "存在", "问题"]  # the words of 王屋镇政府信息公开存在哪些问题？


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


def test_a_passage_with_a_matching_heading_outranks_one_that_only_mentions_the_words() -> None:
    """A passage ranked first that merely says 问题 loses to the one whose heading is 存在问题."""
    mention = {"report": "x.txt", "body": "甲", "year": 2020, "line": 5,
               "text": "（六）健全解读回应工作机制\n针对群众普遍关心的热点问题，及时回应。"}
    said, src = gist([mention, problems_passage()], TERMS)
    assert src is not None and src["report"] == "wangwu-2020.txt" and said[0].startswith("主要表现在")


@pytest.fixture(scope="module")
def full(seed_index: Path, index_encoder: object) -> QA:
    """The engine over the real seed index."""
    return QA(seed_index, encoder=index_encoder)


def test_engine_answers_an_open_question_with_the_sentences_under_its_heading(full: QA) -> None:
    """CLI, API, chat and widget share this answer: the problems 王屋镇 printed, its report named, no file name."""
    res = full.ask("王屋镇存在哪些问题？")
    assert res["kind"] == "passage" and not res["answer"].startswith("没有")
    assert res["answer"].startswith("主要表现在：一是公开渠道单一、形式不够丰富；二是政务公开业务能力需进一步加强。")
    assert "出处：王屋镇人民政府 2020年年报 第" in res["answer"] and "wangwu-2020.txt" not in res["answer"]
    top = res["passages"][0]
    assert top["report"] == "wangwu-2020.txt" and "（一）存在问题" in top["text"]
    assert res["terms"] == ["存在", "问题"] and len(res["passages"]) == 3
    assert all(re.fullmatch("(存在|问题)+", top["text"][a:b]) for a, b in top["highlights"])  # 公开 not marked


def test_web_shows_the_engines_answer_once_with_distinctive_marks(full: QA) -> None:
    """The chat renders the engine's text as it is: the sentences once in the answer, the passages once below."""
    res = full.ask("王屋镇政务公开存在哪些问题？")
    html = render_answer(res, "王屋镇政务公开存在哪些问题？", lambda _: None)
    text = re.sub(r"<[^>]+>", "", html)
    assert "没有一句话" not in text and "wangwu-2020.txt" not in text
    assert "主要表现在：一是公开渠道单一" in text and "王屋镇人民政府 2020年年报 第" in text
    assert text.count("个别部门政务公开工作人员") == 2  # once in the answer, once in the passage below
    assert set(re.findall(r"<mark>(.*?)</mark>", html)) == {"存在", "问题"}
