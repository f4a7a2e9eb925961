"""Real page dumps of ../shared/corpus/real (015-029, 莆田市 departments): figures read by hand from the files;
and, for every real report, no prose line of its parts lost from the passages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.passages import split_report
from indexer.read import read_report

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="no real reports in ../shared/corpus/real")
APPS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")


def facts(name: str) -> dict[tuple[str, str, str], int | float]:
    return {f.key(): f.value for f in read_report(REAL / name).facts}


def test_collapsed_rows_expanded_where_one_reading_fits() -> None:
    rep = read_report(REAL / "028_putian_yjglj_2023.txt")
    got = {f.key(): f for f in rep.facts}
    # printed `2` / `1` / `0` / `3` for seven cells: only 2,1,0,0,0,0,3 keeps 总计 = the sum of the rest
    assert [got[("requests", "new_received", c)].value for c in APPS] == [2, 1, 0, 0, 0, 0, 3]
    assert got[("requests", "new_received", "research")].confidence == "medium"
    assert [got[("requests", "handled_total", c)].value for c in APPS] == [2, 1, 0, 0, 0, 0, 3]
    assert [got[("active", "normative_documents", c)].value for c in ("issued", "repealed", "in_force")] == [2, 7, 17]
    assert got[("active", "normative_documents", "issued")].confidence == "high"
    assert got[("active", "fees", "amount")].value == 60.2642
    assert rep.read_status() == "read (200 cells)"


def test_all_zero_tables_printed_as_one_figure() -> None:
    got = facts("015_putian_hyyyj_2023.txt")
    assert len(got) == 200
    assert all(v == 0 for k, v in got.items() if k[0] in ("requests", "review"))
    assert [got[("active", "regulations", c)] for c in ("issued", "repealed", "in_force")] == [0, 0, 0]
    assert (got[("active", "licensing", "decisions")], got[("active", "penalty", "decisions")]) == (370, 71)


def test_ambiguous_collapsed_cells_are_left_out_and_the_status_says_so() -> None:
    rep = read_report(REAL / "018_putian_lyj_2022.txt")  # 规范性文件 prints 1 / 9 for three cells: 1,1,9 or 1,9,9
    got = {f.column: (f.value, f.confidence) for f in rep.facts if f.row == "normative_documents"}
    assert got == {"issued": (1, "medium"), "in_force": (9, "medium")}  # what both agree on; 本年废止 left out
    assert rep.read_status() == "partly read (199 of 200 cells)"
    assert any("normative_documents" in n and "2 ways" in n and "1 cell left out" in n for n in rep.notes)


def test_2019_template_dump_units_and_split_headers() -> None:
    got = facts("016_putian_kjj_2020.txt")  # `本年增` / `/` / `减`; `142512` / `元`
    assert [got[("active", "licensing", c)] for c in ("prev_count", "change", "decisions")] == [60, -3, 57]
    assert [got[("active", "other_services", c)] for c in ("prev_count", "change", "decisions")] == [7, -7, 0]
    rep = read_report(REAL / "016_putian_kjj_2020.txt")
    amount = next(f for f in rep.facts if f.key() == ("active", "procurement", "amount"))
    assert (amount.value, amount.unit) == (142512, "元")
    got = facts("023_putian_yjglj_2019.txt")  # `8.175万` / `元`
    assert (got[("active", "procurement", "projects")], got[("active", "procurement", "amount")]) == (4, 8.175)
    assert [got[("active", "penalty", c)] for c in ("prev_count", "change", "decisions")] == [161, -26, 0]


def test_headings_broken_over_lines_and_introductions_listing_parts() -> None:
    for name in ("019_putian_mzzj_2024.txt", "021_putian_tyj_2022.txt", "022_putian_whlyj_2021.txt",
                 "026_putian_mzzj_2020.txt"):
        rep = read_report(REAL / name)
        assert sorted(rep.parts) == [1, 2, 3, 4, 5, 6], name
        text = rep.lines
        assert re.sub(r"\s", "", "".join(text[rep.parts[1][0] - 1 : rep.parts[1][0] + 2])).startswith("一")


def test_header_block_names() -> None:
    rep = read_report(REAL / "029_putian_kjj_2024.txt")
    assert (rep.body, rep.publisher, rep.canonical_body, rep.published) == (
        "莆田市科学技术局", "莆田市科技局", "莆田市科学技术局", "2025-01-21")
    rep = read_report(REAL / "020_putian_tjj_2019.txt")
    assert (rep.body, rep.publisher, rep.canonical_body) == ("莆田市统计局", "市统计局", "莆田市统计局")


def _squash(text: str) -> str:
    return re.sub(r"\s|\*\*|#", "", text)


def test_passages_keep_every_prose_line_of_every_real_report() -> None:
    """Each line of prose in parts 1, 5 and 6 (a line with a sentence's punctuation) is found, piece by piece
    between its punctuation, in the report's passages joined (洪泽区 2024 line 18 was once dropped)."""
    lost = []
    for path in sorted(REAL.iterdir()):
        if path.name in ("README.md", "MANIFEST.tsv"):
            continue
        rep = read_report(path)
        joined = "\n".join(_squash(p.text) for p in split_report(rep))
        for part, (a, b) in rep.parts.items():
            if part not in (1, 5, 6):
                continue
            for n in range(a, b + 1):
                line = _squash(rep.lines[n - 1])
                if len(line) < 12 or len(line) > 2000 or not re.search("[。，；]", line):
                    continue  # (a flattened web page stands on one line, tables and all: not a prose line)
                pieces = [x for x in re.split("[。！？；，、：]", line) if len(x) >= 2]
                if any(x not in joined for x in pieces):
                    lost.append((path.name, n, line[:40]))
    assert lost == []
    rep = read_report(REAL / "005_huaian_hongze_district_2024.pdf")
    assert any("主动发布各类政府信息2428条" in _squash(p.text) for p in split_report(rep))


def test_shattered_markdown_table_3() -> None:
    """002 上海市科委: table 3 as many small tables, row labels wrapped away from their figures."""
    rep = read_report(REAL / "002_shanghai_kewei_2024.md")
    got = {f.key(): f.value for f in rep.facts}
    assert [got[("requests", "new_received", c)] for c in APPS] == [32, 2, 0, 0, 0, 0, 34]
    assert [got[("requests", "handled_total", c)] for c in APPS] == [33, 2, 0, 0, 0, 0, 35]
    assert got[("requests", "granted", "total")] == 9
    assert got[("requests", "unable.not_held", "total")] == 4  # `| 4 | … | 4 |` with its label elsewhere
    assert got[("requests", "other.no_correction", "total")] == 10
    assert ("requests", "carried_forward", "total") not in got  # printed blank
    assert [got[("active", "normative_documents", c)] for c in ("issued", "repealed", "in_force")] == [13, 0, 55]
    # table 4: fifteen figures under a twelve-column header, the prose year after it (`2024 年`) no figure
    assert [got[("review", "reconsideration", c)] for c in ("upheld", "corrected", "other_result", "pending",
                                                             "total")] == [1, 0, 0, 0, 1]


def test_rows_printed_whole_above_their_table_are_read() -> None:
    rep = read_report(REAL / "002_shanghai_kewei_2024.md")  # `行政许可 97` … above `## 表二`, out of the table's order
    got = {(f.row, f.column): (f.value, f.line) for f in rep.facts if f.table == "active"}
    assert got[("licensing", "decisions")] == (97, 77) and got[("penalty", "decisions")] == (0, 80)
    assert got[("fees", "amount")] == (0, 84) and rep.read_status() == "read (199 cells)"
