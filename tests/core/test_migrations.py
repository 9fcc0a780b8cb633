"""Plans written by every released version keep loading (tests/fixtures/<version>/).

The v1 fixtures were saved by planner 0.1.0 (commit 8bc3e5a, schema 1) with
tests/fixtures/v1/make_fixtures.py, which also recorded that release's expected-mode results.
Where the model did not change (retired households whose people die in the same year, so no
survivor years and no working years), the upgraded plan must give the same numbers.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from planner.core.engine import project
from planner.core.errors import PlanError
from planner.core.migrations import v1_to_v2
from planner.core.model import SCHEMA_VERSION, Growth, IncomeKind
from planner.core.storage import load_plan, save_plan
from planner.core.validate import validate

V1 = Path(__file__).resolve().parent.parent / "fixtures" / "v1"
V1_PLANS = sorted(p for p in V1.glob("*.json") if not p.name.startswith("expected"))
EXPECTED = json.loads((V1 / "expected_results_v0.1.0.json").read_text())
UNCHANGED = ("retiree", "blank")  # what Steps 5 and 6 must not move


@pytest.mark.parametrize("path", V1_PLANS, ids=lambda p: p.stem)
def test_every_v1_plan_loads_validates_and_runs(path: Path) -> None:
    assert json.loads(path.read_text())["schema_version"] == 1
    plan = load_plan(path)
    assert plan.schema_version == SCHEMA_VERSION
    assert validate(plan) == []
    r = project(plan, mode="expected")
    assert np.isfinite(r.total_balance).all()


@pytest.mark.parametrize("name", UNCHANGED)
def test_results_are_unchanged_where_the_model_did_not_change(name: str) -> None:
    r = project(load_plan(V1 / f"{name}.json"), mode="expected")
    old = EXPECTED[name]
    np.testing.assert_allclose(r.total_balance[0], old["total_balance"], atol=0.01)
    for key in ("tax_federal", "withdrawals", "social_security", "pension"):
        np.testing.assert_allclose(r.flows[key][0], old[key], atol=0.01, err_msg=key)


def test_retired_couple_converts_to_the_top_of_the_bracket_after_withdrawals() -> None:
    # Step 6 sizes conversions with the year's withdrawals (0.1.0 sized them before, and
    # the gains realised to pay for spending and the tax pushed income past the bracket).
    # Benefits and pensions do not move; in 2026 ordinary taxable income (taxable income
    # less gains and qualified dividends) ends at the top of the 22% bracket, 211,400 for a
    # joint return (Rev. Proc. 2025-32), within the Newton steps' few dollars.
    plan = load_plan(V1 / "retired_couple.json")
    r = project(plan, mode="expected")
    old = EXPECTED["retired_couple"]
    for key in ("social_security", "pension"):
        np.testing.assert_allclose(r.flows[key][0], old[key], atol=0.01, err_msg=key)
    f = r.flows
    ordinary = f["taxable_income"][0, 0] - f["capital_gains"][0, 0] - f["dividends"][0, 0]
    assert f["roth_conversion"][0, 0] > 100_000
    assert ordinary == pytest.approx(211_400, abs=5)


def test_pensions_become_income_streams_with_the_same_payments() -> None:
    plan = load_plan(V1 / "retired_couple.json")
    state, teacher = plan.income
    assert (state.kind, state.owner, state.amount) == (IncomeKind.PENSION, 0, 31_000)
    assert state.growth is Growth.INFLATION and not state.todays_dollars
    assert (state.start_age, state.survivor_share) == (65, 0.5)
    assert (teacher.owner, teacher.growth, teacher.growth_rate) == (1, Growth.COLA, 0.02)
    assert teacher.survivor_share == 1.0
    working = load_plan(V1 / "working_couple.json")
    (union,) = working.income
    assert (union.owner, union.growth, union.amount, union.start_age) == (1, Growth.FIXED,
                                                                          6_000, 65)
    np.testing.assert_allclose(project(working, mode="expected").flows["pension"][0],
                               EXPECTED["working_couple"]["pension"], atol=0.01)


def test_money_received_once_becomes_an_untaxed_inflow() -> None:
    plan = load_plan(V1 / "retired_couple.json")
    assert [(o.year, o.amount) for o in plan.spending.one_offs] == [(2028, 40_000)]
    (gift,) = plan.inflows
    assert (gift.year, gift.amount, gift.label, gift.taxable_amount) == (
        2030, 25_000, "Gift from a sibling", 0)
    assert plan.spending.phase_person == 0  # v1 phases followed the first person


def test_the_original_is_kept_only_when_the_upgraded_plan_is_saved(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    shutil.copy(V1 / "working_couple.json", path)
    original = path.read_bytes()
    plan = load_plan(path)
    assert path.read_bytes() == original
    assert list(tmp_path.iterdir()) == [path]  # loading writes nothing
    save_plan(plan, path)
    backup = tmp_path / "plan.json.v1.bak"
    assert backup.read_bytes() == original
    assert json.loads(path.read_text())["schema_version"] == SCHEMA_VERSION
    assert load_plan(path) == plan
    save_plan(plan, path)  # a later save leaves the first backup alone
    assert backup.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json", "plan.json.v1.bak"]


def test_malformed_v1_data_is_reported_at_its_new_place() -> None:
    data = json.loads((V1 / "retiree.json").read_text())
    data["people"][0]["pensions"][0]["cola_rate"] = "two percent"
    data["people"][0]["pensions"][0]["colour"] = "blue"
    upgraded = v1_to_v2(data)
    stream = upgraded["income"][0]
    assert stream["growth_rate"] == "two percent" and stream["colour"] == "blue"
    assert "pensions" not in upgraded["people"][0]
    assert data["people"][0]["pensions"]  # the input is not changed


V2 = Path(__file__).resolve().parent.parent / "fixtures" / "v2"
V2_PLANS = sorted(p for p in V2.glob("*.json") if not p.name.startswith("expected"))
EXPECTED_V2 = json.loads((V2 / "expected_results_step5.json").read_text())


@pytest.mark.parametrize("path", V2_PLANS, ids=lambda p: p.stem)
def test_every_v2_plan_loads_validates_and_runs(path: Path) -> None:
    assert json.loads(path.read_text())["schema_version"] == 2
    plan = load_plan(path)
    assert plan.schema_version == SCHEMA_VERSION
    assert validate(plan) == []
    assert np.isfinite(project(plan, mode="expected").total_balance).all()


def test_a_v2_plan_without_what_step_6_changed_gives_the_same_results() -> None:
    # No medical costs, IRMAA off, a flat state rate, claiming at 67 (January births claim
    # in January, as before): nothing of Step 6 applies.
    plan = load_plan(V2 / "plain_retiree.json")
    assert plan.taxes.state == "" and plan.taxes.state_rate == 0.03
    r = project(plan, mode="expected")
    old = EXPECTED_V2["plain_retiree"]
    np.testing.assert_allclose(r.total_balance[0], old["total_balance"], atol=0.01)
    for key in ("tax_federal", "tax_state", "withdrawals", "social_security"):
        np.testing.assert_allclose(r.flows[key][0], old[key], atol=0.01, err_msg=key)


def test_medical_costs_leave_the_goal_and_become_health_care() -> None:
    plan = load_plan(V2 / "early_retirees.json")
    h = plan.health
    assert (h.premiums, h.irmaa, h.out_of_pocket_annual) == (False, True, 9_000)
    assert h.cost_growth == plan.assumptions.inflation_rate  # grew with prices before
    assert plan.spending.annual == 76_000 and plan.spending.phases[0].annual == 61_000
    r = project(plan, mode="expected")
    # In the first retired year the goal and the medical costs make the old 85,000.
    t = plan.retirement_year - plan.start_year
    total = r.real_flow("spending_planned")[0, t] + r.real_flow("medical_costs")[0, t]
    assert total == pytest.approx(85_000)
    assert r.flows["tax_state"][0] == pytest.approx(0.05 * r.flows["taxable_income"][0])


def test_v2_to_v3_leaves_malformed_values_for_the_reader(tmp_path: Path) -> None:
    data = json.loads((V2 / "early_retirees.json").read_text())
    data["spending"]["healthcare_annual"] = "lots"
    data["taxes"]["medicare_irmaa"] = "yes"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(PlanError) as err:
        load_plan(path)
    fields = {p.field for p in err.value.problems}
    assert {"spending.healthcare_annual", "taxes.medicare_irmaa"} <= fields


# ----- schema 3 (the Step 6 release) -> 4

V3 = Path(__file__).resolve().parent.parent / "fixtures" / "v3"
V3_PLANS = sorted(p for p in V3.glob("*.json") if not p.name.startswith("expected"))
EXPECTED_V3 = json.loads((V3 / "expected_results_step6.json").read_text())


@pytest.mark.parametrize("path", V3_PLANS, ids=lambda p: p.stem)
def test_a_v3_plan_gives_the_step_6_results_under_its_named_outlook(path: Path) -> None:
    assert json.loads(path.read_text())["schema_version"] == 3
    plan = load_plan(path)
    assert plan.schema_version == SCHEMA_VERSION and validate(plan) == []
    assert plan.assumptions.inflation_persistence == 0.0  # independent years, as before
    old = EXPECTED_V3[path.stem]
    mc = project(plan, mode="monte-carlo", paths=500, seed=11)
    assert mc.summary.success_rate == old["monte_carlo_success"]
    np.testing.assert_allclose(mc.estate_real[:50], old["monte_carlo_estate_real"], rtol=1e-9)
    ex = project(plan, mode="expected")
    np.testing.assert_allclose(ex.total_balance[0], old["expected_total_balance"], rtol=1e-9)


def test_the_old_default_crypto_is_named_cautious_and_an_own_belief_stays_custom() -> None:
    from planner.core.model import CryptoModel
    from planner.core.outlooks import implied_mean

    sample = load_plan(V3 / "sample.json").assumptions.crypto
    assert sample.name == "cautious" and sample.model is CryptoModel.STUDENT_T
    assert implied_mean(sample) == pytest.approx(0.1206, abs=1e-9)
    own = load_plan(V3 / "own_crypto.json").assumptions.crypto
    assert own.name == "custom" and own.model is CryptoModel.BOOTSTRAP
    assert implied_mean(own) == pytest.approx(0.25, abs=1e-9) and own.volatility == 0.8


# ----- schema 4 (the Step 7 release) -> 5

V4 = Path(__file__).resolve().parent.parent / "fixtures" / "v4"
V4_PLANS = sorted(p for p in V4.glob("*.json") if not p.name.startswith("expected"))
EXPECTED_V4 = json.loads((V4 / "expected_results_step7.json").read_text())


@pytest.mark.parametrize("path", V4_PLANS, ids=lambda p: p.stem)
def test_a_v4_plan_gives_the_step_7_results(path: Path) -> None:
    assert json.loads(path.read_text())["schema_version"] == 4
    plan = load_plan(path)
    assert plan.schema_version == SCHEMA_VERSION and validate(plan) == []
    assert plan.taxes.heirs_tax_rate == 0.24
    old = EXPECTED_V4[path.stem]
    mc = project(plan, mode="monte-carlo", paths=300, seed=5)
    assert mc.summary.success_rate == old["monte_carlo_success"]
    np.testing.assert_allclose(mc.estate_real[:40], old["monte_carlo_estate_real"], rtol=1e-9)
    hist = project(plan, mode="historical")
    assert hist.summary.success_rate == old["historical_success"]
    np.testing.assert_allclose(hist.estate_real[:40], old["historical_estate_real"], rtol=1e-9)


# ----- every schema version this app has written, kept forever (Step 10, item 6)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EVERY_PLAN = sorted(p for v in range(1, SCHEMA_VERSION + 1)
                    for p in (FIXTURES / f"v{v}").glob("*.json")
                    if not p.name.startswith("expected"))


def test_there_are_fixtures_of_every_schema_version_and_a_migration_from_each() -> None:
    from planner.core.migrations import MIGRATIONS

    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION))
    for version in range(1, SCHEMA_VERSION + 1):
        plans = [p for p in EVERY_PLAN if p.parent.name == f"v{version}"]
        assert plans, f"no fixture of schema {version} in tests/fixtures/v{version}"
        assert all(json.loads(p.read_text())["schema_version"] == version for p in plans)


@pytest.mark.parametrize("path", EVERY_PLAN, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_every_fixture_loads_validates_and_runs_without_being_touched(
    path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    plan = load_plan(copy)
    assert plan.schema_version == SCHEMA_VERSION and validate(plan) == []
    assert np.isfinite(project(plan, mode="expected").total_balance).all()
    assert copy.read_bytes() == path.read_bytes()
    assert list(tmp_path.iterdir()) == [copy]


@pytest.mark.parametrize("name", ["sample", "step8_fields"])
def test_a_current_plan_saves_back_byte_for_byte(name: str, tmp_path: Path) -> None:
    original = FIXTURES / f"v{SCHEMA_VERSION}" / f"{name}.json"
    again = save_plan(load_plan(original), tmp_path / "p.json")
    assert again.read_bytes() == original.read_bytes()
    assert list(tmp_path.iterdir()) == [again]  # no backup of a current plan


def _old_plan(tmp_path: Path, broken: bool = False) -> Path:
    data = json.loads((V1 / "working_couple.json").read_text())
    if broken:
        data["people"][0]["birth_year"] = "nineteen eighty"
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data))
    return path


def test_refusing_or_listing_an_old_plan_writes_no_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.core import storage

    monkeypatch.setenv(storage.DATA_DIR_ENV, str(tmp_path))
    folder = storage.plans_dir()
    bad = _old_plan(folder, broken=True)
    before = bad.read_bytes()
    with pytest.raises(PlanError):
        load_plan(bad)
    assert storage.list_plans() == [bad]
    ok = shutil.copy(V1 / "retiree.json", folder / "ok.json")
    assert validate(load_plan(ok)) == []
    assert sorted(p.name for p in folder.iterdir()) == ["ok.json", "plan.json"]
    assert bad.read_bytes() == before


def test_a_failed_save_of_an_upgraded_plan_leaves_no_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    path = _old_plan(tmp_path)
    original = path.read_bytes()
    plan = load_plan(path)
    real_replace = os.replace

    def refuse_the_plan(src: str, dst: str) -> None:
        if Path(dst) == path:
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse_the_plan)
    with pytest.raises(OSError):
        save_plan(plan, path)
    assert path.read_bytes() == original
    assert list(tmp_path.iterdir()) == [path]  # no .bak beside a plan that was not upgraded


def test_the_backup_is_written_atomically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    path = _old_plan(tmp_path)
    original = path.read_bytes()
    plan = load_plan(path)

    def crash(fd: int) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        save_plan(plan, path)
    assert path.read_bytes() == original
    assert list(tmp_path.iterdir()) == [path]  # no partial backup, no temporary file
    monkeypatch.undo()
    save_plan(plan, path)
    assert (tmp_path / "plan.json.v1.bak").read_bytes() == original


@pytest.mark.parametrize("leftover", [b"", b'{"schema_version": 1, "na', b"\x00" * 100,
                                      b'{"schema_version": 5}'])
def test_a_truncated_backup_is_repaired_on_the_next_upgrade_save(
    tmp_path: Path, leftover: bytes
) -> None:
    path = _old_plan(tmp_path)
    original = path.read_bytes()
    backup = tmp_path / "plan.json.v1.bak"
    backup.write_bytes(leftover)  # what a crash of a non-atomic writer leaves
    save_plan(load_plan(path), path)
    assert backup.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json", "plan.json.v1.bak"]


def test_an_intact_backup_is_kept(tmp_path: Path) -> None:
    path = _old_plan(tmp_path)
    backup = tmp_path / "plan.json.v1.bak"
    first = (V1 / "retiree.json").read_bytes()  # an earlier schema-1 original, intact
    backup.write_bytes(first)
    save_plan(load_plan(path), path)
    assert backup.read_bytes() == first


def test_a_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    data = json.loads((FIXTURES / f"v{SCHEMA_VERSION}" / "sample.json").read_text())
    data["schema_version"] = SCHEMA_VERSION + 1
    data["a_field_from_the_future"] = {"x": 1}
    path = tmp_path / "future.json"
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert info.value.message == (
        f"{path}: written by a newer planner (schema {SCHEMA_VERSION + 1}; this version reads "
        f"up to {SCHEMA_VERSION}): open it with that version; the file is left as it is")
    assert path.read_bytes() == before and list(tmp_path.iterdir()) == [path]


def test_out_of_range_old_values_are_reported_not_crashed_on(tmp_path: Path) -> None:
    # Found by mutating the fixtures: the upgrades met values no planner wrote.
    v3 = json.loads((V3 / "sample.json").read_text())
    path = tmp_path / "v3.json"
    v3["assumptions"]["crypto"]["volatility"] = 1e300  # overflowed converting to a median
    path.write_text(json.dumps(v3))
    with pytest.raises(PlanError) as refused:
        load_plan(path)
    assert [p.field for p in refused.value.problems] == ["assumptions.crypto.volatility"]
    v3["assumptions"]["crypto"]["volatility"] = 400.0  # so did this
    path.write_text(json.dumps(v3))
    fields = {p.field for p in validate(load_plan(path))}
    assert "assumptions.crypto.volatility" in fields
    v2 = json.loads((V2 / "early_retirees.json").read_text())
    v2["spending"]["phases"] = 5  # was iterated as a list
    path.write_text(json.dumps(v2))
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert [p.field for p in info.value.problems] == ["spending.phases"]
