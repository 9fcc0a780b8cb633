"""What the open plan's file looked like when it was opened or last saved: its modification
time, size and content hash. Before a save, the file on disk is compared with that: if another
window or program wrote it meanwhile, saving asks instead of silently undoing their edits.

Only regular files are ever read here (a FIFO would block, a link to /dev/zero never ends),
and never more than ``MAX_BYTES``.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 5_000_000  # as storage's limit on a plan file: a plan is a few kB
CHUNK = 1 << 16


@dataclass(frozen=True)
class Stamp:
    """One version of a file: ``sha256`` is None when its content could not be read."""

    mtime_ns: int
    size: int
    sha256: str | None


def regular_file_problem(path: Path) -> str:
    """Why ``path`` is not a plan file that can be read without risk ("" when it can): only
    regular files of a sane size are opened (symbolic links are followed to what they name)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:
        return exc.strerror or str(exc)
    if stat.S_ISDIR(info.st_mode):
        return "a folder, not a plan file"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file (a pipe, device or socket)"
    if info.st_size > MAX_BYTES:
        return f"{info.st_size:,} bytes is too large for a plan file"
    return ""


def file_hash(path: Path) -> str | None:
    """The SHA-256 of a regular file's content (None: missing, not regular, too large or
    unreadable)."""
    if regular_file_problem(path):
        return None
    digest = hashlib.sha256()
    read = 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                read += len(chunk)
                if read > MAX_BYTES:
                    return None
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def stamp(path: Path) -> Stamp | None:
    """The file as it is now (None when there is no regular file there)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return Stamp(info.st_mtime_ns, info.st_size, file_hash(path))


class FileState:
    """The open plan's file as this window last knew it (opened, saved, renamed)."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.known: Stamp | None = None

    def remember(self, path: Path | None, known: Stamp | None = None) -> None:
        """``path`` is now in the state ``known`` (by default: as it is on disk now)."""
        self.path = Path(path) if path is not None else None
        self.known = known if known is not None or path is None else stamp(Path(path))

    def forget(self) -> None:
        self.remember(None)

    def base_hash(self, path: Path | None) -> str | None:
        """The content hash of ``path`` as this window knows it (None: unknown)."""
        if path is None or self.path != Path(path) or self.known is None:
            return None
        return self.known.sha256

    def changed(self, path: Path | None) -> bool:
        """True when ``path`` is the file this window knows and another writer has changed
        it since: a different content (a new time alone, as from ``touch``, is no change).
        A file that is gone is not a conflict: saving puts it back."""
        if path is None or self.path != Path(path) or self.known is None:
            return False
        now = stamp(Path(path))
        if now is None:
            return False
        if (now.mtime_ns, now.size) == (self.known.mtime_ns, self.known.size):
            return False
        return now.sha256 is None or now.sha256 != self.known.sha256
