"""Real published reports of ../shared/corpus/real: figures read by hand from the originals."""

from __future__ import annotations

import pytest

from indexer.read import read_report
from tests.conftest import REAL, need_shared


@pytest.fixture(autouse=True)
def _shared() -> None:
    need_shared(REAL)


def facts(name: str) -> dict[tuple[str, str, str], int | float]:
    return {f.key(): f.value for f in read_report(REAL / name).facts}


def test_huaian_city_pdf_tables_across_pages() -> None:
    rep = read_report(REAL / "003_huaian_city_2024.pdf")
    assert (rep.body, rep.year, rep.template) == ("淮安市人民政府", 2024, "2021")
    got = {f.key(): f.value for f in rep.facts}
    assert len(got) == 200
    assert got[("active", "normative_documents", "repealed")] == 26
    assert got[("active", "licensing", "decisions")] == 447228
    assert got[("active", "fees", "amount")] == 96171.6
    assert [got[("requests", "new_received", c)] for c in ("natural_person", "commercial", "research",
            "social_welfare", "legal_service", "other_org", "total")] == [3001, 53, 0, 0, 61, 4, 3119]
    assert got[("requests", "unable.not_held", "total")] == 769  # label cell split by the page break
    assert got[("requests", "unable.needs_creation", "total")] == 11
    assert got[("requests", "carried_forward", "total")] == 103
    assert got[("review", "reconsideration", "total")] == 351
    assert got[("review", "litigation_after_reconsideration", "pending")] == 6


def test_hongze_review_total_printed_as_zero_is_kept() -> None:
    got = facts("004_huaian_hongze_district_2023.pdf")
    assert got[("review", "reconsideration", "upheld")] == 10
    assert got[("review", "reconsideration", "total")] == 0  # as printed; the check reports it
    assert got[("requests", "other", "total")] == 0  # （六）其他处理 printed undivided


def test_portal_page_blank_cells_are_absent() -> None:
    rep = read_report(REAL / "014_shuyang_fgj_2023.html")
    assert (rep.body, rep.year, rep.template) == ("沭阳县发展和改革局", 2023, "2021")
    got = {f.key(): f.value for f in rep.facts}
    assert got[("requests", "new_received", "natural_person")] == 26
    assert got[("requests", "new_received", "total")] == 26
    assert ("requests", "new_received", "commercial") not in got
    assert got[("review", "reconsideration", "pending")] == 1


def test_flattened_web_text_split_only_where_certain() -> None:
    got = facts("011_pingtan_2021.txt")
    assert [got[("requests", "new_received", c)] for c in ("natural_person", "social_welfare", "other_org",
                                                           "total")] == [64, 2, 4, 70]
    # 270020130 reads two ways by its row alone (27|0|0|2|0|1|30 and 2|7|0|0|20|1|30); the column rules
    # with 2200003 25 (also two ways) leave exactly one combination.
    assert [got[("requests", "granted", c)] for c in ("natural_person", "social_welfare", "total")] == [27, 2, 30]
    assert [got[("requests", "unable.not_held", c)] for c in ("natural_person", "other_org", "total")] == [22, 3, 25]
    assert ("active", "normative_documents", "issued") not in got  # 693665: no certain split
    assert got[("active", "fees", "amount")] == 24252.311082
    assert [got[("review", "litigation_direct", c)] for c in ("upheld", "total")] == [12, 12]


def test_pre_2019_reports_have_no_table_facts() -> None:
    for name in ("006_pingtan_county_2011.txt", "007_pingtan_dishui_bureau_2013.txt", "008_pingtan_2018.txt"):
        rep = read_report(REAL / name)
        assert rep.template == "other" and rep.facts == [] and rep.year is not None
