"""planner: a private desktop retirement planner."""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from pathlib import Path

# Nothing is imported at the top: every planner command imports this package first.
DISTRIBUTION = "planner"  # [project] name in pyproject.toml, the one place the version is kept
UNKNOWN_VERSION = "0+unknown"
KEY_LINE = r'^(name|version)\s*=\s*"([^"]*)"\s*(?:#.*)?$'
_version: str | None = None


def pyproject_version(pyproject: Path) -> str | None:
    """[project] version from a source checkout's pyproject.toml, if the file is planner's.

    Read line by line rather than with tomllib: this runs in every CLI command (its --version
    option), and tomllib's import and parse cost several times more. The project table keeps
    name and version as plain one-line strings, as setuptools requires."""
    import re

    try:
        lines = pyproject.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    found: dict[str, str] = {}
    in_project = False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("["):
            in_project = stripped == "[project]"
        elif in_project and (match := re.match(KEY_LINE, stripped)):
            found[match.group(1)] = match.group(2)
    if found.get("name") != DISTRIBUTION or not found.get("version"):
        return None
    return found["version"]


def checkout_pyproject() -> Path:
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "pyproject.toml"


def find_version(pyproject: Path | None = None) -> str:
    """pyproject.toml's version when running from a checkout (an editable install's metadata
    goes stale when the version changes and nobody reinstalls); else the installed
    distribution's metadata, which a bundle copies (planner.spec: copy_metadata)."""
    pyproject = pyproject or checkout_pyproject()
    version = pyproject_version(pyproject) if pyproject.is_file() else None
    if version is not None:
        return version
    from importlib import metadata  # costs ~30 ms (the email parser): only when needed

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return UNKNOWN_VERSION


def __getattr__(name: str) -> str:
    # __version__ is found on first use, so an import of planner that never shows the
    # version reads no file.
    global _version
    if name == "__version__":
        if _version is None:
            _version = find_version()
        return _version
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
