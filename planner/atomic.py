"""Write a file so that nobody ever sees half of it: reports and tables are written to a
temporary file in the target's folder, flushed to disk, then moved over the target with
``os.replace``. A failure or a cancel deletes the temporary file and leaves any previous
file at the target untouched.

(Plans have their own helper, ``planner.core.storage.atomic_write_bytes``, for bytes held in
memory; an export is written by a library that wants a file name, and keeps the ordinary
permissions of a new file, which ``mkstemp``'s private 0600 mode would not.)
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class WriteCancelled(Exception):
    """The person cancelled while the file was being written: nothing was written."""


def temp_path(path: Path) -> Path:
    """A hidden, unique name next to ``path`` with the same suffix (some writers, such as
    openpyxl's, go by the suffix)."""
    return path.with_name(f".{path.stem}.{os.getpid()}-{uuid.uuid4().hex[:8]}.part{path.suffix}")


@contextmanager
def replacing(path: str | Path, cancel: Callable[[], bool] | None = None) -> Iterator[Path]:
    """``with replacing(target) as tmp: write(tmp)``: on a clean exit ``tmp`` replaces
    ``target``; on an exception, or when ``cancel()`` says so at the end, ``tmp`` is deleted
    and ``target`` is left as it was (WriteCancelled is raised for a cancel)."""
    path = Path(path)
    tmp = temp_path(path)
    try:
        yield tmp
        if cancel is not None and cancel():
            raise WriteCancelled(f"{path.name} was not written (cancelled)")
        _flush_to_disk(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomically(path: str | Path, write: Callable[[Path], object],
                     cancel: Callable[[], bool] | None = None) -> Path:
    """Call ``write(tmp)`` and move ``tmp`` to ``path`` (see ``replacing``); returns ``path``."""
    path = Path(path)
    with replacing(path, cancel) as tmp:
        write(tmp)
    return path


def _flush_to_disk(path: Path) -> None:
    """fsync the written file, so a crash right after the rename cannot leave an empty file
    (opened for appending: Windows only syncs a handle that may write)."""
    with path.open("ab") as handle:
        os.fsync(handle.fileno())
