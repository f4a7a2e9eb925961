"""Random figures for the three national tables, consistent per the rules of schema.md."""

from __future__ import annotations

import random

from indexer.schema import APPLICANT_COLUMNS, REVIEW_COLUMNS, TABLES

Key = tuple[str, str, str]
Value = int | float

BLANK_MARKS = ("", "—", "-", "/", "无")
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _distinct(rng: random.Random, n: int, lo: int, hi: int) -> list[int]:
    """N distinct integers in [lo, hi] (repeats only when the range is too small)."""
    if hi - lo + 1 >= n:
        return rng.sample(range(lo, hi + 1), n)
    return [rng.randint(lo, hi) for _ in range(n)]


def _amount(rng: random.Random) -> float:
    """An amount in 万元 with two decimals, e.g. 576.76."""
    return round(rng.choice((rng.uniform(0.5, 60), rng.uniform(60, 900), rng.uniform(900, 4000))), 2)


def _active(rng: random.Random, template: str, figs: dict[Key, Value]) -> None:
    """Fill table `active` of one template."""
    for row in TABLES[template]["active"].rows:
        cols = row.column_ids
        if cols in (("new_made", "new_published", "total_published"), ("issued", "repealed", "in_force")):
            a, b = _distinct(rng, 2, 1, 45)
            vals: list[Value] = [a, b, max(a, b) + rng.randint(3, 380)]
        elif cols == ("prev_count", "change", "decisions"):
            prev = rng.randint(8, 400)
            change = rng.choice((rng.randint(-min(prev - 1, 40), -1), rng.randint(1, 60)))
            decisions = rng.randint(1, 420)
            while decisions in (prev, abs(change)):
                decisions += 1
            vals = [prev, change, decisions]
        elif cols == ("prev_count", "change"):
            prev = rng.randint(2, 40)
            vals = [prev, rng.choice((rng.randint(-prev + 1, -1), rng.randint(1, 12), 0))]
        elif cols == ("projects", "amount"):
            vals = [rng.randint(1, 60), _amount(rng)]
        elif cols == ("amount",):
            vals = [_amount(rng)]
        else:  # ("decisions",)
            vals = [rng.randint(1, 900)]
        for col, v in zip(cols, vals, strict=True):
            figs[("active", row.id, col)] = v


def _requests(rng: random.Random, template: str, figs: dict[Key, Value]) -> None:
    """Fill table `requests`: rows sum to total, columns balance (rules 1-3)."""
    table = TABLES[template]["requests"]
    apps = [c.id for c in APPLICANT_COLUMNS if c.id != "total"]
    hi = rng.choice((7, 12, 25, 60))
    zero_p = rng.choice((0.0, 0.05, 0.12))
    head = {"new_received", "carried_over", "handled_total", "carried_forward"}
    outcome = [r.id for r in table.rows if r.id not in head]
    cells: dict[tuple[str, str], int] = {}
    for row in outcome:
        for col, v in zip(apps, _distinct(rng, 6, 1, hi), strict=True):
            cells[(row, col)] = 0 if rng.random() < zero_p else v
    forward = _distinct(rng, 6, 1, max(7, hi // 2))
    for col, fwd in zip(apps, forward, strict=True):
        handled = sum(cells[(row, col)] for row in outcome)
        over = rng.randint(1, max(1, min(hi * 2, handled + fwd - 1)))
        cells[("handled_total", col)] = handled
        cells[("carried_forward", col)] = fwd
        cells[("carried_over", col)] = over
        cells[("new_received", col)] = handled + fwd - over
    for row in table.rows:
        for col in apps:
            figs[("requests", row.id, col)] = cells[(row.id, col)]
        figs[("requests", row.id, "total")] = sum(cells[(row.id, c)] for c in apps)


def _review(rng: random.Random, figs: dict[Key, Value]) -> None:
    """Fill table `review`: each row's total is the sum of its four results (rule 4)."""
    cols = [c.id for c in REVIEW_COLUMNS if c.id != "total"]
    hi = rng.choice((6, 15, 40))
    for row in TABLES["2019"]["review"].rows:
        vals = _distinct(rng, 4, 1, hi)
        if rng.random() < 0.2:
            vals[rng.randrange(4)] = 0
        for col, v in zip(cols, vals, strict=True):
            figs[("review", row.id, col)] = v
        figs[("review", row.id, "total")] = sum(vals)


def make_figures(rng: random.Random, template: str) -> dict[Key, Value]:
    """Every figure of the three tables of one template, mostly non-zero and varied."""
    figs: dict[Key, Value] = {}
    _active(rng, template, figs)
    _requests(rng, template, figs)
    _review(rng, figs)
    return figs


def pick_blanks(rng: random.Random, figs: dict[Key, Value]) -> set[Key]:
    """A few cells to print as absent (blank, —, -, /, 无)."""
    return set(rng.sample(sorted(figs), rng.randint(1, 4)))


def unit_of(key: Key, template: str) -> str | None:
    """The unit of a cell: 万元 for amounts, None for counts."""
    table, row, col = key
    for c in TABLES[template][table].row(row).columns:
        if c.id == col:
            return c.unit
    return None


def fullwidth(text: str) -> str:
    """Digits as full-width digits (０１２)."""
    return text.translate(_FULLWIDTH)


def fmt_value(value: Value, unit: str | None, rng: random.Random, *, thousands: bool = False,
              unit_in_cell: bool = False, fullwidth_p: float = 0.0) -> str:
    """One figure as printed: maybe with thousands separators, a unit, full-width digits."""
    if isinstance(value, float):
        text = f"{value:,.2f}" if thousands and abs(value) >= 1000 else f"{value:.2f}"
    else:
        text = f"{value:,}" if thousands and abs(value) >= 1000 else str(value)
    if unit and unit_in_cell:
        text += unit
    if rng.random() < fullwidth_p:  # always draw, so the stream does not depend on the style
        text = fullwidth(text)
    return text


def check_consistency(figs: dict[Key, Value], template: str) -> list[str]:
    """The consistency rules (勾稽关系) a set of figures breaks; [] when it keeps all four."""
    errors: list[str] = []
    req = TABLES[template]["requests"]
    apps = [c.id for c in APPLICANT_COLUMNS if c.id != "total"]
    outcome = [r.id for r in req.rows
               if r.id not in ("new_received", "carried_over", "handled_total", "carried_forward")]
    for row in req.rows:
        if figs[("requests", row.id, "total")] != sum(figs[("requests", row.id, c)] for c in apps):
            errors.append(f"rule 1: {row.id}")
    for col in [c.id for c in APPLICANT_COLUMNS]:
        g = {r: figs[("requests", r, col)] for r in ("new_received", "carried_over", "handled_total",
                                                      "carried_forward")}
        if g["new_received"] + g["carried_over"] != g["handled_total"] + g["carried_forward"]:
            errors.append(f"rule 2: {col}")
        if g["handled_total"] != sum(figs[("requests", r, col)] for r in outcome):
            errors.append(f"rule 3: {col}")
    for row in TABLES[template]["review"].rows:
        parts = sum(figs[("review", row.id, c.id)] for c in REVIEW_COLUMNS if c.id != "total")
        if figs[("review", row.id, "total")] != parts:
            errors.append(f"rule 4: {row.id}")
    return errors
