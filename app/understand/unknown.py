"""Names in a question that look like a body but are not indexed (紫霞镇, Zixia Town, Fuzhou …)."""

from __future__ import annotations

import re

from app.understand.departments import department_names
from app.understand.names import KIND_EN, NOT_IN_PLACE
from app.understand.places import major_places

STOP = set("所有哪个这些各全本该我你贵每其他们多少几的了在是和与及年月日共比较对问请查询知道告诉帮看下那就去今前从")
GENERIC_NEXT = ("乡村", "市场", "市民", "区域", "县级", "市级", "区级", "镇级", "乡级", "市政", "区划", "乡镇", "县域",
                 "镇域", "乡级", "区县", "县区", "市县")
_EN_UNKNOWN = re.compile(r"\b([A-Z][a-z]+(?:[ '-][A-Z][a-z]+){0,2})\s+(Town|Township|County|District|City|"
                         r"Subdistrict|Street|Village)\b")
EN_NOT_NAME = {"Which", "What", "The", "All", "Each", "Every", "This", "That", "These", "Whose", "Any", "How", "In",
                "Of", "For", "Did", "Does", "Do", "A", "An", "Per"}

FILLER_EN = {"people", "peoples", "people's", "government", "govt", "bureau", "commission", "committee", "office",
             "of", "the", "municipal", "ju", "comprehensive", "experimental", "pilot", "zone", "area"}


def unknown_names(text: str, known: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Stretches that look like a body name (紫霞镇, Zixia Town) in a question naming no indexed body."""
    out = []
    for m in re.finditer(r"([\u4e00-\u9fff]{2,6}?)(街道|镇|乡|县|区|市|省)(人民政府|政府)?", text):
        stem = m.group(1)
        while stem and stem[0] in STOP:
            stem = stem[1:]
        after = text[m.end(2) - len(m.group(2)):m.end(2) + 1]
        if len(stem) < 2 or any(after.startswith(g) for g in GENERIC_NEXT) or set(stem) & NOT_IN_PLACE:
            continue
        dept = next((d for d in department_names() if text.startswith(d, m.end())), "")
        out.append(stem + m.group(2) + ("" if m.group(3) else dept))  # 莆田市教育局: the department, not the city
    for m in _EN_UNKNOWN.finditer(text):
        if m.group(1).split()[0] not in EN_NOT_NAME:
            out.append(m.group(0))
    if not out:  # a bare place name (北京呢？, 江苏): a real province, city or county none of the bodies is in
        major = major_places()
        for m in re.finditer(r"[\u4e00-\u9fff]{2,4}", text):
            word = m.group(0)
            hit = next((word[i:i + n] for n in (4, 3, 2) for i in range(len(word) - n + 1)
                        if word[i:i + n] in major and (i == 0 or word[i - 1] in STOP)), None)
            if hit and hit not in known and major[hit] not in known:
                out.append(major[hit])
    return out


def unknown_place_word(word: str) -> bool:
    """A capitalised word that may name a place (Fuzhou) rather than be an English function word."""
    low = word.lower()
    return word[:1].isupper() and word not in EN_NOT_NAME and low not in FILLER_EN and low not in KIND_EN
