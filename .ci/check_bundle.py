"""Check a PyInstaller bundle: small enough, the window starts and paints, the CLI writes a report.

Usage: python .ci/check_bundle.py [dist/planner]

Fails (exit 1) if the folder or its tar.gz grows past the limits below, if the frozen app
cannot show the sample plan's results and charts (it saves a screenshot of its window, see
planner/gui/app.py SCREENSHOT_ENV; offscreen, and under X too when xvfb-run is installed),
or if the frozen CLI cannot print its version or write a PDF report. Prints what it measured.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

MB = 1_000_000
DISK_LIMIT = 180 * MB  # issue 14: was 290 MB before stripping and pruning
TAR_GZ_LIMIT = 80 * MB  # was 116 MB
MIN_COLOURS = 300  # a window with charts drawn has over a thousand; a blank one has one
RUN_TIMEOUT = 300


class _Counter:
    """A write-only file that only counts bytes: the archive is measured, never stored."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass


def disk_size(folder: Path) -> int:
    """Bytes of every file, link and folder, as `du -sb` counts them."""
    total = folder.lstat().st_size
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            total += (Path(root) / name).lstat().st_size
    return total


def tar_gz_size(folder: Path) -> int:
    """Bytes of `tar czf - -C parent folder` (gzip's default level 6, as tar uses)."""
    counter = _Counter()
    with gzip.GzipFile(fileobj=counter, mode="wb", compresslevel=6, mtime=0) as gz, \
            tarfile.open(fileobj=gz, mode="w") as tar:
        tar.add(folder, arcname=folder.name)
    return counter.size


def check_sizes(folder: Path) -> list[str]:
    disk, packed = disk_size(folder), tar_gz_size(folder)
    print(f"bundle size: {disk / MB:.1f} MB on disk (limit {DISK_LIMIT / MB:.0f}), "
          f"{packed / MB:.1f} MB as tar.gz (limit {TAR_GZ_LIMIT / MB:.0f})")
    problems = []
    if disk > DISK_LIMIT:
        problems.append(f"the bundle is {disk / MB:.1f} MB on disk, over {DISK_LIMIT / MB:.0f}")
    if packed > TAR_GZ_LIMIT:
        problems.append(f"the bundle is {packed / MB:.1f} MB as tar.gz, "
                        f"over {TAR_GZ_LIMIT / MB:.0f}")
    return problems


def fresh_home(tmp: Path) -> dict[str, str]:
    """An environment whose settings, data and caches are all new under tmp, with the
    first-run welcome already seen (it is a modal dialog that would wait for a click)."""
    config = tmp / "config"
    (config / "planner").mkdir(parents=True)
    (config / "planner" / "planner.conf").write_text("[welcome]\nshown=true\n")
    env = dict(os.environ, HOME=str(tmp), XDG_CONFIG_HOME=str(config),
               XDG_CACHE_HOME=str(tmp / "cache"), PLANNER_DATA_DIR=str(tmp / "data"))
    env.pop("PLANNER_SCREENSHOT", None)
    return env


def image_problem(png: Path) -> str | None:
    """Why the screenshot does not show a painted window, or None if it does."""
    if not png.is_file():
        return "no screenshot was written"
    try:
        from PIL import Image
    except ImportError:  # Pillow comes with matplotlib; without it, trust the size only
        return None if png.stat().st_size > 10_000 else "the screenshot is nearly empty"
    with Image.open(png) as image:
        width, height = image.size
        colours = image.convert("RGB").getcolors(1 << 24) or []
    print(f"  screenshot {width}x{height}, {len(colours)} colours")
    if width < 400 or height < 300:
        return f"the window is only {width}x{height}"
    if len(colours) < MIN_COLOURS:
        return f"the window shows only {len(colours)} colours: results or charts not painted"
    return None


def check_window(exe: Path, platform: str, wrapper: list[str]) -> list[str]:
    """Start the app on a Qt platform; it quits by itself once the results are painted."""
    with tempfile.TemporaryDirectory() as tmp:
        env = fresh_home(Path(tmp))
        env["QT_QPA_PLATFORM"] = platform
        png = Path(tmp) / "window.png"
        env["PLANNER_SCREENSHOT"] = str(png)
        try:
            done = subprocess.run([*wrapper, str(exe)], env=env, capture_output=True,
                                  text=True, timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            return [f"{platform}: the window did not show results within {RUN_TIMEOUT} s"]
        print(f"window ({platform}): exit {done.returncode}")
        if done.returncode != 0 or "Traceback" in done.stderr:
            return [f"{platform}: the app exited with {done.returncode}:\n{done.stderr}"]
        # A chart that fails (a module left out of the bundle, say) is drawn as a message
        # and logged: the screenshot alone would pass.
        log = Path(env["PLANNER_DATA_DIR"]) / "logs" / "planner.log"
        errors = [line for line in (log.read_text(errors="replace").splitlines()
                                    if log.is_file() else []) if " ERROR " in line]
        if errors:
            return [f"{platform}: the app logged errors:\n" + "\n".join(errors)]
        problem = image_problem(png)
        return [f"{platform}: {problem}"] if problem else []


def check_cli(exe: Path) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        env = fresh_home(Path(tmp))
        env["QT_QPA_PLATFORM"] = "offscreen"
        plan, pdf = Path(tmp) / "sample.json", Path(tmp) / "report.pdf"
        outputs = []
        for args in (["--version"], ["sample", "-o", str(plan)],
                     ["report", str(plan), "-o", str(pdf)]):
            done = subprocess.run([str(exe), *args], env=env, capture_output=True, text=True,
                                  timeout=RUN_TIMEOUT)
            if done.returncode != 0:
                return [f"{args[0]} failed ({done.returncode}):\n{done.stderr}"]
            outputs.append(done.stdout.strip())
        print(f"cli: {outputs[0]}; wrote a {pdf.stat().st_size:,}-byte report")
        if "0+unknown" in outputs[0] or not outputs[0].startswith("planner "):
            return [f"the bundle does not know its version: {outputs[0]!r}"]
        if not pdf.read_bytes().startswith(b"%PDF"):
            return ["the report is not a PDF"]
    return []


def main(bundle: str) -> int:
    folder = Path(bundle)
    exe = folder / ("planner-cli.exe" if os.name == "nt" else "planner")
    if not exe.exists():
        print(f"no executable at {exe}", file=sys.stderr)
        return 1
    problems = check_sizes(folder)
    problems += check_cli(exe)
    window_exe = folder / ("planner.exe" if os.name == "nt" else "planner")
    problems += check_window(window_exe, "offscreen", [])
    if sys.platform.startswith("linux") and shutil.which("xvfb-run"):
        problems += check_window(window_exe, "xcb", ["xvfb-run", "-a", "-s",
                                                     "-screen 0 1400x900x24"])
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    if not problems:
        print(f"bundle ok: {folder} is within its size limits, shows results and writes a "
              "report")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "dist/planner"))
