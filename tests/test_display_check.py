"""`make run`'s check that Qt's X11 plugin can load, with the one command that fixes it."""

from __future__ import annotations

import pytest

from planner import display_check as dc

# What ldd printed for libQt6XcbQpa on a Debian 12 desktop without two xcb-util packages.
LDD_DEBIAN = """\
\tlinux-vdso.so.1 (0x00007ffd5e1f9000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f1)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-image.so.0 => /lib/x86_64-linux-gnu/libxcb-image.so.0 (0x00007f2)
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f3)
"""

DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n'
UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n'
FEDORA = 'NAME="Fedora Linux"\nID=fedora\n'


def test_not_found_lists_each_missing_library_once_in_order() -> None:
    assert dc.not_found(LDD_DEBIAN) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]


def test_the_message_names_the_libraries_and_the_one_apt_command() -> None:
    found = dc.missing(dc.not_found(LDD_DEBIAN))
    text = dc.message(found, dc.distro(DEBIAN))
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in text
    assert "  sudo apt-get install libxcb-icccm4 libxcb-keysyms1\n" in text
    assert "dnf" not in text


def test_fedora_gets_its_own_package_names() -> None:
    found = dc.missing(["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxkbcommon-x11.so.0"])
    text = dc.message(found, dc.distro(FEDORA))
    assert "sudo dnf install xcb-util-cursor xcb-util-wm libxkbcommon-x11" in text


def test_ubuntu_counts_as_debian_and_an_unknown_system_gets_both_commands() -> None:
    assert dc.distro(UBUNTU) == "debian"
    found = dc.missing(["libxcb-icccm.so.4"])
    text = dc.message(found, dc.distro('ID=arch\n'))
    assert "sudo apt-get install libxcb-icccm4" in text
    assert "sudo dnf install xcb-util-wm" in text


def test_a_library_with_no_known_package_is_named_without_an_empty_command() -> None:
    text = dc.message(dc.missing(["libmystery.so.3"]), "debian")
    assert "libmystery.so.3" in text
    assert "apt-get" not in text


def test_only_linux_with_xcb_is_checked() -> None:
    assert dc.uses_xcb({}, "linux")
    assert dc.uses_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not dc.uses_xcb({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not dc.uses_xcb({}, "darwin")
    assert not dc.uses_xcb({}, "win32")


def test_main_exits_non_zero_and_prints_the_fix(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(dc.sys, "platform", "linux")
    monkeypatch.setattr(dc, "check", lambda: dc.missing(["libxcb-keysyms.so.1"]))
    assert dc.main() == 1
    err = capsys.readouterr().err
    assert "libxcb-keysyms.so.1" in err and "libxcb-keysyms1" in err


def test_main_passes_when_every_library_resolves(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(dc.sys, "platform", "linux")
    monkeypatch.setattr(dc, "check", lambda: dc.missing([]))
    assert dc.main() == 0
