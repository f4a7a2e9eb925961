"""Security of the web app: no path traversal out of the index, the admin token compared in constant time and never
logged, uploads limited in size and number."""

from __future__ import annotations

import hmac
import http.client
import logging
import shutil
import urllib.parse
from pathlib import Path

import pytest
from gradio_client import Client

from app.web import admin, build_app
from tests.web_support import LiveServer

SECRET_TEXT = "TOP-SECRET-outside-the-index"


def raw_get(server: LiveServer, path: str) -> tuple[int, str]:
    """GET a path exactly as written (no client-side normalisation of '..' or '%2F')."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


@pytest.fixture(scope="module")
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file outside the index that nobody may read through the app."""
    path = tmp_path_factory.mktemp("outside") / "secret.txt"
    path.write_text(SECRET_TEXT, encoding="utf-8")
    return path


def traversals(secret: Path) -> list[str]:
    """Paths that try to climb out of the report viewer (and Gradio's file route) to /etc/passwd or the secret."""
    q = urllib.parse.quote
    up = "../" * 12
    return [
        "/report/../../etc/passwd", "/report/..%2F..%2F..%2Fetc%2Fpasswd", "/report/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/report/..%252F..%252Fetc%252Fpasswd", "/report/%2Fetc%2Fpasswd", "/report//etc/passwd",
        "/report/....//....//etc/passwd", "/report/..%5C..%5Cetc%5Cpasswd", "/report/%c0%ae%c0%ae%2fetc%2fpasswd",
        f"/report/{q(str(secret), safe='')}", f"/report/{q(up + str(secret).lstrip('/'), safe='')}",
        "/report/manifest.json", "/report/facts.sqlite", "/report/..%2Fmanifest.json",
        f"/report/{q('file://' + str(secret), safe='')}", "/report/%00wangwu-2020.txt",
        "/gradio_api/file=/etc/passwd", f"/gradio_api/file={secret}", f"/gradio_api/file={up}etc/passwd",
        f"/gradio_api/file={q(str(secret), safe='')}", "/file=/etc/passwd", f"/widget/gradio_api/file={secret}",
    ]


def test_report_viewer_cannot_leave_the_index(web_server: LiveServer, secret: Path) -> None:
    """Every traversal is refused (4xx) and shows neither /etc/passwd nor the secret; a real report still opens."""
    assert raw_get(web_server, "/report/wangwu-2020.txt")[0] == 200
    for path in traversals(secret):
        status, body = raw_get(web_server, path)
        assert 400 <= status < 500, (path, status)
        assert "root:" not in body and SECRET_TEXT not in body, path


def test_admin_token_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """require_token goes through hmac.compare_digest (the same time whatever prefix matches), right or wrong."""
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(admin.hmac, "compare_digest", spy)
    with pytest.raises(Exception, match="token"):
        admin.require_token("expected-tokem", "expected-token")
    admin.require_token("expected-token", "expected-token")
    assert calls == [(b"expected-tokem", b"expected-token"), (b"expected-token", b"expected-token")]
    for missing in ("", None):
        with pytest.raises(Exception, match="token"):
            admin.require_token(missing, "expected-token")


def test_admin_token_is_never_logged_or_shown(web_index: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                              capfd: pytest.CaptureFixture[str]) -> None:
    """A refused and an accepted admin call, with every logger at DEBUG and uvicorn's access log on: neither the
    real token nor the wrong one appears in any log line, on stdout/stderr, in the page config or the API info."""
    token, wrong = "s3cret-Admin-Token-7f1c2a", "wrong-Guess-Token-99b0e4"
    index = tmp_path / "index"
    shutil.copytree(web_index, index)
    caplog.set_level(logging.DEBUG)
    server = LiveServer(build_app(index, admin_token=token))
    logging.getLogger("uvicorn.access").setLevel(logging.INFO)
    with server:
        client = Client(server.url, verbose=False)
        with pytest.raises(Exception, match="token"):
            client.predict(wrong, api_name="/admin_rebuild")
        done = client.predict(token, api_name="/admin_rebuild")
        assert done["reports"] == 6
        pages = [raw_get(server, "/config")[1], raw_get(server, "/gradio_api/info")[1], raw_get(server, "/")[1]]
    out, err = capfd.readouterr()
    assert len(caplog.records) > 10 and "admin_rebuild" in caplog.text + out + err  # the logs were on
    for text in (caplog.text, out, err, *pages):
        assert token not in text and wrong not in text


def test_uploads_are_limited_in_size_type_and_number(tmp_path: Path) -> None:
    """screen(): too many files, a file over MAX_UPLOAD_MB or of another type are refused, each named."""
    files = []
    for n in range(admin.MAX_UPLOAD_FILES + 5):
        files.append(tmp_path / f"r{n:02d}.txt")
        files[-1].write_text("年度报告", encoding="utf-8")
    big = tmp_path / "big.pdf"
    with big.open("wb") as fh:
        fh.truncate(admin.MAX_UPLOAD_MB * 1024 * 1024 + 1)  # sparse: no disk used
    exe = tmp_path / "tool.exe"
    exe.write_bytes(b"MZ")
    accepted, refused = admin.screen([str(big), str(exe), *map(str, files)])
    assert len(accepted) == admin.MAX_UPLOAD_FILES - 2
    reasons = {r["file"]: r["reason"] for r in refused}
    assert "20 MB" in reasons["big.pdf"] and "type" in reasons["tool.exe"]
    assert sum("too many" in r for r in reasons.values()) == 7 and "too many" in reasons["r24.txt"]


def test_upload_over_the_size_limit_is_refused_by_the_server(web_server: LiveServer) -> None:
    """The upload route itself refuses a file over the limit (413) before any admin code runs."""
    boundary = "----limit"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big-2021.txt\"\r\n"
            f"Content-Type: text/plain\r\n\r\n").encode() + b"0" * (admin.MAX_UPLOAD_MB * 1024 * 1024 + 1024) + \
        f"\r\n--{boundary}--\r\n".encode()
    conn = http.client.HTTPConnection("127.0.0.1", web_server.port, timeout=60)
    try:
        conn.request("POST", "/gradio_api/upload", body=body,
                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        response = conn.getresponse()
        assert response.status == 413, (response.status, response.read()[:300])
    finally:
        conn.close()
