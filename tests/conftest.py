"""Shared test setup: never touch a person's real plan folder, never need a display."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ["PLANNER_DATA_DIR"] = tempfile.mkdtemp(prefix="planner-tests-")
