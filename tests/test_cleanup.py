"""What a crashed run left behind (temporary files of a save or an export, a stale recovery
lock) is removed at start; a user's file, a young file and a live lock never are."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.cleanup import SAFE_AGE_S, clean_data_folders, clean_leftovers
from planner.core.storage import DATA_DIR_ENV

ROOT = Path(__file__).resolve().parents[1]
OLD = time.time() - SAFE_AGE_S - 60

posix_only = pytest.mark.skipif(os.name != "posix", reason="crash and pid checks need POSIX")


def crash(code: str, tmp_path: Path) -> None:
    """Run ``code`` in a new Python that dies with os._exit(9) where the code says so."""
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT, timeout=120,
                          capture_output=True, text=True)
    assert done.returncode == 9, done.stderr


def age(folder: Path, when: float = OLD) -> None:
    for p in folder.iterdir():
        os.utime(p, (when, when), follow_symlinks=False)


def crashed_save(folder: Path) -> None:
    """The plan save (storage.atomic_write_bytes) killed before its rename."""
    crash("import os, sys; from pathlib import Path; from planner.core import storage; "
          "os.replace = lambda *a: os._exit(9); "
          "storage.atomic_write_bytes(Path(sys.argv[1]) / 'plan.json', b'{}')", folder)


def crashed_export(folder: Path) -> None:
    """An export (planner.atomic.replacing) killed while writing."""
    crash("import os, sys; from pathlib import Path; from planner.atomic import replacing; "
          "cm = replacing(Path(sys.argv[1]) / 'report.pdf'); tmp = cm.__enter__(); "
          "tmp.write_bytes(b'%PDF half'); os._exit(9)", folder)


def crashed_lock(folder: Path) -> None:
    """A recovery session's QLockFile held by a process that died."""
    crash("import os, sys; from PySide6.QtCore import QLockFile; "
          "lock = QLockFile(sys.argv[1] + '/0123456789ab.lock'); "
          "assert lock.tryLock(0); os._exit(9)", folder)


@posix_only
def test_a_crashed_save_and_export_leave_files_that_are_cleaned(tmp_path: Path) -> None:
    crashed_save(tmp_path)
    crashed_export(tmp_path)
    crashed_lock(tmp_path)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert len(left) == 3, left  # the crashes really did leave their files
    assert any(n.endswith(".tmp") for n in left) and any(".part" in n for n in left)
    assert clean_leftovers(tmp_path) == []  # too young: maybe being written right now
    age(tmp_path)
    removed = clean_leftovers(tmp_path)
    assert sorted(p.name for p in removed) == left
    assert list(tmp_path.iterdir()) == []


USER_FILES = ["plan.json", "notes.tmp", ".plan.json.tmp", "report.part.pdf", "abc.lock",
              "0123456789ab.json", ".x.12-zzzzzzzz.part.pdf", ".probe-nothex!", "x.json.v0.bak",
              ".plan.json.ABCDEFGH.tmp", "0123456789AB.lock"]


def test_a_users_files_are_never_removed(tmp_path: Path) -> None:
    for name in USER_FILES:
        (tmp_path / name).write_text("mine")
    age(tmp_path)
    assert clean_leftovers(tmp_path, older_than_s=0) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(USER_FILES)


@posix_only
def test_links_folders_and_live_locks_are_left_alone(tmp_path: Path) -> None:
    from PySide6.QtCore import QLockFile

    victim = tmp_path / "precious.json"
    victim.write_text("mine")
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / ".plan.json.abcd1234.tmp").symlink_to(victim)  # a link named like ours
    (folder / ".plan.json.abcd_234.tmp").mkdir()  # a folder named like ours
    lock = QLockFile(str(folder / "ba9876543210.lock"))  # this live session's lock
    assert lock.tryLock(0)
    # An export of a process that still runs (this one) may be a long one.
    (folder / f".report.{os.getpid()}-0123abcd.part.pdf").write_bytes(b"%PDF")
    try:
        age(folder)
        assert clean_leftovers(folder, older_than_s=0) == []
        assert victim.read_text() == "mine"
        assert len(list(folder.iterdir())) == 4
    finally:
        lock.unlock()


def test_a_missing_or_unreadable_folder_is_no_error(tmp_path: Path) -> None:
    assert clean_leftovers(tmp_path / "nope") == []
    a_file = tmp_path / "file"
    a_file.write_text("x")
    assert clean_leftovers(a_file) == []


def test_storage_and_probe_names_are_cleaned_after_the_safe_age(tmp_path: Path) -> None:
    names = [".plan.json.k2_x9a0b.tmp", ".a.json.v0.bak.abcdefgh.tmp", ".probe-0a1b2c3d",
             ".report.999999999-0a1b2c3d.part.xlsx"]  # no such pid
    for name in names:
        (tmp_path / name).write_text("x")
    now = time.time()
    age(tmp_path, now - 100)
    assert clean_leftovers(tmp_path, older_than_s=200, now=now) == []
    assert sorted(p.name for p in clean_leftovers(tmp_path, older_than_s=50, now=now)) == \
        sorted(names)


@posix_only
def test_clean_data_folders_covers_plans_and_recovery(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    for sub in ("plans", "recovery"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "keep.json").write_text("{}")
    crashed_save(tmp_path / "plans")
    crashed_lock(tmp_path / "recovery")
    (tmp_path / ".probe-0a1b2c3d").write_text("")
    for folder in (tmp_path, tmp_path / "plans", tmp_path / "recovery"):
        age(folder)
    assert len(clean_data_folders()) == 3
    assert sorted(p.name for p in (tmp_path / "plans").iterdir()) == ["keep.json"]
    assert sorted(p.name for p in (tmp_path / "recovery").iterdir()) == ["keep.json"]
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "plans" / "keep.json"))  # a file
    assert clean_data_folders() == []
