"""Read a matplotlib-written PDF without new dependencies: page count and text.

Text is decoded the way a PDF reader must: each font's ToUnicode CMap maps the codes in
the content streams back to characters. If that works, the text in the file is real,
selectable text (and pdftotext, when installed, is used as a second, independent reader).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from pathlib import Path

OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
# Up to the "\n" before endstream: compressed data may itself end in a "\r" byte, and a
# writer's own "\r\n" leaves a "\r" after the zlib stream, where decompressing ignores it.
STREAM = re.compile(rb"stream\r?\n(.*?)\nendstream", re.S)
HEX = rb"<([0-9A-Fa-f\s]*)>"


def _objects(raw: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Object number -> (dictionary text, decompressed stream or None)."""
    out: dict[int, tuple[bytes, bytes | None]] = {}
    for m in OBJECT.finditer(raw):
        body = m.group(2)
        s = STREAM.search(body)
        data = None
        if s:
            data = s.group(1)
            if b"/FlateDecode" in body[: s.start()]:
                data = zlib.decompressobj().decompress(data)
            body = body[: s.start()]
        out[int(m.group(1))] = (body, data)
    return out


def page_count(path: Path) -> int:
    raw = Path(path).read_bytes()
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", raw))


def _cmap(data: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(HEX + rb"\s*" + HEX, block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for line in block.strip().splitlines():
            lo, hi, *dst = re.findall(HEX, line)
            start, end = int(lo, 16), int(hi, 16)
            if b"[" in line:  # one destination per code
                for code, d in zip(range(start, end + 1), dst, strict=True):
                    mapping[code] = bytes.fromhex(d.decode()).decode("utf-16be")
            else:  # consecutive codes map to consecutive characters
                first = bytes.fromhex(dst[0].decode()).decode("utf-16be")
                for k, code in enumerate(range(start, end + 1)):
                    mapping[code] = first[:-1] + chr(ord(first[-1]) + k)
    return mapping


def _literal(token: bytes) -> bytes:
    """Undo PDF literal-string escapes (the ones matplotlib writes)."""
    body = token[1:-1]
    escapes = {b"n": b"\n", b"r": b"\r", b"\\": b"\\", b"(": b"(", b")": b")"}
    return re.sub(rb"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), body, flags=re.S)


TOKENS = re.compile(rb"/([A-Za-z0-9_.+-]+)\s+[\d.]+\s+Tf|\((?:\\.|[^\\)])*\)|" + HEX
                    + rb"|\bET\b", re.S)


def pdf_text(path: Path) -> str:
    """All text of the PDF, one line per text object (BT..ET), in file order."""
    objs = _objects(Path(path).read_bytes())
    # Font resource names (/F1 ...) -> font object -> its ToUnicode CMap.
    names: dict[str, int] = {}
    for body, _ in objs.values():
        for name, num in re.findall(rb"/(F\d+)\s+(\d+)\s+0\s+R", body):
            names[name.decode()] = int(num)
    cmaps: dict[str, tuple[dict[int, str], int]] = {}
    for name, num in names.items():
        body = objs.get(num, (b"", None))[0]
        ref = re.search(rb"/ToUnicode\s+(\d+)\s+0\s+R", body)
        if ref:
            data = objs[int(ref.group(1))][1] or b""
            width = 2 if b"/Type0" in body else 1
            cmaps[name] = (_cmap(data), width)
    lines: list[str] = []
    for _, data in objs.values():
        if data is None or b" Tf" not in data:
            continue
        current: tuple[dict[int, str], int] = ({}, 1)
        text = ""
        for m in TOKENS.finditer(data):
            tok = m.group(0)
            if m.group(1):
                current = cmaps.get(m.group(1).decode(), ({}, 1))
            elif tok == b"ET":
                lines.append(text)
                text = ""
            else:
                raw = _literal(tok) if tok.startswith(b"(") else bytes.fromhex(
                    re.sub(rb"\s", b"", tok[1:-1]).decode())
                mapping, width = current
                codes = [int.from_bytes(raw[i:i + width], "big")
                         for i in range(0, len(raw), width)]
                text += "".join(mapping.get(c, "\ufffd") for c in codes)
    return "\n".join(lines)


def pdftotext(path: Path) -> str | None:
    """poppler's text, or None when pdftotext is not installed (e.g. on a bare CI image)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    done = subprocess.run([exe, "-layout", str(path), "-"], capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stdout
