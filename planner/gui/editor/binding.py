"""Read and replace one value of a frozen Plan by its JSON path ("accounts[1].allocation.crypto").

The same paths name the fields in ``validate`` problems, so an editor widget bound to a
path is also the place where that path's problem is shown.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")

Key = str | int


def parse(path: str) -> list[Key]:
    """"people[0].social_security.claim_age" -> ["people", 0, "social_security", "claim_age"]."""
    keys: list[Key] = []
    for name, index in _TOKEN.findall(path):
        keys.append(int(index) if index else name)
    return keys


def get_value(obj: Any, path: str) -> Any:
    for key in parse(path):
        obj = obj[key] if isinstance(key, int) else getattr(obj, key)
    return obj


def set_value(obj: Any, path: str, value: Any) -> Any:
    """A copy of ``obj`` with the value at ``path`` replaced; frozen objects are rebuilt."""
    return _set(obj, parse(path), value)


def _set(obj: Any, keys: list[Key], value: Any) -> Any:
    if not keys:
        return value
    key, rest = keys[0], keys[1:]
    if isinstance(key, int):
        items = list(obj)
        items[key] = _set(items[key], rest, value)
        return tuple(items)
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        raise TypeError(f"cannot set {key!r} on {type(obj).__name__}")
    return dataclasses.replace(obj, **{key: _set(getattr(obj, key), rest, value)})


def parent_paths(path: str) -> Iterable[str]:
    """The path itself, then each shorter prefix: a.b[1].c, a.b[1], a.b, a, ''."""
    yield path
    while path:
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
        yield path
