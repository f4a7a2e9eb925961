"""The facts store's added report columns (publisher, published, canonical body, read status): written for
new reports, read back as None from a store written before them."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.read import read_report
from indexer.store import SCHEMA, Store

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
ROOT = Path(__file__).resolve().parents[1]


def test_store_written_before_the_columns_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    db.execute("INSERT INTO reports (report, path, sha256, body, year, template, signed, status, notes, findings,"
               " parts, n_facts, text) VALUES ('a.txt', 'a', 'x', '某局', 2020, '2021', NULL, 'parsed', '[]', '[]',"
               " '{}', 0, 't')")
    db.commit()
    db.close()
    store = Store(path, readonly=True)
    (old,) = store.reports()
    assert (old.body, old.publisher, old.canonical_body, old.read_status) == ("某局", None, None, None)
    assert store.load_report("a.txt").canonical_body is None
    store.close()


@pytest.mark.skipif(not REAL.is_dir(), reason="no real reports")
def test_new_columns_written_and_loaded(tmp_path: Path) -> None:
    store = Store(tmp_path / "new.sqlite")
    for name in ("029_putian_kjj_2024.txt", "018_putian_lyj_2022.txt"):
        store.add_report(read_report(REAL / name), "h", [])
    store.commit()
    got = {r.report: r for r in store.reports()}
    kjj = got["029_putian_kjj_2024.txt"]
    assert (kjj.body, kjj.publisher, kjj.published, kjj.canonical_body) == (
        "莆田市科学技术局", "莆田市科技局", "2025-01-21", "莆田市科学技术局")
    assert got["018_putian_lyj_2022.txt"].read_status == "partly read (199 of 200 cells)"
    assert store.load_report("018_putian_lyj_2022.txt").read_status() == "partly read (199 of 200 cells)"


@pytest.mark.skipif(not REAL.is_dir(), reason="no real reports")
def test_check_says_partly_read_never_consistent() -> None:
    out = subprocess.run([sys.executable, "-m", "indexer", "check", str(REAL / "018_putian_lyj_2022.txt")],
                         capture_output=True, text=True, cwd=ROOT, check=False).stdout
    assert "partly read (199 of 200 cells), no broken rule among the cells read" in out
    assert ", consistent" not in out
