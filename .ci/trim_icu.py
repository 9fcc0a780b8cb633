"""A smaller ICU data library for the bundle: 32 MB of Qt's libicudata down to about 5.

Qt links ICU for locale-aware case mapping, collation and time zones. Its data library holds
every locale's names for languages, currencies, units and zones, collation tailorings, break
dictionaries and 200 legacy character sets. planner runs in US English (planner/gui/app.py
sets the locale) and reads and writes UTF-8 only, so it keeps ICU's core tables, the root
and English locales and every non-locale resource (time zones, plural rules, likely
subtags...); another locale asked of ICU falls back to root, as ICU does for any missing one.

planner.spec calls trimmed_icudata() on Linux. It reads the library's common data package (a
table of contents of named items, "icudt73l/coll/de.res"...), writes a package without the
dropped items, and links it into a library of the same soname that exports the same symbol
(`cc` from the build machine). If anything is missing or unexpected it returns None and the
bundle keeps the original library.

    python .ci/trim_icu.py LIBICUDATA OUT_DIR   # writes OUT_DIR/<same name>, prints sizes
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

ALIGN = 16  # ICU requires each item 16-byte aligned
# A locale bundle: "de.res", "zh_Hant_TW.res", "sr_Latn.res" (2-3 letter language first).
LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*\.res$")
# Kept: root, English, and res_index (named like a locale, it lists the locales there are).
KEPT_LOCALES = re.compile(r"^(root|res_index|en(_[A-Za-z0-9]+)*)\.res$")


def kept_item(name: str) -> bool:
    """Whether the item (its path after "icudt73l/") stays in the trimmed package."""
    base = name.rsplit("/", 1)[-1]
    if base.endswith(".cnv"):  # legacy character sets: Qt decodes UTF-8 and Latin-1 itself
        return False
    if base.endswith(".dict"):  # CJK, Thai, Lao, Khmer, Burmese word-break dictionaries
        return False
    if LOCALE.match(base):
        return bool(KEPT_LOCALES.match(base))
    return True


def read_package(lib: bytes, start: int, size: int) -> tuple[bytes, list[tuple[str, bytes]]]:
    """(header, [(item name, item bytes)]) of the common data package at lib[start:]."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", lib, start)
    if (magic1, magic2) != (0xDA, 0x27) or lib[start + 12:start + 16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    toc = start + header_size
    (count,) = struct.unpack_from("<I", lib, toc)
    entries = [struct.unpack_from("<II", lib, toc + 4 + 8 * k) for k in range(count)]
    ends = [offset for _name, offset in entries[1:]] + [size - header_size]
    items = []
    for (name_offset, offset), end in zip(entries, ends, strict=True):
        name = lib[toc + name_offset:lib.index(b"\0", toc + name_offset)].decode("ascii")
        items.append((name, lib[toc + offset:toc + end]))
    return lib[start:toc], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """The package with these items, names in the same (sorted) order ICU searches."""
    count = len(items)
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    names_start = 4 + 8 * count
    data_start = names_start + len(names)
    data_start += -(len(header) + data_start) % ALIGN
    toc = bytearray(struct.pack("<I", count))
    blob = bytearray()
    name_offset = names_start
    for name, data in items:
        offset = data_start + len(blob)
        toc += struct.pack("<II", name_offset, offset)
        name_offset += len(name) + 1
        blob += data
        blob += b"\0" * (-(len(header) + data_start + len(blob)) % ALIGN)
    toc += names
    toc += b"\0" * (data_start - len(toc))
    return header + bytes(toc) + bytes(blob)


def _symbol(lib: Path) -> tuple[str, int]:
    """The exported data symbol ("icudt73_dat") and its size, from nm."""
    out = subprocess.run(["nm", "-D", "-S", "--defined-only", str(lib)], capture_output=True,
                         text=True, check=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and re.fullmatch(r"icudt\d+_dat", parts[3]):
            return parts[3], int(parts[1], 16)
    raise ValueError(f"no icudt*_dat symbol in {lib}")


def _soname(lib: Path) -> str:
    out = subprocess.run(["readelf", "-d", str(lib)], capture_output=True, text=True,
                         check=True).stdout
    match = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", out)
    if not match:
        raise ValueError(f"no soname in {lib}")
    return match.group(1)


def _link(package: Path, symbol: str, soname: str, out: Path) -> None:
    source = out.with_suffix(".S")
    source.write_text(
        "\t.section .rodata\n"
        f"\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign {ALIGN}\n"
        f"{symbol}:\n\t.incbin \"{package}\"\n\t.size {symbol}, . - {symbol}\n"
        '\t.section .note.GNU-stack,"",@progbits\n'
    )
    subprocess.run(["cc", "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-o", str(out),
                    str(source)], check=True, capture_output=True)


def trimmed_icudata(lib: Path, out_dir: Path) -> Path | None:
    """A trimmed copy of the ICU data library `lib` in out_dir, or None if it cannot be made
    here (no cc, nm or readelf, or a library laid out otherwise)."""
    if not all(shutil.which(tool) for tool in ("cc", "nm", "readelf")):
        return None
    try:
        symbol, size = _symbol(lib)
        soname = _soname(lib)
        data = lib.read_bytes()
        start = data.find(b"CmnD") - 12
        if start < 0:
            raise ValueError("no ICU common data package in the library")
        header, items = read_package(data, start, size)
        prefix = items[0][0].split("/", 1)[0] + "/"  # "icudt73l/"
        kept = [(n, d) for n, d in items if kept_item(n.removeprefix(prefix))]
        out_dir.mkdir(parents=True, exist_ok=True)
        package = out_dir / f"{prefix.rstrip('/')}.dat"
        package.write_bytes(write_package(header, kept))
        out = out_dir / lib.name
        _link(package, symbol, soname, out)
        _check(out, symbol, [n for n, _ in kept])
        return out
    except (OSError, ValueError, subprocess.CalledProcessError) as exc:
        print(f"trim_icu: keeping the full ICU data ({exc})", file=sys.stderr)
        return None


def _check(out: Path, symbol: str, names: list[str]) -> None:
    """The new library's package reads back with exactly the kept items, in order."""
    new_symbol, size = _symbol(out)
    data = out.read_bytes()
    _header, items = read_package(data, data.find(b"CmnD") - 12, size)
    if new_symbol != symbol or [n for n, _ in items] != names:
        raise ValueError("the trimmed package does not read back")


if __name__ == "__main__":
    source_lib, target = Path(sys.argv[1]), Path(sys.argv[2])
    made = trimmed_icudata(source_lib, target)
    if made is None:
        raise SystemExit(1)
    print(f"{source_lib.stat().st_size / 1e6:.1f} MB -> {made.stat().st_size / 1e6:.1f} MB: "
          f"{made}")
