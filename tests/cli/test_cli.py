"""The command-line contract, run as a user would (a subprocess, exit codes, stderr)."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planner", *map(str, args)], capture_output=True, text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "plan.json"
    done = cli("sample", "-o", path)
    assert done.returncode == 0, done.stderr
    return path


def test_validate_accepts_the_sample(plan_file: Path) -> None:
    done = cli("validate", plan_file)
    assert done.returncode == 0 and "ok" in done.stdout


def test_run_json_contract(plan_file: Path) -> None:
    done = cli("run", plan_file, "--json", "--mode", "expected")
    assert done.returncode == 0, done.stderr
    d = json.loads(done.stdout)
    assert d["mode"] == "expected" and d["success_rate"] in (0, 1)
    assert d["start_year"] == 2026 and d["end_year"] == 1986 + 95
    assert d["years"] == list(range(2026, 2082))
    assert len(d["total_balance_real"]) == len(d["years"])
    assert d["depletion_age"] is None
    # Without --mode the plan's own mode is used: the sample is a Monte Carlo plan.
    default = json.loads(cli("run", plan_file, "--json").stdout)
    assert default["mode"] == "monte-carlo" and default["paths"] == 1000


def test_run_prints_a_summary(plan_file: Path) -> None:
    done = cli("run", plan_file)
    assert done.returncode == 0
    assert "Balance at retirement" in done.stdout and "today's" in done.stdout


def test_export_csv_and_xlsx_have_one_row_per_year(plan_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "y.csv"
    done = cli("export", plan_file, "-o", out)
    assert done.returncode == 0, done.stderr
    lines = out.read_text().splitlines()
    about = [line for line in lines if line.startswith("#")]
    assert about and any("dollars" in line for line in about)  # units and the path shown
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    assert [int(r["Year"]) for r in rows] == list(range(2026, 2082))
    xlsx = tmp_path / "y.xlsx"
    assert cli("export", plan_file, "-o", xlsx).returncode == 0
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    assert [c.value for c in next(sheet.iter_rows(min_row=1, max_row=1))][0] == "Year"
    assert sheet.max_row == 1 + len(rows)
    wrong = cli("export", plan_file, "-o", tmp_path / "y.txt")
    assert wrong.returncode == 2 and ".csv or .xlsx" in wrong.stderr


def test_report_writes_a_pdf(plan_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    done = cli("report", plan_file, "-o", out)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ('{"schema_version": 1, "name": "broken', "not valid JSON"),
        ('{"schema_version": 1, "name": 3}', "name: must be text"),
    ],
)
@pytest.mark.parametrize("command", ["run", "validate", "export", "report"])
def test_bad_plans_give_one_clear_line_and_are_untouched(
    tmp_path: Path, command: str, content: str, needle: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    suffix = {"export": ".csv", "report": ".pdf"}.get(command, "")
    extra = ["-o", str(tmp_path / f"out{suffix}")] if suffix else []
    done = cli(command, path, *extra)
    assert done.returncode == 2
    assert needle in done.stderr and "Traceback" not in done.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_impossible_values_are_listed_per_field(plan_file: Path, tmp_path: Path) -> None:
    data = json.loads(plan_file.read_text())
    data["people"][0]["retirement_age"] = 30
    data["accounts"][0]["allocation"]["stocks"] = 0.5
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    done = cli("validate", path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2
    assert "people[0].retirement_age" in lines[0] and "accounts[0].allocation" in lines[1]
    assert cli("run", path).returncode == 2


def test_missing_file(tmp_path: Path) -> None:
    done = cli("run", tmp_path / "missing.json")
    assert done.returncode == 2 and "no such file" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("mode", ["monte-carlo", "historical"])
def test_simulated_modes_report_paths_percentiles_and_depletion(plan_file: Path, mode: str) -> None:
    done = cli("run", plan_file, "--mode", mode, "--paths", "400", "--seed", "3", "--json")
    assert done.returncode == 0, done.stderr
    d = json.loads(done.stdout)
    assert d["mode"] == mode and 0 <= d["success_rate"] <= 1
    # Historical: every 56-year window of 1872-2024, each in the 11 alignments of Bitcoin's
    # 2015-2025 years (the sample holds crypto).
    assert d["paths"] == (400 if mode == "monte-carlo" else (2024 - 1872 + 1 - 56 + 1) * 11)
    if mode == "historical":
        low, high = d["success_range"]
        assert low <= d["success_rate"] <= high
    keys = ["p5", "p10", "p25", "p50", "p75", "p90", "p95"]
    for i in range(len(d["years"])):
        column = [d["percentiles"][k][i] for k in keys]
        assert column == sorted(column)
    failures = sum(d["depletion_age_distribution"].values())
    assert failures == round((1 - d["success_rate"]) * d["paths"])


def test_same_seed_same_output(plan_file: Path) -> None:
    args = ("run", plan_file, "--mode", "monte-carlo", "--paths", "300", "--seed", "9", "--json")
    assert cli(*args).stdout == cli(*args).stdout


def test_history_window_restricts_the_years(plan_file: Path) -> None:
    done = cli("run", plan_file, "--mode", "historical", "--history-window", "1926-1995", "--json")
    assert json.loads(done.stdout)["paths"] == (70 - 56 + 1) * 11  # x Bitcoin's alignments
    bad = cli("run", plan_file, "--mode", "historical", "--history-window", "1990-1995")
    assert bad.returncode == 2 and "56 are needed" in bad.stderr


def test_goal_seek_and_crypto_sensitivity(plan_file: Path) -> None:
    goal = cli("goal", plan_file, "--target", "0.8", "--paths", "200", "--seed", "2", "--json")
    assert goal.returncode == 0, goal.stderr
    level = json.loads(goal.stdout)["annual_spending"]
    assert 20_000 < level < 200_000
    crypto = cli("crypto", plan_file, "--max", "0.1", "--step", "0.05", "--paths", "200", "--json")
    assert crypto.returncode == 0, crypto.stderr
    rows = json.loads(crypto.stdout)["rows"]
    assert [r["crypto_share"] for r in rows] == [0.0, 0.05, 0.1]
    assert all(0 <= r["success_rate"] <= 1 for r in rows)
    assert cli("goal", plan_file, "--target", "1.5").returncode == 2
    saving = cli("goal", plan_file, "--savings", "--target", "0.8", "--paths", "200", "--json")
    assert saving.returncode == 0, saving.stderr
    assert 0 < json.loads(saving.stdout)["pre_retirement_spending"] < 95_000


def test_run_json_cash_flow_sums_every_year(plan_file: Path) -> None:
    d = json.loads(cli("run", plan_file, "--json", "--mode", "expected").stdout)
    cf = d["cash_flow"]
    assert cf["years"] == d["years"]
    for i in range(len(cf["years"])):
        net = cf["income"][i] - cf["taxes"][i] - cf["contributions"][i] - cf["spending"][i]
        assert net == pytest.approx(cf["net_saved"][i], abs=0.05)  # each rounded to cents
    assert cf["income"][0] == 95_000 and cf["net_saved"][-1] < 0
    assert d["death_ages"] == {"Alex": 95} and d["death_ages_drawn"] is False


def test_life_table_monte_carlo_lists_each_paths_death_ages(plan_file: Path,
                                                            tmp_path: Path) -> None:
    data = json.loads(plan_file.read_text())
    data["simulation"]["mortality"] = "life-table"
    data["people"][0]["sex"] = "female"
    path = tmp_path / "life.json"
    path.write_text(json.dumps(data))
    d = json.loads(cli("run", path, "--json", "--paths", "300", "--seed", "4").stdout)
    ages = d["death_ages"]["Alex"]
    assert d["death_ages_drawn"] is True and len(ages) == 300
    assert min(ages) >= 40 and len(set(ages)) > 20
    assert "last death" in cli("run", path, "--paths", "300").stdout


def test_new_fields_are_checked_per_field(plan_file: Path, tmp_path: Path) -> None:
    data = json.loads(plan_file.read_text())
    data["income"] = [{"name": "Shop", "kind": "self-employment", "amount": 30_000,
                       "start_age": 60, "end_age": 55}]
    data["inflows"] = [{"year": 2030, "amount": 10_000, "taxable_amount": 20_000}]
    data["people"][0]["death_age"] = 30
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    done = cli("validate", path)
    assert done.returncode == 2
    text = done.stderr
    assert "people[0].death_age: 30 is before today" in text
    assert "income[0].end_age: ends at age 55 (2041), before it starts at age 60 (2046)" in text
    assert ("inflows[0].taxable_amount: 20,000 cannot exceed the amount received (10,000)"
            in text)


def test_step_6_fields_are_checked_per_field(plan_file: Path, tmp_path: Path) -> None:
    data = json.loads(plan_file.read_text())
    data["taxes"]["state"] = "XY"
    data["taxes"]["state_move"] = {"year": 2200, "state": "CA"}
    data["health"]["aca_benchmark_monthly"] = -5
    data["people"][0]["birth_month"] = 13
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    done = cli("validate", path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    text = done.stderr
    assert "taxes.state: 'XY' is not a state" in text
    assert "taxes.state_move.year: 2200 is outside the plan" in text
    assert "health.aca_benchmark_monthly: a premium cannot be below zero" in text
    assert "people[0].birth_month: 13 is not a month (1 to 12)" in text
    assert cli("run", path).returncode == 2


def test_run_json_has_state_tax_and_health_costs_per_year(plan_file: Path) -> None:
    d = json.loads(cli("run", plan_file, "--json", "--mode", "expected").stdout)
    cf = d["cash_flow"]
    n = len(cf["years"])
    assert len(cf["tax_state"]) == n and len(cf["health_costs"]) == n
    for i in range(n):  # health care is its parts, the premium credit taken off
        parts = (cf["aca_premium"][i] - cf["premium_credit"][i] + cf["medicare_premiums"][i]
                 + cf["irmaa"][i] + cf["medical_costs"][i])
        assert cf["health_costs"][i] == pytest.approx(parts, abs=0.05)
    # The sample lives in North Carolina (a flat 3.99% in 2026) and is on Medicare from 65.
    assert cf["tax_state"][0] > 0 and max(cf["medicare_premiums"]) > 0


def test_outputs_never_replace_a_plan(plan_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "mine.json"
    copy.write_bytes(plan_file.read_bytes())
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    for args in (("sample", "-o", copy), ("export", copy, "-o", copy),
                 ("report", copy, "-o", copy), ("report", copy, "-o", tmp_path / "r.txt")):
        done = cli(*args)
        assert done.returncode == 2 and "Traceback" not in done.stderr, args
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before
    assert cli("sample", "-o", copy, "--force").returncode == 0


def test_unwritable_output_and_closed_pipe_are_quiet(plan_file: Path) -> None:
    done = cli("export", plan_file, "-o", "/proc/nope.csv")
    assert done.returncode == 2 and "cannot write" in done.stderr
    assert "Traceback" not in done.stderr
    piped = subprocess.run(
        f"{sys.executable} -m planner run {plan_file} --json --mode historical | head -c 10",
        shell=True, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in piped.stderr


def test_life_table_percentiles_cover_the_paths_still_running(plan_file: Path,
                                                              tmp_path: Path) -> None:
    data = json.loads(plan_file.read_text())
    data["simulation"]["mortality"] = "life-table"
    path = tmp_path / "life.json"
    path.write_text(json.dumps(data))
    d = json.loads(cli("run", path, "--json", "--paths", "400", "--seed", "8").stdout)
    p50 = d["percentiles"]["p50"]
    assert len(p50) == len(d["years"]) and p50[0] is not None
    assert p50[-1] is None  # by the last year fewer than 10% of lives are still going
    assert "still running" in d["percentiles_cover"]


def test_run_json_has_every_crypto_outlook_and_stress_test(plan_file: Path) -> None:
    done = cli("run", plan_file, "--mode", "monte-carlo", "--paths", "200", "--json")
    assert done.returncode == 0, done.stderr
    d = json.loads(done.stdout)
    table = d["crypto_outlooks"]
    keys = [o["key"] for o in table["outlooks"]]
    assert keys == ["bust", "cautious", "no-premium", "stocks-like", "published",
                    "recent-history"]
    assert sum(o["plans_outlook"] for o in table["outlooks"]) == 1
    assert 0 <= table["without_crypto"]["success_rate"] <= 1
    tests = [t["key"] for t in d["stress_tests"]["tests"]]
    assert tests == ["crypto-crash", "crypto-zero", "crash-2008", "worst-stocks"]
    assert d["stress_tests"]["without_stress"]["success_rate"] == d["success_rate"]


def test_crypto_answers_within_points_and_names_counts_honestly(plan_file: Path) -> None:
    done = cli("crypto", plan_file, "--max", "0.05", "--step", "0.05", "--paths", "200",
               "--within", "2")
    assert done.returncode == 0, done.stderr
    assert "Largest crypto share within 2 points of 0%" in done.stdout
    assert "*No premium" in done.stdout and "Worst 10 years of stocks" in done.stdout
    history = cli("crypto", plan_file, "--mode", "historical", "--max", "0", "--json")
    d = json.loads(history.stdout)
    assert d["paths"] == (2024 - 1872 + 1 - 56 + 1)  # at 0% no crypto: the windows only
    goal = cli("goal", plan_file, "--mode", "historical")
    assert "98 windows x 11 Bitcoin alignments" in goal.stdout
    assert "1,000 paths" not in goal.stdout
    bad = cli("crypto", plan_file, "--account", "Nope")
    assert bad.returncode == 2 and "is not in the plan" in bad.stderr


def test_returns_file_replaces_history_and_bad_files_say_why(plan_file: Path,
                                                              tmp_path: Path) -> None:
    good = tmp_path / "mine.csv"
    rows = ["year,stocks,bonds,cash,inflation"]
    rows += [f"{1900 + i},{(i % 7 - 2) * 4}%,3%,2%,2%" for i in range(70)]
    good.write_text("\n".join(rows) + "\n")
    done = cli("run", plan_file, "--mode", "historical", "--returns", good, "--json")
    assert done.returncode == 0, done.stderr
    assert "as percentages" in done.stderr
    d = json.loads(done.stdout)
    assert d["paths"] == (70 - 56 + 1) * 11
    assert any("mine.csv" in n for n in d["notes"])
    bad = tmp_path / "bad.csv"
    bad.write_text("year,stocks,bonds,cash\n2000,0.1,abc,0.01\n2002,-1.5,0.02,0.01\n")
    done = cli("run", plan_file, "--returns", bad, "--mode", "historical")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) >= 3 and all(line.startswith("error:") for line in lines)
    assert "inflation" in done.stderr and "abc" in done.stderr
    unused = cli("run", plan_file, "--returns", good, "--mode", "monte-carlo")
    assert "does not use it" in unused.stderr


def test_run_states_the_legacy_after_the_heirs_tax(plan_file: Path) -> None:
    done = cli("run", plan_file, "--mode", "expected", "--json")
    d = json.loads(done.stdout)
    assert d["heirs_tax_rate"] == 0.24
    # The estate less the heirs' tax on what is left in traditional accounts and HSAs.
    assert d["legacy_after_tax"] == pytest.approx(d["terminal_balance_real"]
                                                  - d["deferred_tax_real"], abs=0.02)
    assert 0 < d["legacy_after_tax"] < d["terminal_balance_real"]
    text = cli("run", plan_file, "--mode", "expected").stdout
    assert "after heirs' tax" in text and "deferred" in text


def test_optimize_prints_the_answer_and_json(plan_file: Path) -> None:
    done = cli("optimize", plan_file, "--what", "order", "--search-paths", "100", "--paths",
               "200", "--no-other-modes")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Withdrawal order: by success rate (Monte Carlo, 100 paths)"
    assert lines[1].startswith(("Best: ", "Keep your plan's choice"))
    assert any(line.startswith("Re-checked on 200 paths") for line in lines)
    assert "candidate plans evaluated in" in lines[-1]
    data = json.loads(cli("optimize", plan_file, "--what", "claiming", "--objective", "legacy",
                          "--search-paths", "60", "--paths", "60", "--json").stdout)
    assert data["decision"] == "claiming" and data["objective"] == "legacy"
    assert data["best"]["legacy_after_tax"] >= data["current"]["legacy_after_tax"]
    assert {m["mode"] for m in data["other_modes"]} == {"expected", "historical"}
    assert 62 <= data["best"]["settings"]["claim_ages"][0] <= 70


def test_optimize_explains_what_it_cannot_do(plan_file: Path) -> None:
    # The sample has no Roth account to convert into.
    done = cli("optimize", plan_file, "--what", "conversions", "--search-paths", "20")
    assert done.returncode == 2
    assert "nothing to optimise: conversions need a traditional 401(k) or IRA and a Roth" \
        in done.stderr
    floor = cli("optimize", plan_file, "--what", "order", "--min-success", "0.999",
                "--search-paths", "60", "--paths", "60", "--no-other-modes")
    assert floor.returncode == 0
    assert "No withdrawal order reaches 100% success; the best is" in floor.stdout
    assert cli("optimize", plan_file, "--what", "order", "--min-success", "2").returncode == 2


def test_goal_retire_and_historical_start_years(plan_file: Path) -> None:
    done = cli("goal", plan_file, "--retire", "--target", "0.8", "--paths", "200", "--json")
    assert done.returncode == 0, done.stderr
    ages = json.loads(done.stdout)["retirement_ages"]
    assert len(ages) == 1 and 50 <= ages[0] <= 94
    run = json.loads(cli("run", plan_file, "--mode", "historical", "--json").stdout)
    rows = run["start_years"]
    assert len(rows) * rows[0]["runs"] == run["paths"]
    assert [r["start_year"] for r in rows] == sorted({int(x) for x in run["path_labels"]})
    text = cli("run", plan_file, "--mode", "historical").stdout
    assert "Start years that ran out:" in text


def test_validate_and_run_agree_on_a_history_window_too_short(tmp_path: Path) -> None:
    # Seen: `validate` passed plans that `run` refused (a history window shorter than the
    # plan). Now `validate --mode historical` refuses what `run --mode historical` refuses.
    import json

    path = tmp_path / "short.json"
    assert cli("sample", "-o", path).returncode == 0
    plan = json.loads(path.read_text())
    plan["simulation"]["history_first"], plan["simulation"]["history_last"] = 2000, 2024
    path.write_text(json.dumps(plan))
    checked = cli("validate", path, "--mode", "historical")
    ran = cli("run", path, "--mode", "historical")
    assert (checked.returncode, ran.returncode) == (2, 2), (checked.stderr, ran.stderr)
    assert "history" in checked.stderr.lower()
    assert cli("validate", path, "--mode", "monte-carlo").returncode == 0


def test_crypto_made_ahead_on_other_processes_says_what_one_process_computes(
        plan_file: Path) -> None:
    """The command line makes the sweep's and the tables' runs on every core (forked
    children); its figures are those of the questions asked here, in one process (a test
    runner has threads, so nothing is forked here)."""
    from planner.cli import outlooks_json, stress_json
    from planner.core.analysis import crypto_outlooks, crypto_sensitivity, stress_tests
    from planner.core.storage import load_plan

    done = cli("crypto", plan_file, "--max", "0.1", "--step", "0.05", "--paths", "120",
               "--seed", "5", "--json")
    assert done.returncode == 0, done.stderr
    d = json.loads(done.stdout)
    plan = load_plan(plan_file)
    kw: dict[str, object] = {"mode": "monte-carlo", "paths": 120, "seed": 5}
    rows = crypto_sensitivity(plan, (0.0, 0.05, 0.1), **kw)  # type: ignore[arg-type]
    assert [(r["success_rate"], r["median_terminal_real"]) for r in d["rows"]] == [
        (r.success_rate, round(r.median_terminal, 2)) for r in rows]
    assert d["crypto_outlooks"] == json.loads(json.dumps(outlooks_json(
        crypto_outlooks(plan, **kw))))  # type: ignore[arg-type]
    assert d["stress_tests"] == json.loads(json.dumps(stress_json(
        stress_tests(plan, **kw))))  # type: ignore[arg-type]
