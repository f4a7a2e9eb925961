"""Report metadata from its text: issuing body and year from the title, and the signing date."""

from __future__ import annotations

import re

from indexer.parse.values import norm

_TITLE_HINT = re.compile(r"(年度报告|年报|工作报告)")
_TITLE = re.compile(
    r"^(?P<pre>.*?)(?P<year>(?:19|20)\d{2}|[二〇○零一两三四五六七八九]{4})\s*年\s*度?\s*(?P<post>.*?)"
    r"(?:政府信息公开|政务公开|信息公开|政府信息)"
)
_PREFIX = re.compile(r"^(?:标题|题目|title)\s*[:：]\s*", re.IGNORECASE)
_MARKUP = re.compile(r"[#*>\s　]+")
_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2}|[二〇○零一]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*"
    r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(text: str) -> int | None:
    """An integer from ASCII digits, digit-by-digit Chinese (二〇二〇) or small numerals (十五)."""
    text = norm(text)
    if text.isdigit():
        return int(text)
    if all(c in _CN_DIGITS for c in text) and len(text) >= 3:
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(text) if len(text) == 1 else None


def _clean_title(line: str) -> str:
    return _MARKUP.sub("", _PREFIX.sub("", norm(line.strip())))


def title_lines(lines: list[str], limit: int = 80) -> list[tuple[int, str]]:
    """Candidate titles: (0-based line, text) of early lines naming an annual report, two lines joined."""
    out = []
    head = [_clean_title(x) for x in lines[:limit]]
    for i, text in enumerate(head):
        if not text or len(text) > 80:
            continue
        if _TITLE_HINT.search(text) and re.search(r"(?:19|20)\d{2}|[〇○]", text):
            m = _TITLE.match(text)
            above = [j for j in range(max(0, i - 3), i) if head[j]]
            prev = head[above[-1]] if above else ""
            if m and not (m["pre"] or m["post"]) and prev and len(prev) < 40 and not re.search("[。，；]", prev):
                out.append((above[-1], prev + text))  # the body on the line above the year
            out.append((i, text))
        elif i + 1 < len(head) and _TITLE_HINT.search(text + head[i + 1]) and _title_piece(text, 50) \
                and _title_piece(head[i + 1], 40):  # a title wrapped before or inside 年度报告 (`…工作年` / `度报告`)
            joined = text + head[i + 1]
            if _TITLE.match(joined) and not _TITLE.match(head[i + 1]):
                out.append((i, joined))
    return out


def _title_piece(text: str, longest: int) -> bool:
    """True for a line that may be one piece of a wrapped title: short, no sentence punctuation."""
    return 0 < len(text) < longest and not re.search("[。，；]", text)


def body_and_year(lines: list[str]) -> tuple[str | None, int | None, int | None]:
    """(body, year, 0-based title line) read from the title, or Nones where there is none."""
    for i, title in title_lines(lines):
        m = _TITLE.match(title)
        if not m:
            continue
        year = cn_number(m["year"])
        body = m["pre"] or m["post"]
        body = re.sub(r"^(?:关于)|(?:关于)$", "", body).strip("《》“”\"'")
        if year and 1990 <= year <= 2100:
            return (body or None), year, i
    return None, None, None


def signing_date(lines: list[str]) -> str | None:
    """The date the report was signed (YYYY-MM-DD), from a date line near its end."""
    tail = [norm(x).strip() for x in lines[-25:] if x.strip()]
    for text in reversed(tail):
        m = _DATE.search(text)
        if m and len(text) <= 30:
            y, mo, d = cn_number(m["y"]), cn_number(m["m"]), cn_number(m["d"])
            if y and mo and d and 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


_HEADER_KEYS = "标题|题目|发布时间|发布日期|成文日期|发布机构|发文机关|来源|文号|栏目|原始链接|索引号|正文"
_HEADER_KEY = re.compile(rf"^\s*({_HEADER_KEYS})\s*[:：]\s*(.*)$")
_ISO_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def header_block(lines: list[str], limit: int = 15) -> dict[str, str]:
    """The crawler's header block before a report (标题: … 发布时间: … 发布机构: … 正文:), key -> value as
    printed; empty when the text opens with no such block (at least two keys, within the first lines)."""
    found: dict[str, str] = {}
    for line in lines[:limit]:
        m = _HEADER_KEY.match(norm(line))
        if m:
            found.setdefault(m[1], m[2].strip())
            if m[1] == "正文":
                break
        elif line.strip() and found:
            break
    return found if len(found) >= 2 else {}


def header_date(value: str) -> str | None:
    """A header's date (2024-01-17 11:12, 2024年1月17日) as YYYY-MM-DD, or None."""
    m = _ISO_DATE.search(norm(value))
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


def _subsequence(short: str, long: str) -> bool:
    """True when every character of short appears in long, in order (莆田市科技局 in 莆田市科学技术局)."""
    it = iter(long)
    return all(c in it for c in short)


def canonical_body(printed: str | None, publisher: str | None) -> str | None:
    """One name for the body: the fuller of the title's name and the publisher's where one abbreviates the
    other (莆田市科技局 / 莆田市科学技术局, 市统计局 / 莆田市统计局); else the printed name."""
    if not printed:
        return publisher or None
    if not publisher or publisher == printed:
        return printed
    short, long = sorted((printed, publisher), key=len)
    if len(short) >= 3 and short[-1] == long[-1] and _subsequence(short, long):
        return long
    return printed
