"""Staff and admins in Chromium (tests/browser/staff.js): the Reports tab's problem filter, findings, cross-year
break and parse status in words at desktop and phone sizes; the Admin tab's upload, renamed copy, corrected
version and confirmation."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_browser import ARTIFACTS, BROWSER_DIR, NODE, keep_for_docs, pytestmark  # noqa: F401 - the same skip
from tests.web_support import ADMIN_TOKEN, REPORTS, LiveServer

CARRY = "二、上年结转政府信息公开申请数量"
CARRY_2021 = (f"{CARRY} 0 0 0 0 0 0 0", f"{CARRY} 1 0 0 0 0 0 1")  # 2020 carried nothing forward: a cross-year break
NEW = "一、本年新收政府信息公开申请数量"


def town(folder: Path, name: str, town_name: str, year: int, edit: tuple[str, str] | None = None) -> Path:
    """The 王屋镇 2020 report as another town and year, one line edited where asked."""
    text = (REPORTS / "wangwu-2020.txt").read_text(encoding="utf-8").replace("王屋", town_name)
    text = text.replace("2020年", f"{year}年")
    if edit:
        assert edit[0] in text
        text = text.replace(edit[0], edit[1])
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def staff_server(web_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Path]]:
    """The app over a copy of the web index plus 东坡镇 2020 and 2021, whose 结转 do not carry over."""
    from app.web import admin, build_app
    from app.web.backend import Backend

    root = tmp_path_factory.mktemp("staff")
    index, incoming = root / "index", root / "incoming"
    shutil.copytree(web_index, index)
    incoming.mkdir()
    files = [town(incoming, "dongpo-2020.txt", "东坡", 2020),
             town(incoming, "dongpo-2021.txt", "东坡", 2021, CARRY_2021)]
    done = admin.upload(Backend(index), ADMIN_TOKEN, [str(f) for f in files], ADMIN_TOKEN)
    assert [f["result"] for f in done["files"]] == ["added", "added"]
    with LiveServer(build_app(index, admin_token=ADMIN_TOKEN)) as server:
        yield server, incoming


def test_reports_and_admin_in_the_browser(staff_server: tuple[LiveServer, Path]) -> None:
    """Only reports with problems; the break said in words; admin: added, already indexed, confirm, replaced."""
    server, incoming = staff_server
    original = town(incoming, "nanpo-2021.txt", "南坡", 2021)
    copy = incoming / "南坡镇年报（副本）.txt"
    shutil.copyfile(original, copy)
    corrected = town(incoming, "nanpo-2021-v2.txt", "南坡", 2021,
                     (f"{NEW} 2 0 0 0 0 0 2", f"{NEW} 3 0 0 0 0 0 3"))
    config = {"token": ADMIN_TOKEN, "original": str(original), "copy": str(copy), "corrected": str(corrected),
              "flagged": "dongpo-2021.txt", "plain": "wangwu-2020.txt"}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([NODE, str(BROWSER_DIR / "staff.js"), server.url, str(ARTIFACTS), json.dumps(config)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    (ARTIFACTS / "staff-seen.json").write_text(json.dumps(seen, ensure_ascii=False, indent=2), encoding="utf-8")
    # the phone looks after the admin replaced 南坡镇 2021 by a version whose new requests (3) its outcomes (2) do
    # not add up to; before that only the 东坡镇 2020/2021 pair has something to look at: the 结转 break (natural
    # persons and total), and the rule break it makes inside 2021's table
    for tag, n, flagged in (("desktop", 8, 2), ("phone", 9, 3)):
        s = seen[tag]
        assert f"共 {n} 份报告，其中 {flagged} 份有问题" in s["summary"] and "跨年问题共 2 处" in s["summary"]
        assert "wangwu-2020.txt" in s["all"] and "dongpo-2021.txt" in s["flagged"] and "dongpo-2020.txt" in s["flagged"]
        assert "wangwu-2020.txt" not in s["flagged"]
        assert "东坡镇人民政府2020年“结转下年度继续办理”为 0，但2021年“上年结转”为 1，两者应当相等。" in s["detail"]
        assert "2020年 第237行" in s["detail"] and "2021年 第130行" in s["detail"]
        assert "rule" not in s["detail"] and "requests/" not in s["detail"]
        assert float(s["font"].removesuffix("px")) >= 14
        # the table's headings a line or two (not a letter a line in squeezed columns); the picker's label whole
        assert s["heading"] <= 64 and s["picker"]["value"].startswith("东坡镇人民政府 2021") and not s["picker"]["cut"]
    assert seen["phone"]["width"] <= 390
    assert "已加入" in seen["added"] and "南坡镇人民政府 2021年年报" in seen["added"]
    assert "已收录" in seen["renamed"] and "完全相同" in seen["renamed"]
    assert "副本" not in seen["corrected"] and "内容相同" not in seen["corrected"]  # the corrected file sent alone
    assert "等待确认" in seen["corrected"] and "总计：2 → 3" in seen["corrected"] and seen["confirm_visible"]
    assert "已替换" in seen["replaced"] and "nanpo-2021.txt" in seen["replaced"] and not seen["confirm_after"]
    assert "点击上传" in seen["upload_words"] and "Upload" not in seen["upload_words"]  # a Chinese browser's words
    assert "替换" in seen["log"] and "127.0.0.1" in seen["log"]
    assert re.search(r"20\d\d-\d\d-\d\d \d\d:\d\d:\d\d", seen["log"]) and "+00:00" not in seen["log"]  # time as read
    for text in (seen["added"], seen["renamed"], seen["corrected"], seen["replaced"]):
        assert str(incoming) not in text and "/tmp" not in text and "Error" not in text
    keep_for_docs({"desktop-reports.png": "reports.png", "desktop-admin-confirm.png": "admin-confirm.png"})
