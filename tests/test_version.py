"""The version shown everywhere is pyproject.toml's (planner.__version__)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

import planner

ROOT = Path(__file__).resolve().parent.parent


def pyproject_version() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return str(data["project"]["version"])


def test_the_version_is_pyprojects() -> None:
    assert planner.__version__ == pyproject_version()
    from planner import __version__  # the form planner/cli.py uses

    assert __version__ == pyproject_version()


def write(folder: Path, text: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_checkouts_pyproject_wins_over_stale_installed_metadata(tmp_path: Path) -> None:
    path = write(tmp_path, '[build-system]\nrequires = ["x"]\n\n[project]\nname = "planner"\n'
                           'version = "7.3.1"  # bumped, not reinstalled\n\n'
                           '[tool.other]\nversion = "0.0.1"\n')
    assert planner.find_version(path) == "7.3.1"


@pytest.mark.parametrize("text", [
    '[project]\nname = "someone-else"\nversion = "5.0"\n',  # not planner's pyproject
    '[tool.planner]\nname = "planner"\nversion = "5.0"\n',  # not the project table
    '[project]\nname = "planner"\ndynamic = ["version"]\n',  # no version written
])
def test_without_a_usable_pyproject_the_installed_metadata_answers(
    tmp_path: Path, text: str
) -> None:
    assert planner.find_version(write(tmp_path, text)) == metadata.version("planner")
    assert planner.find_version(tmp_path / "missing.toml") == metadata.version("planner")


def test_with_neither_the_version_is_marked_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_installed(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", not_installed)
    assert planner.find_version(tmp_path / "missing.toml") == "0+unknown"


def test_importing_planner_reads_no_file() -> None:
    # Every CLI command imports planner: the version is looked up only when asked for.
    code = ("import sys, planner; print('importlib.metadata' in sys.modules, "
            "'re' in sys.modules, planner._version)")
    done = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.stdout.split() == ["False", "False", "None"], done.stderr


def test_unknown_attributes_still_raise() -> None:
    with pytest.raises(AttributeError):
        planner.no_such_thing  # noqa: B018


def test_about_shows_the_pyproject_version(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QWidget

    from planner.gui import dialogs
    from planner.gui.about import AboutDialog
    from planner.gui.main_window import MainWindow

    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_about", lambda parent, text: shown.append(text))
    parent = QWidget()
    MainWindow.about(parent)  # type: ignore[arg-type]  # about() uses self only as parent
    dialog = AboutDialog(shown[0], parent)
    assert f"planner {pyproject_version()}" in dialog.text.toPlainText()
