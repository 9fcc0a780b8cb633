"""The Linux archive, its install.sh and uninstall.sh (against a fake app in a temporary
HOME: no PyInstaller), the menu entry, the icons and what planner.spec leaves out."""

from __future__ import annotations

import ast
import configparser
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "resources" / "linux"
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

sys.path.insert(0, str(LINUX))
import make_archive  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the Linux installer")


def fake_app(folder: Path) -> Path:
    """An app folder shaped like the bundle: an executable that echoes its arguments."""
    app = folder / "planner"
    (app / "_internal").mkdir(parents=True)
    (app / "_internal" / "libfake.so").write_bytes(b"\x7fELF fake")
    exe = app / "planner"
    exe.write_text('#!/bin/sh\necho "fake planner: $*"\n')
    exe.chmod(0o755)
    return app


def unpack(tmp: Path, version: str) -> Path:
    """Build the archive for a fake app of this version and unpack it; the unpacked folder."""
    archive = make_archive.make_archive(fake_app(tmp / f"build-{version}"), tmp / "out",
                                        version, machine="x86_64")
    assert archive.name == f"planner-{version}-linux-x86_64.tar.gz"
    with tarfile.open(archive) as tar:
        tar.extractall(tmp / "unpacked", filter="tar")
    return tmp / "unpacked" / f"planner-{version}-linux-x86_64"


def fake_cache_tools(folder: Path) -> Path:
    """update-desktop-database and gtk-update-icon-cache that just write their cache file,
    so what happens to caches does not depend on what this machine has installed."""
    folder.mkdir(parents=True, exist_ok=True)
    tools = {
        "update-desktop-database": 'touch "$1/mimeinfo.cache"',
        "gtk-update-icon-cache": 'for a in "$@"; do d=$a; done; touch "$d/icon-theme.cache"',
    }
    for name, body in tools.items():
        tool = folder / name
        tool.write_text(f"#!/bin/sh\n{body}\n")
        tool.chmod(0o755)
    return folder


def run(script: Path, home: Path, tools: Path | None = None) -> subprocess.CompletedProcess[str]:
    path = os.environ.get("PATH", "/usr/bin:/bin")
    env = {"HOME": str(home), "PATH": f"{tools}:{path}" if tools else path}
    return subprocess.run(["sh", str(script)], env=env, capture_output=True, text=True,
                          timeout=60)


def tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_install_puts_the_app_in_the_menu_and_uninstall_removes_every_trace(
    tmp_path: Path,
) -> None:
    unpacked = unpack(tmp_path, "9.8.7")
    home = tmp_path / "home"
    home.mkdir()
    tools = fake_cache_tools(tmp_path / "tools")

    done = run(unpacked / "install.sh", home, tools)
    assert done.returncode == 0, done.stderr
    share = home / ".local" / "share"
    appdir = share / "planner-app" / "9.8.7"
    assert os.access(appdir / "planner" / "planner", os.X_OK)
    assert (appdir / "planner" / "_internal" / "libfake.so").read_bytes() == b"\x7fELF fake"
    for size in SIZES:
        icon = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "planner.png"
        assert icon.read_bytes() == (ICONS / f"planner-{size}.png").read_bytes()
    assert (share / "icons" / "hicolor" / "icon-theme.cache").exists()
    assert (share / "applications" / "mimeinfo.cache").exists()

    launcher = home / ".local" / "bin" / "planner"
    ran = subprocess.run([str(launcher), "sample", "-o", "my plan.json"], capture_output=True,
                         text=True, timeout=60)
    assert ran.stdout == "fake planner: sample -o my plan.json\n"

    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    entry.read(share / "applications" / "planner.desktop")
    assert entry["Desktop Entry"]["Exec"] == f'"{launcher}"'
    assert entry["Desktop Entry"]["TryExec"] == str(launcher)
    assert entry["Desktop Entry"]["Icon"] == "planner"

    # The copy in the app folder uninstalls, as install.sh tells the person.
    done = run(appdir / "uninstall.sh", home, tools)
    assert done.returncode == 0, done.stderr
    assert tree(home) == set()


def test_uninstall_leaves_what_was_there_before(tmp_path: Path) -> None:
    unpacked = unpack(tmp_path, "1.0.0")
    home = tmp_path / "home"
    before = {
        home / ".local" / "bin" / "other-tool": "#!/bin/sh\n",
        home / ".local" / "share" / "applications" / "other.desktop": "[Desktop Entry]\n",
        home / ".local" / "share" / "applications" / "mimeinfo.cache": "[MIME Cache]\n",
        home / ".local" / "share" / "icons" / "hicolor" / "48x48" / "apps" / "other.png": "png",
        # The app's own data folder (platformdirs' user_data_dir), beside the installed app.
        home / ".local" / "share" / "planner" / "plans" / "mine.json": "{}",
    }
    for path, text in before.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    snapshot = tree(home)
    tools = fake_cache_tools(tmp_path / "tools")

    assert run(unpacked / "install.sh", home, tools).returncode == 0
    assert (home / ".local" / "share" / "planner-app" / "1.0.0" / "planner").is_dir()
    # The archive's own uninstall.sh works as well as the installed copy.
    assert run(unpacked / "uninstall.sh", home, tools).returncode == 0
    # The cache the tools made for planner's icons goes with them; nothing else changed.
    assert tree(home) == snapshot
    assert all(path.read_text() == text for path, text in before.items())


def test_a_new_version_replaces_the_old_one(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    old, new = unpack(tmp_path / "a", "1.0.0"), unpack(tmp_path / "b", "2.0.0")
    assert run(old / "install.sh", home).returncode == 0
    assert run(new / "install.sh", home).returncode == 0
    assert not (home / ".local" / "share" / "planner-app" / "1.0.0").exists()
    launcher = (home / ".local" / "bin" / "planner").read_text()
    assert "/planner-app/2.0.0/planner/planner" in launcher
    assert run(new / "install.sh", home).returncode == 0  # the same version again
    assert run(home / ".local/share/planner-app/2.0.0/uninstall.sh", home).returncode == 0
    assert tree(home) == set()


def test_install_never_overwrites_a_launcher_it_did_not_write(tmp_path: Path) -> None:
    unpacked = unpack(tmp_path, "1.0.0")
    home = tmp_path / "home"
    theirs = home / ".local" / "bin" / "planner"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("#!/bin/sh\necho another planner\n")
    done = run(unpacked / "install.sh", home)
    assert done.returncode != 0
    assert "not planner's launcher" in done.stderr
    assert theirs.read_text() == "#!/bin/sh\necho another planner\n"
    assert tree(home) == {".local", ".local/bin", ".local/bin/planner"}


def test_uninstall_says_so_when_nothing_is_installed(tmp_path: Path) -> None:
    unpacked = unpack(tmp_path, "1.0.0")
    home = tmp_path / "home"
    home.mkdir()
    done = run(unpacked / "uninstall.sh", home)
    assert done.returncode == 1
    assert "not installed" in done.stderr
    assert tree(home) == set()


def test_the_archive_holds_the_app_scripts_entry_icons_and_version(tmp_path: Path) -> None:
    unpacked = unpack(tmp_path, "3.1.4")
    assert (unpacked / "VERSION").read_text() == "3.1.4\n"
    for script in ("install.sh", "uninstall.sh"):
        assert os.access(unpacked / script, os.X_OK)
    assert sorted(p.name for p in (unpacked / "icons").iterdir()) == sorted(
        f"planner-{s}.png" for s in SIZES)
    with pytest.raises(FileNotFoundError, match="build it first"):
        make_archive.make_archive(tmp_path / "nothing", tmp_path / "out", "1.0")


def desktop_entry() -> dict[str, str]:
    lines = (LINUX / "planner.desktop").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    keys = dict(line.split("=", 1) for line in lines[1:] if line and not line.startswith("#"))
    return keys


def test_the_menu_entry_is_valid() -> None:
    validator = shutil.which("desktop-file-validate")
    if validator:
        done = subprocess.run([validator, str(LINUX / "planner.desktop")],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and not done.stdout.strip(), done.stdout
    keys = desktop_entry()
    assert keys["Type"] == "Application"
    assert keys["Name"] == "planner"
    assert keys["Icon"] == "planner"
    assert keys["Terminal"] == "false"
    assert keys["Categories"].endswith(";") and "Finance" in keys["Categories"].split(";")
    assert "%" not in keys["Exec"]  # a file argument would be read as a CLI command


def test_every_icon_size_is_drawn_and_matches_its_script(tmp_path: Path) -> None:
    from PIL import Image, ImageChops

    sys.path.insert(0, str(ICONS))
    try:
        import make_icons
    finally:
        sys.path.remove(str(ICONS))
    make_icons.main(tmp_path)
    for size in SIZES:
        with Image.open(ICONS / f"planner-{size}.png") as committed, \
                Image.open(tmp_path / f"planner-{size}.png") as drawn:
            assert committed.size == (size, size)
            assert committed.mode == "RGBA"
            assert committed.getchannel("A").getpixel((0, 0)) == 0  # outside the corners
            diff = ImageChops.difference(committed, drawn)
            worst = max(diff.tobytes())  # the largest difference in any channel
            assert worst <= 2, f"planner-{size}.png is stale: run resources/icons/make_icons.py"
    with Image.open(ICONS / "planner.ico") as ico:
        assert {(s, s) for s in SIZES if s <= 256} <= set(ico.info["sizes"])
    with Image.open(ICONS / "planner.icns") as icns:
        assert icns.size == (1024, 1024)


def test_the_window_icon_has_every_size(qapp: Any) -> None:
    from planner.gui.app import app_icon

    sizes = {(s.width(), s.height()) for s in app_icon().availableSizes()}
    assert sizes == {(s, s) for s in SIZES}


def spec_functions() -> dict[str, Any]:
    """planner.spec's constants and its kept() filter, without running PyInstaller."""
    tree_ = ast.parse((ROOT / "planner.spec").read_text(encoding="utf-8"))
    names: dict[str, Any] = {"Path": Path}
    wanted = {"QT_PLUGINS_KEPT", "QT_LIBS_DROPPED", "MPL_FONTS_KEPT", "kept"}
    for node in tree_.body:
        target = (node.targets[0] if isinstance(node, ast.Assign)
                  else node if isinstance(node, ast.FunctionDef) else None)
        if getattr(target, "id", getattr(target, "name", None)) in wanted:
            exec(compile(ast.Module([node], []), "planner.spec", "exec"), names)
    return names


@pytest.mark.parametrize(("dest", "bundled"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", True),
    ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
    ("PySide6/Qt/plugins/generic/libqevdevmouseplugin.so", False),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/lib/libQt6Network.so.6", False),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
    ("PySide6/Qt/lib/libQt6Svg.so.6", True),  # matplotlib's Qt backend imports QtSvg
    ("matplotlib/mpl-data/sample_data/goog.npz", False),
    ("matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf", True),
    ("matplotlib/mpl-data/fonts/ttf/DejaVuSans-Bold.ttf", True),
    ("matplotlib/mpl-data/fonts/ttf/LastResortHE-Regular.ttf", True),
    ("matplotlib/mpl-data/fonts/ttf/cmr10.ttf", False),
    ("matplotlib/mpl-data/fonts/ttf/STIXGeneral.ttf", False),
    ("matplotlib/mpl-data/fonts/afm/phvr8a.afm", False),
    ("matplotlib/mpl-data/matplotlibrc", True),
    ("resources/data/us_rules.json", True),
    ("numpy.libs/libscipy_openblas64_.so", True),
])
def test_the_spec_bundles_only_what_the_app_loads(dest: str, bundled: bool) -> None:
    assert spec_functions()["kept"](dest) is bundled


def trim_icu() -> Any:
    sys.path.insert(0, str(ROOT / ".ci"))
    try:
        import trim_icu as module
    finally:
        sys.path.remove(str(ROOT / ".ci"))
    return module


@pytest.mark.parametrize(("item", "kept"), [
    ("root.res", True), ("en.res", True), ("en_US.res", True), ("pool.res", True),
    ("res_index.res", True), ("zoneinfo64.res", True), ("supplementalData.res", True),
    ("uprops.icu", True), ("cnvalias.icu", True), ("coll/root.res", True),
    ("coll/ucadata.icu", True), ("translit/Any_Accents.res", True),
    ("de.res", False), ("zh_Hant_TW.res", False), ("coll/sv.res", False),
    ("zone/fr_CA.res", False), ("ibm-943_P15A-2003.cnv", False), ("brkitr/cjdict.dict", False),
])
def test_icu_keeps_english_root_and_every_non_locale_item(item: str, kept: bool) -> None:
    assert trim_icu().kept_item(item) is kept


def test_an_icu_package_reads_back_as_written() -> None:
    module = trim_icu()
    header = b"\x20\x00\xda\x27" + b"\x14\x00\x00\x00\x00\x01\x02\x00CmnD" + b"\x00" * 16
    items = [("icudt73l/a.res", b"A" * 32), ("icudt73l/b.icu", b"B" * 16),
             ("icudt73l/coll/root.res", b"C" * 48)]
    package = module.write_package(header, items)
    _header, back = module.read_package(package, 0, len(package))
    assert back == items
    with pytest.raises(ValueError, match="not an ICU"):
        module.read_package(b"\x00" * 64, 0, 64)


def test_the_trimmed_icu_library_holds_only_the_kept_items(tmp_path: Path) -> None:
    import PySide6

    module = trim_icu()
    lib = Path(PySide6.__file__).parent / "Qt" / "lib" / "libicudata.so.73"
    if not lib.is_file() or not all(shutil.which(t) for t in ("cc", "nm", "readelf")):
        pytest.skip("no Qt ICU data library, or no cc, nm or readelf here")
    made = module.trimmed_icudata(lib, tmp_path)
    assert made is not None and made.name == lib.name
    assert made.stat().st_size < lib.stat().st_size / 4
    full = lib.read_bytes()
    _h, all_items = module.read_package(full, full.find(b"CmnD") - 12, module._symbol(lib)[1])
    small = made.read_bytes()
    _h, kept = module.read_package(small, small.find(b"CmnD") - 12, module._symbol(made)[1])
    expected = [(n, d) for n, d in all_items if module.kept_item(n.split("/", 1)[1])]
    assert [n for n, _ in kept] == [n for n, _ in expected]
    # Each item's bytes are the original's (the padding after it may differ).
    assert all(k.startswith(e.rstrip(b"\0")) for (_, k), (_, e) in zip(kept, expected,
                                                                        strict=True))
