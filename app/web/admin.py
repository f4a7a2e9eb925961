"""Admin operations: upload reports (the same content is "already indexed", a new version of an indexed body and
year waits for confirmation), replace, delete, rebuild; token only, every change logged, results in words."""

from __future__ import annotations

import hmac
import os
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from app.limits import MAX_UPLOAD_FILES, MAX_UPLOAD_MB
from app.web.backend import Backend
from app.web.cite import report_name
from app.web.library import (
    UPLOAD_DIR_ENV,
    describe,
    difference,
    folder,
    log_change,
    put_aside,
    same_body_year,
    same_content,
    same_report,
    sha256_of,
    sources,
)
from indexer.read import REPORT_SUFFIXES

if TYPE_CHECKING:
    from indexer.build import BuildResult
    from indexer.model import Report

MAX_UPLOAD = f"{MAX_UPLOAD_MB}mb"
_BUILDING = threading.Lock()
NOT_A_REPORT = "这个文件看起来不是政府信息公开工作年度报告（没有找到带年份的标题、各部分的标题或统计表格）。"
UNREADABLE = "无法读取这个文件的文字（文件可能已损坏、加密，或只有扫描图片）。"
__all__ = ["MAX_UPLOAD", "MAX_UPLOAD_FILES", "MAX_UPLOAD_MB", "UPLOAD_DIR_ENV", "confirm", "delete", "upload"]


def require_token(given: str | None, expected: str | None) -> None:
    """Raise a user-facing error unless the admin token given matches the configured one."""
    if not expected:
        raise gr.Error("管理功能未启用（未设置 GOVQA_ADMIN_TOKEN）。Admin is disabled on this server.")
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise gr.Error("管理令牌错误。Wrong or missing admin token.")


def address_of(request: Any) -> str:
    """The address a change came from (the first X-Forwarded-For hop behind a proxy)."""
    headers = getattr(request, "headers", None) or {}
    forwarded = headers.get("x-forwarded-for", "") if hasattr(headers, "get") else ""
    client = getattr(request, "client", None)
    return forwarded.split(",")[0].strip() or (getattr(client, "host", "") or "") or "local"


def upload_dir(backend: Backend) -> Path:
    """Where uploaded reports are kept: $GOVQA_UPLOAD_DIR, else a folder beside the index."""
    if not os.environ.get(UPLOAD_DIR_ENV) and not isinstance(backend.index_dir, Path):
        raise gr.Error(f"set {UPLOAD_DIR_ENV} for uploads to a database index")  # a database has no folder beside it
    return folder(backend, "uploads")


def screen(files: list[str]) -> tuple[list[Path], list[dict]]:
    """Split uploads into report files accepted and those refused (type or size), with the reason."""
    accepted, refused = [], []
    for raw in files[:MAX_UPLOAD_FILES]:
        p = Path(raw)
        if p.suffix.lower() not in REPORT_SUFFIXES:
            reason = f"不支持的文件类型，只收 {'、'.join(REPORT_SUFFIXES)} type not accepted"
            refused.append({"file": p.name, "result": "refused", "reason": reason, "message": reason})
        elif p.stat().st_size > MAX_UPLOAD_MB * 1024 * 1024:
            reason = f"文件超过 {MAX_UPLOAD_MB} MB larger than {MAX_UPLOAD_MB} MB"
            refused.append({"file": p.name, "result": "refused", "reason": reason, "message": reason})
        else:
            accepted.append(p)
    reason = f"一次最多上传 {MAX_UPLOAD_FILES} 个文件 too many files"
    refused += [{"file": Path(f).name, "result": "refused", "reason": reason, "message": reason}
                for f in files[MAX_UPLOAD_FILES:]]
    return accepted, refused


def safe_name(name: str) -> str:
    """A file name without folders or a leading dot."""
    base = Path(name).name.lstrip(".").replace("\x00", "")
    return base or "upload.txt"


def plain_reason(reason: str) -> str:
    """A build failure in words, without the exception's name or the server's paths."""
    return NOT_A_REPORT if reason.startswith("NotAReport") else UNREADABLE


def rebuild_index(backend: Backend, leave_out: set[str] = frozenset()) -> BuildResult:
    """Run the incremental index build over the index's sources (less those left out), then reopen the index."""
    from indexer.build import BuildError, build_index  # numpy, faiss, the encoder: only when building

    with _BUILDING:
        try:
            if isinstance(backend.index_dir, Path):
                result = build_index(sources(backend, leave_out), backend.index_dir, progress=False)
            else:  # a postgresql:// URL: a new generation, switched to when complete
                from indexer.pg.build import build_pg

                result = build_pg(sources(backend, leave_out), backend.index_dir, progress=False)
        except BuildError as exc:
            raise gr.Error(f"索引未更新，原来的索引照常服务。The index was not updated: {str(exc)[:200]}") from exc
        backend.reload()
    return result


def build_summary(result: BuildResult) -> dict:
    """A build's outcome as plain data (file names only, never the server's paths)."""
    return {"reports": result.reports, "facts": result.facts, "passages": result.passages,
            "added": result.added, "changed": result.changed, "removed": result.removed,
            "unchanged": len(result.unchanged),
            "failures": [{"file": Path(f).name, "reason": plain_reason(r)} for f, r in result.failures],
            "seconds": round(result.seconds, 2)}


def file_results(backend: Backend, names: list[str], result: BuildResult) -> list[dict]:
    """What became of each file indexed: added or changed, body, year, status, figures, findings; or why not."""
    failed = {Path(f).name: reason for f, reason in result.failures}
    by_name = {r.report: r for r in backend.reports()}
    out = []
    for name in names:
        r = by_name.get(name)
        if name in failed or r is None:
            why = plain_reason(failed.get(name, ""))
            out.append({"file": name, "result": "failed", "reason": why, "message": why})
            continue
        done = "added" if name in result.added else "changed" if name in result.changed else "unchanged"
        out.append({"file": name, "result": done, "body": r.body, "year": r.year, "template": r.template,
                    "status": r.status, "figures": r.n_facts, "findings": len(r.findings),
                    "message": f"已加入{describe(r)}：{r.n_facts} 个数字，勾稽问题 {len(r.findings)} 处。"})
    return out


def copy_in(src: Path, dest: Path) -> None:
    """Copy a file in under a dot name first, so that no build reads it half-written."""
    part = dest.parent / f".{dest.name}.part"
    shutil.copyfile(src, part)
    os.replace(part, dest)


def examine(backend: Backend, p: Path, name: str, seen: dict[str, str], batch: list[Report]) -> dict:
    """What to do with one upload: already indexed, not a report, a new version (needs confirmation), the same
    body and year as another file of this upload (refused: which is right?), or new."""
    from indexer.read import read_report

    sha = sha256_of(p)
    twin = same_content(backend, sha)
    if twin or sha in seen:
        what = describe(twin) if twin else f"同一批上传的 {seen[sha]}"
        return {"file": name, "result": "already_indexed", "message": f"已收录：内容与{what}完全相同，没有重复加入。"}
    seen[sha] = name
    try:
        rep = read_report(p)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is answered in words
        return {"file": name, "result": "failed", "message": plain_reason(type(exc).__name__)}
    old = same_report(backend, rep)
    if old:
        diff = difference(backend, old, rep.facts, rep.template)
        change = f"有 {diff.count()} 个数字不同" if diff.count() else "数字没有不同（文字有改动）"
        return {"file": name, "result": "needs_confirmation", "replaces": old.report, "body": old.body,
                "year": old.year, "differences": diff.words(), "count": diff.count(),
                "message": f"{describe(old)}已收录；这个文件是同一机关同一年度的新版本，{change}。确认后替换旧版本。"}
    other = same_body_year(batch, rep)
    if other:
        both = f"同一批上传的 {other.report} 也是「{report_name(other.body, other.year)}」"
        return {"file": name, "result": "refused",
                "message": f"{both}，同一机关同一年度只收一份：请先上传其中一份，再把另一份作为新版本上传。"}
    return {"file": name, "result": "new", "report": rep}


def upload(backend: Backend, token: str, files: list[str] | None, expected: str | None, address: str = "") -> dict:
    """Add uploaded reports to the index; identical content and new versions of indexed reports are held back."""
    require_token(token, expected)
    accepted, refused = screen([str(f) for f in files or []])
    up, pending = upload_dir(backend), folder(backend, "pending")
    for torn in up.glob(".*.part"):  # left by an upload that was interrupted while copying
        torn.unlink(missing_ok=True)
    indexed = {r.report for r in backend.reports()}
    names, held, seen, batch = [], [], {}, []
    for p in accepted:
        name = safe_name(p.name)
        verdict = examine(backend, p, name, seen, batch)
        if verdict["result"] == "needs_confirmation":
            copy_in(p, pending / name)
        elif verdict["result"] == "new" and name in indexed:
            verdict = {"file": name, "result": "refused", "message": "已有同名文件的另一份报告，请把文件改名后再上传。"}
        elif verdict["result"] == "new":
            copy_in(p, up / name)
            names.append(name)
            batch.append(verdict["report"])
            continue
        held.append(verdict)
    build, results = None, []
    if names:
        result = rebuild_index(backend)
        results = file_results(backend, names, result)
        for r in results:
            if r["result"] == "failed":
                (up / r["file"]).unlink(missing_ok=True)  # not a report: keep it out of later builds
        build = build_summary(result)
    files_out = results + held + refused
    log_change(backend, "upload", address, files=[{"file": f["file"], "result": f["result"]} for f in files_out])
    return {"files": files_out, "pending": [f for f in held if f["result"] == "needs_confirmation"],
            "build": build, "reports": len(backend.reports())}


def confirm(backend: Backend, token: str, names: list[str] | None, expected: str | None, address: str = "") -> dict:
    """Replace indexed reports by the new versions waiting under these names (after the admin saw the changes)."""
    from indexer.read import read_report

    require_token(token, expected)
    up, pending = upload_dir(backend), folder(backend, "pending")
    leave_out, done = set(), []
    for name in names or []:
        waiting = pending / safe_name(name)
        if not waiting.is_file():
            done.append({"file": name, "result": "refused", "message": "没有等待确认的这个文件，请重新上传。"})
            continue
        rep = read_report(waiting)
        old = same_report(backend, rep)
        if old:
            leave_out.add(old.report)
            put_aside(backend, old)
        os.replace(waiting, up / waiting.name)
        done.append({"file": waiting.name, "result": "replaced", "replaced": old.report if old else None,
                     "message": f"已用新版本替换{describe(old)}。" if old else "已加入。"})
    build = build_summary(rebuild_index(backend, leave_out)) if leave_out or done else None
    log_change(backend, "replace", address, files=[{"file": d["file"], "replaced": d.get("replaced"),
                                                    "result": d["result"]} for d in done])
    return {"files": done, "pending": [], "build": build, "reports": len(backend.reports())}


def cancel(backend: Backend, token: str, names: list[str] | None, expected: str | None, address: str = "") -> dict:
    """Drop new versions waiting for confirmation; the indexed reports stay."""
    require_token(token, expected)
    pending = folder(backend, "pending")
    for name in names or []:
        (pending / safe_name(name)).unlink(missing_ok=True)
    log_change(backend, "cancel", address, files=list(names or []))
    return {"files": [{"file": n, "result": "cancelled", "message": "已取消，旧版本保留。"} for n in names or []],
            "pending": [], "build": None, "reports": len(backend.reports())}


def delete(backend: Backend, token: str, report: str, expected: str | None, address: str = "") -> dict:
    """Take one report out of the index (an uploaded file is kept aside, not destroyed)."""
    require_token(token, expected)
    found = [r for r in backend.reports() if r.report == report]
    if not found:
        raise gr.Error("没有这份报告。No such report.")
    if len(backend.reports()) == 1:
        raise gr.Error("这是索引里唯一的一份报告，不能删除。The index needs at least one report.")
    rep = found[0]
    put_aside(backend, rep)
    build = build_summary(rebuild_index(backend, {rep.report}))
    log_change(backend, "delete", address, files=[{"file": rep.report, "body": rep.body, "year": rep.year}])
    return {"files": [{"file": rep.report, "result": "deleted", "message": f"已删除{describe(rep)}。"}],
            "pending": [], "build": build, "reports": len(backend.reports())}


def rebuild(backend: Backend, token: str, expected: str | None, address: str = "") -> dict:
    """Rebuild the index from its sources (incremental: unchanged reports are kept)."""
    require_token(token, expected)
    build = build_summary(rebuild_index(backend))
    log_change(backend, "rebuild", address, reports=build["reports"])
    return {"files": [], "pending": [], "build": build, "reports": len(backend.reports())}
