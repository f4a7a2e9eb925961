"""Word automatic numbering: the label (一、 （二） 1.) Word prints before a numbered paragraph."""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

_VAL = qn("w:val")
_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CYCLES = {
    "ideographTraditional": "甲乙丙丁戊己庚辛壬癸",
    "ideographZodiac": "子丑寅卯辰巳午未申酉戌亥",
    "decimalEnclosedCircle": "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳",
    "decimalEnclosedCircleChinese": "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳",
}
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip


def _chinese(n: int, digits: str = _DIGITS, ten: str = "十") -> str:
    """1..99 in Chinese counting (一, 十一, 二十三); larger numbers in Arabic digits."""
    if n < 10:
        return digits[n]
    if n < 100:
        tens = "" if n < 20 and digits is _DIGITS else digits[n // 10]
        return tens + ten + (digits[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    """A positive number in upper-case Roman numerals."""
    out = ""
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out += letters * count
    return out


def _letters(n: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA (Word repeats the letter)."""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One level's counter in its Word number format."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return _chinese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _LEGAL, "拾")
    if fmt == "ideographDigital":
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt in _CYCLES:
        cycle = _CYCLES[fmt]
        return cycle[(n - 1) % len(cycle)]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(n) if fmt == "upperLetter" else _letters(n).lower()
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    return str(n)


def _val(el: etree._Element | None, path: str, default: str | None = None) -> str | None:
    """The w:val of the first element at path under el, or default."""
    found = el.find(path, _NS) if el is not None else None
    return found.get(_VAL, default) if found is not None else default


class Numbering:
    """Counts numbered paragraphs in document order and renders each one's label."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self._abstract = {a.get(qn("w:abstractNumId")): a for a in _findall(numbering, "w:abstractNum")}
        self._nums = {n.get(qn("w:numId")): n for n in _findall(numbering, "w:num")}
        self._styles = {s.get(qn("w:styleId")): s for s in _findall(styles, "w:style")}
        self._counters: dict[str, dict[int, int]] = {}
        self._seen: set[str] = set()

    def _num_pr(self, p: etree._Element) -> tuple[str | None, int]:
        """(numId, level) of a paragraph, from its own properties or its style's chain."""
        num_id, ilvl = _val(p, "w:pPr/w:numPr/w:numId"), _val(p, "w:pPr/w:numPr/w:ilvl")
        style, hops = self._styles.get(_val(p, "w:pPr/w:pStyle")), 0
        while num_id is None and style is not None and hops < 20:
            num_id = _val(style, "w:pPr/w:numPr/w:numId")
            ilvl = ilvl or _val(style, "w:pPr/w:numPr/w:ilvl")
            style, hops = self._styles.get(_val(style, "w:basedOn")), hops + 1
        try:
            return num_id, int(ilvl or 0)
        except ValueError:
            return num_id, 0

    def _level(self, abstract: etree._Element, ilvl: int) -> etree._Element | None:
        """The w:lvl definition of one level of an abstract numbering."""
        return next((lvl for lvl in _findall(abstract, "w:lvl") if lvl.get(qn("w:ilvl")) == str(ilvl)), None)

    def label(self, p: etree._Element) -> str:
        """The label Word shows before this paragraph ('' when it is not numbered); advances the count."""
        num_id, ilvl = self._num_pr(p)
        num = self._nums.get(num_id or "0")
        abstract_id = _val(num, "w:abstractNumId")
        abstract = self._abstract.get(abstract_id or "")
        if num_id is None or abstract_id is None or num is None or abstract is None:
            return ""
        counters = self._counters.setdefault(abstract_id, {})
        if num_id not in self._seen:  # a w:num that restarts its list (startOverride)
            self._seen.add(num_id)
            for override in _findall(num, "w:lvlOverride"):
                start = _val(override, "w:startOverride")
                if start is not None:
                    counters[int(override.get(qn("w:ilvl"), "0"))] = int(start) - 1
        level = self._level(abstract, ilvl)
        start = int(_val(level, "w:start", "1") or 1)
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt = _val(level, "w:numFmt", "decimal")
        if fmt in ("bullet", "none") or level is None:
            return ""
        text = _val(level, "w:lvlText", "") or ""
        for k in range(9):
            if f"%{k + 1}" in text:
                lvl_k = self._level(abstract, k)
                value = counters.get(k, int(_val(lvl_k, "w:start", "1") or 1))
                text = text.replace(f"%{k + 1}", format_number(value, _val(lvl_k, "w:numFmt", "decimal") or ""))
        return text + ("" if _val(level, "w:suff", "tab") == "nothing" else " ")


def _findall(el: etree._Element | None, tag: str) -> list[etree._Element]:
    """Children of el with a w: tag (none when el is missing)."""
    return [] if el is None else el.findall(qn(tag))
