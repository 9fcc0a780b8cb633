"""Pack a built app into the versioned Linux archive that `make dist` ships.

    python resources/linux/make_archive.py [dist/planner] [dist]

Writes dist/planner-<version>-linux-<machine>.tar.gz holding one folder of that name, with
the app (planner/), install.sh and uninstall.sh (this folder), planner.desktop, the icons
(icons/planner-<size>.png) and VERSION, which the scripts read. The version is pyproject.toml's.
"""

from __future__ import annotations

import io
import platform
import sys
import tarfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SCRIPTS = ("install.sh", "uninstall.sh")


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])


def archive_name(version: str, machine: str | None = None) -> str:
    return f"planner-{version}-linux-{machine or platform.machine()}"


def _executable(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.mode = 0o755
    return info


def _plain(info: tarfile.TarInfo) -> tarfile.TarInfo:
    """Same owner for everyone who unpacks it; nobody's build-machine name inside."""
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def make_archive(app: Path, out_dir: Path, version: str, machine: str | None = None) -> Path:
    """Write the archive for the app folder `app` (its executable is app/planner)."""
    if not (app / "planner").is_file():
        raise FileNotFoundError(f"no app at {app / 'planner'}: build it first (make bundle)")
    name = archive_name(version, machine)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.tar.gz"
    with tarfile.open(path, "w:gz", compresslevel=6) as tar:
        tar.add(app, arcname=f"{name}/planner", filter=_plain)
        for script in SCRIPTS:
            tar.add(HERE / script, arcname=f"{name}/{script}",
                    filter=lambda info: _executable(_plain(info)))
        tar.add(HERE / "planner.desktop", arcname=f"{name}/planner.desktop", filter=_plain)
        for icon in sorted((ROOT / "resources" / "icons").glob("planner-*.png")):
            tar.add(icon, arcname=f"{name}/icons/{icon.name}", filter=_plain)
        data = f"{version}\n".encode()
        info = _plain(tarfile.TarInfo(f"{name}/VERSION"))
        info.size, info.mode = len(data), 0o644
        tar.addfile(info, io.BytesIO(data))
    return path


if __name__ == "__main__":
    app_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "planner"
    dist = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "dist"
    written = make_archive(app_dir, dist, project_version())
    print(f"{written} ({written.stat().st_size / 1e6:.1f} MB)")
