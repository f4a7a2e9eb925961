"""The Gradio web app: chat, staff look-up, compare, reports, widget, API, admin; `serve` runs it."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse

from app.limits import QUEUE
from app.web.admin import MAX_UPLOAD
from app.web.admin_page import admin_tab
from app.web.api import register_api
from app.web.backend import Backend
from app.web.busy import BusyMessage
from app.web.chat import chat_panel
from app.web.embed_help import ESCAPE_JS, embed_tab
from app.web.lookup import compare_tab, lookup_tab
from app.web.lookup import lookup as staff_lookup
from app.web.optional import OptionalValues
from app.web.render import esc, report_page
from app.web.reports import reports_tab
from app.web.staff import CellError
from app.web.widget import WIDGET_CSS, build_widget
from indexer.pg import is_url, redact

STATIC = Path(__file__).parent / "static"
GRADIO_JS = Path(gr.__file__).parent / "templates" / "frontend" / "gradio.js"  # the <gradio-app> web component
ADMIN_TOKEN_ENV = "GOVQA_ADMIN_TOKEN"
PAGE_SECURITY = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
                 "X-Content-Type-Options": "nosniff"}
HEADER = ("<div class='qa-header'><h1>年报问答 · 政府信息公开工作年度报告</h1><p>问数字、查出处、比年度、看勾稽。"
          "Ask the annual government-information-disclosure reports; every figure with its source.</p></div>")


def build_blocks(backend: Backend, admin_token: str | None = None) -> gr.Blocks:
    """The main page: chat, look-up, compare, reports, embedding help, and admin where a token is set."""
    with gr.Blocks(title="年报问答 gov-report QA", analytics_enabled=False) as demo:
        gr.HTML(HEADER)
        with gr.Tabs(elem_id="tabs"):
            with gr.Tab("问答 Chat", id="chat", elem_id="tab-chat"):
                chat_panel(backend, demo)
            with gr.Tab("数字查询 Look-up", id="lookup", elem_id="tab-lookup"):
                lookup_tab(backend, demo)
            with gr.Tab("对比 Compare", id="compare", elem_id="tab-compare"):
                compare_tab(backend, demo)
            with gr.Tab("报告 Reports", id="reports", elem_id="tab-reports"):
                reports_tab(backend, demo)
            with gr.Tab("嵌入与接口 Embed & API", id="embed", elem_id="tab-embed"):
                embed_tab(demo)
            if admin_token:
                with gr.Tab("管理 Admin", id="admin", elem_id="tab-admin"):
                    admin_tab(backend, admin_token)
        register_api(backend)
    demo.queue(**QUEUE)
    return demo


def add_routes(app: FastAPI, backend: Backend) -> None:
    """Plain routes beside Gradio: /health, /embed.js, /gradio.js, /widget → /widget/, /report/<file>."""

    @app.get("/health")
    def health() -> JSONResponse:
        """The index is readable: counts, years, build time (503 when it is not)."""
        info = backend.health()
        return JSONResponse(info, status_code=200 if info["status"] == "ok" else 503)

    @app.get("/embed.js")
    def embed_js() -> FileResponse:
        """The one-line floating chat button script."""
        return FileResponse(STATIC / "embed.js", media_type="text/javascript",
                            headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "max-age=300"})

    @app.get("/gradio.js", include_in_schema=False)
    def gradio_js() -> FileResponse:
        """Gradio's <gradio-app> loader, served locally (no CDN needed)."""
        return FileResponse(GRADIO_JS, media_type="text/javascript", headers={"Access-Control-Allow-Origin": "*"})

    @app.get("/widget", include_in_schema=False)
    def widget_slash(request: Request) -> RedirectResponse:
        """/widget?q=… → /widget/?q=… (the mounted page lives under the slash)."""
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(f"{request.scope.get('root_path', '')}/widget/{query}", status_code=307)

    @app.get("/api/lookup")
    def lookup_route(body: str, year: int, table: str, row: str, column: str | None = None) -> JSONResponse:
        """One figure as JSON (the `lookup` endpoint's answer); 400 naming what is allowed for an unknown id."""
        try:
            return JSONResponse(staff_lookup(backend, body, year, table, row, column))
        except CellError as exc:
            return JSONResponse({"detail": str(exc), "allowed": exc.allowed}, status_code=400)

    @app.get("/report/{name}")
    def report(name: str) -> HTMLResponse:
        """A report's whole text as an inert page, each line an anchor."""
        text = backend.report_text(name)
        if text is None:
            raise HTTPException(404, f"no report {esc(name)}")
        found = [r for r in backend.reports() if r.report == name]
        title = f"{found[0].body or ''} {found[0].year or ''}".strip() if found else name
        return HTMLResponse(report_page(name, title or name, text), headers=PAGE_SECURITY)


def build_app(index_dir: str | Path, admin_token: str | None = None,
              engine_factory: Callable[[Path], Any] | None = None) -> FastAPI:
    """The whole web app over an index folder: Gradio pages at / and /widget/, plus the plain routes."""
    backend = Backend(index_dir, engine_factory)
    css = (STATIC / "app.css").read_text(encoding="utf-8")
    app = FastAPI(title="年报问答")
    app.add_middleware(BusyMessage)  # a full queue: 503 "busy, try again", at once
    app.add_middleware(OptionalValues)  # `ask` with the question alone: state null
    add_routes(app, backend)
    common = {"max_file_size": MAX_UPLOAD, "show_error": True, "ssr_mode": False}
    gr.mount_gradio_app(app, build_widget(backend), path="/widget", css=css + WIDGET_CSS, head=ESCAPE_JS, **common)
    gr.mount_gradio_app(app, build_blocks(backend, admin_token or None), path="", css=css, **common)
    app.state.backend = backend
    return app


def warm(backend: Backend) -> None:
    """Load the engine, then check the example questions against it, so that the first visitor waits for neither."""
    from app.web.examples import example_questions

    backend.warm()
    example_questions(backend)


def serve(index_dir: str | Path, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Serve the app until interrupted; the admin token comes from the GOVQA_ADMIN_TOKEN environment variable."""
    import uvicorn

    from indexer.manifest import IndexMismatch, IndexUnusable, check_index_versions

    where = str(index_dir)
    if is_url(index_dir):
        from indexer.pg.store import PgStore

        try:
            PgStore(str(index_dir)).close()  # refuses a database without a current generation, or an old one
        except (IndexMismatch, IndexUnusable) as exc:
            raise SystemExit(f"error: {exc}") from None
        index_dir, where = str(index_dir), redact(str(index_dir))
    elif not (Path(index_dir) / "facts.sqlite").exists():
        raise SystemExit(f"error: no index in {index_dir} (build it: python -m indexer build reports --index "
                         f"{index_dir})")
    else:
        try:
            check_index_versions(index_dir)  # the engine loads later, in a thread: say it now, in one line
        except (IndexMismatch, IndexUnusable) as exc:
            raise SystemExit(f"error: {exc}") from None
    app = build_app(index_dir, os.environ.get(ADMIN_TOKEN_ENV) or None)
    threading.Thread(target=warm, args=(app.state.backend,), name="warm", daemon=True).start()
    print(f"年报问答 serving {where} on http://{host}:{port}/  (widget: /widget/, health: /health)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
