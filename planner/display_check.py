"""Before Qt starts on Linux: do the X11 (xcb) platform plugin's system libraries resolve?

Qt's own message when they don't ("xcb-cursor0 or libxcb-cursor0 is needed to load the Qt
xcb platform plugin") names one library even when others are missing, so a person installs
it and is stuck. ``make run`` runs this module first: it asks the dynamic linker (``ldd``)
which libraries of the plugin and of Qt's X11 glue are "not found", maps each to the
package that provides it on Debian/Ubuntu and on Fedora, and prints the one install
command that fixes them all. macOS and Windows need no system packages: the check passes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Library file (soname) -> (Debian/Ubuntu package, Fedora package). The xcb plugin links
# these directly or through libQt6XcbQpa; the list covers what a minimal desktop lacks.
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
}


@dataclass(frozen=True)
class Missing:
    libraries: tuple[str, ...]  # sonames the linker cannot find, in the order first seen
    debian: tuple[str, ...]  # the packages that provide them (unknown sonames left out)
    fedora: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.libraries)


def not_found(ldd_output: str) -> list[str]:
    """The sonames ``ldd`` reports as ``=> not found``, in order, without repeats."""
    names: list[str] = []
    for line in ldd_output.splitlines():
        name, arrow, where = line.strip().partition("=>")
        if arrow and where.strip() == "not found" and name.strip() not in names:
            names.append(name.strip())
    return names


def missing(sonames: Iterable[str]) -> Missing:
    libs = tuple(dict.fromkeys(sonames))
    known = [PACKAGES[s] for s in libs if s in PACKAGES]
    return Missing(libs, tuple(dict.fromkeys(d for d, _ in known)),
                   tuple(dict.fromkeys(f for _, f in known)))


def distro(os_release: str) -> str:
    """'debian', 'fedora' or '' from the text of /etc/os-release (ID and ID_LIKE)."""
    ids: list[str] = []
    for line in os_release.splitlines():
        key, _, value = line.partition("=")
        if key in ("ID", "ID_LIKE"):
            ids += value.strip().strip('"').lower().split()
    if any(i in ("debian", "ubuntu") for i in ids):
        return "debian"
    if any(i in ("fedora", "rhel", "centos") for i in ids):
        return "fedora"
    return ""


def install_command(found: Missing, family: str) -> str:
    if family == "fedora":
        return "sudo dnf install " + " ".join(found.fedora)
    return "sudo apt-get install " + " ".join(found.debian)


def message(found: Missing, family: str) -> str:
    """What ``make run`` prints when the plugin cannot load: the libraries and the fix."""
    lines = ["planner cannot open its window: Qt's X11 (xcb) platform plugin needs system "
             "libraries that are not installed:",
             "  " + ", ".join(found.libraries)]
    unknown = [s for s in found.libraries if s not in PACKAGES]
    if not found.debian:
        pass  # nothing we can name: only the search line below
    elif family:
        lines += ["Install them with:", "  " + install_command(found, family)]
    else:
        lines += ["On Debian or Ubuntu:", "  " + install_command(found, "debian"),
                  "On Fedora:", "  " + install_command(found, "fedora")]
    if unknown:
        lines.append("Your distribution's package search names the package for: "
                     + ", ".join(unknown))
    lines.append("Then run `make run` again.")
    return "\n".join(lines)


def qt_files() -> list[Path]:
    """The xcb plugin and Qt's X11 glue library inside the installed PySide6."""
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        return []
    qt = Path(spec.origin).parent / "Qt"
    candidates = [qt / "plugins" / "platforms" / "libqxcb.so", qt / "lib" / "libQt6XcbQpa.so.6"]
    return [p for p in candidates if p.exists()]


def uses_xcb(environ: dict[str, str], platform: str) -> bool:
    """Whether Qt would load the xcb plugin: Linux, and no other platform asked for."""
    if not platform.startswith("linux"):
        return False
    asked = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    return asked in ("", "xcb")


def check() -> Missing:
    ldd = shutil.which("ldd")
    if ldd is None:
        return Missing((), (), ())
    sonames: list[str] = []
    for path in qt_files():
        run = subprocess.run([ldd, str(path)], capture_output=True, text=True, check=False)
        sonames += not_found(run.stdout)
    return missing(sonames)


def main() -> int:
    if not uses_xcb(dict(os.environ), sys.platform):
        return 0
    found = check()
    if not found:
        return 0
    try:
        release = Path("/etc/os-release").read_text(encoding="utf-8")
    except OSError:
        release = ""
    print(message(found, distro(release)), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
