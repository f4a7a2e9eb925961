"""A government's name followed by a department's (淮安市科技局): that place's department, never the government."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.understand.names import split_name, strip_gov, unit_stem

_ORGANISATION = re.compile(r"([\u4e00-\u9fff]{0,8}?(?:海关|医院|科技馆|博物馆|图书馆|纪念馆|公司|大学|学院|学校|银行|"
                           r"分局|支队|大队|委员会|管理处|研究院|研究所|集团))(?=[^\u4e00-\u9fff]|$|[年的在收新有共])")


@lru_cache(maxsize=1)
def department_names() -> list[str]:
    """Department names people write after a place (departments.txt), longest first."""
    text = Path(__file__).with_name("departments.txt").read_text(encoding="utf-8")
    words = {w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")}
    return sorted(words, key=len, reverse=True)


def department_after(m: Any, text: str, out: Any, aliases: dict[str, list]) -> None:
    """Rewrite a government's mention followed by a department's name (淮安市科技局, 洪泽区 财政局): the indexed
    department of the same place if there is one (平潭县地税局 -> 平潭综合实验区地方税务局, said), else a body not
    indexed (moved to out.unknown) — never the government itself. m: a Mention, out: the BodyFind."""
    rest = text[m.span[1]:].lstrip()
    org = _ORGANISATION.match(rest)
    if org and not (org.group(1).startswith("办") and m.written.endswith("政府")):
        end = len(text) - len(rest) + org.end(1)  # 平潭海关, 沭阳县人民医院, 审计局湄洲湾分局: another body
        out.mentions[:] = [x for x in out.mentions if not (m.span[0] <= x.span[0] < end)]
        out.unknown.append(text[m.span[0]:end].replace(" ", ""))
        return
    if any(e.kind == "部门" for e in m.entities):
        return
    dept = next((d for d in department_names() if rest.startswith(d)), None)
    if dept is None or (dept.startswith("办") and m.written.endswith("政府")):
        return
    end = len(text) - len(rest) + len(dept)
    stems = {unit_stem(u) for e in m.entities for n in e.names for u in split_name(n).units}
    stems |= {unit_stem(m.written), strip_gov(m.written)}
    own = [e for e, _ in aliases.get(dept, []) if e.kind == "部门" and stems & {
        unit_stem(u) for n in e.names for u in split_name(n).units}]
    if own:
        m.entities, m.span, m.written, m.variant, m.exact = own, (m.span[0], end), text[m.span[0]:end], True, None
        return
    out.mentions.remove(m)
    out.unknown.append(text[m.span[0]:end].replace(" ", ""))
