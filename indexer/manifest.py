"""The index folder's manifest: how the index was built, and the checks that refuse to open a mismatched one."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from indexer.embed.encoder import ONNX_DIR, ONNX_MARKER, backend_file
from indexer.read import PARSER_VERSION
from indexer.schema import SCHEMA_VERSION
from indexer.store import STORE_VERSION

INDEX_FORMAT = 1  # bump when the files of an index folder change
MANIFEST = "manifest.json"
FACTS = "facts.sqlite"


class IndexUnusable(Exception):
    """An index folder that is missing, incomplete, or was built in a way this code cannot use."""


class IndexMismatch(IndexUnusable):
    """An index built with another embedding model or an older parser, schema or index format."""


def rebuild_command(index_dir: str | Path, model: str | None = None) -> str:
    """The command that rebuilds an index (from reports/, the bundled reports)."""
    extra = f" --model {model}" if model else ""
    return f"python -m indexer build reports/ --index {index_dir}{extra}"


def model_fingerprint(location: str, backend: str = "torch") -> str | None:
    """A cheap fingerprint of a local model folder as `backend` runs it, else None: the torch model's small
    config files and the sizes of its weights (onnx/ left out), plus for an ONNX backend the exported file's
    sha256 as onnx/export.json records it (else its size)."""
    folder = Path(location)
    if not folder.is_dir():
        return None
    h = hashlib.sha1()
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = f.relative_to(folder)
        if rel.parts[0] == ONNX_DIR:
            continue
        h.update(str(rel).encode())
        small = f.suffix == ".json" and f.stat().st_size < 100_000
        h.update(f.read_bytes() if small else str(f.stat().st_size).encode())
    file = backend_file(backend)
    if file is not None:
        try:
            marker = json.loads((folder / ONNX_DIR / ONNX_MARKER).read_text(encoding="utf-8"))
            recorded = marker["files"][file]["sha256"]
        except (OSError, ValueError, KeyError, TypeError):
            recorded = str((folder / file).stat().st_size) if (folder / file).is_file() else "missing"
        h.update(f"{backend}:{file}:{recorded}".encode())
    return h.hexdigest()[:16]


def versions() -> dict[str, int]:
    """The versions this code writes and requires."""
    return {"index_format": INDEX_FORMAT, "parser_version": PARSER_VERSION, "schema_version": SCHEMA_VERSION,
            "store_version": STORE_VERSION}


def read_manifest(index_dir: str | Path) -> dict:
    """The manifest of an index folder; IndexUnusable naming the folder and the rebuild command if there is none."""
    path = Path(index_dir) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexUnusable(f"no index at {index_dir} ({MANIFEST} missing): build it with "
                         f"`{rebuild_command(index_dir)}`") from None
    except (OSError, ValueError) as exc:
        raise IndexUnusable(f"{path}: unreadable manifest ({exc}): rebuild with "
                            f"`{rebuild_command(index_dir)}`") from None


def write_manifest(folder: Path, manifest: dict) -> None:
    (Path(folder) / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def check_versions(manifest: dict, index_dir: str | Path) -> None:
    """Refuse an index written by an older (or newer) parser, schema, store or index format."""
    for name, mine in versions().items():
        theirs = manifest.get(name)
        if theirs != mine:
            raise IndexMismatch(
                f"index {index_dir} was built with {name.replace('_', ' ')} {theirs}, this code uses {mine}: "
                f"rebuild it with `{rebuild_command(index_dir, manifest.get('model', {}).get('location'))}`")


def check_index_versions(index_dir: str | Path) -> None:
    """check_versions of the index's manifest where it has one; a facts store alone is taken as it is."""
    if (Path(index_dir) / MANIFEST).is_file():
        check_versions(read_manifest(index_dir), index_dir)


def built_backend(manifest: dict) -> str:
    """The embedding backend that built an index's vectors (indexes from before backends: torch)."""
    return manifest.get("model", {}).get("backend") or "torch"


def check_backend(manifest: dict, index_dir: str | Path, backend: str | None) -> None:
    """Refuse to embed queries for an index with another backend than the one that embedded its passages."""
    built = built_backend(manifest)
    if backend and backend != built:
        model = manifest.get("model", {})
        raise IndexMismatch(
            f"index {index_dir} was embedded with backend {built!r}, but backend {backend!r} was asked for: "
            f"query with --backend {built} (or leave it unset), or rebuild it with "
            f"`{rebuild_command(index_dir, model.get('location'))} --backend {backend}`")


def check_model(manifest: dict, index_dir: str | Path, name: str, dim: int, fingerprint: str | None = None,
                backend: str = "torch") -> None:
    """Refuse to search an index with another embedding model, or backend, than the one that built it."""
    built = manifest.get("model", {})
    same = built.get("name") == name and built.get("dim") == dim
    if same:
        check_backend(manifest, index_dir, backend)
    if same and fingerprint and built.get("fingerprint") and fingerprint != built["fingerprint"]:
        same = False
    if not same:
        raise IndexMismatch(
            f"index {index_dir} was built with embedding model {built.get('name')!r} (dim {built.get('dim')}), "
            f"but the model given is {name!r} (dim {dim}): open it with model "
            f"{built.get('location') or built.get('name')}, or rebuild it with `{rebuild_command(index_dir, name)}`")
