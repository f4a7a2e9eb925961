"""A report -> its passages: prose chunks with part and line range, plus generated sentences of its key figures.

The prose of each part is cleaned (lines wrapped mid-sentence are joined) and split with langchain's
RecursiveCharacterTextSplitter on Chinese separators. The tables of parts 2-4 are never chunked: each table
becomes one 'figures' passage of generated Chinese sentences stating its figures, spanning the table's lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from indexer.model import Fact, Report
from indexer.parse.sections import part_ranges, virtual_lines
from indexer.parse.tokens import PAGE_NUMBER
from indexer.schema import PART_NAMES, TABLES, Row
from indexer.text import CJK

CHUNK_SIZE = 300  # characters
CHUNK_OVERLAP = 50
SEPARATORS = ["\n\n", "\n", "。", "！", "？", "；", "，", ""]
CHUNKER_VERSION = 3  # bump when passage texts change for the same report (3: wrapped lines with figures kept)
TABLE_PARTS = {2: "active", 3: "requests", 4: "review"}

_ENUM = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．]|\d+[、.．）)]"
                   r"|第[一二三四五六七八九十\d]+[、，条章部])")
_SENTENCE_END = tuple("。！？；：!?;:")
_NUMERIC = re.compile(r"^[-+−]?[\d０-９][\d０-９,，.．%％]*(?:万元|元|件|个|项)?$")
_BOILERPLATE = ("勾稽关系",)
_LEAD_IN = ("如下：", "如下:", "如下。", "见下表。", "见下表：")
_TABLE_HEADS = {2: ("第二十条", "信息内容", "本年新制作", "本年制发", "规章"),
                3: ("勾稽关系", "申请人情况", "自然人", "本年新收"),
                4: ("行政复议", "行政诉讼", "结果维持", "尚未审结")}
_TABLE_WORDS = sorted({w for t in TABLES.values() for table in t.values() for row in table.rows
                       for w in (*row.keys, *(c.label for c in row.columns)) if len(w) >= 3}
                      | {w for heads in _TABLE_HEADS.values() for w in heads})
_COUNTED = re.compile(r"\d\s*[件条个篇份次项家人名期]\s*[，。；、]")  # `9 件，`: a count in a sentence
_PROSE_PUNCT = re.compile(r"[\u3400-\u9fff][，。；！？]")
_DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_PAGE_TAIL = re.compile(r"(?:第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|共\s*\d{1,3}\s*页)\s*$")
_MARKUP = re.compile(r"^(?:#{1,6}|[-*>•·])\s+|\*\*|__")
_SPLITTER = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, separators=SEPARATORS,
                                           keep_separator="end", add_start_index=True)


@dataclass(frozen=True)
class Passage:
    """One retrievable piece of a report: its part (None before part one), kind, 1-based line range and text."""

    part: int | None
    kind: str  # 'prose' or 'figures'
    first_line: int
    last_line: int
    text: str


def chunker_settings() -> dict:
    """The chunker's settings, for the index manifest."""
    return {"splitter": "langchain RecursiveCharacterTextSplitter", "chunk_size": CHUNK_SIZE,
            "chunk_overlap": CHUNK_OVERLAP, "separators": SEPARATORS, "keep_separator": "end",
            "table_parts": sorted(TABLE_PARTS), "figures": "generated sentences per table", "version": CHUNKER_VERSION}


def search_text(passage: Passage, body: str | None, year: int | None) -> str:
    """The text embedded and BM25-indexed: a short heading (body, year, part) then the passage."""
    head = "".join(x for x in (body or "", f"{year}年" if year else "") if x)
    part = PART_NAMES.get(passage.part or 0, "")
    prefix = " ".join(x for x in (head, part) if x)
    return f"{prefix}：{passage.text}" if prefix else passage.text


# ---- telling table lines from prose --------------------------------------------------------------------


def is_table_line(line: str) -> bool:
    """True for a line that is a table row or cell: several tab/pipe cells, or mostly figures."""
    s = line.strip().strip("\u3000")
    if not s:
        return False
    cells = [c.strip() for c in re.split(r"\t|\|", s) if c.strip()]
    if ("\t" in s or "|" in s) and (len(cells) >= 2 or not CJK.search(s)):
        return True
    if s.startswith("|") or set(s) <= set("-|: "):
        return True
    words = s.split()
    if len(s) <= 500 and (_COUNTED.search(s) or (_PROSE_PUNCT.search(s) and not any(w in s for w in _TABLE_WORDS))):
        return False  # a wrapped sentence that begins and ends with figures: `…信息 2428 条，公开…会议 7`
    numeric = sum(1 for w in words if _NUMERIC.match(w) or w in ("—", "-", "/", "无"))
    label = sum(len(w) for w in words if not _NUMERIC.match(w))
    if (numeric >= 2 and numeric * 2 >= len(words) and label <= 60 and "。" not in s) or (
            len(words) == 1 and _NUMERIC.match(s)):
        return True
    digits = sum(ch.isdigit() for ch in s)
    return not CJK.search(s) and digits * 2 >= len(s.replace(" ", ""))


def is_sentence(line: str) -> bool:
    """True for a prose line: not a table line, and reads as (part of) a sentence rather than a label."""
    s = line.strip().strip("\u3000")
    if not s or is_table_line(s) or any(b in s for b in _BOILERPLATE):
        return False
    return any(p in s for p in "。！？") or s.endswith(_SENTENCE_END) or (len(s) >= 30 and "，" in s)


def _table_start(items: list[tuple[int, str]], part: int, first_fact: int) -> int | None:
    """Index of the first line of a part's table: a table line or a header word, at the latest its first figure."""
    for i in range(1, len(items)):
        n, line = items[i]
        if n >= first_fact or is_table_line(line):
            return i
        if any(k in line for k in _TABLE_HEADS[part]) and not is_sentence(line):
            return i
    return None


def _table_span(items: list[tuple[int, str]], part: int, fact_lines: list[int]) -> tuple[int, int] | None:
    """(first, last) index into a table part's items of its table: from its header to its last figure,
    extended over the label and blank lines that follow it."""
    if not fact_lines or len(items) < 2:
        return None
    start = _table_start(items, part, min(fact_lines))
    if start is None:
        return None
    end = max((i for i, (n, _) in enumerate(items) if n <= max(fact_lines)), default=start)
    while end + 1 < len(items) and not is_sentence(items[end + 1][1]):
        end += 1
    return (start, max(start, end))


# ---- joining wrapped lines into paragraphs -----------------------------------------------------------


def _breaks(prev: str, nxt: str) -> bool:
    """True when a paragraph ends between two non-blank lines (else the line was wrapped mid-sentence)."""
    if prev.endswith(_SENTENCE_END) or _ENUM.match(nxt) or len(prev) <= 3:
        return True
    heading = bool(_ENUM.match(prev)) and len(prev) <= 40 and not prev.endswith(("、", "，", ","))
    return heading and not any(p in prev for p in "。！？；，,;")


def clean_lines(items: list[tuple[int, str]]) -> tuple[str, list[int]]:
    """Prose lines -> (text with wrapped lines joined and paragraphs on their own lines, line of each char)."""
    text: list[str] = []
    owner: list[int] = []
    prev = ""
    for n, raw in items:
        if PAGE_NUMBER.match(raw):
            continue
        s = _PAGE_TAIL.sub("", _MARKUP.sub("", raw.strip().strip("\u3000").strip()).strip()).strip()
        s = re.sub(r"[ \t\u3000]{2,}", " ", s)
        if not s:
            continue
        if prev:
            joint = "\n" if _breaks(prev, s) else (" " if prev[-1].isascii() and prev[-1].isalnum()
                                                   and s[0].isascii() and s[0].isalnum() else "")
            text.append(joint)
            owner.extend([n] * len(joint))
        text.append(s)
        owner.extend([n] * len(s))
        prev = s
    return "".join(text), owner


def _says_nothing(chunk: str, part: int | None) -> bool:
    """A title or heading standing alone, a heading over a bare '无', or a table part's heading with only its
    '…情况如下：' lead-in: such passages answer nothing and, being all heading, crowd out real ones."""
    if not chunk or ("\n" not in chunk and not any(p in chunk for p in "。！？；，：")):
        return True
    rest = [line for line in chunk.split("\n") if not (_ENUM.match(line) and not any(p in line for p in "。！？；，"))
            and not (part in TABLE_PARTS and line.rstrip().endswith(_LEAD_IN))]
    return len(re.sub(r"[\W_]", "", "".join(rest))) <= 2


def _chunks(items: list[tuple[int, str]], part: int | None) -> list[Passage]:
    """The prose items of one part, cleaned and split into passages with their line ranges."""
    text, owner = clean_lines(items)
    if not text.strip():
        return []
    out = []
    for doc in _SPLITTER.create_documents([text]):
        start = max(0, int(doc.metadata.get("start_index", 0)))
        chunk = doc.page_content.strip()
        if _says_nothing(chunk, part):
            continue
        end = min(len(owner) - 1, start + len(doc.page_content) - 1)
        out.append(Passage(part, "prose", owner[min(start, len(owner) - 1)], owner[end], chunk))
    return out


# ---- the report's passages ---------------------------------------------------------------------------


def _signature_start(vlines: list[tuple[int, str]], body: str | None) -> int:
    """Index where the signature block at the end begins (the signing body and date), to leave it out."""
    end = len(vlines)
    while end > 0:
        s = re.sub(r"\s", "", vlines[end - 1][1])
        signer = len(s) <= 30 and not any(p in s for p in "。，；：！？") and (
            (body and body in s) or re.search(r"(人民政府|办事处|局|委员会|办公室|政府)$", s))
        if s and not (signer or _DATE_LINE.match(s) or PAGE_NUMBER.match(s)):
            break
        end -= 1
    return end


def split_report(report: Report) -> list[Passage]:
    """Every passage of a report: prose chunks of each part in order, then one figures passage per table."""
    vlines = virtual_lines(report.lines)
    spans = part_ranges(vlines)
    vlines = vlines[: _signature_start(vlines, report.body)]
    part_of: list[int | None] = [None] * len(vlines)
    for part, (a, b) in spans.items():
        for i in range(a, min(b + 1, len(vlines))):
            part_of[i] = part
    facts_by_part: dict[int, list[int]] = {}
    for f in report.facts:
        part = next((p for p, t in TABLE_PARTS.items() if t == f.table), None)
        if part is not None:
            facts_by_part.setdefault(part, []).append(f.line)
    groups: list[tuple[int | None, list[tuple[int, str]]]] = []
    for i, item in enumerate(vlines):
        if not groups or groups[-1][0] != part_of[i]:
            groups.append((part_of[i], []))
        groups[-1][1].append(item)
    prose: list[Passage] = []
    table_lines: dict[int, tuple[int, int]] = {}
    for part, items in groups:
        span = _table_span(items, part, facts_by_part.get(part, [])) if part in TABLE_PARTS else None
        if span:
            table_lines[part] = (items[span[0]][0], items[span[1]][0])
            kept = items[: span[0]] + items[span[1] + 1:]
        elif part in TABLE_PARTS:  # a table whose figures were not read: its labels are no prose either
            kept = [it for it in items if not is_table_line(it[1])
                    and (is_sentence(it[1]) or not any(k in it[1] for k in _TABLE_WORDS))]
        else:
            kept = [it for it in items if not is_table_line(it[1])]
        prose += _chunks(kept, part)
    return prose + figures_passages(report, table_lines)


def figures_passages(report: Report, table_lines: dict[int, tuple[int, int]] | None = None) -> list[Passage]:
    """One passage per table with figures (two for a long requests table): generated sentences stating them,
    spanning the table's lines."""
    if report.template not in TABLES:
        return []
    who = (report.body or "") + (f"{report.year}年" if report.year else "")
    out = []
    for part, table in TABLE_PARTS.items():
        facts = [f for f in report.facts if f.table == table]
        if not facts:
            continue
        sentences = {"active": _active, "requests": _requests, "review": _review}[table](facts, report.template)
        lines = (table_lines or {}).get(part) or (min(f.line for f in facts), max(f.line for f in facts))
        out += [Passage(part, "figures", lines[0], lines[1], f"{who}{s}") for s in sentences]
    return out


def _num(v: int | float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}" if abs(v) < 1e15 else str(v)


def _cells(facts: list[Fact]) -> dict[tuple[str, str], Fact]:
    return {(f.row, f.column): f for f in facts}


def _short(label: str) -> str:
    """A column label without its parenthesis and trailing 数量/件数: 本年新制作数量 -> 本年新制作."""
    label = re.sub(r"[（(].*?[）)]", "", label)
    return re.sub(r"(件数|数量)$", "", re.sub(r"(总|项目)数量$", r"\1数", label))


def _measure(column: str, fact: Fact) -> str:
    if fact.unit:
        return fact.unit
    return {"prev_count": "项", "change": "项", "projects": "个"}.get(column, "件")


def _active(facts: list[Fact], template: str) -> list[str]:
    """主动公开 figures: each row's columns, in printed order."""
    cells = _cells(facts)
    parts = []
    for row in TABLES[template]["active"].rows:
        said = [f"{_short(c.label)}{_num(cells[row.id, c.id].value)}{_measure(c.id, cells[row.id, c.id])}"
                for c in row.columns if (row.id, c.id) in cells]
        if said:
            parts.append(f"{row.label}{'、'.join(said)}")
    return ["主动公开政府信息情况：" + "；".join(parts) + "。"] if parts else []


def _total(cells: dict[tuple[str, str], Fact], row: str) -> str | None:
    f = cells.get((row, "total"))
    return f"{_num(f.value)}件" if f else None


def _group(cells: dict[tuple[str, str], Fact], rows: list[Row], name: str) -> str | None:
    """（三）不予公开 and the like: '不予公开0件' when every printed sub-row is zero, else the non-zero ones."""
    printed = [(r, cells[r.id, "total"]) for r in rows if (r.id, "total") in cells]
    if not printed:
        return None
    nonzero = [f"{re.sub(r'^[0-9.．、]+', '', r.label)}{_num(f.value)}件" for r, f in printed if f.value]
    return f"{name}：" + "、".join(nonzero) if nonzero else f"{name}0件"


def _requests(facts: list[Fact], template: str) -> list[str]:
    """依申请公开 figures: received (by applicant), carried over, each outcome, total handled, carried forward;
    the reasons for not granting in a second passage when one would run past the chunk size."""
    cells = _cells(facts)
    table = TABLES[template]["requests"]
    rows = list(table.rows) + [r for r in TABLES["2019"]["requests"].rows if r.id == "other"]
    head, reasons, tail = [], [], []
    new = _total(cells, "new_received")
    if new:
        who = [f"{c.label}{_num(cells['new_received', c.id].value)}件" for c in table.rows[0].columns
               if c.id != "total" and ("new_received", c.id) in cells and cells["new_received", c.id].value]
        head.append(f"本年新收政府信息公开申请{new}" + (f"（{'、'.join(who)}）" if who else ""))
    for row_id, words in (("carried_over", "上年结转"), ("granted", "予以公开"), ("partially_granted", "部分公开")):
        if _total(cells, row_id):
            head.append(f"{words}{_total(cells, row_id)}")
    for prefix, name in (("denied.", "不予公开"), ("unable.", "无法提供"), ("not_processed.", "不予处理"),
                         ("other.", "其他处理")):
        g = _group(cells, [r for r in rows if r.id.startswith(prefix)], name)
        if g:
            reasons.append(g)
    if _total(cells, "other"):
        reasons.append(f"其他处理{_total(cells, 'other')}")
    for row_id, words in (("handled_total", "办理结果总计"), ("carried_forward", "结转下年度继续办理")):
        if _total(cells, row_id):
            tail.append(f"{words}{_total(cells, row_id)}")
    title = "收到和处理政府信息公开申请情况："
    whole = "，".join(head + reasons + tail)
    if len(whole) + len(title) <= CHUNK_SIZE - 30 or not reasons or not head + tail:
        return [f"{title}{whole}。"] if whole else []
    return [f"{title}{'，'.join(head + tail)}。", f"{title}办理结果中，{'，'.join(reasons)}。"]


def _review(facts: list[Fact], template: str) -> list[str]:
    """行政复议、行政诉讼 figures: each row's total with its non-zero results."""
    cells = _cells(facts)
    names = {"reconsideration": "行政复议", "litigation_direct": "行政诉讼（未经复议直接起诉）",
             "litigation_after_reconsideration": "行政诉讼（复议后起诉）"}
    said = []
    for row in TABLES[template]["review"].rows:
        total = cells.get((row.id, "total"))
        detail = [f"{c.label}{_num(cells[row.id, c.id].value)}件" for c in row.columns
                  if c.id != "total" and (row.id, c.id) in cells and cells[row.id, c.id].value]
        if total is None and not detail:
            continue
        head = f"{names[row.id]}{_num(total.value)}件" if total else names[row.id]
        said.append(head + (f"（{'、'.join(detail)}）" if detail else ""))
    return ["政府信息公开行政复议、行政诉讼情况：" + "；".join(said) + "。"] if said else []
