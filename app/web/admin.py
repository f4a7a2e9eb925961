"""Admin: upload report files (added to the index incrementally, per-file results) and rebuild; token only."""

from __future__ import annotations

import hmac
import os
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import gradio as gr

from app.limits import MAX_UPLOAD_FILES, MAX_UPLOAD_MB
from app.web.backend import Backend
from indexer.read import REPORT_SUFFIXES

if TYPE_CHECKING:
    from indexer.build import BuildResult

MAX_UPLOAD = f"{MAX_UPLOAD_MB}mb"
UPLOAD_DIR_ENV = "GOVQA_UPLOAD_DIR"
_BUILDING = threading.Lock()


def require_token(given: str | None, expected: str | None) -> None:
    """Raise a user-facing error unless the admin token given matches the configured one."""
    if not expected:
        raise gr.Error("管理功能未启用（未设置 GOVQA_ADMIN_TOKEN）。Admin is disabled on this server.")
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise gr.Error("管理令牌错误。Wrong or missing admin token.")


def upload_dir(backend: Backend) -> Path:
    """Where uploaded reports are kept: $GOVQA_UPLOAD_DIR, else a folder beside the index."""
    configured = os.environ.get(UPLOAD_DIR_ENV)
    if not configured and not isinstance(backend.index_dir, Path):  # a database has no folder beside it
        raise gr.Error(f"set {UPLOAD_DIR_ENV} for uploads to a database index")
    folder = Path(configured) if configured else backend.index_dir.parent / f"{backend.index_dir.name}-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def sources(backend: Backend) -> list[str]:
    """What a rebuild reads: every indexed report's file that still exists, and the upload folder."""
    up = upload_dir(backend).resolve()
    files = set()
    for r in backend.reports():
        p = Path(r.path) if Path(r.path).is_absolute() else Path.cwd() / r.path
        if p.is_file() and up not in p.resolve().parents:
            files.add(str(p))
    return [*sorted(files), str(up)]


def screen(files: list[str]) -> tuple[list[Path], list[dict]]:
    """Split uploads into report files accepted and those refused (type or size), with the reason."""
    accepted, refused = [], []
    for raw in files[:MAX_UPLOAD_FILES]:
        p = Path(raw)
        if p.suffix.lower() not in REPORT_SUFFIXES:
            reason = f"不支持的类型 type not accepted（{', '.join(REPORT_SUFFIXES)}）"
            refused.append({"file": p.name, "result": "refused", "reason": reason})
        elif p.stat().st_size > MAX_UPLOAD_MB * 1024 * 1024:
            refused.append({"file": p.name, "result": "refused", "reason": f"文件过大 larger than {MAX_UPLOAD_MB} MB"})
        else:
            accepted.append(p)
    refused += [{"file": Path(f).name, "result": "refused", "reason": f"超过 {MAX_UPLOAD_FILES} 个文件 too many files"}
                for f in files[MAX_UPLOAD_FILES:]]
    return accepted, refused


def safe_name(name: str) -> str:
    """A file name without folders or a leading dot."""
    base = Path(name).name.lstrip(".").replace("\x00", "")
    return base or "upload.txt"


def rebuild_index(backend: Backend) -> BuildResult:
    """Run the incremental index build over the index's sources, then reopen the index."""
    from indexer.build import BuildError, build_index  # numpy, faiss, the encoder: only when building

    with _BUILDING:
        try:
            if isinstance(backend.index_dir, Path):
                result = build_index(sources(backend), backend.index_dir, progress=False)
            else:  # a postgresql:// URL: a new generation, switched to when complete
                from indexer.pg.build import build_pg

                result = build_pg(sources(backend), backend.index_dir, progress=False)
        except BuildError as exc:
            raise gr.Error(f"索引未更新 index not updated: {exc}") from exc
        backend.reload()
    return result


def build_summary(result: BuildResult) -> dict:
    """A build's outcome as plain data."""
    return {"reports": result.reports, "facts": result.facts, "passages": result.passages,
            "added": result.added, "changed": result.changed, "removed": result.removed,
            "unchanged": len(result.unchanged), "failures": [{"file": f, "reason": r} for f, r in result.failures],
            "seconds": round(result.seconds, 2), "summary": result.summary()}


def file_results(backend: Backend, names: list[str], result: BuildResult) -> list[dict]:
    """What became of each uploaded file: added or changed, body, year, status, figures, findings; or why not."""
    failed = {Path(f).name: reason for f, reason in result.failures}
    by_name = {r.report: r for r in backend.reports()}
    out = []
    for name in names:
        r = by_name.get(name)
        if name in failed or r is None:
            out.append({"file": name, "result": "failed", "reason": failed.get(name, "not indexed")})
            continue
        done = "added" if name in result.added else "changed" if name in result.changed else "unchanged"
        out.append({"file": name, "result": done, "body": r.body, "year": r.year, "template": r.template,
                    "status": r.status, "figures": r.n_facts, "findings": len(r.findings)})
    return out


def upload(backend: Backend, token: str, files: list[str] | None, expected: str | None) -> dict:
    """Save uploaded reports to the upload folder, add them to the index, and say what became of each."""
    require_token(token, expected)
    accepted, refused = screen([str(f) for f in files or []])
    folder = upload_dir(backend)
    elsewhere = {r.report for r in backend.reports() if Path(r.path).resolve().parent != folder.resolve()}
    names = []
    for torn in folder.glob(".*.part"):  # left by an upload that was interrupted while copying
        torn.unlink(missing_ok=True)
    for p in accepted:
        name = safe_name(p.name)
        if name in elsewhere:
            refused.append({"file": name, "result": "refused", "reason": "已有同名报告 a report of this name is "
                                                                        "already indexed; rename the file"})
            continue
        part = folder / f".{name}.part"  # a dot name, never read as a report, until it is whole
        shutil.copyfile(p, part)
        os.replace(part, folder / name)
        names.append(name)
    if not names:
        return {"files": refused, "build": None, "reports": len(backend.reports())}
    result = rebuild_index(backend)
    results = file_results(backend, names, result)
    for r in results:
        if r["result"] == "failed":
            (folder / r["file"]).unlink(missing_ok=True)  # not a report: keep it out of later builds
    return {"files": results + refused, "build": build_summary(result), "reports": len(backend.reports())}


def rebuild(backend: Backend, token: str, expected: str | None) -> dict:
    """Rebuild the index from its sources (incremental: unchanged reports are kept)."""
    require_token(token, expected)
    result = rebuild_index(backend)
    return {"build": build_summary(result), "reports": len(backend.reports())}


def admin_tab(backend: Backend, expected: str) -> None:
    """The 管理 tab (only built when a token is configured): token, upload, rebuild, results."""
    gr.Markdown(f"上传年报文件（{'、'.join(REPORT_SUFFIXES)}，每个不超过 {MAX_UPLOAD_MB} MB）后自动解析并加入索引；"
                "或重建索引。需要管理令牌。Upload reports or rebuild the index; the admin token is required.")
    token = gr.Textbox(label="管理令牌 admin token", type="password", elem_id="admin-token")
    # No file_types here: Gradio would refuse the whole batch for one wrong file; screen() answers per file.
    files = gr.File(label="年报文件 report files", file_count="multiple", type="filepath", elem_id="admin-files")
    with gr.Row():
        go = gr.Button("上传并加入索引 Upload and index", variant="primary")
        again = gr.Button("重建索引 Rebuild")
    out = gr.JSON(label="结果 results")
    def admin_upload(token: str, files: list[str] | None) -> dict:
        """Add report files to the index (admin token required); per-file results."""
        return upload(backend, token, files, expected)

    def admin_rebuild(token: str) -> dict:
        """Rebuild the index from its sources (admin token required)."""
        return rebuild(backend, token, expected)

    go.click(admin_upload, [token, files], out, api_name="admin_upload", concurrency_limit=1, concurrency_id="admin")
    again.click(admin_rebuild, [token], out, api_name="admin_rebuild", concurrency_limit=1, concurrency_id="admin")
