"""The index folder's safety: the build lock, leftovers of interrupted builds, the atomic swap.

A build writes its new index into `.DIR.building-PID` beside DIR and swaps it in with one rename (Linux
renameat2 RENAME_EXCHANGE; elsewhere two renames, repaired at the next build if interrupted between them),
so DIR always holds a complete index. `.DIR.lock` beside DIR refuses a second build of the same folder.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from indexer.manifest import MANIFEST


class BuildError(Exception):
    """A build that could not be done; the index folder is left as it was."""


class BuildLocked(BuildError):
    """Another build holds the lock of the same index folder."""


def beside(index_dir: Path, what: str) -> Path:
    """A path next to the index folder: `.NAME.what`."""
    return index_dir.parent / f".{index_dir.name}.{what}"


@contextmanager
def build_lock(index_dir: Path) -> Iterator[Path]:
    """Hold the lock file beside index_dir for the duration; BuildLocked if another build holds it.

    The file is removed on release (a killed build leaves it unlocked, and the next build takes it)."""
    lock = beside(index_dir, "lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise BuildLocked(f"another build of {index_dir} is running (lock {lock} held by pid {holder}); "
                              "wait for it to finish") from None
        try:
            current = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            current = False
        if current:
            break
        os.close(fd)  # the build that held it removed it meanwhile: lock the file that is there now
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield lock
    finally:
        lock.unlink(missing_ok=True)
        os.close(fd)


def tidy(index_dir: Path) -> None:
    """Under the lock: put back an index left out by an interrupted swap, remove half-built folders."""
    olds = sorted(index_dir.parent.glob(f".{index_dir.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if olds and not index_dir.exists():
        olds.pop().rename(index_dir)
    for leftover in [*olds, *index_dir.parent.glob(f".{index_dir.name}.building-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_in(new: Path, index_dir: Path) -> None:
    """Make `new` the index at index_dir; the previous index stays whole at index_dir until this moment.
    Dot files of the folder (a .gitkeep) are carried over."""
    for keep in (index_dir.iterdir() if index_dir.is_dir() else ()):
        if keep.name.startswith(".") and keep.is_file() and not (new / keep.name).exists():
            shutil.copy2(keep, new / keep.name)
    if not index_dir.exists():
        new.rename(index_dir)
        return
    if _exchange(new, index_dir):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the previous index
        return
    old = beside(index_dir, f"old-{os.getpid()}")
    index_dir.rename(old)  # a crash here is repaired by _tidy at the next build
    new.rename(index_dir)
    shutil.rmtree(old, ignore_errors=True)


def check_target(index_dir: Path) -> None:
    """Refuse to replace a folder that is not an index (a typo must never delete someone's files)."""
    if index_dir.exists() and not (index_dir / MANIFEST).exists() and (
            not index_dir.is_dir() or any(not p.name.startswith(".") for p in index_dir.iterdir())):
        raise BuildError(f"{index_dir} exists and is not an index (no {MANIFEST}); refusing to replace it")
