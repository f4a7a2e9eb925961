"""The five bundled seed reports: every figure of all three tables, and their metadata, exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.read import read_report
from indexer.schema import TABLES

REPORTS = Path(__file__).resolve().parents[1] / "reports"

# Read by hand from the reports: (body, year, template, signed, the non-zero figures).
# Every other cell of the template's three tables is printed as 0 in these reports.
SEEDS = {
    "wangwu-2020.txt": ("王屋镇人民政府", 2020, "2019", None, {
        ("active", "procurement", "projects"): 15,
        ("active", "procurement", "amount"): 66,
        ("requests", "new_received", "natural_person"): 2,
        ("requests", "new_received", "total"): 2,
        ("requests", "unable.not_held", "natural_person"): 1,
        ("requests", "unable.not_held", "total"): 1,
        ("requests", "not_processed.complaint", "natural_person"): 1,
        ("requests", "not_processed.complaint", "total"): 1,
        ("requests", "handled_total", "natural_person"): 2,
        ("requests", "handled_total", "total"): 2,
    }),
    "xiguo-2020.txt": ("孟州市西虢镇人民政府", 2020, "2019", None, {
        ("active", "procurement", "projects"): 2,
        ("active", "procurement", "amount"): 576.76,
    }),
    "wangdian-2024.txt": ("王店镇人民政府", 2024, "2021", None, {}),
    "suibin-2020.txt": ("绥滨镇", 2020, "2019", "2021-01-15", {}),
    "wanglejing-2020.txt": ("盐池县王乐井乡", 2020, "2019", None, {}),
}


def _all_cells(template: str) -> list[tuple[str, str, str]]:
    return [(t.id, r.id, c.id) for t in TABLES[template].values() for r in t.rows for c in r.columns]


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_metadata(name: str) -> None:
    body, year, template, signed, _ = SEEDS[name]
    rep = read_report(REPORTS / name)
    assert (rep.body, rep.year, rep.template, rep.signed) == (body, year, template, signed)
    assert sorted(rep.parts) == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_every_figure(name: str) -> None:
    _, _, template, _, nonzero = SEEDS[name]
    rep = read_report(REPORTS / name)
    got = {f.key(): f.value for f in rep.facts}
    expected = {cell: nonzero.get(cell, 0) for cell in _all_cells(template)}
    assert got == expected
    assert all(f.confidence == "high" for f in rep.facts)
    assert rep.notes == []


def test_seed_units_and_lines() -> None:
    rep = read_report(REPORTS / "wangwu-2020.txt")
    facts = {f.key(): f for f in rep.facts}
    amount = facts[("active", "procurement", "amount")]
    assert (amount.unit, amount.line) == ("万元", 98)
    assert facts[("requests", "new_received", "total")].line == 128
    assert facts[("requests", "handled_total", "total")].line == 235
    assert facts[("requests", "new_received", "total")].unit is None
    lines = rep.text.split("\n")
    assert "本年新收" in lines[128 - 1]


def test_seed_decimal_amount() -> None:
    rep = read_report(REPORTS / "xiguo-2020.txt")
    amount = next(f for f in rep.facts if f.key() == ("active", "procurement", "amount"))
    assert amount.value == 576.76 and isinstance(amount.value, float) and amount.line == 35
