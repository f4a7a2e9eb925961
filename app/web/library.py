"""The admin's report files: each report known by its content hash and by (body, year); new versions, deletions, log.

Uploaded files live in the upload folder; a new version of an indexed body and year waits in the pending folder
until an admin confirms it; replaced and deleted uploads are kept in the removed folder; every change is a line
of the admin log (what, when, from which address). The index itself is rebuilt by the caller (atomic: the
previous index serves until the new one is complete).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app.understand.names import body_keys
from app.web.backend import Backend
from app.web.cite import report_name
from app.web.labels import cell_name, format_value
from indexer.model import Report
from indexer.store import StoredReport

UPLOAD_DIR_ENV = "GOVQA_UPLOAD_DIR"
MAX_DIFFS_SHOWN = 30


def sha256_of(path: Path) -> str:
    """The file's content hash."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def folder(backend: Backend, kind: str) -> Path:
    """A folder beside the index: uploads ($GOVQA_UPLOAD_DIR where set), pending, removed."""
    configured = os.environ.get(UPLOAD_DIR_ENV) if kind == "uploads" else None
    path = Path(configured) if configured else backend.index_dir.parent / f"{backend.index_dir.name}-{kind}"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_path(backend: Backend) -> Path:
    """The admin log: one JSON line per change."""
    return backend.index_dir.parent / f"{backend.index_dir.name}-admin.log"


def log_change(backend: Backend, action: str, address: str, **details: object) -> None:
    """Append one change to the admin log."""
    entry = {"time": datetime.now(UTC).isoformat(timespec="seconds"), "action": action, "address": address, **details}
    with log_path(backend).open("a", encoding="utf-8") as f:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")


def read_log(backend: Backend, last: int = 50) -> list[dict]:
    """The latest changes, newest first."""
    try:
        lines = log_path(backend).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    out = []
    for line in reversed(lines[-last:]):
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out


@dataclass
class Difference:
    """How a new version's figures differ from the indexed report's."""

    changed: list[tuple[str, object, object]] = field(default_factory=list)  # (cell, old, new)
    only_old: list[tuple[str, object]] = field(default_factory=list)
    only_new: list[tuple[str, object]] = field(default_factory=list)

    def count(self) -> int:
        """How many figures differ."""
        return len(self.changed) + len(self.only_old) + len(self.only_new)

    def words(self) -> list[str]:
        """Each difference as a line in words (at most MAX_DIFFS_SHOWN)."""
        lines = [f"{cell}：{format_value(old)} → {format_value(new)}" for cell, old, new in self.changed]
        lines += [f"{cell}：{format_value(old)} → （新版本没有）" for cell, old in self.only_old]
        lines += [f"{cell}：（旧版本没有）→ {format_value(new)}" for cell, new in self.only_new]
        more = len(lines) - MAX_DIFFS_SHOWN
        return lines[:MAX_DIFFS_SHOWN] + ([f"……另有 {more} 处不同"] if more > 0 else [])


def cell_words(table: str, row: str, column: str, template: str | None) -> str:
    """A cell as printed: 三、… › （一）予以公开 › 总计."""
    title, row_label, column_label = cell_name(table, row, column, template)
    return f"{title} › {row_label} › {column_label}"


def difference(backend: Backend, old: StoredReport, new_facts: list, template: str | None) -> Difference:
    """The figures that differ between the indexed report and a new version of it."""
    before = {(f.table, f.row, f.column): f.value for f in backend.store.facts(report=old.report)}
    after = {f.key(): f.value for f in new_facts}
    diff = Difference()
    for key in sorted(before.keys() | after.keys()):
        words = cell_words(*key, template or old.template)
        if key not in after:
            diff.only_old.append((words, before[key]))
        elif key not in before:
            diff.only_new.append((words, after[key]))
        elif before[key] != after[key]:
            diff.changed.append((words, before[key], after[key]))
    return diff


def same_content(backend: Backend, sha: str) -> StoredReport | None:
    """The indexed report with exactly this content, if any."""
    return next((r for r in backend.reports() if r.sha256 == sha), None)


def body_of(rep: StoredReport | Report) -> str | None:
    """The name a report is known by across spellings: its canonical body, else the body as printed."""
    return rep.canonical_body or rep.body


def report_bodies(reports: list[StoredReport]) -> dict[str, str]:
    """Each report (file) to its body across the index: one body for 洪泽区人民政府 and 淮安市洪泽区人民政府."""
    keys = body_keys([b for r in reports if (b := body_of(r))])
    return {r.report: keys[b] for r in reports if (b := body_of(r))}


def same_body_year(reports: list, new: Report) -> StoredReport | Report | None:
    """The report among these of the new one's body (by its canonical name, across spellings) and year, if any."""
    body = body_of(new)
    if not body or not new.year:
        return None
    keys = body_keys([body] + [b for r in reports if (b := body_of(r))])
    return next((r for r in reports if r.year == new.year and (b := body_of(r)) and keys[b] == keys[body]), None)


def same_report(backend: Backend, new: Report) -> StoredReport | None:
    """The indexed report of the new one's body and year, if any."""
    return same_body_year(backend.reports(), new)  # type: ignore[return-value]


def source_of(rep: StoredReport) -> Path:
    """Where an indexed report's file is."""
    p = Path(rep.path)
    return p if p.is_absolute() else Path.cwd() / p


def sources(backend: Backend, leave_out: set[str] = frozenset()) -> list[str]:
    """What a rebuild reads: the indexed reports' files that still exist (less those left out), the upload folder."""
    up = folder(backend, "uploads").resolve()
    files = set()
    for r in backend.reports():
        p = source_of(r)
        if r.report not in leave_out and p.is_file() and up not in p.resolve().parents:
            files.add(str(p))
    return [*sorted(files), str(up)]


def put_aside(backend: Backend, rep: StoredReport) -> None:
    """Move an uploaded report's file to the removed folder (files outside the upload folder are left alone)."""
    p = source_of(rep)
    up = folder(backend, "uploads").resolve()
    if p.is_file() and up in p.resolve().parents:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        shutil.move(str(p), folder(backend, "removed") / f"{stamp}-{p.name}")


def describe(rep: StoredReport) -> str:
    """A report in words: body, year and file."""
    return f"「{report_name(rep.body, rep.year)}」（{rep.report}）"
