"""`python -m indexer facts|check` as scripts call them: JSON lines, bad input, real reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "reports"
REAL = ROOT.parent / "shared" / "corpus" / "real"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "indexer", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_facts_json_lines() -> None:
    out = run("facts", REPORTS / "wangwu-2020.txt", "--json")
    assert out.returncode == 0, out.stderr
    facts = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(facts) == 198
    first = next(f for f in facts if (f["table"], f["row"], f["column"]) == ("requests", "new_received", "total"))
    assert first == {"report": "wangwu-2020.txt", "body": "王屋镇人民政府", "year": 2020, "template": "2019",
                     "table": "requests", "row": "new_received", "column": "total", "value": 2,
                     "unit": None, "line": 128, "confidence": "high"}


def test_check_json_reports_findings(tmp_path: Path) -> None:
    text = (REPORTS / "wangwu-2020.txt").read_text(encoding="utf-8")
    broken = text.replace("（七）总计 2 0 0 0 0 0 2", "（七）总计 3 0 0 0 0 0 2")
    (tmp_path / "broken.txt").write_text(broken, encoding="utf-8")
    out = run("check", tmp_path / "broken.txt", "--json")
    assert out.returncode == 0
    found = json.loads(out.stdout)["findings"]
    assert {(f["rule"], f["where"]) for f in found} == {(1, "handled_total"), (2, "natural_person"),
                                                        (3, "natural_person")}
    rule1 = next(f for f in found if f["rule"] == 1)
    assert (rule1["printed"], rule1["expected"]) == (2, 3)  # printed total, what the parts add up to


def test_bad_files_are_named_and_the_rest_processed(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.pdf").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "notes.txt").write_text("今天天气很好。\n", encoding="utf-8")
    gbk = (REPORTS / "xiguo-2020.txt").read_text(encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes(gbk.encode("gbk"))
    out = run("facts", tmp_path / "empty.txt", tmp_path / "binary.pdf", tmp_path / "notes.txt",
              tmp_path / "gbk.txt", "--json")
    assert out.returncode == 1
    errors = out.stderr.strip().splitlines()
    assert len(errors) == 3
    assert "empty.txt: empty file" in errors[0]
    assert "binary.pdf" in errors[1] and "notes.txt" in errors[2]
    facts = [json.loads(line) for line in out.stdout.splitlines()]
    amount = [f["value"] for f in facts if (f["row"], f["column"]) == ("procurement", "amount")]
    assert amount == [576.76] and len(facts) == 198


def test_truncated_table_gives_partial_facts(tmp_path: Path) -> None:
    lines = (REPORTS / "wangwu-2020.txt").read_text(encoding="utf-8").split("\n")
    (tmp_path / "cut.txt").write_text("\n".join(lines[:150]), encoding="utf-8")
    out = run("facts", tmp_path / "cut.txt")
    assert out.returncode == 0
    assert "requests.new_received.total = 2" in out.stdout
    assert "review" not in out.stdout.replace("note: review", "")
    assert "note: review: part 4 heading not found" in out.stdout


def test_twenty_megabyte_file(tmp_path: Path) -> None:
    text = (REPORTS / "xiguo-2020.txt").read_text(encoding="utf-8")
    filler = "附：本单位政府信息公开工作的其他说明，内容与统计无关。\n" * 250_000
    (tmp_path / "big.txt").write_text(text + filler, encoding="utf-8")
    assert (tmp_path / "big.txt").stat().st_size > 20_000_000
    out = run("facts", tmp_path / "big.txt", "--json")
    assert out.returncode == 0, out.stderr
    assert len(out.stdout.splitlines()) == 198


def test_real_reports_never_crash(real: Path) -> None:
    out = run("check", REAL, "--json")
    results = [json.loads(line) for line in out.stdout.splitlines()]
    reports = [p for p in REAL.iterdir() if p.suffix in (".txt", ".md", ".pdf", ".html")
               and p.name != "README.md"]
    assert len(results) == len(reports)
    assert "Traceback" not in out.stderr
    by_name = {r["report"]: r for r in results}
    hongze = by_name["004_huaian_hongze_district_2023.pdf"]
    assert {(f["rule"], f["where"]) for f in hongze["findings"]} == {
        (4, "reconsideration"), (4, "litigation_after_reconsideration")}
    huaian = by_name["003_huaian_city_2024.pdf"]
    assert (huaian["figures"], huaian["findings"]) == (200, [])


def test_ask_piped_into_a_reader_that_leaves_early(tmp_path: Path) -> None:
    """`app ask … | head -1` over more answers than a pipe holds: the first line, then a quiet exit (status 0, no
    BrokenPipeError traceback)."""
    from tests.test_answer import REPORTS, store_index

    index = store_index(tmp_path / "idx", [REPORTS])
    ask = f"yes 王屋镇2020年收到多少申请 | head -n 600 | {sys.executable} -m app ask --index {index} | head -n 1"
    done = subprocess.run(["bash", "-c", f'{ask}; echo "status=${{PIPESTATUS[2]}}" >&2'], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert "status=0" in done.stderr and "Traceback" not in done.stderr, done.stderr[-500:]
    assert done.stdout.startswith("王屋镇人民政府2020年")
