"""Every content word accounted for: what a question says beyond its cells, and the parts a total is made of."""

from __future__ import annotations

import re

from app.understand.lexicon import TOTAL_WORDS, in_group
from app.understand.text import CJK
from indexer.schema import TABLES

ZH_FILLER = re.compile(r"请问|俺|咱们|咱|您|你们|你|问问|问下|问一下|想问|打听|请教|麻烦|帮忙|查下|查一下|"
                        r"一共|总共|共计|合计|多少|政府信息公开|信息公开|政府信息|依申请|申请|数量|提出|提交|递交|"
                        r"乡镇|街道|部门|单位|机关|所有|全部|哪个|哪一个|哪些|最多|最少|最高|最低|排名|比较|对比|相比|历年|每年|"
                        r"逐年|趋势|变化|加起来|年度报告|年报|报告|工作|情况|统计表|表格|数据|其中|里面|"
                        r"一下|告诉|知道|查询|了解|是否|统计|[有几件个是的了吗呢共年度数量总计这该其在中里被给向对所到全本们我想请帮能否"
                        r"可以为次起宗条项份]")

_FUNCTION = re.compile(r"除了|除去|不算|不含|不包括|扣除|排除|去掉|以外|之外|除外|"
                       r"因为?|由于|而|属于|为由|以|说|让|被|那种|这种|那一类|这一类|类|方面|结果|案件|案子|案|还|"
                       r"过来|作出|截至|截止|底|那|啊|呀|吧|嘛|呢|吗|人|都|就|又|再|去|来|过|从|于|和|或|与|及|政府|相关|方|"
                       r"印|填|写|栏|里|中|上|下|后|前|时|当年|全年|年内|行政|打|起|关于|有关|之|些|位|名|总|计|数|量|"
                       r"月|日|期间|期|一|多|少|总体|整体|具体|分别|各自|到底|究竟|大概|大约|一下|看看|查查|统计|"
                       r"单位|部门|机关|本|该|这|那|哪|谁|什么|怎样")


def leftover(text: str) -> str:
    """The content words of a question no cue, body or year explains (text masked), fillers and grammar dropped."""
    text = re.sub("|".join(re.escape(w) for w in TOTAL_WORDS.split("|")), "", text)
    text = _FUNCTION.sub("", ZH_FILLER.sub("", text))
    return "".join(CJK.findall(text))


def parts_of(table: str, row: str) -> list[str]:
    """The rows a total is the sum of: a group's members, a row's sub-rows."""
    ids = {r.id for tpl in TABLES.values() for r in tpl[table].rows} if table in ("requests", "review") else set()
    return [r for r in sorted(ids) if in_group(r, ("group", table, row)) and r != row]


def _grams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} | set(text)


def rank_parts(table: str, row: str, left: str, words: dict[str, list[str]]) -> list[tuple[float, str]]:
    """A total's parts ranked by how much of the unexplained words their labels and synonyms share (char n-grams)."""
    got = _grams(left)
    out = []
    for part in parts_of(table, row):
        best = max((len(got & _grams(w)) / max(1, len(_grams(w))) for w in words.get(part, [])), default=0.0)
        out.append((best, part))
    return sorted(out, key=lambda x: -x[0])
