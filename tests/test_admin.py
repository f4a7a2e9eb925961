"""Admin over the real app: a report is known by its content and by (body, year). The same file twice and a renamed
copy are "already indexed"; a corrected version replaces the old one only after a confirmation that lists the
figures that differ; delete; every change logged; the chat's answers checked after each step."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from gradio_client import Client, handle_file

from app.web import build_app
from app.web.admin import NOT_A_REPORT
from tests.web_support import ADMIN_TOKEN, REPORTS, LiveServer

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
HONGZE_2023, HONGZE_2024 = REAL / "004_huaian_hongze_district_2023.pdf", REAL / "005_huaian_hongze_district_2024.pdf"
CARRY = "二、上年结转政府信息公开申请数量"
QUESTION = "东坡镇2021年收到多少政府信息公开申请？"
ROW = "一、本年新收政府信息公开申请数量"


def dongpo(folder: Path, name: str, received: int = 2) -> Path:
    """The 王屋镇 report as 东坡镇 2021, its new-requests row printed with `received` from natural persons."""
    text = (REPORTS / "wangwu-2020.txt").read_text(encoding="utf-8").replace("王屋", "东坡").replace("2020年", "2021年")
    text = text.replace(f"{ROW} 2 0 0 0 0 0 2", f"{ROW} {received} 0 0 0 0 0 {received}")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_same_file_renamed_copy_new_version_and_delete(web_index: Path, tmp_path: Path) -> None:
    """Upload, the same again, a renamed copy, a corrected version (confirmed), delete; the chat after each."""
    index = tmp_path / "index"
    shutil.copytree(web_index, index)
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    with LiveServer(build_app(index, admin_token=ADMIN_TOKEN)) as server:
        c = Client(server.url, verbose=False)

        def ask() -> dict:
            return c.predict(QUESTION, None, api_name="/ask")

        def send(*paths: Path) -> dict:
            return c.predict(ADMIN_TOKEN, [handle_file(str(p)) for p in paths], api_name="/admin_upload")

        first = send(dongpo(incoming, "dongpo-2021.txt"))
        assert first["files"][0]["result"] == "added" and first["reports"] == 7
        assert "东坡镇人民政府 2021年年报" in first["files"][0]["message"] and ask()["value"] == 2

        # the same file again, and a renamed byte-identical copy: already indexed, nothing added
        again = send(incoming / "dongpo-2021.txt")
        copy = incoming / "东坡镇年报副本.txt"
        shutil.copyfile(incoming / "dongpo-2021.txt", copy)
        renamed = send(copy)
        for done in (again, renamed):
            assert done["files"][0]["result"] == "already_indexed" and done["build"] is None and done["reports"] == 7
            assert "完全相同" in done["files"][0]["message"] and "dongpo-2021.txt" in done["files"][0]["message"]
        compared = c.predict(["东坡镇人民政府"], [2021], "requests", "new_received", "total", api_name="/compare")
        assert len(compared["rows"]) == 1 and ask()["value"] == 2

        # a corrected version (same body and year, the row now 5): held back, the differences listed
        held = send(dongpo(incoming, "dongpo-2021-corrected.txt", received=5))
        verdict = held["files"][0]
        assert verdict["result"] == "needs_confirmation" and held["reports"] == 7 and held["build"] is None
        assert verdict["replaces"] == "dongpo-2021.txt" and verdict["count"] == 2
        assert any(d.startswith("三、") and ROW in d and d.endswith("总计：2 → 5") for d in verdict["differences"])
        assert ask()["value"] == 2  # nothing changes before the confirmation

        replaced = c.predict(ADMIN_TOKEN, ["dongpo-2021-corrected.txt"], api_name="/admin_confirm")
        assert replaced["files"][0]["result"] == "replaced" and replaced["reports"] == 7
        answer = ask()
        assert answer["value"] == 5 and answer["facts"][0]["report"] == "dongpo-2021-corrected.txt"

        # not a report: said in words, without the exception's name or a server path
        junk = incoming / "meeting-notes.txt"
        junk.write_text("会议纪要\n今天讨论了绿化工作。\n", encoding="utf-8")
        refused = send(junk)
        assert refused["files"][0]["result"] == "failed" and refused["files"][0]["message"] == NOT_A_REPORT
        assert str(tmp_path) not in json.dumps(refused, ensure_ascii=False) and "NotAReport" not in str(refused)

        # delete: the report is gone, the chat no longer answers it
        gone = c.predict(ADMIN_TOKEN, "dongpo-2021-corrected.txt", api_name="/admin_delete")
        assert gone["files"][0]["result"] == "deleted" and gone["reports"] == 6
        assert ask()["value"] is None

    log = [json.loads(line) for line in (tmp_path / "index-admin.log").read_text(encoding="utf-8").splitlines()]
    assert [e["action"] for e in log] == ["upload", "upload", "upload", "upload", "replace", "upload", "delete"]
    assert all(e["address"] == "127.0.0.1" and e["time"].startswith("20") for e in log)
    assert log[4]["files"] == [{"file": "dongpo-2021-corrected.txt", "replaced": "dongpo-2021.txt",
                                "result": "replaced"}]
    assert sorted(p.name.split("-", 1)[1] for p in (tmp_path / "index-removed").iterdir()) == \
        ["dongpo-2021-corrected.txt", "dongpo-2021.txt"]  # replaced and deleted uploads kept aside


def edited_text(pdf: Path, dest: Path, old: str, new: str) -> Path:
    """A real report's text as read from its PDF, one line edited, saved as a text file."""
    from indexer.read import read_report

    text = read_report(pdf).text
    assert old in text
    dest.write_text(text.replace(old, new, 1), encoding="utf-8")
    return dest


@pytest.mark.skipif(not REAL.is_dir(), reason="no real reports in ../shared/corpus/real")
def test_one_body_under_two_printed_names(web_index: Path, tmp_path: Path) -> None:
    """洪泽区人民政府 (2023) and 淮安市洪泽区人民政府 (2024) are one body: 2023 uploaded under the other name is a new
    version (replaced after confirmation), and the cross-year audit compares 2023 with 2024."""
    index = tmp_path / "index"
    shutil.copytree(web_index, index)
    with LiveServer(build_app(index, admin_token=ADMIN_TOKEN)) as server:
        c = Client(server.url, verbose=False)

        def send(*paths: Path) -> dict:
            return c.predict(ADMIN_TOKEN, [handle_file(str(p)) for p in paths], api_name="/admin_upload")

        def ask(year: int) -> dict:
            return c.predict(f"洪泽区{year}年收到多少政府信息公开申请？", None, api_name="/ask")

        # 2023 and 2023 again printed under the city's name, in one upload: the first added, the second refused
        renamed = edited_text(HONGZE_2023, tmp_path / "hongze-2023.txt", "洪泽区人民政府\n", "淮安市洪泽区人民政府\n")
        both = send(HONGZE_2023, renamed)["files"]
        assert [f["result"] for f in both] == ["added", "refused"] and ask(2023)["value"] == 21
        assert both[1]["message"].startswith(f"同一批上传的 {HONGZE_2023.name} 也是「洪泽区人民政府 2023年年报」")
        # then alone: the same body and year, a new version to confirm
        held = send(renamed)["files"][0]
        assert held["result"] == "needs_confirmation" and held["replaces"] == HONGZE_2023.name
        assert held["count"] == 0 and "数字没有不同" in held["message"]
        done = c.predict(ADMIN_TOKEN, ["hongze-2023.txt"], api_name="/admin_confirm")
        assert done["files"][0]["replaced"] == HONGZE_2023.name and done["reports"] == 7
        answer = ask(2023)
        assert answer["value"] == 21 and answer["facts"][0]["report"] == "hongze-2023.txt"

        # 2024 (another year) is added; a version of it carrying over 2 requests from 2023, which carried 0 forward
        assert send(HONGZE_2024)["files"][0]["result"] == "added" and ask(2024)["value"] == 95
        carried = edited_text(HONGZE_2024, tmp_path / "hongze-2024.txt", f"{CARRY}\t\t\t0\t0\t0\t0\t0\t0\t0",
                              f"{CARRY}\t\t\t2\t0\t0\t0\t0\t0\t2")
        held = send(carried)["files"][0]
        assert held["result"] == "needs_confirmation" and held["replaces"] == HONGZE_2024.name
        assert any(d.endswith(f"{CARRY} › 总计：0 → 2") for d in held["differences"])
        c.predict(ADMIN_TOKEN, ["hongze-2024.txt"], api_name="/admin_confirm")
        reports = {r["report"]: r for r in c.predict(api_name="/reports")}
        assert set(reports) >= {"hongze-2023.txt", "hongze-2024.txt"} and HONGZE_2024.name not in reports
        breaks = [b["message"] for b in reports["hongze-2024.txt"]["across_years"]]
        assert "淮安市洪泽区人民政府2023年“结转下年度继续办理”为 0，但2024年“上年结转”为 2，两者应当相等。" in breaks
        assert breaks == [b["message"] for b in reports["hongze-2023.txt"]["across_years"]] and len(breaks) == 2
