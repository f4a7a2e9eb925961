"""The field lexicon: schema labels and keys (from indexer.schema) plus synonyms, Chinese and English."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from indexer import schema
from indexer.schema import APPLICANT_COLUMNS, REVIEW_COLUMNS, TABLES

# A target: ("row", table, row id) | ("group", table, group id) | ("col", "", column id)
# | ("colgroup", "requests", "organisations") | ("choice", table, "row_a|row_b")
Target = tuple[str, str, str]

GROUPS: dict[tuple[str, str], tuple[str, str]] = {  # (table, group) -> (zh label, en label)
    ("requests", "denied"): ("（三）不予公开", "denied (all reasons)"),
    ("requests", "unable"): ("（四）无法提供", "unable to provide (all reasons)"),
    ("requests", "not_processed"): ("（五）不予处理", "not processed (all reasons)"),
    ("requests", "other"): ("（六）其他处理", "other handling"),
    ("review", "litigation"): ("行政诉讼（未经复议直接起诉＋复议后起诉）",
                               "administrative lawsuits (filed directly + after reconsideration)"),
}
ORG_COLUMNS = tuple(c.id for c in APPLICANT_COLUMNS[1:6])
COLGROUPS = {"organisations": ("法人或其他组织", "legal persons and other organisations")}


@dataclass(frozen=True)
class Cue:
    """A word or phrase and the targets it points at; only the highest tier present counts."""

    text: str
    targets: tuple[Target, ...]
    tier: int = 2  # 2 specific, 1 a generic verb (收到, handled), 0 a generic noun (申请, requests)


def clean_label(label: str) -> str:
    """A printed label without numbering and parenthetical notes: （二）部分公开（区分处理的…） -> 部分公开."""
    label = re.sub(r"[（(][^）)]*[）)]$", "", label)
    label = re.sub(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十][）)]|\d+[.、．])", "", label.strip())
    return label.split("·")[-1].strip()


def _row(table: str, row: str) -> Target:
    return ("row", table, row)


def _group(table: str, group: str) -> Target:
    return ("group", table, group)


def _col(col: str) -> Target:
    return ("col", "", col)


SYNONYMS_FILE = Path(schema.__file__).with_name("synonyms.json")


def _targets(means: list[str]) -> tuple[Target, ...]:
    out = []
    for m in means:
        kind, table, ident = m.split(" ")
        out.append((kind, table, ident))
    return tuple(out)


def load_synonyms(path: Path = SYNONYMS_FILE) -> dict:
    """The synonym bank (indexer/synonyms.json): everyday words -> cells, one reviewable data file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for lang in ("zh", "en"):
        data[lang] = [(e["words"], _targets(e["means"])) for e in data[lang]]
    return data


_BANK = load_synonyms()
ZH_SYNONYMS: list[tuple[str, tuple[Target, ...]]] = _BANK["zh"]
EN_SYNONYMS: list[tuple[str, tuple[Target, ...]]] = _BANK["en"]
ZH_MEDIUM: dict[str, str] = _BANK["zh_medium"]
EN_MEDIUM: dict[str, str] = _BANK["en_medium"]
ZH_WEAK: set[str] = set(_BANK["zh_weak"])
EN_WEAK: set[str] = set(_BANK["en_weak"])
VARIANTS: dict[str, str] = _BANK["variants"]
TOTAL_WORDS: str = _BANK["total_words"]  # words that confirm a total is meant (各种理由)
PATTERNS: list[tuple[re.Pattern, tuple[Target, ...]]] = [(re.compile(e["regex"]), _targets(e["means"]))
                                                         for e in _BANK["patterns"]]
_BAD_KEYS = {"本机关不", "止公开", "行政法规禁", "其他法律", "行政执法"}  # parse-only keys, too loose for questions
FUZZY_TWO = {"复议", "诉讼", "采购", "许可", "收费", "规章", "投诉", "举报", "起诉"}


def _schema_cues() -> list[Cue]:
    """Cues read from the schema itself: every row label and key, every column label."""
    out: list[Cue] = []
    for template in TABLES.values():
        for table in template.values():
            for row in table.rows:
                words = {clean_label(row.label)} | {clean_label(k) for k in row.keys} - _BAD_KEYS
                for w in words:
                    if len(w) >= 3 and not re.search(r"[（()）\d]", w) and w not in ("其他", "总计"):
                        out.append(Cue(w, (_row(table.id, row.id),)))
                for col in row.columns:
                    label = clean_label(col.label)
                    out.append(Cue(label, (_col(col.id),)))
    owners: dict[str, set[str]] = {}
    for template in TABLES.values():
        for row in template["active"].rows:
            for col in row.columns:
                owners.setdefault(clean_label(col.label), set()).add(row.id)
    for label, rows in owners.items():  # a column label only one row has names that row too (采购总金额)
        if len(rows) == 1:
            out.append(Cue(label, (_row("active", next(iter(rows))),)))
    for col in (*APPLICANT_COLUMNS, *REVIEW_COLUMNS):
        if col.label != "其他":
            out.append(Cue(col.label, (_col(col.id),)))
    return out


def zh_cues() -> list[Cue]:
    """Every Chinese cue: schema labels and keys, synonyms, weak generic words."""
    out = _schema_cues()
    for words, targets in ZH_SYNONYMS:
        out += [Cue(w, targets) for w in words.split("|")]
    out += [Cue(w, (_row("requests", row),), tier=1) for w, row in ZH_MEDIUM.items()]
    out += [Cue(w, (_row("requests", "new_received"),), tier=0) for w in ZH_WEAK]
    return out


def en_cues() -> list[Cue]:
    """Every English cue (phrases, lower case): schema English names, synonyms, weak generic words."""
    out: list[Cue] = []
    for template in TABLES.values():
        for table in template.values():
            for row in table.rows:
                if ":" not in row.en:
                    out.append(Cue(row.en.lower(), (_row(table.id, row.id),)))
    for words, targets in EN_SYNONYMS:
        out += [Cue(w, targets) for w in words.split("|")]
    out += [Cue(w, (_row("requests", row),), tier=1) for w, row in EN_MEDIUM.items()]
    out += [Cue(w, (_row("requests", "new_received"),), tier=0) for w in EN_WEAK]
    return out


def in_group(row: str, target: Target) -> bool:
    """Whether a row belongs to a group or choice target."""
    kind, _table, gid = target
    if kind == "choice":
        return row in gid.split("|")
    if kind != "group":
        return False
    if gid == "litigation":
        return row.startswith("litigation_")
    return row == gid or row.startswith(gid + ".")
