"""Which body a question names: printed, partial and prefixed names, pinyin; one body across years."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from app.understand.departments import department_after
from app.understand.names import (
    ADMIN,
    DEPT_EN,
    KIND_EN,
    NOT_IN_PLACE,
    Name,
    cn_aliases,
    en_keys,
    group_names,
    split_name,
    strip_gov,
    unit_stem,
)
from app.understand.places import misprints, real_places
from app.understand.text import CJK, LATIN_WORD, overlaps, pinyin
from app.understand.unknown import FILLER_EN, GENERIC_NEXT, STOP, unknown_names, unknown_place_word

_TITLE_EN = {"people", "peoples", "people's", "government", "govt", "bureau", "commission", "committee", "office",
             "administration", "department", "municipal"}
_SUB_PLACE = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:街道|镇|乡|县|区)")  # a place written after a body


@dataclass
class Entity:
    """One body across years: its printed names and its reports by year."""

    key: str  # display name (the latest printed name)
    names: list[str] = field(default_factory=list)
    reports: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # year -> [(report, printed name)]

    @property
    def years(self) -> list[int]:
        return sorted(self.reports)

    @property
    def kind(self) -> str:
        """镇, 乡, 县, 区, 市, 街道 for a government; 部门 for a department."""
        name = split_name(self.key)
        if name.rest:
            return "部门"
        last = name.units[-1] if name.units else self.key
        kind = next((k for k in ADMIN if last.endswith(k)), "")
        return "街道" if kind == "街道办事处" else kind


@dataclass
class Mention:
    """A stretch of the question that names a body, and the bodies it may mean."""

    span: tuple[int, int]
    written: str
    entities: list[Entity]
    exact: str | None = None  # the printed name, when the question wrote it in full
    variant: bool = False  # written with a homophone (平谈 for 平潭): the answer says how it was read


@dataclass
class BodyFind:
    """The bodies a question names, and names that look like bodies but are not indexed."""

    mentions: list[Mention] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def spans(self) -> list[tuple[int, int]]:
        return [m.span for m in self.mentions]


class BodyIndex:
    """The indexed bodies and their aliases, built once from the store's reports."""

    def __init__(self, reports: list[tuple[str, str | None, int | None]]) -> None:
        """reports: (report file, printed body, year) of every indexed report."""
        printed = sorted({b for _, b, _ in reports if b})
        names_all = [split_name(p) for p in printed]
        groups = group_names(names_all)
        self.entities: list[Entity] = []
        self.by_printed: dict[str, Entity] = {}
        for g in groups:
            ent = Entity(g[0].printed, [n.printed for n in g])
            self.entities.append(ent)
            for n in g:
                self.by_printed[n.printed] = ent
        for report, body, year in reports:
            if body and year is not None:
                self.by_printed[body].reports.setdefault(year, []).append((report, body))
        for ent in self.entities:
            if ent.reports:
                latest = max(ent.reports)
                ent.key = ent.reports[latest][0][1]
        self.by_key = {e.key: e for e in self.entities}
        self.aliases: dict[str, list[tuple[Entity, bool]]] = defaultdict(list)
        self.keys: dict[str, list[tuple[Entity, str, bool]]] = defaultdict(list)
        for g, ent in zip(groups, self.entities, strict=True):
            for n in g:
                self._add_name(n, ent)
        self._misprinted(names_all, groups)
        self.max_alias = max((len(a) for a in self.aliases), default=0)
        self.places = {x for n in names_all for u in n.units for x in (u, unit_stem(u)) if len(x) >= 2}
        self.by_sound: dict[str, list[tuple[Entity, bool]]] = defaultdict(list)
        for alias, entries in self.aliases.items():
            if (len(alias) >= 4 or (len(alias) == 3 and alias[-1] in _KIND_CHARS) or alias in self.places) and \
                    all(CJK.match(c) for c in alias):
                self.by_sound["|".join(pinyin(c) for c in alias)] += entries
        self.sound_first = {k.split("|")[0] for k in self.by_sound}

    def _add_name(self, n: Name, ent: Entity) -> None:
        """A printed name's Chinese aliases and pinyin keys, all meaning ent."""
        strong, weak = cn_aliases(n)
        for a in strong:
            self._add(a, ent, True)
        for a in weak:
            self._add(a, ent, False)
        kind = next((k for k in ADMIN if n.units and n.units[-1].endswith(k)), "")
        for k, usual in en_keys(n).items():
            entries = self.keys[k]
            mine = [i for i, (e, _, _) in enumerate(entries) if e is ent]
            if not mine:
                entries.append((ent, kind, usual))
            elif usual:
                entries[mine[0]] = (ent, kind, True)

    def _misprinted(self, names: list[Name], groups: list[list[Name]]) -> None:
        """A place misprinted in a report (沐阳县 for 沭阳县, no real place) is known by both spellings."""
        wrong = misprints({u for n in names for u in n.units})
        if not wrong:
            return
        swap = {**wrong, **{v: k for k, v in wrong.items()}}
        for g, ent in zip(groups, self.entities, strict=True):
            for n in g:
                for unit in (u for u in n.units if u in swap):
                    self._add_name(split_name(n.printed.replace(unit, swap[unit])), ent)

    def _add(self, alias: str, ent: Entity, strong: bool) -> None:
        entries = self.aliases[alias]
        for i, (e, s) in enumerate(entries):
            if e is ent:
                entries[i] = (e, s or strong)
                return
        entries.append((ent, strong))

    def find(self, text: str) -> BodyFind:
        """The bodies named in text (normalised): longest names first, pinyin in English questions."""
        found: list[tuple[int, int, bool, list[Entity], str]] = []
        for i in range(len(text)):
            if not (CJK.match(text[i]) or text[i].isdigit()):
                continue
            for length in range(min(self.max_alias, len(text) - i), 1, -1):
                entries = self.aliases.get(text[i:i + length])
                if entries:
                    strong = [e for e, s in entries if s]
                    written = text[i:i + length]
                    ents = strong or _same_kind(_union(self.containing(written), [e for e, _ in entries]), written,
                                                   text[i + length:i + length + 2])  # 民宗局: an abbreviation
                    if not strong:  # 莆田科委 is not 上海市科委: a place written before a department must be its own
                        near = text[max(0, i - 6):i], text[i + length:i + length + 6]
                        ents = [e for e in ents if not self._other_place(*near, e)]
                    if ents:
                        found.append((i, i + length, bool(strong), ents, written))
                        break
        found += self._find_pinyin(text)
        found += self._find_sound(text, [(f[0], f[1]) for f in found if f[2]])
        found.sort(key=lambda f: (not f[2], -(f[1] - f[0]), f[0]))
        out = BodyFind()
        blocked: list[tuple[int, int]] = []
        for a, b, _strong, ents, written in found:
            if overlaps((a, b), out.spans + blocked):
                continue
            sub = _SUB_PLACE.match(text, b)
            if sub and not set(sub.group(1)) & (NOT_IN_PLACE | STOP) and \
                    not any(text[b:b + 2].startswith(g) for g in GENERIC_NEXT):
                out.unknown.append(written + sub.group(0))  # 淮安市淮阴区: a place under the body, not indexed
                blocked.append((a, sub.end()))
                continue
            exact = written if written in self.by_printed else None
            variant = CJK.match(written[0]) is not None and written not in self.aliases
            out.mentions.append(Mention((a, b), written, ents, exact, variant))
        out.mentions.sort(key=lambda m: m.span[0])
        for m in list(out.mentions):
            department_after(m, text, out, self.aliases)
        if not out.mentions and not out.unknown:
            out.unknown = unknown_names(text, self.places)
        return out

    def _find_sound(self, text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, bool, list[Entity], str]]:
        """Names written with a homophone (平谈实验区, 上海科伟, 孟州市西郭镇): 4+ characters sounding as an alias."""
        out = []
        syll = [pinyin(c) if CJK.match(c) else "\0" for c in text]
        for i in range(len(text)):
            if syll[i] not in self.sound_first:
                continue
            for n in range(min(self.max_alias, len(text) - i), 1, -1):
                entries = self.by_sound.get("|".join(syll[i:i + n]))
                if n == 3 and entries and text[i + 2] not in _KIND_CHARS:
                    continue
                if n == 2 and entries and i + 2 < len(text) and CJK.match(text[i + 2]) and text[i + 2] != "年":
                    continue  # a place's two characters sound alike only before a year or a number (平谭2025)
                if entries and text[i:i + n] in self.aliases:
                    continue  # written exactly as an alias: read (or not) as written, never by its sound
                if entries and not any(i < b and a < i + n and (b - a) >= n for a, b in taken) and \
                        not self._real_elsewhere(text[i:i + n], [e for e, _ in entries]):
                    ents: list[Entity] = []
                    for e, _ in entries:
                        if all(e is not x for x in ents):
                            ents.append(e)
                    out.append((i, i + n, True, ents, text[i:i + n]))
                    break
        return out

    def _real_elsewhere(self, written: str, ents: list[Entity]) -> bool:
        """Whether a name written like an indexed one names a real place that is none of the bodies' own
        (苏州市 beside 宿州市; but 上海市科未 is 上海市's 科委 written with a homophone)."""
        if written in self.aliases:
            return False
        own = {u for e in ents for n in e.names for u in split_name(n).units}
        units = split_name(written).units or (written,)
        return any(u + kind not in own and u + kind in real_places() for u in units for kind in ("", "市", "县", "区"))

    def _other_place(self, before: str, after: str, ent: Entity) -> bool:
        """Whether a department's name stands beside a place that is not the department's (上海 民宗局, 民宗局 厦门):
        an indexed place, or a real city, county or district."""
        own = {u for n in ent.names for u in split_name(n).units}
        own |= {unit_stem(u) for u in own}
        before, after = before.rstrip(), after.lstrip()
        near = {before[-k:] for k in range(2, len(before) + 1)} | {after[:k] for k in range(2, len(after) + 1)}
        for word in near - own:
            if not all(CJK.match(c) for c in word):
                continue
            if word in self.places or any(word + kind in real_places() and word + kind not in own
                                          for kind in ("", "市", "县", "区", "省")):
                return True
        return False

    def narrow(self, mention: Mention, years: list[int]) -> None:
        """Rank a mention's bodies: a place's government over its departments, the place itself over the places
        under it (淮安 -> 淮安市, not 淮安市洪泽区), then those with a year asked."""
        ents = mention.entities
        if len(ents) > 1 and not _DEPT_WORD.search(mention.written):
            ents = [e for e in ents if e.kind != "部门"] or ents
        if len(ents) > 1:
            own = [e for e in ents if any(split_name(n).units and split_name(n).units[-1].startswith(mention.written)
                                          for n in e.names)]
            ents = own or ents
        if years:  # (after: 淮安2023年 is 淮安市's year, not 洪泽区's because 淮安市 has no 2023 report)
            ents = [e for e in ents if set(years) & set(e.years)] or ents
        mention.entities = ents

    def containing(self, part: str) -> list[Entity]:
        """Every body one of whose printed names contains part (平潭 -> 平潭县…, 平潭综合实验区…)."""
        return [e for e in self.entities if any(part in n for n in e.names)]

    def closest(self, name: str, n: int = 3) -> list[Entity]:
        """The bodies whose names are closest to a name that is not indexed (沭阳县 -> 沐阳县人民政府)."""
        names = {strip_gov(p): e for e in self.entities for p in e.names}
        out: list[Entity] = []
        for m in difflib.get_close_matches(strip_gov(name), list(names), n=n * 2, cutoff=0.6):
            if names[m] not in out:
                out.append(names[m])
        return out[:n]

    def _find_pinyin(self, text: str) -> list[tuple[int, int, bool, list[Entity], str]]:
        """Pinyin names among the Latin words of text: 'Xiguo Town', 'Meng Zhou Xiguo'."""
        words = [(re.sub(r"'s$", "", m.group(0)), m.start(), m.end()) for m in LATIN_WORD.finditer(text)]
        out = []
        for i in range(len(words)):
            if words[i][0].lower() in KIND_EN or words[i][0].lower() in FILLER_EN:
                continue
            key, kinds, best = "", [], None
            for j in range(i, min(i + 8, len(words))):
                w = words[j][0].lower()
                if w in KIND_EN:
                    kinds.append(KIND_EN[w])
                    if best and best[2] == j - 1:
                        best = (best[0], best[1], j, kinds[:])
                    continue
                if w in FILLER_EN:
                    continue
                key += re.sub(r"[^a-z]", "", w)
                if key in self.keys:
                    best = (key, self.keys[key], j, kinds[:])
            if not best:
                continue
            key, entries, last, kinds = best
            if key in _DEPT_ONLY and i > 0 and unknown_place_word(words[i - 1][0]):
                continue  # 'Fuzhou Emergency Management Bureau': another place's department, not indexed
            while last + 1 < len(words) and words[last + 1][0].lower() in _TITLE_EN:
                last += 1  # 'Shanghai Science and Technology Commission': the title word is part of the name
            first = words[i][0]
            if not (first[0].isupper() or kinds or len(key) >= 6):
                continue
            usual = [x for x in entries if x[2]] or entries
            ents = [e for e, k, _ in usual if not kinds or k in kinds] or [e for e, _, _ in usual]
            out.append((words[i][1], words[last][2], True, ents, text[words[i][1]:words[last][2]]))
        return out


_DEPT_WORD = re.compile(r"局|委|办|厅|部|中心|站|所|院|队|会|署|处")
_KIND_CHARS = "省市县区镇乡旗"


def _same_kind(ents: list[Entity], written: str, after: str) -> list[Entity]:
    """Bodies whose name goes on as the question does: 绥滨 before 县 is not 绥滨镇 (a neighbour, not the body)."""
    if not after or after[0] not in _KIND_CHARS:
        return ents
    return [e for e in ents if any(written + after[0] in n for n in e.names)]


def _union(a: list[Entity], b: list[Entity]) -> list[Entity]:
    return a + [e for e in b if all(e is not x for x in a)]


_DEPT_ONLY = {re.sub(r"[^a-z]", "", d) for v in DEPT_EN.values() for d in v.split("|")}
