"""Which figure a question asks for: wording -> (table, row, column), Chinese and English, typo-tolerant."""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass

from app.understand.cells import ZH_FILLER, leftover, parts_of, rank_parts
from app.understand.exclusion import (
    EXCLUDED_AFTER,
    EXCLUDED_BEFORE,
    LEAVES_OUT,
    LISTED,
    WITHOUT_BEFORE,
    excluded_before,
    negated,
)
from app.understand.lexicon import (
    COLGROUPS,
    FUZZY_TWO,
    GROUPS,
    ORG_COLUMNS,
    PATTERNS,
    Cue,
    Target,
    en_cues,
    in_group,
    zh_cues,
)
from app.understand.text import CJK, MASK, mask, overlaps, pinyin
from app.understand.wording import special_words, sub_other
from indexer.schema import APPLICANT_COLUMNS, REVIEW_COLUMNS, TABLES

_EN_WORD = re.compile(r"[a-z]+(?:['-][a-z]+)*")
_EN_KEEP = {"which", "there", "their", "where", "about", "would", "could", "should", "these", "those", "years",
            "township", "county", "district", "people", "government", "during", "between", "compare", "compared",
            "highest", "lowest", "largest", "smallest", "fewest", "trend", "change", "changed", "receive"}


@dataclass(frozen=True)
class Field:
    """A figure of the schema: a row (or a group of rows) and a column (None: the row's usual column)."""

    table: str
    row: str  # a row id, or a group id of GROUPS (a sum of rows)
    column: str | None = None  # a column id, a COLGROUPS id (a sum of columns), or None

    def to_dict(self) -> dict:
        return {"table": self.table, "row": self.row, "column": self.column}

    @staticmethod
    def from_dict(d: dict) -> Field:
        return Field(d["table"], d["row"], d.get("column"))

    @property
    def is_group(self) -> bool:
        return (self.table, self.row) in GROUPS


@dataclass
class FieldFind:
    """What the question says about the figure: the field, or the closest choices, and where it said it."""

    field: Field | None = None
    choices: list[Field] = dataclasses.field(default_factory=list)
    rows: list[Target] = dataclasses.field(default_factory=list)
    row_tiers: list[float] = dataclasses.field(default_factory=list)  # how specific the word naming each row is
    columns: list[str] = dataclasses.field(default_factory=list)
    spans: list[tuple[int, int]] = dataclasses.field(default_factory=list)
    typos: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (as written, as understood)
    unexplained: str = ""  # content words no cue explains, when they stopped a total being answered
    excluded: list[Target] = dataclasses.field(default_factory=list)  # 除了自然人以外: cells the question leaves out
    where: dict[Target, int] = dataclasses.field(default_factory=dict)  # where each row or column is first named


def lemma(word: str) -> str:
    """Crude English singular: requests -> request, penalties -> penalty, businesses -> business."""
    word = word.removesuffix("'s")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def row_columns(table: str, row: str) -> set[str]:
    """Column ids (and column groups) a row or group has in any template."""
    if table == "requests":
        return {c.id for c in APPLICANT_COLUMNS} | set(COLGROUPS)
    if table == "review":
        return {c.id for c in REVIEW_COLUMNS}
    out: set[str] = set()
    for tpl in TABLES.values():
        rows = {r.id: r for r in tpl["active"].rows}
        if row in rows:
            out |= set(rows[row].column_ids)
    return out


def resolve(rows: list[tuple[Target, float]], cols: list[Target]) -> tuple[Field | None, list[Field]]:
    """The field the cues name, or (None, the closest choices) when they conflict.

    Tiers: 2 a specific word, 1.5 a specific word misspelt, 1 a generic verb, 0 a generic noun. The specific
    words count when there are any; a row named beside its group (不掌握 beside 无法提供) wins over the group.
    """
    top = max((tier for _, tier in rows), default=0)
    floor = 1.5 if top >= 1.5 else top
    use = list(dict.fromkeys(t for t, tier in rows if tier >= floor))
    named = {t[2] for t in use if t[0] == "row"}
    use = [t for t in use if t[0] == "row" or not any(in_group(r, t) for r in named)]
    use = [t for t in use if not (t[0] == "row" and any(r.startswith(t[2] + ".") for r in named))]
    reasons = {r for r in named if "." in r}  # a reason names its outcome: 'turned down as repeated' is not processed
    if reasons:
        use = [t for t in use if not (t[0] == "group" and t[1] == "requests" and not any(in_group(r, t)
                                                                                        for r in reasons))]
    handled = ("row", "requests", "handled_total")  # 办理结果中予以公开的: one of the outcomes, not their total
    if handled in use and any(t[1] == "requests" and t[2].split(".")[0] in OUTCOMES for t in use):
        use = [t for t in use if t != handled]
    pending = ("row", "requests", "carried_forward")
    if pending in use and any(t[1] == "review" for t in use):  # a lawsuit 'still pending' has not been decided
        use = [t for t in use if t != pending]
        cols = [*cols, ("col", "", "pending")]
    if len(use) > 1 and top >= 2:
        exact = [t for t in use if any(tier >= 2 for tt, tier in rows if tt == t)]
        use = exact or use
    if len(use) > 1 and cols:  # 行政许可一共办理了多少件决定: the row that has the column named
        fits = [t for t in use if t[0] != "choice" and any(
            c[2] != "total" and c[2] in row_columns(t[1], t[2].split("|")[0]) for c in cols)]
        use = fits if fits and len({t[1] for t in fits}) == 1 else use
    if not use:
        return None, []
    if len(use) > 1:
        return None, [Field(t[1], t[2].split("|")[0]) for t in use][:3]
    kind, table, row = use[0]
    if kind == "choice":
        return None, [Field(table, r) for r in row.split("|")]
    valid = row_columns(table, row)
    named_cols = list(dict.fromkeys(c[2] for c in cols if c[2] in valid))
    if len(named_cols) > 1 and "total" in named_cols:
        named_cols.remove("total")
    if "organisations" in named_cols and any(c in ORG_COLUMNS for c in named_cols):
        named_cols.remove("organisations")
    if len(named_cols) > 1:
        return None, [Field(table, row, c) for c in named_cols][:3]
    foreign = [c[2] for c in cols if c[2] not in valid and c[2] not in ("total", "change", "decisions")]
    if not named_cols and foreign:  # 行政许可本年废止件数: a column this row has in no template; said, no figure
        return Field(table, row, foreign[0]), []
    return Field(table, row, named_cols[0] if named_cols else None), []


class FieldMatcher:
    """The lexicon compiled for fast matching: exact, homophone (pinyin) and one-character typos."""

    def __init__(self) -> None:
        self.zh: dict[str, tuple[tuple[Target, ...], int]] = _merge(zh_cues())
        self.en: dict[tuple[str, ...], tuple[tuple[Target, ...], int]] = {
            tuple(lemma(w) for w in _EN_WORD.findall(k)): v for k, v in _merge(en_cues()).items()}
        self.en_vocab = sorted({w for k in self.en for w in k if len(w) >= 4})
        self.max_zh = max(len(k) for k in self.zh)
        self.max_en = max(len(k) for k in self.en)
        self.part_words: dict[str, list[str]] = defaultdict(list)  # row id -> its Chinese words (for ranking)
        for cue, (targets, _tier) in self.zh.items():
            for t in targets:
                if t[0] == "row":
                    self.part_words[t[2]].append(cue)
        self.by_pinyin: dict[tuple[int, str], str] = {}
        self.wild: dict[str, str] = {}
        for cue, (_t, tier) in self.zh.items():
            if tier < 2 or not all(CJK.match(c) for c in cue) or re.search(r"多少|了|几|个", cue):
                continue
            if len(cue) >= 3 or cue in FUZZY_TWO:
                self.by_pinyin.setdefault((len(cue), "".join(pinyin(c) + "|" for c in cue)), cue)
            # (a 4-character word one character off is another word: 过期 / 过程)
            for i in range(len(cue) if len(cue) >= 5 else 0):
                self.wild.setdefault(cue[:i] + "?" + cue[i + 1:], cue)
                if len(cue) >= 5 and 0 < i < len(cue) - 1:
                    self.wild.setdefault(cue[:i] + cue[i + 1:], cue)

    def find(self, text: str) -> FieldFind:
        """The field named in text (normalised, body names and years masked)."""
        hits = self._pattern_hits(text) + self._zh_hits(text) + self._en_hits(text)
        hits.sort(key=lambda h: (h[1] - h[0]), reverse=True)
        out = FieldFind()
        chosen: list[tuple[int, int, tuple[Target, ...], int]] = []
        for a, b, targets, tier, typo in hits:
            if overlaps((a, b), [(c[0], c[1]) for c in chosen]):
                continue
            chosen.append((a, b, targets, tier))
            if typo:
                out.typos.append((text[a:b], typo))
        chosen.sort()
        chosen = sub_other(text, chosen)
        rows: list[tuple[Target, int]] = []
        cols: list[Target] = []
        previous_end, previous_out = -1, False
        typos = {(x[0], x[1]) for x in hits if x[4]}
        for k, (a, b, targets, tier) in enumerate(chosen):
            typo = (a, b) in typos
            out.spans.append((a, b))
            if negated(text, a) or WITHOUT_BEFORE.search(text[:a]):
                continue  # （不是企业、科研…）explains a word; 没经过复议 is what did not happen: said, left out
            listed = previous_out and LISTED.fullmatch(text[previous_end:a]) is not None  # 除A和B外
            later_out = any(EXCLUDED_AFTER.match(text, c[1]) and LISTED.fullmatch(text[b:c[0]])
                            for c in chosen[k + 1:k + 3])  # A和B以外
            previous_end, previous_out = b, False
            if EXCLUDED_AFTER.match(text, b) or excluded_before(text, a) or listed or later_out or \
                    (typo and EXCLUDED_BEFORE.search(text[:a + 1])):  # (a typo window may start inside 不算)
                out.excluded += list(targets)  # 自然人以外 / 除了自然人 / 不是维持: what the figure leaves out
                previous_out = True
                continue
            for t in targets:
                out.where.setdefault(t, a)
                if t[0] == "col" or t[0] == "colgroup":
                    cols.append(t)
                else:
                    rows.append((t, tier))
        rows, cols = special_words(text, rows, cols, out)
        out.rows = [t for t, _ in rows]
        out.row_tiers = [tier for _, tier in rows]
        out.columns = [c[2] for c in cols]
        out.field, out.choices = resolve(rows, cols)
        if not out.field and len(out.choices) == 2 and "申请" not in text and \
                {c.table for c in out.choices} == {"active", "requests"} and \
                any(c.row == "handled_total" for c in out.choices):  # 行政许可处理了多少件: the row, not the requests
            out.field, out.choices = next(c for c in out.choices if c.table == "active"), []
        if out.field and max(t for _, t in rows) < 1.5 and unexplained(mask(text, out.spans)) and not cols and \
                not _COMPARING.search(text):  # (a column named, or 比2021年多几件: a figure, not a text question)
            out.field, out.choices = None, []  # only generic words and more unexplained: a question for the text
        elif out.field and out.field.column in (None, "total") and parts_of(out.field.table, out.field.row):
            left = leftover(mask(text, out.spans))
            if len(left) >= 2:  # a qualifier no word explains: the total is not the answer; offer the closest parts
                ranked = [Field(out.field.table, p) for score, p in rank_parts(out.field.table, out.field.row, left,
                                                                                self.part_words) if score > 0][:3]
                out.choices = ranked + [out.field] if ranked else []  # none fits: a question for the text
                out.unexplained = left
                out.field = None
        return out

    def _pattern_hits(self, text: str) -> list[tuple[int, int, tuple[Target, ...], int, str]]:
        """Cells named by a composition of words (复议完了又去法院起诉 -> lawsuits after reconsideration)."""
        return [(m.start(), m.end(), targets, 2, "") for rx, targets in PATTERNS for m in rx.finditer(text)]

    def _zh_hits(self, text: str) -> list[tuple[int, int, tuple[Target, ...], bool, str]]:
        """Exact matches of Chinese cues, then typo matches in what they leave uncovered."""
        hits = []
        for i in range(len(text)):
            for n in range(min(self.max_zh, len(text) - i), 1, -1):
                got = self.zh.get(text[i:i + n])
                if got:
                    hits.append((i, i + n, got[0], got[1], ""))
        covered = [(h[0], h[1]) for h in hits]
        syll = [pinyin(c) + "|" if CJK.match(c) else c for c in text]
        for i in range(len(text)):
            for n in range(2, min(12, len(text) - i) + 1):
                window = text[i:i + n]
                if MASK in window or not CJK.match(window[0]) or _NOT_TYPO.search(window) or \
                        any(i < b and a < i + n and not (i <= a and b <= i + n) for a, b in covered) or \
                        sum(1 for a, b in covered if i <= a and b <= i + n) >= 2:
                    continue  # a typo window may hold a whole exact word, never cut one nor join two (复议和诉讼)
                cue = self.by_pinyin.get((n, "".join(syll[i:i + n])))
                if not cue and n >= 4:
                    cue = self.wild.get(window) or next(
                        (self.wild[k] for k in (window[:j] + "?" + window[j + 1:] for j in range(n))
                         if k in self.wild and len(self.wild[k]) == n), None)
                if cue and cue != window and (len(cue) != n or not any(
                        window[j] != cue[j] and any(a <= i + j < b for a, b in covered) for j in range(n))):
                    targets, tier = self.zh[cue]  # (a typo never rewrites a word that is itself a cue)
                    hits.append((i, i + n, targets, min(tier, 1.5), cue))
        return hits

    def _en_hits(self, text: str) -> list[tuple[int, int, tuple[Target, ...], bool, str]]:
        """Matches of English cue phrases over lemmatised words, misspelt words corrected first."""
        words = [(m.group(0), m.start(), m.end()) for m in _EN_WORD.finditer(text.lower())]
        if not words:
            return []
        lemmas, typos = [], []
        for w, _a, _b in words:
            lem = lemma(w)
            if len(lem) >= 6 and lem not in _EN_KEEP and not any(lem in k for k in self.en) and \
                    lem not in self.en_vocab:
                near = [v for v in self.en_vocab if v[0] == lem[0] and abs(len(v) - len(lem)) <= 2]
                close = difflib.get_close_matches(lem, near, n=1, cutoff=0.84)
                if close:
                    typos.append(close[0])
                    lem = close[0]
                else:
                    typos.append("")
            else:
                typos.append("")
            lemmas.append(lem)
        hits = []
        for i in range(len(words)):
            for n in range(min(self.max_en, len(words) - i), 0, -1):
                got = self.en.get(tuple(lemmas[i:i + n]))
                if got:
                    typo = " ".join(t for t in typos[i:i + n] if t)
                    hits.append((words[i][1], words[i + n - 1][2], got[0], got[1], typo))
        return hits


_EN_FILLER_WORDS = ("how many much what was were is are the a an did does do in of to by for from with at on number "
                    "total information government disclosure open request application there has have had its it "
                    "their they be been year during whole all each new this that which please tell me show count "
                    "altogether make made file come came submit were any so far most least highest lowest fewest "
                    "largest smallest top rank town township county district city body bodie department bureau "
                    "compare versus trend over among across these every sum combined foi what's compared comparison "
                    "than more fewer less share percentage percent rate proportion ratio end start beginning still "
                    "newly commission committee office administration")
_EN_FILLER = frozenset(_EN_FILLER_WORDS.split())


OUTCOMES = ("granted", "partially_granted", "denied", "unable", "not_processed", "other")  # rows of handled_total
_COMPARING = re.compile(r"比(?!例|率|重)|相比|\bcompared\b|\bthan\b", re.I)
# everyday words a typo match must not rewrite (其中结果), nor words that leave a cell out (不含本机关 is no 不归本机关)
_NOT_TYPO = re.compile(r"其中|里面|之中|当中|这些|那些|" + LEAVES_OUT.pattern, re.I)


def unexplained(text: str) -> bool:
    """Whether words are left that no cue explains (text with bodies and cues masked)."""
    zh = ZH_FILLER.sub("", text)
    if len(CJK.findall(zh)) >= 2:
        return True
    words = [lemma(w) for w in _EN_WORD.findall(text.lower())]
    return any(w not in _EN_FILLER and len(w) > 2 for w in words)


def _merge(cues: list[Cue]) -> dict:
    """Cue text -> (all its targets, the highest tier it is given)."""
    targets: dict[str, list[Target]] = defaultdict(list)
    tiers: dict[str, int] = {}
    for c in cues:
        for t in c.targets:
            if t not in targets[c.text]:
                targets[c.text].append(t)
        tiers[c.text] = max(tiers.get(c.text, 0), c.tier)
    return {k: (tuple(v), tiers[k]) for k, v in targets.items()}


def groups_label(table: str, row: str) -> tuple[str, str] | None:
    """(zh, en) label of a group of rows, if row is a group."""
    return GROUPS.get((table, row))
