"""Check a PyInstaller bundle: the window starts offscreen, the CLI writes a report.

Usage: python .ci/check_bundle.py dist/planner
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path


def main(bundle: str) -> int:
    exe = Path(bundle) / ("planner.exe" if os.name == "nt" else "planner")
    if not exe.exists():
        print(f"no executable at {exe}", file=sys.stderr)
        return 1
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        env["PLANNER_DATA_DIR"] = tmp
        plan, pdf = Path(tmp) / "sample.json", Path(tmp) / "report.pdf"
        for args in (["sample", "-o", str(plan)], ["report", str(plan), "-o", str(pdf)]):
            done = subprocess.run([str(exe), *args], env=env, capture_output=True, text=True,
                                  timeout=300)
            if done.returncode != 0:
                print(f"{' '.join(args[:1])} failed:\n{done.stderr}", file=sys.stderr)
                return 1
        if not pdf.read_bytes().startswith(b"%PDF"):
            print("the report is not a PDF", file=sys.stderr)
            return 1
        # The window: still running after 15 s with no traceback means it started.
        proc = subprocess.Popen([str(exe)], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        try:
            _, err = proc.communicate(timeout=15)
            print(f"the app exited early ({proc.returncode}):\n{err}", file=sys.stderr)
            return 1
        except subprocess.TimeoutExpired:
            proc.terminate()
            _, err = proc.communicate(timeout=15)
        if "Traceback" in err:
            print(f"the app printed a traceback:\n{err}", file=sys.stderr)
            return 1
    print(f"bundle ok: {exe} starts and writes a report ({pdf.name})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "dist/planner"))
