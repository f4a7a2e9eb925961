"""The web app, served for real on a free port and called with gradio_client and plain HTTP."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from gradio_client import Client, handle_file

from app.limits import MAX_QUESTION_CHARS
from app.web import build_app
from app.web.render import render_answer, render_report
from indexer.store import Store
from tests.web_support import ADMIN_TOKEN, HOSTILE, IMG_LINE, REPORTS, SCRIPT_LINE, LiveServer

QUESTION = "王屋镇2020年收到多少政府信息公开申请？"


def get(url: str) -> tuple[int, dict, str]:
    """Status, headers and body of a GET (redirects followed)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def client(web_server: LiveServer) -> Client:
    """A gradio_client Client of the shared server."""
    return Client(web_server.url, verbose=False)


@pytest.fixture(scope="module")
def store(web_index: Path) -> Store:
    """The facts store of the shared index, to check answers against."""
    return Store(web_index / "facts.sqlite", readonly=True)


def test_health(web_server: LiveServer) -> None:
    """/health says ok with the counts of the index."""
    status, headers, body = get(web_server.url + "/health")
    info = json.loads(body)
    assert status == 200 and headers["content-type"].startswith("application/json")
    assert info["status"] == "ok" and info["reports"] == 6 and info["facts"] > 1000 and 2020 in info["years"]


def test_figure_question_then_follow_up(client: Client, store: Store) -> None:
    """A figure question, then a follow-up that keeps the body and year."""
    first = client.predict(QUESTION, None, api_name="/ask")
    assert first["value"] == 2
    assert list(first)[:4] == ["answer", "value", "facts", "passages"]
    fact = first["facts"][0]
    assert (fact["report"], fact["table"], fact["row"], fact["column"], fact["line"]) == \
        ("wangwu-2020.txt", "requests", "new_received", "total", 128)
    assert "2" in first["answer"] and first["state"]

    follow = client.predict("那予以公开的呢？", first["state"], api_name="/ask")
    granted = store.facts(body="王屋镇人民政府", year=2020, table="requests", row="granted", column="total")[0]
    assert follow["value"] == granted.value
    assert follow["facts"][0]["row"] == "granted" and follow["facts"][0]["report"] == "wangwu-2020.txt"


def test_ask_is_the_cli_json(client: Client, web_index: Path) -> None:
    """The `ask` endpoint returns what `app ask --json` prints."""
    from app.engine import QA

    direct = QA(web_index).ask(QUESTION)
    served = client.predict(QUESTION, None, api_name="/ask")
    assert {k: served[k] for k in ("answer", "value", "facts", "passages")} == \
        {k: direct[k] for k in ("answer", "value", "facts", "passages")}


def test_question_length_is_capped(client: Client) -> None:
    """An over-long question is refused with the limit named."""
    result = client.predict("问" * (MAX_QUESTION_CHARS + 1), None, api_name="/ask")
    assert result["value"] is None and str(MAX_QUESTION_CHARS) in result["answer"]


def test_lookup(client: Client) -> None:
    """Staff look-up by a partial name; an absent year and body get no value."""
    got = client.predict("王屋", 2020, "requests", "new_received", "natural_person", api_name="/lookup")
    assert got["value"] == 2 and got["facts"][0]["line"] == 128 and got["facts"][0]["body"] == "王屋镇人民政府"
    missing_year = client.predict("王屋镇人民政府", 2019, "requests", "new_received", "total", api_name="/lookup")
    assert missing_year["value"] is None and "2020" in missing_year["answer"]
    unknown = client.predict("不存在镇", 2020, "requests", "new_received", "total", api_name="/lookup")
    assert unknown["value"] is None and unknown["facts"] == []


def test_lookup_of_an_unknown_cell_names_what_is_allowed(client: Client, web_server: LiveServer) -> None:
    """An unknown row is an error listing the rows (the endpoint's error; 400 from GET /api/lookup)."""
    with pytest.raises(Exception, match="new_received"):
        client.predict("王屋", 2020, "requests", "new_recieved", "total", api_name="/lookup")
    status, _, body = get(web_server.url + "/api/lookup?body=%E7%8E%8B%E5%B1%8B&year=2020&table=requests"
                                           "&row=new_recieved&column=total")
    assert status == 400 and "granted" in json.loads(body)["allowed"]
    status, _, body = get(web_server.url + "/api/lookup?body=%E7%8E%8B%E5%B1%8B&year=2020&table=requests"
                                           "&row=new_received&column=natural_person")
    assert status == 200 and json.loads(body)["value"] == 2


def test_compare(client: Client, store: Store) -> None:
    """Compare gives each body its figure and source, as in the store."""
    bodies = ["王屋镇人民政府", "盐池县王乐井乡", "绥滨镇"]
    got = client.predict(bodies, [2020], "requests", "granted", "total", api_name="/compare")
    assert [r["body"] for r in got["rows"]] == bodies
    for row in got["rows"]:
        fact = store.facts(body=row["body"], year=2020, table="requests", row="granted", column="total")[0]
        assert (row["value"], row["report"], row["line"]) == (fact.value, fact.report, fact.line)


def test_reports_and_fields(client: Client) -> None:
    """The reports and fields endpoints."""
    reports = client.predict(api_name="/reports")
    assert len(reports) == 6 and {r["status"] for r in reports} == {"parsed"}
    assert any(r["report"] == HOSTILE for r in reports)
    fields = client.predict(api_name="/fields")
    assert fields["requests"]["rows"]["new_received"]["columns"]["total"] == "总计（total）"


def test_admin_absent_without_a_token(web_index: Path) -> None:
    """Without a token the admin endpoints and tab do not exist."""
    with LiveServer(build_app(web_index, admin_token=None)) as server:
        c = Client(server.url, verbose=False)
        assert "/admin_upload" not in c.view_api(print_info=False, return_format="dict")["named_endpoints"]
        with pytest.raises(ValueError):
            c.predict(ADMIN_TOKEN, api_name="/admin_rebuild")
        _, _, page = get(server.url + "/config")
        assert "admin-token" not in page


def test_admin_refused_without_the_token_then_accepted(web_index: Path, tmp_path: Path) -> None:
    """Upload refused without the token; with it, per-file results and the new report answers."""
    index = tmp_path / "index"
    shutil.copytree(web_index, index)
    new = tmp_path / "dongpo-2021.txt"
    new.write_text((REPORTS / "wangwu-2020.txt").read_text(encoding="utf-8").replace("王屋", "东坡")
                   .replace("2020年", "2021年"), encoding="utf-8")
    junk = tmp_path / "notes.exe"
    junk.write_bytes(b"MZ")
    with LiveServer(build_app(index, admin_token=ADMIN_TOKEN)) as server:
        c = Client(server.url, verbose=False)
        for wrong in ("", "guess"):
            with pytest.raises(Exception, match="token"):
                c.predict(wrong, [handle_file(str(new))], api_name="/admin_upload")
        assert c.predict("东坡镇2021年收到多少政府信息公开申请？", None, api_name="/ask")["value"] is None

        done = c.predict(ADMIN_TOKEN, [handle_file(str(new)), handle_file(str(junk))], api_name="/admin_upload")
        by_file = {f["file"]: f for f in done["files"]}
        assert by_file["dongpo-2021.txt"]["result"] == "added"
        assert by_file["dongpo-2021.txt"]["status"] == "parsed" and by_file["dongpo-2021.txt"]["year"] == 2021
        assert by_file["notes.exe"]["result"] == "refused"
        assert done["reports"] == 7
        assert c.predict("东坡镇2021年收到多少政府信息公开申请？", None, api_name="/ask")["value"] == 2

        again = c.predict(ADMIN_TOKEN, api_name="/admin_rebuild")
        assert again["reports"] == 7 and again["build"]["removed"] == [] and not again["build"]["failures"]


def test_widget_embed_and_report_pages(web_server: LiveServer) -> None:
    """The widget, embed.js, gradio.js and the inert report page."""
    status, _, page = get(web_server.url + "/widget?q=" + urllib.request.quote(QUESTION))  # → /widget/?q=…
    assert status == 200 and "<gradio-app" in page
    config = json.loads(get(web_server.url + "/widget/config")[2])
    ids = {c.get("props", {}).get("elem_id") for c in config["components"]}
    assert {"chat", "chat-input"} <= ids and "tabs" not in ids  # just the chat
    status, headers, js = get(web_server.url + "/embed.js")
    assert status == 200 and "javascript" in headers["content-type"] and "/widget/" in js
    status, _, js = get(web_server.url + "/gradio.js")
    assert status == 200 and "import(" in js
    status, headers, html = get(web_server.url + "/report/" + HOSTILE)
    assert status == 200 and "default-src 'none'" in headers["content-security-policy"]
    assert "<script>window" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__xss" in html and 'id="L131"' in html
    assert get(web_server.url + "/report/nothing.txt")[0] == 404


def test_everything_from_a_report_or_question_is_escaped(web_index: Path) -> None:
    """Markup from a report, a question or the engine never reaches the page as markup."""
    hostile = f"问{SCRIPT_LINE}{IMG_LINE}"
    text = (web_index.parent / "index-sources" / HOSTILE).read_text(encoding="utf-8")
    result = {"answer": hostile, "value": 2, "unit": "件", "kind": "figure",
              "facts": [{"report": HOSTILE, "body": IMG_LINE, "year": 2020, "template": "2019", "table": "requests",
                         "row": "new_received", "column": "total", "value": 2, "unit": None, "line": 131}],
              "citation": {"report": HOSTILE, "table": SCRIPT_LINE, "row": IMG_LINE, "column": "总计"},
              "findings": [{"rule": 1, "table": SCRIPT_LINE, "where": IMG_LINE, "printed": 1, "expected": 2,
                            "cells": [{"row": IMG_LINE, "column": SCRIPT_LINE, "value": 1, "role": "total"},
                                      {"row": IMG_LINE, "column": IMG_LINE, "value": 2, "role": "part"}]}]}
    prose = {"answer": hostile, "value": None, "facts": [], "kind": "passage", "terms": ["<script>"],
             "passages": [{"report": HOSTILE, "text": text[:300], "line": 5, "highlights": [[0, 40]]}]}
    store = Store(web_index / "facts.sqlite", readonly=True)
    rep = next(r for r in store.reports() if r.report == HOSTILE)
    pages = (render_answer(result, hostile, lambda _: text, "http://x"), render_answer(prose, hostile, lambda _: text),
             render_report(rep, text))
    for html in pages:
        assert "<script" not in html and "<img" not in html
        assert "&lt;script&gt;" in html
