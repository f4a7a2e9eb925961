"""Words that leave a cell out (除了自然人以外, 不是维持, excluding) or explain one (（不是企业…）)."""

from __future__ import annotations

import re

EXCLUDED_AFTER = re.compile(r"[）)”\s]*(?:类|的|这一?类|那一?类|方面的?)?(?:以外|之外|除外|外(?=[，,的还有共是]|$))|"
                             r"\s*(?i:excluded|aside)\b")
LISTED = re.compile(r"[”“\s]*(?:和|与|及|以及|或|、|，|,|(?:,\s*)?(?i:and|or)\b)[“\s]*"
                    r"(?i:(?:the|those)\s+(?:from\s+|by\s+)?)?")
WITHOUT_BEFORE = re.compile(r"(?:没有?经过?|未经过?|不经过?)$")  # 没经过复议: the word is what did not happen
EXCLUDED_BEFORE = re.compile(r"(?:除了?|除去|不含|不包括|不算|不计入?|不统计|扣除|排除|去掉|减去?|非|不是|不属于|"
                              r"没被|未被|没有被|"
                              r"(?i:excluding|except(?: for)?|other than|apart from|not counting|leaving out|besides|"
                              r"minus|non-|(?:were|was|are|is)\s+not)\s*(?:the\s+|those\s+|cases?\s+|requests?\s+|ones?\s+)?"
                              r"(?:(?:from|by|that\s+were)\s+)?)[“（(\"']?(?:本机关|本单位|本部门|因为?)?$")
LEAVES_OUT = re.compile(r"除了|除去|除外|以外|之外|不含|不包括|不算|不计|扣除|排除|去掉|减去|\bexcluding\b|\bexcept\b|"
                        r"\bother than\b|\bapart from\b|\bnot counting\b|\bleaving out\b", re.I)  # wherever they stand
_NOT_BEFORE_PASSIVE = re.compile(r"(?:没有|没|未|不曾|并未)$")  # 未 + 被纠正 (the cue starts at 被)
_CLAUSE_START = re.compile(r"[（(，,；;。？?]")
_NEGATION = re.compile(r"^\s*(?:不是|并非|非)")  # （不是企业…）explains; （不含自然人）leaves out


def excluded_before(text: str, at: int) -> bool:
    """Whether the word at `at` follows a word that leaves it out (除了自然人, 不是维持, 未被纠正)."""
    return bool(EXCLUDED_BEFORE.search(text[:at]) or (text.startswith("被", at) and _NOT_BEFORE_PASSIVE.search(
        text[:at])))


def negated(text: str, at: int) -> bool:
    """Whether a word stands in a clause that negates what it lists: （不是企业、科研、公益或律所）."""
    start = max((m.end() for m in _CLAUSE_START.finditer(text, 0, at)), default=0)
    if start == 0 or text[start - 1] not in "（(":
        return False  # (除了自然人以外 in the sentence itself is what the figure leaves out)
    clause = text[start:at]
    return len(clause) <= 16 and "）" not in clause and ")" not in clause and bool(_NEGATION.match(clause))
