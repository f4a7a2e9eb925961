"""Questions with known answers over generated reports: figures in many phrasings (Chinese, English, typos),
follow-ups, sums, rankings, comparisons, trends, absent and ambiguous cases."""

from __future__ import annotations

import dataclasses
import functools
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from pypinyin import lazy_pinyin

from . import SynthReport, generate, write
from .phrasings import EN_FOLLOW_COLUMNS, FIELDS, TYPOS, ZH_FOLLOW_COLUMNS, FieldSpec

REWRITABLE = ("tabs", "cell_per_line", "markdown")  # layouts whose text names the body verbatim (utf-8)
_KINDS = (("街道办事处", "Subdistrict"), ("镇", "Town"), ("乡", "Township"), ("区", "District"), ("县", "County"))


@dataclass
class Question:
    """A question and what a correct answer holds; `follows` is the index of the question it continues."""

    q: str
    kind: str
    value: int | float | None = None
    expect: str | None = None
    follows: int | None = None
    table: dict[str, int | float | None] | None = None  # expected per-report figures (trend, compare)
    field: str = ""
    notes: dict = dataclasses.field(default_factory=dict)


def corpus(n: int, folder: Path | None = None, start: int = 0) -> list[SynthReport]:
    """n generated reports; about one in twelve takes an earlier report's body, so some bodies span years."""
    reports: list[SynthReport] = []
    taken: set[tuple[str, int]] = set()
    for seed in range(start, start + n):
        rep = generate(seed)
        i = seed - start
        if i % 12 == 7 and i >= 7 and rep.layout in REWRITABLE:
            target = reports[i - 7]
            if (target.body, rep.year) not in taken and rep.body != target.body:
                text = rep.data.decode("utf-8").replace(rep.body, target.body)
                rep.data, rep.body = text.encode("utf-8"), target.body
        taken.add((rep.body, rep.year))
        reports.append(rep)
        if folder is not None:
            write(rep, folder)
    return reports


def value_of(rep: SynthReport, spec: FieldSpec) -> int | float | None:
    """The expected figure: the sum of the spec's cells, None when any is blank (or not in the template)."""
    total = 0.0
    for cell in spec.cells:
        if cell not in rep.expected:
            return None
        total += rep.expected[cell][0]
    total = round(total, 6)
    return int(total) if total.is_integer() else total


def _py(text: str) -> str:
    return "".join(lazy_pinyin(text))


class Mentions:
    """How a question may name each body without naming another: full, shortened, with county, pinyin."""

    def __init__(self, reports: list[SynthReport]) -> None:
        self.names = sorted({r.body for r in reports})
        self.pinyin = {n: _py(n) for n in self.names}
        units = r"([^县市区镇乡]{2,4}?)(?:街道办事处|镇|乡|区|县|市)"
        self.stems = Counter(_py(s) for n in self.names for s in re.findall(units, n))
        pairs = Counter((r.body, r.year) for r in reports)
        self.twins = {p for p, n in pairs.items() if n > 1}  # two reports, same printed body and year
        self.by_bigram: dict[str, list[str]] = defaultdict(list)  # a mention's names hold its first two chars
        for n in self.names:
            for bigram in {n[i:i + 2] for i in range(len(n) - 1)}:
                self.by_bigram[bigram].append(n)

    @functools.cache  # noqa: B019 - one Mentions a question set, asked again for every body and peer
    def unique(self, mention: str) -> bool:
        candidates = self.by_bigram.get(mention[:2], []) if len(mention) >= 2 else self.names
        return sum(mention in n for n in candidates) == 1

    def clean(self, body: str) -> bool:
        """The full name is not part of another body's name (those cases are asked as ambiguous)."""
        return self.unique(body)

    def zh(self, body: str, rng: random.Random) -> str:
        """A Chinese mention of the body that names it alone."""
        forms = [body, re.sub(r"人民政府$", "", body)]
        m = re.search(r"([^县市区]{2,4}(?:街道办事处|镇|乡))(?:人民政府)?$", body)
        if m:
            forms += [m.group(1), m.group(1) + "政府"] * 2 + [re.sub(r"(街道办事处|镇|乡)$", "", m.group(1))]
        ok = [f for f in forms if len(f) >= 2 and self.unique(f)]
        return rng.choice(ok or [body])

    def en(self, body: str, rng: random.Random) -> str:
        """An English mention: pinyin with its kind (Jinwu Town) when that is unique, else the Chinese name."""
        m = re.search(r"([^县市区]{2,4}?)(街道办事处|镇|乡)(?:人民政府)?$", body)
        if m and rng.random() < 0.6:
            stem = _py(m.group(1))
            kind = dict(_KINDS)[m.group(2)]
            if self.stems[stem] == 1 and sum(stem in p for p in self.pinyin.values()) == 1:
                return rng.choice((f"{stem.capitalize()} {kind}", stem.capitalize()))
        return self.zh(body, rng)


def _year(y: int, rng: random.Random) -> str:
    """The year as people type it: 2020, ２０２０, 二〇二〇."""
    r = rng.random()
    if r < 0.1:
        return str(y).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if r < 0.18:
        return "".join("〇一二三四五六七八九"[int(c)] for c in str(y))
    return str(y)


def _fill(template: str, body: str, year: int, rng: random.Random) -> str:
    q = template.replace("{b}", body).replace("{y}年", f"{_year(year, rng)}年")
    return q.replace("{y}", str(year))


def _typo(q: str, rng: random.Random) -> str | None:
    options = [(a, b) for a, b in TYPOS if a in q]
    if not options:
        return None
    a, b = rng.choice(options)
    return q.replace(a, b, 1)


def questions(reports: list[SynthReport], per_report: int = 3, seed: int = 0) -> list[Question]:
    """The question set: figures (zh, en, typos), follow-ups, sums, rankings, comparisons, trends, absent cases."""
    rng = random.Random(f"questions-{seed}")
    men = Mentions(reports)
    by_body: dict[str, list[SynthReport]] = {}
    for r in reports:
        by_body.setdefault(r.body, []).append(r)
    out: list[Question] = []
    clean = [r for r in reports if men.clean(r.body) and (r.body, r.year) not in men.twins]
    for rep in clean:
        specs = [s for s in FIELDS if rep.template in s.templates]
        for spec in rng.sample(specs, min(per_report, len(specs))):
            value = value_of(rep, spec)
            lang = "en" if spec.en and rng.random() < 0.35 else "zh"
            phr = rng.choice(spec.en if lang == "en" else spec.zh)
            body = men.en(rep.body, rng) if lang == "en" else men.zh(rep.body, rng)
            q = _fill(phr, body, rep.year, rng)
            out.append(Question(q, f"fact_{lang}", value, field=spec.name, notes={"body": rep.body}))
            first = len(out) - 1
            if rng.random() < 0.25:
                typo = _typo(q, rng)
                if typo:
                    out.append(Question(typo, f"typo_{lang}", value, field=spec.name))
            if rng.random() < 0.3:
                out += _follow_ups(rep, spec, first, lang, by_body, reports, men, rng)
    out += _across(reports, by_body, men, rng)
    out += _absent(reports, by_body, men, rng)
    return out


def _follow_ups(rep: SynthReport, spec: FieldSpec, first: int, lang: str, by_body: dict[str, list[SynthReport]],
                reports: list[SynthReport], men: Mentions, rng: random.Random) -> list[Question]:
    """A second question leaving out what the first said: another year, another body, another column."""
    other_years = [r for r in by_body[rep.body] if r.year != rep.year and r.template in spec.templates
                   and (r.body, r.year) not in men.twins]
    if other_years:
        o = rng.choice(other_years)
        q = f"那{o.year}年呢？" if lang == "zh" else f"And in {o.year}?"
        return [Question(q, "followup", value_of(o, spec), follows=first, field=spec.name)]
    if spec.columns and rng.random() < 0.5:
        col, zh, en = rng.choice(ZH_FOLLOW_COLUMNS if lang == "zh" else EN_FOLLOW_COLUMNS)
        cells = tuple((t, r, col) for t, r, _ in spec.cells)
        alt = FieldSpec(spec.name.split(".")[0] + "." + col, cells, spec.templates, (), ())
        q = zh if lang == "zh" else en
        return [Question(q, "followup", value_of(rep, alt), follows=first, field=alt.name)]
    peers = [r for r in reports if r.year == rep.year and r.body != rep.body and men.clean(r.body)
             and r.template == rep.template and len(by_body[r.body]) == 1]
    if not peers:
        return []
    o = rng.choice(peers)
    mention = men.zh(o.body, rng) if lang == "zh" else men.en(o.body, rng)
    q = f"{mention}呢？" if lang == "zh" else f"What about {mention}?"
    return [Question(q, "followup", value_of(o, spec), follows=first, field=spec.name)]


def _kind_town(body: str) -> bool:
    return bool(re.search(r"(镇|乡|街道办事处)(人民政府)?$", body))


def _across(reports: list[SynthReport], by_body: dict[str, list[SynthReport]], men: Mentions,
            rng: random.Random) -> list[Question]:
    """Sums and rankings over a year's towns, comparisons of two bodies, one body's trend."""
    out: list[Question] = []
    years = sorted({r.year for r in reports})
    sums = [s for s in FIELDS if s.aggregate]
    for year in years:
        towns = [r for r in reports if r.year == year and _kind_town(r.body)]
        if len(towns) < 2 or any((r.body, r.year) in men.twins for r in towns):
            continue
        for spec in rng.sample(sums, 2):
            if not all(r.template in spec.templates for r in towns):
                continue
            vals = [value_of(r, spec) for r in towns]
            total = None if None in vals else round(sum(vals), 6)
            out.append(Question(f"{year}年所有乡镇{spec.aggregate}一共是多少？", "aggregate", total, field=spec.name))
            printed = [(v, r.body) for v, r in zip(vals, towns, strict=True) if v is not None]
            top = max(v for v, _ in printed)
            leaders = [b for v, b in printed if v == top]
            if len(leaders) == 1 and None not in vals:
                out.append(Question(f"{year}年哪个乡镇{spec.aggregate}最多？", "rank", expect=leaders[0],
                                    field=spec.name))
    multi = [b for b, rs in by_body.items() if len(rs) > 1 and men.clean(b)]
    for body in multi[:20]:
        spec = rng.choice([s for s in FIELDS if s.aggregate and all(r.template in s.templates
                                                                     for r in by_body[body])] or [FIELDS[0]])
        table = {f"{r.body}|{r.year}": value_of(r, spec) for r in by_body[body]}
        out.append(Question(f"{men.zh(body, rng)}历年{spec.aggregate}是多少？", "trend", table=table,
                            field=spec.name))
    singles = [r for r in reports if men.clean(r.body) and len(by_body[r.body]) == 1]
    for _ in range(min(20, len(singles) // 2)):
        a, b = rng.sample(singles, 2)
        spec = rng.choice([s for s in FIELDS if s.aggregate and a.template in s.templates
                           and b.template in s.templates] or [FIELDS[0]])
        if a.year != b.year:
            continue
        table = {f"{a.body}|{a.year}": value_of(a, spec), f"{b.body}|{b.year}": value_of(b, spec)}
        out.append(Question(f"{men.zh(a.body, rng)}和{men.zh(b.body, rng)}{a.year}年{spec.aggregate}比较", "compare",
                            table=table, field=spec.name))
    return out


def _absent(reports: list[SynthReport], by_body: dict[str, list[SynthReport]], men: Mentions,
            rng: random.Random) -> list[Question]:
    """Bodies and years that are not indexed, and names that fit several bodies."""
    out: list[Question] = []
    names = "".join(men.names)
    fresh = [a + b for a in "紫霞彩翠碧琼瑶" for b in "霞峰溪谷苑阁" if a + b not in names]
    for stem in rng.sample(fresh, min(12, len(fresh))):
        kind = rng.choice(("镇", "乡", "县", "街道"))
        out.append(Question(f"{stem}{kind}2020年收到多少件政府信息公开申请？", "absent", None))
    out.append(Question(f"How many requests did {_py(fresh[0]).capitalize()} Town receive in 2020?", "absent", None))
    for body in rng.sample([b for b in by_body if men.clean(b)], min(12, len(by_body))):
        have = {r.year for r in by_body[body]}
        year = rng.choice([y for y in range(2015, 2027) if y not in have])
        out.append(Question(f"{men.zh(body, rng)}{year}年收到多少件政府信息公开申请？", "absent", None))
    shared: dict[str, set[str]] = {}
    for body in men.names:
        m = re.search(r"([^县市区]{2,4}(?:镇|乡))(?:人民政府)?$", body)
        if m:
            shared.setdefault(m.group(1), set()).add(body)
    for short, bodies in sorted(shared.items()):
        years = set.intersection(*({r.year for r in by_body[b]} for b in bodies)) if len(bodies) > 1 else set()
        if years:
            out.append(Question(f"{short}{min(years)}年收到多少件政府信息公开申请？", "ambiguous", None))
    return out


_PROSE = (  # (pattern in the report text, zh question, en question or "", expected text from the match)
    (r"由([^\s，。]{2,3})任组长的政务公开工作领导小组", "{b}{y}年政务公开工作领导小组的组长是谁？",
     "Who led the open government working group of {b} in {y}?", "{0}"),
    (r"全年共发布信息(\d+)条", "{b}{y}年全年共发布信息多少条？",
     "How many pieces of information did {b} publish in {y}?", "发布信息{0}条"),
    (r"由([^\s，。]{2,3})同志具体负责", "{b}{y}年政务公开工作由谁具体负责？", "", "{0}"),
    (r"组织培训(\d+)次", "{b}{y}年组织了几次政务公开培训？", "How many training sessions did {b} hold in {y}?",
     "培训{0}次"),
    (r"累计访问量达(\d+)人次", "{b}{y}年公开平台累计访问量是多少？", "", "{0}人次"),
)
PROSE_LAYOUTS = ("tabs", "cell_per_line", "markdown", "page_breaks")


def passage_questions(reports: list[SynthReport], limit: int = 60, seed: int = 0) -> list[Question]:
    """Prose questions whose answer is a phrase of the report's text (a leader, a count of posts or trainings)."""
    rng = random.Random(f"passages-{seed}")
    men = Mentions(reports)
    out: list[Question] = []
    for rep in reports:
        if rep.layout not in PROSE_LAYOUTS or not men.clean(rep.body):
            continue
        text = rep.data.decode("utf-8")
        fits = [(p, re.findall(p[0], text)) for p in _PROSE]
        fits = [(p, found) for p, found in fits if len(found) == 1]
        if fits:
            (_, zh, en, expect), found = rng.choice(fits)
            lang = "en" if en and rng.random() < 0.3 else "zh"
            body = men.en(rep.body, rng) if lang == "en" else men.zh(rep.body, rng)
            q = (en if lang == "en" else zh).replace("{b}", body).replace("{y}", str(rep.year))
            out.append(Question(q, f"passage_{lang}", expect=expect.format(found[0]), notes={"report": rep.filename}))
        if len(out) >= limit:
            break
    return out
