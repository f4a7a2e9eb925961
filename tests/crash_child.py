"""A build or an upload that SIGKILLs itself at a chosen point (run by tests/test_crash.py as a child process).

    python tests/crash_child.py build POINT INDEX SOURCE...   # POINT: one of POINTS, or 'none' (killed from outside)
    python tests/crash_child.py hold INDEX SOURCE...          # take the build lock, say 'locked', wait to be killed
    python tests/crash_child.py upload INDEX TOKEN FILE       # an admin upload torn half-way through the copy
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import indexer.atomic as atomic  # noqa: E402 - after the path is set
import indexer.build as build  # noqa: E402

POINTS = ("reading", "vectors", "bm25", "manifest", "exchange", "cleanup", "fallback")


def die() -> None:
    """SIGKILL this process: no cleanup, no finally blocks, no flushing."""
    os.kill(os.getpid(), signal.SIGKILL)


def after(module: object, name: str, calls: int = 1) -> None:
    """Replace module.name by a wrapper that runs it, then dies on the given call."""
    real: Callable = getattr(module, name)
    seen = [0]

    def wrapper(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)
        seen[0] += 1
        if seen[0] == calls:
            die()
        return result

    setattr(module, name, wrapper)


def cleanup_then_die() -> None:
    """Die half-way through deleting the index that was swapped out."""
    real = shutil.rmtree

    def rmtree(path: str | Path, *args: object, **kwargs: object) -> None:
        files = [p for p in Path(path).rglob("*") if p.is_file()]
        for f in files[: len(files) // 2]:
            f.unlink()
        if files:
            die()
        real(path, *args, **kwargs)

    atomic.shutil.rmtree = rmtree  # type: ignore[assignment]


def between_renames() -> None:
    """Where renameat2 is missing: die between moving the old index aside and moving the new one in."""
    atomic._exchange = lambda a, b: False  # type: ignore[assignment]
    real = Path.rename

    def rename(self: Path, target: str | Path) -> Path:
        moved = real(self, target)
        if ".old-" in Path(target).name:
            die()
        return moved

    Path.rename = rename  # type: ignore[method-assign]


def arm(point: str) -> None:
    """Make the build die at `point`."""
    if point == "reading":
        after(build, "check_report", calls=2)  # the second report read, the new folder half-written
    elif point == "vectors":
        after(build, "write_vectors")
    elif point == "bm25":
        after(build, "save_bm25")
    elif point == "manifest":
        after(build, "_finish_manifest")  # the new index complete beside the old one, not yet swapped in
    elif point == "exchange":
        after(atomic, "_exchange")  # swapped: the old index now sits in the building folder
    elif point == "cleanup":
        cleanup_then_die()
    elif point == "fallback":
        between_renames()
    elif point != "none":
        raise SystemExit(f"unknown point {point!r}; one of {POINTS} or none")


def hold() -> None:
    """Stop right after taking the lock; say so; wait (at most two minutes) to be killed."""

    def wait(index_dir: Path) -> None:
        print("locked", flush=True)
        time.sleep(120)

    build.tidy = wait  # type: ignore[assignment]


def torn_upload(index: str, token: str, file: str) -> None:
    """Run the admin upload with a copy that writes half the file, then dies."""
    from app.web import admin
    from app.web.backend import Backend

    def copy_half(src: str | Path, dst: str | Path, *args: object, **kwargs: object) -> None:
        data = Path(src).read_bytes()
        with open(dst, "wb") as out:
            out.write(data[: len(data) // 2])
            out.flush()
            os.fsync(out.fileno())
        die()

    admin.shutil.copyfile = copy_half  # type: ignore[assignment]
    admin.upload(Backend(index), token, [file], token)


def main(argv: list[str]) -> None:
    """Dispatch on the mode."""
    mode, rest = argv[0], argv[1:]
    if mode == "upload":
        torn_upload(*rest)
        return
    if mode == "hold":
        hold()
        index, sources = rest[0], rest[1:]
    else:
        arm(rest[0])
        index, sources = rest[1], rest[2:]
    build.build_index(sources, index, progress=False)
    print("finished", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
