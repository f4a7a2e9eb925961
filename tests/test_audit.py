"""The cross-year audit: 上年结转 of year N+1 against 结转下年度 of year N, and tenfold jumps, by body."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from indexer.audit import audit_facts
from indexer.read import read_report
from indexer.store import StoredFact

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


def fact(report: str, body: str, year: int, table: str, row: str, column: str, value: float, line: int) -> StoredFact:
    """A stored fact as the store gives it."""
    return StoredFact(report, body, year, "2021", table, row, column, value, None, line, "high")


def two_years(body: str, tag: str, forward: dict[str, int], over: dict[str, int], received: tuple[int, int],
              year: int = 2020) -> list[StoredFact]:
    """Two consecutive reports of one body: year's 结转下年度 and new requests, year + 1's 上年结转 and new requests."""
    a, b = f"{tag}-{year}.txt", f"{tag}-{year + 1}.txt"
    out = [fact(a, body, year, "requests", "carried_forward", c, v, 90) for c, v in forward.items()]
    out += [fact(b, body, year + 1, "requests", "carried_over", c, v, 41) for c, v in over.items()]
    out += [fact(a, body, year, "requests", "new_received", "total", received[0], 40),
            fact(b, body, year + 1, "requests", "new_received", "total", received[1], 40)]
    return out


def test_carry_over_breaks_and_tenfold_jumps() -> None:
    """A carry that does not match (two columns) and a tenfold jump are found; a matching body is silent."""
    broken = two_years("东坡镇人民政府", "dongpo", {"natural_person": 5, "commercial": 2, "total": 7},
                       {"natural_person": 5, "commercial": 1, "total": 6}, (34, 412))
    fine = two_years("西坡镇人民政府", "xipo", {"natural_person": 3, "total": 3}, {"natural_person": 3, "total": 3},
                     (34, 57))
    found = audit_facts(broken + fine)
    assert [(b.kind, b.body, b.year, b.column, b.before, b.after) for b in found] == [
        ("carry", "东坡镇人民政府", 2020, "commercial", 2, 1),
        ("carry", "东坡镇人民政府", 2020, "total", 7, 6),
        ("jump", "东坡镇人民政府", 2020, "本年新收政府信息公开申请数量", 34, 412)]
    assert found[1].words() == ("东坡镇人民政府2020年“结转下年度继续办理”为 7，但2021年“上年结转”为 6，两者应当相等。")
    assert "商业企业" in found[0].words() and "10倍" in found[2].words()
    assert (found[1].report_before, found[1].line_before, found[1].report_after, found[1].line_after) == \
        ("dongpo-2020.txt", 90, "dongpo-2021.txt", 41)


def test_gaps_small_numbers_and_duplicate_reports_are_not_breaks() -> None:
    """Years two apart are not compared; 3 → 19 is no jump; a body-year printed by two reports is left out."""
    gap = two_years("南坡镇人民政府", "nanpo", {"total": 4}, {"total": 9}, (3, 19))
    gap = [f if f.year == 2020 else replace(f, year=2022) for f in gap]
    small = two_years("北坡镇人民政府", "beipo", {"total": 2}, {"total": 2}, (1, 19))
    twice = two_years("中坡镇人民政府", "zhongpo", {"total": 2}, {"total": 5}, (30, 31))
    twice.append(fact("zhongpo-2020-copy.txt", "中坡镇人民政府", 2020, "requests", "carried_forward", "total", 5, 90))
    assert audit_facts(gap + small + twice) == []


@pytest.mark.skipif(not REAL.is_dir(), reason="no real reports in ../shared/corpus/real")
def test_real_consecutive_years_raise_no_false_alarm() -> None:
    """平潭 2019–2021 as printed: 结转 carried as it should (0 → 0, 1 at the end of 2021 with no 2022 report)."""
    facts = []
    for name in ("009_pingtan_2019.txt", "010_pingtan_2020.txt", "011_pingtan_2021.txt"):
        r = read_report(REAL / name)
        facts += [StoredFact(r.report, r.body, r.year, r.template, f.table, f.row, f.column, f.value, f.unit, f.line,
                             f.confidence) for f in r.facts]
    assert {f.year for f in facts} == {2019, 2020, 2021}
    assert [b for b in audit_facts(facts) if b.kind == "carry"] == []


@pytest.mark.skipif(not REAL.is_dir(), reason="no real reports in ../shared/corpus/real")
def test_one_body_under_two_printed_names_is_audited_across_years() -> None:
    """洪泽区人民政府 2023 and 淮安市洪泽区人民政府 2024 are one body: its 结转 compared across the two names."""
    from app.web.library import report_bodies

    reports = [read_report(REAL / n) for n in ("004_huaian_hongze_district_2023.pdf",
                                               "005_huaian_hongze_district_2024.pdf")]
    assert [(r.body, r.year) for r in reports] == [("洪泽区人民政府", 2023), ("淮安市洪泽区人民政府", 2024)]
    bodies = report_bodies(reports)
    assert set(bodies.values()) == {"淮安市洪泽区人民政府"}
    facts = [StoredFact(r.report, r.body, r.year, r.template, f.table, f.row, f.column, f.value, f.unit, f.line,
                        f.confidence) for r in reports for f in r.facts]
    assert audit_facts(facts, bodies) == []  # 0 carried forward from 2023, 0 carried over into 2024
    # 2024 printed as carrying over 2 (natural persons): a break across the two names, by the body's one name
    edited = [replace(f, value=2) if (f.year, f.row) == (2024, "carried_over") and f.column in ("natural_person",
              "total") else f for f in facts]
    found = audit_facts(edited, bodies)
    assert [(b.kind, b.body, b.year, b.column, b.before, b.after, b.line_before, b.line_after) for b in found] == [
        ("carry", "淮安市洪泽区人民政府", 2023, "natural_person", 0, 2, 86, 64),
        ("carry", "淮安市洪泽区人民政府", 2023, "total", 0, 2, 86, 64)]
    assert (found[1].report_before, found[1].report_after) == ("004_huaian_hongze_district_2023.pdf",
                                                              "005_huaian_hongze_district_2024.pdf")
    assert audit_facts(edited) == []  # by the printed names alone the two years are two bodies: nothing compared
