"""Reports and tables are all or nothing: written beside the target and moved into place, so
a failure or a cancel midway leaves the previous file untouched and no temporary file, and
nothing half-written is ever visible at the target's name."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import planner.report.pdf as pdf_module
import planner.report.table_export as table_module
from planner.atomic import WriteCancelled, replacing, write_atomically
from planner.report.csv_export import write_csv
from planner.report.pdf import write_report
from planner.report.table_export import write_table
from tests.report.fakes import fake_result

OLD = b"last week's file, still good"


class Boom(Exception):
    pass


def folder_with_old(tmp_path: Path, name: str) -> tuple[Path, Path]:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / name
    target.write_bytes(OLD)
    return folder, target


def test_replacing_moves_a_whole_file_into_place(tmp_path: Path) -> None:
    folder, target = folder_with_old(tmp_path, "a.txt")
    with replacing(target) as tmp:
        assert tmp.parent == folder and tmp.suffix == ".txt" and tmp.name.startswith(".")
        tmp.write_text("new")
        assert target.read_bytes() == OLD  # not yet
    assert target.read_text() == "new"
    assert [p.name for p in folder.iterdir()] == ["a.txt"]
    if os.name == "posix":  # an ordinary file's permissions, not mkstemp's private 0600
        umask = os.umask(0)
        os.umask(umask)
        assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_replacing_keeps_the_old_file_on_failure_and_cancel(tmp_path: Path) -> None:
    folder, target = folder_with_old(tmp_path, "a.txt")
    with pytest.raises(Boom), replacing(target) as tmp:
        tmp.write_text("half")
        raise Boom
    assert target.read_bytes() == OLD
    with pytest.raises(WriteCancelled):
        write_atomically(target, lambda tmp: tmp.write_text("whole"), cancel=lambda: True)
    assert target.read_bytes() == OLD
    assert [p.name for p in folder.iterdir()] == ["a.txt"]


def failing_on_page(n: int, seen: list[bytes], target: Path) -> Any:
    """page_footer that fails on page ``n``, noting what the target holds meanwhile."""
    original = pdf_module.page_footer
    calls = []

    def footer(*args: Any, **kwargs: Any) -> None:
        calls.append(1)
        seen.append(target.read_bytes() if target.exists() else b"")
        if len(calls) == n:
            raise Boom("the disk filled up")
        original(*args, **kwargs)

    return footer


def test_a_failed_pdf_leaves_the_previous_report(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder, target = folder_with_old(tmp_path, "report.pdf")
    seen: list[bytes] = []
    monkeypatch.setattr(pdf_module, "page_footer", failing_on_page(2, seen, target))
    with pytest.raises(Boom):
        write_report(fake_result(), target)
    assert seen == [OLD, OLD]  # mid-export, the target is the old file, not half a new one
    assert target.read_bytes() == OLD
    assert [p.name for p in folder.iterdir()] == ["report.pdf"]


def test_a_cancelled_pdf_is_not_written(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    pages: list[float] = []
    with pytest.raises(WriteCancelled):
        write_report(fake_result(), folder / "report.pdf", pages.append,
                     cancel=lambda: len(pages) >= 3)
    assert list(folder.iterdir()) == []
    done = write_report(fake_result(), folder / "report.pdf", cancel=lambda: False)
    assert done.read_bytes().startswith(b"%PDF")
    assert [p.name for p in folder.iterdir()] == ["report.pdf"]


def half_then_fail(self: pd.DataFrame, handle: Any = None, *args: Any, **kwargs: Any) -> None:
    handle.write("Year,Total balance\n2026,1")
    raise Boom("no space left on device")


@pytest.mark.parametrize("how", ["write_csv", "write_table"])
def test_a_failed_csv_leaves_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               how: str) -> None:
    folder, target = folder_with_old(tmp_path, "years.csv")
    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_fail)
    with pytest.raises(Boom):
        if how == "write_csv":
            write_csv(fake_result(), target)
        else:
            write_table(fake_result(), target)
    assert target.read_bytes() == OLD
    assert [p.name for p in folder.iterdir()] == ["years.csv"]


def test_a_failed_workbook_leaves_the_previous_file(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder, target = folder_with_old(tmp_path, "years.xlsx")

    def fail(table: Any, path: Path, about: Any) -> None:
        path.write_bytes(b"PK half a zip")
        raise Boom("disk full")

    monkeypatch.setattr(table_module, "write_xlsx_table", fail)
    with pytest.raises(Boom):
        write_table(fake_result(), target)
    assert target.read_bytes() == OLD
    assert [p.name for p in folder.iterdir()] == ["years.xlsx"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_cancelled_table_is_not_written(tmp_path: Path, suffix: str) -> None:
    folder, target = folder_with_old(tmp_path, f"years{suffix}")
    with pytest.raises(WriteCancelled):
        write_table(fake_result(), target, cancel=lambda: True)
    assert target.read_bytes() == OLD
    assert [p.name for p in folder.iterdir()] == [target.name]


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name != "posix",
                    reason="symlinks need POSIX (or privileges on Windows)")
@pytest.mark.parametrize("name", ["r.pdf", "t.csv", "t.xlsx", "a.txt"])
def test_a_symlink_at_the_output_path_is_replaced_never_followed(tmp_path: Path,
                                                                 name: str) -> None:
    """A link at the target is replaced by the new file; the file it pointed to (which may
    be anything, anywhere) keeps its bytes."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = elsewhere / "precious.bin"
    victim.write_bytes(OLD)
    folder = tmp_path / "exports"
    folder.mkdir()
    link = folder / name
    link.symlink_to(victim)
    r = fake_result(n_paths=1, with_shortfall=False)
    if name.endswith(".pdf"):
        write_report(r, link)
    elif name.endswith(".txt"):
        write_atomically(link, lambda tmp: tmp.write_bytes(b"new"))
    else:
        write_table(r, link)
    assert not link.is_symlink()
    assert link.is_file() and link.stat().st_size > 0
    assert victim.read_bytes() == OLD
    assert sorted(p.name for p in folder.iterdir()) == [name]
    assert [p.name for p in elsewhere.iterdir()] == ["precious.bin"]


@pytest.mark.skipif(os.name != "posix", reason="symlinks need POSIX")
def test_a_failed_write_over_a_symlink_leaves_the_link_and_its_target(tmp_path: Path) -> None:
    victim = tmp_path / "precious.bin"
    victim.write_bytes(OLD)
    link = tmp_path / "out.csv"
    link.symlink_to(victim)
    with pytest.raises(Boom), replacing(link) as tmp:
        tmp.write_bytes(b"half")
        raise Boom
    assert link.is_symlink() and victim.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "precious.bin"]
