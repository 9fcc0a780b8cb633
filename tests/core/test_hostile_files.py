"""Hostile and corrupt plan files: each is refused with one PlanError line naming the file,
promptly, without reading without end and without touching the file (Step 10, item 1)."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from planner.core import storage
from planner.core.errors import PlanError
from planner.core.storage import load_plan, plan_json, read_plan_data, sample_plan


def _sample_data() -> dict[str, Any]:
    return json.loads(plan_json(sample_plan()))  # type: ignore[no-any-return]


def _refused(path: Path) -> PlanError:
    """load_plan's PlanError for ``path`` (any other exception fails the test)."""
    before = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    with pytest.raises(PlanError) as info:
        load_plan(path)
    if before is not None:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert str(path) in info.value.message
    assert "\n" not in info.value.message
    return info.value


def _write(tmp_path: Path, content: str | bytes, name: str = "p.json") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def _one_line(call: Any) -> str:
    """Run ``call`` in a thread with a deadline: a hang fails the test instead of the run."""
    out: dict[str, BaseException | None] = {}

    def target() -> None:
        try:
            call()
            out["error"] = None
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            out["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "reading the file hung"
    error = out["error"]
    assert isinstance(error, PlanError), repr(error)
    return error.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    message = _one_line(lambda: load_plan(fifo))
    assert message == f"{fifo}: is not a regular file (a pipe or a device), so it is not " \
                      "read as a plan"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_link_to_an_endless_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    assert "is not a regular file" in _one_line(lambda: load_plan(link))


def test_a_link_to_a_plan_is_followed(tmp_path: Path) -> None:
    real = storage.save_plan(sample_plan(), tmp_path / "real.json")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert load_plan(link) == sample_plan()


def test_the_byte_limit_holds_whatever_the_size_claims(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, plan_json(sample_plan()))
    monkeypatch.setattr(storage, "MAX_PLAN_BYTES", 1000)
    error = _refused(path)
    assert "too large for a plan file (the limit is 0.001 MB)" in error.message
    # A file that grows after its size was taken is still read no further than the limit.
    real_fstat = os.fstat

    def small(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        return os.stat_result((info.st_mode, *tuple(info)[1:6], 10, *tuple(info)[7:]))

    monkeypatch.setattr(os, "fstat", small)
    assert "more than 1,000 bytes is too large" in _refused(path).message


def test_the_default_limit_is_five_megabytes(tmp_path: Path) -> None:
    path = _write(tmp_path, b" " * (5_000_001))
    assert _refused(path).message.endswith("(the limit is 5 MB)")


def test_deep_nesting_is_one_clear_line(tmp_path: Path) -> None:
    for content in ("[" * 100_000, '{"a": ' * 100_000, '{"a": ' + "[" * 50 + "]" * 50 + "}",
                    '{"schema_version": 5, "x": ' + "[" * 500 + "]" * 500 + "}"):
        path = _write(tmp_path, content)
        assert "nested too deeply (a plan needs at most 20 levels)" in _refused(path).message


def test_a_5000_digit_number_is_one_clear_line(tmp_path: Path) -> None:
    for number in ("9" * 5000, "-" + "9" * 5000, "1" * 5000 + ".5"):
        path = _write(tmp_path, '{"schema_version": 5, "seed": ' + number + "}")
        assert "digits is too long" in _refused(path).message


def test_bad_encoding_names_the_byte(tmp_path: Path) -> None:
    path = _write(tmp_path, b'{"name": "caf\xe9"}')
    assert _refused(path).message == f"{path}: not a text file (a plan is UTF-8 JSON; byte 13 " \
                                     "is not UTF-8)"


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = _write(tmp_path, b"\xef\xbb\xbf" + plan_json(sample_plan()).encode())
    assert load_plan(path) == sample_plan()


def test_duplicate_keys_are_refused_naming_the_key(tmp_path: Path) -> None:
    text = plan_json(sample_plan()).replace('"name": "Alex"', '"name": "Alex", "name": "Sam"')
    path = _write(tmp_path, text)
    assert _refused(path).message == (
        f"{path}: not a usable plan: the key 'name' appears twice in one object (which one "
        "is meant is unclear): remove one")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_numbers_are_refused(tmp_path: Path, constant: str) -> None:
    text = plan_json(sample_plan()).replace('"inflation_volatility": ',
                                            f'"inflation_volatility": {constant}, "x": ', 1)
    path = _write(tmp_path, text)
    assert f"{constant} is not a number a plan can hold" in _refused(path).message


@pytest.mark.parametrize("value", [1e308, -1e300, 1e16, 10**20])
def test_numbers_beyond_any_real_value_are_refused_with_the_field(
    tmp_path: Path, value: float
) -> None:
    data = _sample_data()
    data["assumptions"]["inflation_volatility"] = value
    data["accounts"][0]["balance"] = value
    data["simulation"]["seed"] = value
    path = _write(tmp_path, json.dumps(data))
    fields = {p.field: p.message for p in _refused(path).problems}
    for field in ("assumptions.inflation_volatility", "accounts[0].balance", "simulation.seed"):
        assert "is beyond any real value (at most 1e+15 in size)" in fields[field]
        assert "inf" not in fields[field].lower()


def test_an_overflowing_number_is_refused_as_not_finite(tmp_path: Path) -> None:
    text = plan_json(sample_plan()).replace('"inflation_volatility": ',
                                            '"inflation_volatility": 1e400, "x": ', 1)
    error = _refused(_write(tmp_path, text))
    got = {p.field: p.message for p in error.problems}
    assert got["assumptions.inflation_volatility"] == "must be a finite number"


def test_lone_surrogates_are_refused_with_the_field(tmp_path: Path) -> None:
    data = _sample_data()
    data["people"][0]["name"] = "Al\ud800ex"
    path = _write(tmp_path, json.dumps(data))  # ensure_ascii: the file holds "\ud800"
    problems = {p.field: p.message for p in _refused(path).problems}
    assert problems == {"people[0].name": "holds a lone surrogate (\\ud800), which is not "
                                          "a character: retype the text"}


def test_unknown_keys_are_shown_escaped(tmp_path: Path) -> None:
    data = _sample_data()
    data["\x1b[31mred\ud800"] = 1
    path = _write(tmp_path, json.dumps(data))
    (problem,) = _refused(path).problems
    assert problem.field == "\\x1b[31mred\\ud800" and problem.field.isprintable()


def test_huge_lists_are_refused_without_reading_each_entry(tmp_path: Path) -> None:
    data = _sample_data()
    data["accounts"] = [{"name": f"a{i}"} for i in range(60)]
    data["income"] = [1] * 200_000
    data["taxes"]["conversions"] = [None] * 121
    data["people"] = data["people"] * 3
    path = _write(tmp_path, json.dumps(data))
    got = {p.field: p.message for p in _refused(path).problems}
    assert got == {
        "people": "3 entries; a plan holds at most 2",
        "accounts": "60 entries; a plan holds at most 50",
        "income": "200,000 entries; a plan holds at most 100",
        "taxes.conversions": "121 entries; a plan holds at most 120",
    }


def test_read_plan_data_has_the_same_guards(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="nested too deeply"):
        read_plan_data(_write(tmp_path, "[" * 100_000))
    assert sys.getrecursionlimit() < 100_000  # the case above really is past the limit
