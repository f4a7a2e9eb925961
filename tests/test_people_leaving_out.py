"""Questions that leave cells out (除了自然人以外, 不是维持的, excluding natural persons): the whole minus them, with
the formula — never the whole, never the part left out; no figure where the whole is unclear (red-team findings)."""

from __future__ import annotations

import pytest

from app.engine import QA
from tests.conftest import REAL, need_shared
from tests.test_answer import store_index


@pytest.fixture(scope="module")
def huaian(tmp_path_factory: pytest.TempPathFactory) -> QA:
    """淮安市 2024 (003): 新收 3001|53|0|0|61|4|3119, 予以公开 …|1362, 复议 72|64|178|37|351, 诉讼 26 + 20."""
    need_shared(REAL)
    return QA(store_index(tmp_path_factory.mktemp("huaian"), [REAL / "003_huaian_city_2024.pdf"]))


@pytest.mark.parametrize(("question", "value"), [
    ("淮安市2024年除了自然人以外，其他申请人新收的申请一共有多少件？", 118),  # 3119 − 3001, not 其他 (4)
    ("淮安市2024年新收申请中，自然人以外的有多少件？", 118),
    ("淮安市2024年新收申请总计减自然人是多少？", 118),
    ("How many new requests did Huai'an get in 2024, excluding natural persons?", 118),
    ("淮安市2024年新收申请中除法律服务机构和自然人外还有多少？", 57),  # 3119 − 61 − 3001
    ("淮安市2024年非自然人申请予以公开的有几件？", 74),
    ("淮安市2024年办理结果中，除予以公开外的有多少件？", 1688),  # 3050 − 1362
    ("淮安市2024年除了予以公开和部分公开之外的办理结果有多少件？", 1234),
    ("淮安市2024年不予处理中，信访举报投诉类以外的有多少？", 26),  # 88 − 62
    ("淮安市2024年行政复议中不是维持的有多少件？", 279),  # 351 − 72
    ("淮安市2024年行政复议结果不是纠正的有几件？", 287),
    ("淮安市2024年行政诉讼中，不算复议后起诉的有多少件？", 26),  # 46 − 20
])
def test_the_whole_minus_what_is_left_out(huaian: QA, question: str, value: int) -> None:
    res = huaian.ask(question)
    assert res["value"] == value and res["understood"]["operation"] == "difference"
    assert "减去" in res["answer"] or "minus" in res["answer"]


@pytest.mark.parametrize(("question", "value"), [
    ("淮安市2024年申请人类型是“其他”组织的（不是企业、科研、公益或律所）新申请有几件？", 4),  # explains 其他
    ("淮安市2024年除了自然人以外，商业企业新收几件", 53),  # the cell named is the answer
])
def test_an_explanation_or_a_redundant_exclusion_keeps_the_cell(huaian: QA, question: str, value: int) -> None:
    assert huaian.ask(question)["value"] == value


@pytest.mark.parametrize("question", [
    "淮安市2024年不含自然人，新收申请多少件？", "淮安市2024年除了商业企业，予以公开的有多少件？"])
def test_never_the_whole_or_the_part(huaian: QA, question: str) -> None:
    assert huaian.ask(question)["value"] in (None, 118, 1341)
