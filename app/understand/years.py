"""Which year(s) a question names: 2020年, 23年, 二〇二〇年, ranges, 去年/last year, 上一年 (a step), 近三年."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field

import cn2an

TODAY_ENV = "GOVQA_TODAY"
_CN = "〇○零一二三四五六七八九"
_YEAR = r"(?<![\d.])((?:19[5-9]|20\d)\d)(?!\d)"
_SUFFIX = r"(?:年度|年)"
_ONE = re.compile(rf"{_YEAR}\s*{_SUFFIX}?|(?<![{_CN}十])([{_CN}]{{4}}|[{_CN}]{{2}})\s*{_SUFFIX}")
_TWO = re.compile(rf"(?<![\dA-Za-z.%])(\d{{2}})\s*{_SUFFIX}(?!代|以|来|内|间|前|后|多)")
_TWO_COMPARED = re.compile(r"(?<=[比和与跟同较])(\d{2})\s*年(?:度)?")  # 比23年多: a year compared, not 'over 23 years'
_RANGE = re.compile(rf"(?:from\s+)?{_YEAR}\s*{_SUFFIX}?\s*(?:到|至|-|~|—|–|to|through|until)\s*{_YEAR}"
                    rf"\s*{_SUFFIX}?", re.I)
_LIST = re.compile(rf"{_YEAR}(?:\s*{_SUFFIX}?\s*(?:、|,|，|和|与|及|and)\s*{_YEAR})+", re.I)
_BAD = re.compile(rf"(?<![\d近前后过去连续这那每第共多])(\d{{3}}|\d{{5,}}|\d[OoIl]\d{{2}}|\d{{2}}[OoIl]\d|"
                  rf"\d{{3}}[OoIl])\s*{_SUFFIX}")
_LAST_N = re.compile(r"(?:近|最近|过去|前(?![一1]\s*年)|这(?![一1]\s*年))\s*"  # 近三年, 这两年 (not 这一年)
                     r"([\d一二两三四五六七八九十]{1,2})\s*(?:个)?\s*年|"
                     r"(?:last|past|previous)\s+(\d{1,2}|two|three|four|five)\s+years", re.I)
_EN_N = {"two": 2, "three": 3, "four": 4, "five": 5}
# absolute words: offset from the reference year (today's)
_ABSOLUTE = (("大前年", -3), ("前年", -2), ("去年", -1), ("今年", 0), ("明年", 1),
             ("the year before last", -2), ("last year", -1), ("this year", 0), ("current year", 0))
# steps: offset from the conversation's year (or, without one, from the reference year)
_STEP = re.compile(r"上上一?年度?(?!项目|度?结转)|上一年度?(?!项目|度?结转)|上年度?(?!项目|度?结转)|前一年|"
                   r"(?<!结转)(?<!转入)(?<!转)(?<!到)(?<!至)(?<!入)下一年度?(?!继续)|后一年|次年|"
                   r"当年|那一年|这一年|同年|同一年|"
                   r"(?<!from\s)(?<!from\sthe\s)(?<!over\s)(?:the\s+)?(?:previous|prior|preceding)\s+year|"
                   r"the\s+year\s+before|(?:the\s+)?following\s+year|"
                   r"the\s+next\s+year|the\s+same\s+year|that\s+year", re.I)
_AGAINST = re.compile(r"(?:比|较|相比|对比|是|和|与|同|跟|(?:compared|relative)\s+(?:with|to)|than|versus|vs\.?|"
                      r"against|and|with)\s*$", re.I)  # 是前一年的几倍, compared with the year before
_CARRIED_INTO_YEAR = re.compile(r"(?:结转|转入|转到|留到|结转到|结转至|推到|延到|延至)\s*$")
_CARRIED_INTO = re.compile(r"(?:转|到|至|入|留)$")
_STEP_OFFSET = (("上上", -2), ("上", -1), ("前", -1), ("下", 1), ("后", 1), ("次", 1), ("previous", -1), ("prior", -1),
                ("preceding", -1), ("before", -1), ("following", 1), ("next", 1))


@dataclass
class Years:
    """The years a question names, where they stand, and what was assumed."""

    years: list[int] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    relative: str | None = None  # the relative word used (去年, last year), if any
    step: int | None = None  # 上一年 (-1), 当年 (0), 下一年 (+1): counted from the conversation's year
    is_range: bool = False
    unreadable: list[str] = field(default_factory=list)  # year-like words that could not be read (2O23年)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (zh, en) what was assumed


def today_setting() -> dt.date | None:
    """The date relative years count from, from $GOVQA_TODAY (YYYY-MM-DD); None: the real date."""
    raw = os.environ.get(TODAY_ENV, "").strip()
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def cn_year(digits: str) -> int:
    """二〇二〇 -> 2020, 二三 -> 2023."""
    value = int("".join(str(max(_CN.index(c) - 2, 0)) for c in digits))
    return value if len(digits) == 4 else two_digit(value)


def two_digit(n: int, reference_year: int = dt.date.today().year) -> int:
    """23 -> 2023 (a two-digit year in this century unless that is in the future)."""
    year = 2000 + n
    return year if year <= reference_year + 1 else 1900 + n


def _small(raw: str) -> int:
    return int(raw) if raw.isdigit() else _EN_N.get(raw.lower()) or int(cn2an.cn2an(raw.replace("两", "二"), "smart"))


def find_years(text: str, reference_year: int, after: list[tuple[int, int]] | None = None) -> Years:
    """Every year named in text (normalised, body names masked); relative words count from reference_year.

    after: spans of body names; a bare two-digit number right after one is a year (洪泽23, 淮安市 24)."""
    out = Years()

    where: dict[int, int] = {}

    def add(year: int, span: tuple[int, int]) -> None:
        if year not in out.years:
            out.years.append(year)
        where[year] = min(where.get(year, span[0]), span[0])
        out.spans.append(span)

    def free(a: int, b: int) -> bool:
        return not any(a < e and s < b for s, e in out.spans)

    for m in _RANGE.finditer(text):
        a, b = sorted((int(m.group(1)), int(m.group(2))))
        if b - a <= 30:
            for y in range(a, b + 1):
                add(y, m.span())
            out.is_range = True
    for m in _LIST.finditer(text):
        if free(*m.span()):
            for y in re.findall(_YEAR, m.group(0)):
                add(int(y), m.span())
    for m in _BAD.finditer(text):
        if free(*m.span()):
            out.unreadable.append(m.group(0))
            out.spans.append(m.span())
    for m in _ONE.finditer(text):
        if free(*m.span()) and not _CARRIED_INTO_YEAR.search(text[:m.start()]):  # (结转到2025年的: no year asked)
            add(int(m.group(1)) if m.group(1) else cn_year(m.group(2)), m.span())
    for rx in (_TWO, _TWO_COMPARED):
        for m in rx.finditer(text):
            if free(*m.span()):
                add(two_digit(int(m.group(1)), reference_year), m.span())
    for _a, b in after or []:
        m = re.compile(r"\s*(\d{2})(?![\d.%万元件个条项次人名家起份])").match(text, b)
        if m and free(*m.span(1)):
            add(two_digit(int(m.group(1)), reference_year), m.span(1))
    low = text.lower()
    for word, offset in _ABSOLUTE:
        i = low.find(word)
        if i < 0 or not free(i, i + len(word)) or re.search(r"(?:from|over|since)\s+(?:the\s+)?$", low[:i]):
            continue
        if any(low.find(longer) <= i < low.find(longer) + len(longer) for longer, _ in _ABSOLUTE
               if len(longer) > len(word) and word in longer and longer in low):
            continue  # 前年 inside 大前年
        if offset > 0 and _CARRIED_INTO.search(low[:i]) or offset > 0 and low.startswith("继续", i + len(word)):
            continue  # 结转到明年, 明年继续办理: where requests are carried, not a year asked
        year = reference_year + offset
        out.relative = word
        add(year, (i, i + len(word)))
        out.notes.append((f"“{word}”按{year}年理解（今天为{reference_year}年）",
                          f"“{word}” taken as {year} (the current year being {reference_year})"))
    m = _LAST_N.search(text)
    if m and free(*m.span()) and not out.years:
        n = _small(m.group(1) or m.group(2))
        if 1 <= n <= 30:
            last = reference_year - 1
            for y in range(last - n + 1, last + 1):
                add(y, m.span())
            out.is_range = True
            out.relative = m.group(0)
            out.notes.append((f"“{m.group(0)}”按{last - n + 1}—{last}年理解",
                              f"“{m.group(0)}” taken as {last - n + 1}–{last}"))
    if not out.is_range:  # 去年…前年: the years in the order the question names them
        out.years.sort(key=lambda y: where[y])
    m = _STEP.search(text)
    if m and free(*m.span()) and len(out.years) == 1 and not out.is_range and m.start() > out.spans[0][0] and \
            _AGAINST.search(text[:m.start()]):
        step = next((off for k, off in _STEP_OFFSET if k in m.group(0).lower()), 0)
        if step:  # 去年…前一年, last year … the year before: the year named, then the one it steps to
            add(out.years[0] + step, m.span())
            return out
    if m and free(*m.span()) and not out.years:
        word = m.group(0).lower()
        out.step = next((off for k, off in _STEP_OFFSET if k in word), 0)
        out.relative = m.group(0)
        out.spans.append(m.span())
    return out


def apply_step(years: Years, conversation_year: int | None, reference_year: int) -> None:
    """Turn a step (上一年, 当年) into a year: from the conversation's year, else from the reference year."""
    if years.step is None or years.years:
        return
    base = conversation_year if conversation_year is not None else reference_year
    year = base + years.step
    years.years.append(year)
    if years.step:
        src = "上文" if conversation_year is not None else "今年"
        years.notes.append((f"“{years.relative}”按{year}年理解（{src}为{base}年）",
                            f"“{years.relative}” taken as {year} (from {base})"))
