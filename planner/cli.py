"""planner-cli: run, report, export, validate and sample, without a window.

Every failure is one clear line on stderr and a non-zero exit (2 for a bad plan or bad
arguments); a plan file given as input is only ever read.
"""

from __future__ import annotations

import argparse
import builtins
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from planner import __version__
from planner.core.engine import project
from planner.core.errors import PlanError
from planner.core.model import Mode, Plan
from planner.core.outcomes import spending_range, start_years
from planner.core.result import CASH_FLOW, PERCENTILES, Result
from planner.core.storage import load_plan, sample_plan, save_plan
from planner.core.validate import MAX_PATHS, validate

EXIT_BAD_INPUT = 2
SUCCESS_DEFINITION = (
    "a path succeeds when every year's spending goal and one-off expenses are funded in full, "
    "with their taxes; the success rate is the share of paths that succeed."
)


class CliError(Exception):
    """A one-line message for the user; exit code EXIT_BAD_INPUT."""


# Control characters (and the invisible direction overrides) in what a plan file or a
# path holds are shown escaped, as repr does (\x1b), never sent to the terminal raw: an
# unknown key holding "ESC ]0;..." in a plan must not retitle, recolour or clear the terminal.
_RAW = {*range(0x20), *range(0x7F, 0xA0), 0x200E, 0x200F, *range(0x202A, 0x202F),
        *range(0x2066, 0x206A)} - {ord("\n"), ord("\t")}
_ESCAPES = {c: repr(chr(c))[1:-1] if c < 0x100 else f"\\u{c:04x}" for c in _RAW}


def terminal_safe(text: str) -> str:
    """``text`` with its control characters escaped (line breaks and tabs kept)."""
    return text.translate(_ESCAPES)


def print(*values: object, file: Any = None) -> None:  # shadows the builtin on purpose
    """Everything this module prints goes through here, escaped (see ``terminal_safe``)."""
    builtins.print(*(terminal_safe(str(v)) for v in values), file=file)


class _LazyChoices:
    """An argparse ``choices`` whose values are imported on first use: the optimiser's
    decisions and objectives live in planner.core.optimize, which ``run``, ``report`` and
    the rest never need (importing it costs every command's start). ``metavar`` is what the
    help shows, written out so that building the parser imports nothing (a test checks it
    against the enum)."""

    def __init__(self, enum_name: str, metavar: str) -> None:
        self.enum_name = enum_name
        self.metavar = metavar

    def _values(self) -> list[str]:
        from planner.core import optimize

        return [member.value for member in getattr(optimize, self.enum_name)]

    def __contains__(self, value: object) -> bool:
        return value in self._values()

    def __iter__(self) -> Iterator[str]:
        return iter(self._values())


DECISIONS = _LazyChoices("Decision", "{claiming,conversions,order}")
OBJECTIVES = _LazyChoices("Objective", "{success,legacy,spending}")


class _Parser(argparse.ArgumentParser):
    """argparse's own messages (e.g. "invalid choice: '...'") escaped too."""

    def _print_message(self, message: str, file: Any = None) -> None:
        super()._print_message(terminal_safe(message), file)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="planner-cli",
        description="Private retirement projections from a plan file (JSON).",
    )
    p.add_argument("--version", action="version", version=f"planner {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="project a plan and print the summary")
    run.add_argument("plan", type=Path)
    _add_mode_options(run)
    run.add_argument("--json", action="store_true", help="print a JSON object instead")

    report = sub.add_parser("report", help="write a PDF report")
    report.add_argument("plan", type=Path)
    report.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf")
    report.add_argument("--decisions", action="store_true",
                        help="also answer the decisions (best claiming ages, Roth conversions, "
                        "withdrawal order) and the goals for 90%% success (slower)")
    _add_mode_options(report)

    export = sub.add_parser("export", help="write the year-by-year table (.csv or .xlsx)")
    export.add_argument("plan", type=Path)
    export.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.csv|OUT.xlsx")
    export.add_argument("--real", action="store_true", help="today's dollars (default: future)")
    _add_mode_options(export)

    val = sub.add_parser("validate", help="check a plan; one line per problem")
    val.add_argument("plan", type=Path)
    val.add_argument("--mode", choices=[m.value for m in Mode],
                     help="also check what a run in this mode needs (default: the plan's "
                     "own mode), as `run --mode` would")

    goal = sub.add_parser("goal", help="goal-seek: the most you can spend (or the least you "
                          "must save) for a target success rate")
    goal.add_argument("plan", type=Path)
    goal.add_argument("--target", type=float, default=0.9, help="success rate, 0-1 (0.9)")
    goal.add_argument("--savings", action="store_true",
                      help="find the most you can spend a year before retiring instead "
                      "(what you do not spend is saved)")
    goal.add_argument("--retire", action="store_true",
                      help="find the earliest retirement instead (everyone still working "
                      "moves by the same number of years)")
    _add_mode_options(goal, default_mode="monte-carlo")
    goal.add_argument("--json", action="store_true")

    crypto = sub.add_parser("crypto", help="success and wealth at crypto shares from 0 to "
                            "--max, under every crypto outlook and stress test")
    crypto.add_argument("plan", type=Path)
    crypto.add_argument("--max", type=float, default=0.2, help="largest crypto share (0.2)")
    crypto.add_argument("--step", type=float, default=0.025, help="step between shares (0.025)")
    crypto.add_argument("--within", type=float, metavar="POINTS",
                        help="also find the largest crypto share that keeps success within "
                        "POINTS percentage points of 0%% (e.g. 2)")
    crypto.add_argument("--account", action="append", default=[], metavar="NAME",
                        help="the account(s) the share applies to (default: those that hold "
                        "crypto, else all); repeat for several")
    _add_mode_options(crypto, default_mode="monte-carlo")
    crypto.add_argument("--json", action="store_true")

    opt = sub.add_parser("optimize", help="find the best claiming ages, Roth conversion "
                         "policy or withdrawal order, tried on the same paths")
    opt.add_argument("plan", type=Path)
    opt.add_argument("--what", required=True, choices=DECISIONS, metavar=DECISIONS.metavar,
                     help="the decision to optimise")
    opt.add_argument("--objective", choices=OBJECTIVES, metavar=OBJECTIVES.metavar,
                     default="success",
                     help="success (rate), legacy (median after-tax legacy) or spending "
                     "(median lifetime spending delivered); default success")
    opt.add_argument("--min-success", type=float, metavar="RATE",
                     help="keep only choices whose success rate reaches RATE (0-1, e.g. 0.9)")
    opt.add_argument("--search-paths", type=int, metavar="N",
                     help="paths each candidate is scored on (default 2,000, or the plan's "
                     "count if fewer); the answer is re-checked on --paths, else the plan's "
                     "path count (the figure every other view shows)")
    opt.add_argument("--no-other-modes", action="store_true",
                     help="skip ranking the answer in the other two modes")
    _add_mode_options(opt)
    opt.add_argument("--json", action="store_true")

    sample = sub.add_parser("sample", help="write the sample plan")
    sample.add_argument("-o", "--output", type=Path, required=True, metavar="PLAN.json")
    sample.add_argument("--force", action="store_true", help="replace an existing file")
    return p


def _add_mode_options(p: argparse.ArgumentParser, default_mode: str | None = None) -> None:
    p.add_argument("--mode", choices=[m.value for m in Mode], default=default_mode,
                   help="override the plan's mode" + (f" ({default_mode})" if default_mode else ""))
    p.add_argument("--paths", type=int, help="number of Monte Carlo paths")
    p.add_argument("--seed", type=int, help="random seed (same seed, same result)")
    p.add_argument("--history-window", metavar="FIRST-LAST", type=_window,
                   help="historical mode: use only the data years FIRST to LAST (e.g. 1926-1995)")
    p.add_argument("--returns", type=Path, metavar="FILE.csv",
                   help="your own yearly returns (year, stocks, bonds, cash, inflation, "
                   "optional crypto) instead of US history: historical mode replays them, "
                   "block-bootstrap Monte Carlo draws from them")


def _window(text: str) -> tuple[int, int]:
    try:
        first, last = (int(x) for x in text.split("-"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not FIRST-LAST, e.g. 1926-1995") from None
    if first > last:
        raise argparse.ArgumentTypeError(f"{text!r}: the first year is after the last")
    return first, last


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(COMMANDS[args.command](args))
    except PlanError as exc:
        lines = exc.lines()
        where = f"{args.plan}: " if getattr(args, "plan", None) else ""
        for line in lines:
            own = line.startswith((str(args.plan), "--"))  # already names its file
            print(f"error: {line if own else where + line}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # e.g. `planner-cli run ... | head`: the reader left, fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # writing an output file failed
        target = exc.filename or getattr(args, "output", "")
        print(f"error: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _load_valid(path: Path) -> Plan:
    plan = load_plan(path)
    problems = validate(plan)
    if problems:
        raise PlanError(f"{path}: the plan has {len(problems)} problem(s)", problems)
    return plan


def _run_plan(args: argparse.Namespace) -> Result:
    plan = _with_window(_load_valid(args.plan), args)
    return project(plan, mode=args.mode, paths=args.paths, seed=args.seed)


def _warn_unused(plan: Plan, args: argparse.Namespace) -> None:
    """Say so on stderr when an option does not apply to the run's mode."""
    mode = Mode(args.mode) if args.mode else plan.simulation.mode
    if args.paths is not None and mode is not Mode.MONTE_CARLO:
        print(f"note: --paths applies to Monte Carlo runs, not {mode.value}", file=sys.stderr)
    history = mode is Mode.HISTORICAL or (mode is Mode.MONTE_CARLO and
                                          plan.simulation.market_draws.value == "block-bootstrap")
    if args.history_window is not None and not history:
        print("note: --history-window applies to historical runs (and block-bootstrap "
              "Monte Carlo)", file=sys.stderr)
    if getattr(args, "returns", None) is not None and not history:
        print(f"note: --returns applies to historical runs and block-bootstrap Monte Carlo; "
              f"this {mode.value} run does not use it (add --mode historical, or choose "
              "block bootstrap in the plan)", file=sys.stderr)


def _with_window(plan: Plan, args: argparse.Namespace) -> Plan:
    _warn_unused(plan, args)
    if args.paths is not None and not 1 <= args.paths <= MAX_PATHS:
        raise CliError(f"--paths must be between 1 and {MAX_PATHS:,}")
    if args.seed is not None and args.seed < 0:
        raise CliError("--seed must be zero or positive")
    plan = _with_returns(plan, args)
    if args.history_window is None:
        return plan
    first, last = args.history_window
    plan = plan.with_changes(simulation=replace(plan.simulation, history_first=first,
                                                history_last=last))
    problems = validate(plan)
    if problems:
        raise PlanError("--history-window is outside the data", problems)
    return plan


def _with_returns(plan: Plan, args: argparse.Namespace) -> Plan:
    """The plan with the series of --returns in place of its market history."""
    if getattr(args, "returns", None) is None:
        return plan
    from planner.core.return_series import read_returns_file

    try:
        series, how = read_returns_file(args.returns)
    except PlanError as exc:  # each line names the file, not the plan
        where = f"--returns {args.returns}"
        raise PlanError(f"{where}: {exc}", [replace(p, field=where)
                                             for p in exc.problems]) from None
    print(f"note: {how}", file=sys.stderr)
    return plan.with_changes(simulation=replace(plan.simulation, return_series=series))


def _writable(path: Path, plan: Path | None = None) -> Path:
    if path.exists() and path.is_dir():
        raise CliError(f"{path}: is a folder; give a file name")
    if not path.parent.exists():
        raise CliError(f"{path.parent}: no such folder")
    if plan is not None and path.exists() and plan.exists() and path.samefile(plan):
        raise CliError(f"{path}: is the plan itself; give another output file")
    return path


def cmd_run(args: argparse.Namespace) -> int:
    result = _run_plan(args)
    if args.json:
        from planner.core.analysis import crypto_outlooks, stress_tests
        from planner.core.run_memo import Runs

        data = result_json(result, args.plan)
        kw: dict[str, Any] = {"mode": result.mode, "paths": args.paths, "seed": args.seed}
        kw["paths"] = args.paths or result.plan.simulation.paths
        # The stress tests' base is the run just made; the tables share their other runs.
        kw["runs"] = Runs()
        kw["runs"].remember(result, result.mode, kw["paths"], args.seed)
        data["crypto_outlooks"] = outlooks_json(crypto_outlooks(result.plan, **kw))
        data["stress_tests"] = stress_json(stress_tests(result.plan, **kw))
        print(json.dumps(data, indent=1))
    else:
        print(summary_text(result))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    import gc

    from planner.report.inputs import report_inputs
    from planner.report.pdf import write_report

    # What the imports made (matplotlib's objects above all) lives until the process ends:
    # frozen, a full collection during the report walks only the report's own objects (the
    # sample's four full collections took 0.28 s, then 0.16 s).
    gc.freeze()
    out = _writable(args.output, args.plan)
    if out.suffix.lower() != ".pdf":
        raise CliError(f"{out}: give a .pdf file name")
    plan = _with_window(_load_valid(args.plan), args)
    # The same inputs as the window's Export PDF: one document from both.
    # The crypto page's runs are made on every core (Linux: see run_memo.Runs.make_ahead).
    write_report(report_inputs(plan, mode=args.mode, paths=args.paths, seed=args.seed,
                               decisions=args.decisions, workers=os.cpu_count() or 1), out)
    print(f"wrote {out}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from planner.report.table_export import write_table

    out = _writable(args.output, args.plan)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise CliError(f"{out}: give a .csv or .xlsx file name")
    result = _run_plan(args)
    write_table(result, out, real=args.real)
    print(f"wrote {out}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    plan = load_plan(args.plan)
    problems = validate(plan, Mode(args.mode) if args.mode else None)
    for problem in problems:
        print(f"{args.plan}: {problem}", file=sys.stderr)
    if problems:
        return EXIT_BAD_INPUT
    print(f"{args.plan}: ok")
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    out = _writable(args.output)
    if out.exists() and not args.force:
        raise CliError(f"{out}: already exists; choose another name or add --force")
    save_plan(sample_plan(), out)
    print(f"wrote {out}")
    return 0


def cmd_goal(args: argparse.Namespace) -> int:
    from planner import outcome_text
    from planner.core.analysis import (
        earliest_retirement,
        max_pre_retirement_spending,
        max_spending,
        pre_retirement_ceiling,
    )
    from planner.core.goals import Goals
    from planner.core.model import Strategy

    if not 0 < args.target <= 1:
        raise CliError("--target must be a success rate above 0 and at most 1")
    if args.retire and args.savings:
        raise CliError("choose one of --savings and --retire")
    plan = _with_window(_load_valid(args.plan), args)
    paths = args.paths or plan.simulation.paths
    kw = {"mode": args.mode, "paths": paths, "seed": args.seed}
    size, count = run_size(plan, args.mode, paths)
    s = plan.spending
    fixed = s.strategy is Strategy.FIXED
    working = plan.retirement_year > plan.start_year
    # The same words as the window's Goals panel and the PDF (planner.outcome_text).
    goals = Goals(args.target, args.mode, count, fixed, None,
                  s.annual if fixed else s.withdrawal_rate,
                  pre_retirement_now=(s.pre_retirement_annual if s.pre_retirement_annual
                                      is not None else s.annual) if working else None,
                  retire_now=tuple(p.retirement_age for p in plan.people),
                  pre_retirement_ceiling=pre_retirement_ceiling(plan), phases=len(s.phases))
    value: Any
    if args.retire:
        answer = earliest_retirement(plan, args.target, **kw) if working else None
        what = "retirement_ages"
        value = list(answer.ages) if answer is not None else None
        text = outcome_text.retire_goal_text(replace(goals, retire=answer),
                                             tuple(p.name for p in plan.people))
    elif args.savings:
        value = max_pre_retirement_spending(plan, args.target, **kw)
        what = "pre_retirement_spending"
        text = outcome_text.saving_goal_text(replace(goals, pre_retirement=value))
    else:
        value = max_spending(plan, args.target, **kw)
        what = "annual_spending" if fixed else "withdrawal_rate"
        text = outcome_text.spending_goal_text(replace(goals, spending=value))
    if args.json:
        print(json.dumps({"plan": plan.name, "mode": args.mode, "paths": count,
                          "target": args.target, what: value}))
    else:
        print(f"{text}  ({args.mode}, {size})")
    return 0


def cmd_optimize(args: argparse.Namespace) -> int:
    from planner import decision_text
    from planner.core.optimize import SEARCH_PATHS, NothingToDecide, optimize

    if args.min_success is not None and not 0 < args.min_success <= 1:
        raise CliError("--min-success must be a success rate above 0 and at most 1")
    plan = _with_window(_load_valid(args.plan), args)
    if args.search_paths is not None and not 1 <= args.search_paths <= MAX_PATHS:
        raise CliError(f"--search-paths must be between 1 and {MAX_PATHS:,}")
    # Re-checked on --paths, else the plan's own count: the figure every other view shows.
    check = args.paths or plan.simulation.paths
    search = args.search_paths or min(SEARCH_PATHS, check)
    try:
        answer = optimize(plan, args.what, args.objective, min_success=args.min_success,
                          mode=args.mode, paths=search, seed=args.seed,
                          check_paths=check, other_modes=not args.no_other_modes)
    except NothingToDecide as exc:
        raise CliError(f"{args.plan}: nothing to optimise: {exc}") from None
    if args.json:
        print(json.dumps({"plan": plan.name, **decision_text.answer_json(answer)}))
    else:
        print("\n".join(decision_text.lines(answer)))
    return 0


def cmd_crypto(args: argparse.Namespace) -> int:
    from planner.core.analysis import (
        crypto_break_even_return,
        crypto_outlooks,
        crypto_sensitivity,
        crypto_share,
        max_crypto_share,
        stress_tests,
        with_crypto_share,
    )
    from planner.core.run_memo import Runs, listed

    if not 0 <= args.max <= 1 or not 0 < args.step <= 1:
        raise CliError("--max must be 0-1 and --step above 0")
    if args.within is not None and not 0 <= args.within <= 100:
        raise CliError("--within must be 0-100 percentage points")
    plan = _with_window(_load_valid(args.plan), args)
    accounts = tuple(args.account)
    unknown = [a for a in accounts if a not in {x.name for x in plan.accounts}]
    if unknown:
        names = ", ".join(a.name for a in plan.accounts)
        raise CliError(f"--account {unknown[0]!r} is not in the plan (its accounts: {names})")
    count = int(args.max / args.step + 1e-9) + 1
    shares = tuple(round(i * args.step, 6) for i in range(count))
    paths = args.paths or plan.simulation.paths  # the same as the report's crypto page
    # One Runs for the four questions: they share runs (planner.core.run_memo), and those of
    # the sweep and the tables are made ahead on every core.
    made = Runs()
    kw: dict[str, Any] = {"mode": args.mode, "paths": paths, "seed": args.seed}
    made.make_ahead(listed(
        lambda r: crypto_sensitivity(plan, shares, accounts=accounts, runs=r, **kw),
        lambda r: crypto_outlooks(plan, accounts=accounts, runs=r, **kw),
        lambda r: stress_tests(plan, runs=r, **kw)), os.cpu_count() or 1)
    kw["runs"] = made
    rows = crypto_sensitivity(plan, shares, accounts=accounts, **kw)
    # The break-even compares household mixes: the account share as a share of all savings.
    break_even = {r.crypto_share: crypto_break_even_return(
        plan, crypto_share(with_crypto_share(plan, r.crypto_share, accounts)))
        for r in rows if r.crypto_share > 0}
    table = crypto_outlooks(plan, accounts=accounts, **kw)
    stress = stress_tests(plan, **kw)
    answer = (max_crypto_share(plan, args.within / 100, accounts=accounts, **kw)
              if args.within is not None else None)
    size = (_size_text(args.mode, paths) if args.mode != Mode.HISTORICAL.value else
            "every historical window (each in the 11 alignments of Bitcoin's years where "
            "crypto is held), no random draws")
    if args.json:
        data: dict[str, Any] = {
            "plan": plan.name, "mode": args.mode, "paths": rows[0].paths if rows else paths,
            "rows": [{"crypto_share": r.crypto_share, "success_rate": r.success_rate,
                      "median_terminal_real": round(r.median_terminal, 2),
                      "p10_terminal_real": round(r.p10_terminal, 2),
                      "break_even_crypto_return": break_even.get(r.crypto_share)}
                     for r in rows],
            "crypto_outlooks": outlooks_json(table),
            "stress_tests": stress_json(stress),
        }
        if answer is not None:
            data["largest_share"] = share_json(answer)
        print(json.dumps(data, indent=1))
        return 0
    print(f"Crypto share in {', '.join(_targets(plan, accounts))}, under the plan's outlook:")
    print(f"{'crypto':>7} {'success':>8} {'median at end':>15} {'10th pct at end':>16}"
          f" {'break-even':>11}   (today's dollars)")
    for r in rows:
        even = break_even.get(r.crypto_share)
        shown = "" if r.crypto_share == 0 else ("none" if even is None else f"{even:.1%}")
        print(f"{r.crypto_share:>7.1%} {r.success_rate:>8.1%} {r.median_terminal:>15,.0f} "
              f"{r.p10_terminal:>16,.0f} {shown:>11}")
    same = ", the same draws in every row" if args.mode != Mode.HISTORICAL.value else ""
    print(f"{args.mode}, {size}{same}. Break-even: the mean crypto return at which the "
          "sleeve no longer lowers the portfolio's median growth.")
    print()
    print(outlooks_text(table))
    print()
    print(stress_text(stress))
    if answer is not None:
        print()
        print(share_text(answer))
    return 0


def _targets(plan: Plan, accounts: tuple[str, ...]) -> list[str]:
    from planner.core.analysis import crypto_targets

    return [plan.accounts[i].name for i in crypto_targets(plan, accounts)]


def run_size(plan: Plan, mode: str | None, paths: int) -> tuple[str, int]:
    """("1,000 paths" or "94 historical windows", the count) for a run of the plan."""
    mode = Mode(mode) if mode else plan.simulation.mode
    if mode is Mode.MONTE_CARLO:
        return _size_text(mode.value, paths), paths
    if mode is Mode.EXPECTED:
        return "1 path", 1
    from planner.run_counts import alignments

    r = project(plan, mode=mode)
    return _size_text(mode.value, r.n_paths, alignments(r)), r.n_paths


def _size_text(mode: str | None, n: int, alignments: int | None = None) -> str:
    """"1,000 paths", "98 historical windows" or "98 windows x 11 Bitcoin alignments"."""
    from planner.run_counts import runs_count_text

    return runs_count_text(str(mode), n, alignments).replace("\u00d7", "x")


def _outcome_json(o: Any) -> dict[str, Any]:
    data = {"success_rate": o.success_rate, "median_wealth_real": round(o.median_wealth, 2),
            "paths": o.paths}
    if o.success_range is not None:
        data["success_range"] = list(o.success_range)
    return data


def outlooks_json(table: Any) -> dict[str, Any]:
    return {
        "crypto_share": round(table.share, 6),
        "without_crypto": _outcome_json(table.without_crypto),
        "outlooks": [{
            "key": r.key, "label": r.label, "rationale": r.rationale,
            "median_return": r.outlook.median, "mean_return": round(r.mean, 6),
            "volatility": r.outlook.volatility, "collapse_chance": r.outlook.collapse_chance,
            "model": r.outlook.model.value, "plans_outlook": r.is_plans,
            "with_crypto": _outcome_json(r.with_crypto)} for r in table.rows],
    }


def stress_json(table: Any) -> dict[str, Any]:
    return {
        "without_stress": _outcome_json(table.base),
        "tests": [{"key": r.key, "label": r.label, "description": r.description,
                   "stressed": _outcome_json(r.stressed)} for r in table.rows],
    }


def share_json(a: Any) -> dict[str, Any]:
    return {"within_points": round(a.within * 100, 4), "share": a.share,
            "at_zero": _outcome_json(a.at_zero),
            "at_share": _outcome_json(a.at_share) if a.at_share else None,
            "searched_up_to": a.limit, "limited_by_cap": a.capped,
            "accounts": list(a.accounts)}


def _pct_range(o: Any) -> str:
    """'93.9%', or '93.9% (92.1-95.4%)' over Bitcoin's alignments when they differ."""
    text = f"{o.success_rate:.1%}"
    if o.success_range is not None:
        low, high = o.success_range
        if f"{low:.1%}" != f"{high:.1%}":
            text += f" ({low * 100:.1f}-{high:.1%})"
    return text


def outlooks_text(table: Any) -> str:
    none = table.without_crypto
    w = max([8, len(_pct_range(none))] + [len(_pct_range(r.with_crypto)) for r in table.rows])
    lines = [table.note] if table.note else []
    lines += [f"Under every crypto outlook, with {table.share:.1%} of all savings in crypto "
              "and with none (median wealth at the end, today's dollars):",
              f"  {'outlook':<31} {'median':>7} {'mean':>7} {'vol':>5} {'collapse':>8}"
              f" {'success':>{w}} {'wealth':>13} | {'at 0%':>{w}} {'wealth':>13}"]
    for r in table.rows:
        o = r.outlook
        mark = "*" if r.is_plans else " "
        lines.append(
            f" {mark}{r.label:<31} {o.median:>7.1%} {r.mean:>7.1%} {o.volatility:>5.0%} "
            f"{o.collapse_chance:>8.0%} {_pct_range(r.with_crypto):>{w}} "
            f"{r.with_crypto.median_wealth:>13,.0f} | {_pct_range(none):>{w}} "
            f"{none.median_wealth:>13,.0f}")
    lines.append("  * the plan's outlook. Median: the typical (geometric) yearly return; mean: "
                 "the average it implies; vol: SD of yearly log returns.")
    return "\n".join(lines)


def stress_text(table: Any) -> str:
    w = max([8, len(_pct_range(table.base))] + [len(_pct_range(r.stressed))
                                                   for r in table.rows])
    lines = ["Stress tests (the same paths, with each shock laid over them):",
             f"  {'':<44} {'success':>{w}} {'median wealth':>14}",
             f"  {'No stress':<44} {_pct_range(table.base):>{w}} "
             f"{table.base.median_wealth:>14,.0f}"]
    for r in table.rows:
        lines.append(f"  {r.label:<44} {_pct_range(r.stressed):>{w}} "
                     f"{r.stressed.median_wealth:>14,.0f}")
    lines += [f"  {r.label}: {r.description}" for r in table.rows]
    return "\n".join(lines)


def share_text(a: Any) -> str:
    where = ", ".join(a.accounts)
    if a.share is None:
        return (f"No crypto share in {where} keeps success within "
                f"{a.within * 100:g} points of {a.at_zero.success_rate:.1%} at 0%.")
    assert a.at_share is not None
    more = " or more" if a.at_limit and not a.capped else ""
    return (f"Largest crypto share within {a.within * 100:g} points of 0%: {a.share:.2%}"
            f"{more} in {where}: success {a.at_share.success_rate:.1%} against "
            f"{a.at_zero.success_rate:.1%} at 0% ({a.limit_text()}).")


COMMANDS = {
    "run": cmd_run,
    "report": cmd_report,
    "export": cmd_export,
    "validate": cmd_validate,
    "goal": cmd_goal,
    "optimize": cmd_optimize,
    "crypto": cmd_crypto,
    "sample": cmd_sample,
}


def _round(values: Any) -> list[float]:
    return [round(float(v), 2) for v in values]


def _padded(values: Any, length: int) -> list[float | None]:
    """Rounded values, None for NaN and for the years past the end of ``values``."""
    out: list[float | None] = [None if v != v else round(float(v), 2) for v in values]
    return out + [None] * (length - len(out))


# Per-year lines shown beside the cash flow: state tax and health care with their parts
# (health_costs = aca_premium - premium_credit + medicare_premiums + irmaa + medical_costs).
YEAR_DETAIL: tuple[str, ...] = ("tax_federal", "tax_state", "state_taxable_income",
                                "tax_payroll", "health_costs", "aca_premium", "premium_credit",
                                "premium_credit_lost", "medicare_premiums", "irmaa",
                                "medical_costs")


def _cash_flow(result: Result, n: int) -> dict[str, Any]:
    """The year's cash flow on the path the table shows, nominal dollars; in every year
    income - taxes - contributions - spending = net_saved."""
    last = int(result.end_index[n]) + 1
    one = result.path(n)
    out: dict[str, Any] = {
        "path": "median estate" if result.n_paths > 1 else "the only path",
        "dollars": "nominal",
        "identity": "income - taxes - contributions - spending = net_saved",
        "years": [int(y) for y in result.years[:last]],
    }
    for key in CASH_FLOW + YEAR_DETAIL:
        out[key] = _round(one.flows[key][0, :last])
    return out


def _death_ages(result: Result) -> dict[str, Any]:
    ages = result.death_ages()
    if not result.deaths_drawn:
        return {p.name: int(ages[i, 0]) for i, p in enumerate(result.plan.people)}
    return {p.name: [int(a) for a in ages[i]] for i, p in enumerate(result.plan.people)}


def result_json(result: Result, plan_path: Path | None = None) -> dict[str, Any]:
    from planner.run_counts import alignments

    s = result.summary
    median = result.median_path()
    data: dict[str, Any] = {
        "plan": result.plan.name,
        "plan_file": str(plan_path) if plan_path else None,
        "mode": result.mode,
        "paths": result.n_paths,
        "alignments": alignments(result),
        "start_year": int(result.years[0]),
        "end_year": int(result.years[-1]),
        "success_rate": s.success_rate,
        "success_range": list(s.success_range) if s.success_range else None,
        "depletion_age": s.depletion_age,
        "retirement_year": s.retirement_year,
        "balance_at_retirement_real": round(s.balance_at_retirement, 2),
        "terminal_balance_real": round(s.terminal_balance, 2),
        "legacy_after_tax": round(s.legacy_after_tax, 2),
        "deferred_tax_real": round(s.deferred_tax, 2),
        "heirs_tax_rate": result.plan.taxes.heirs_tax_rate,
        "lifetime_tax_real": round(s.lifetime_tax, 2),
        "lifetime_state_tax_real": round(s.lifetime_state_tax, 2),
        "lifetime_health_costs_real": round(s.lifetime_health, 2),
        "years": [int(y) for y in result.years],
        "ages": {p.name: [int(a) for a in ages] for p, ages in zip(
            result.plan.people, result.ages, strict=True)},
        "total_balance_real": _round(result.total_balance_real[median]),
        "total_balance_nominal": _round(result.total_balance[median]),
        "cash_flow": _cash_flow(result, median),
        "notes": list(result.notes),
    }
    data["success_definition"] = SUCCESS_DEFINITION
    data["death_ages"] = _death_ages(result)
    data["death_ages_drawn"] = result.deaths_drawn
    if result.n_paths > 1:
        n_years = len(data["years"])
        bands = result.percentiles(result.running(result.total_balance_real))
        data["percentiles"] = {k: _padded(v, n_years) for k, v in bands.items()}
        nominal = result.percentiles(result.running(result.total_balance))
        data["percentiles_nominal"] = {k: _padded(v, n_years) for k, v in nominal.items()}
        if result.deaths_drawn:
            data["percentiles_cover"] = ("the paths still running in each year; null where "
                                         "fewer than 10% still run")
        terminal = result.estate_real
        data["terminal_balance_real_percentiles"] = {
            f"p{p}": round(float(np.percentile(terminal, p)), 2) for p in PERCENTILES}
        delivered = result.lifetime_real("spending_delivered")
        data["lifetime_spending_real_percentiles"] = {
            f"p{p}": round(float(np.percentile(delivered, p)), 2) for p in PERCENTILES}
        if result.path_labels:
            data["path_labels"] = list(result.path_labels)
        ages = result.depletion_ages()
        counts: dict[str, int] = {}
        for age in ages[ages >= 0]:
            counts[str(int(age))] = counts.get(str(int(age)), 0) + 1
        data["depletion_age_distribution"] = dict(sorted(counts.items(), key=lambda kv: int(kv[0])))
        spent = spending_range(result)
        if spent is not None:
            n_years = len(data["years"])
            data["spending_delivered_real"] = {
                "p10": _padded(spent.p10, n_years), "p50": _padded(spent.p50, n_years),
                "p90": _padded(spent.p90, n_years), "goal": _padded(spent.goal, n_years),
                "share_of_retired_years_below_goal": spent.share_below_goal,
                "share_of_paths_ever_below_goal": spent.paths_below_goal,
            }
    rows = start_years(result)
    if rows:
        data["start_years"] = [
            {"start_year": r.start_year, "runs": r.runs, "lasted_share": r.lasted,
             "ran_out_age": r.ran_out_age, "lowest_balance_real": round(r.lowest_balance, 2),
             "final_balance_real": round(r.final_balance, 2)} for r in rows]
    return data


def summary_text(result: Result) -> str:
    s = result.summary
    plan = result.plan
    from planner.run_counts import alignments

    lines = [f"{plan.name}  ({result.mode}, "
             f"{_size_text(result.mode, result.n_paths, alignments(result))}, "
             f"{int(result.years[0])}-{int(result.years[-1])})"]
    if result.n_paths > 1:
        ok = round(s.success_rate * result.n_paths)
        until = ("the last death on each path" if result.deaths_drawn
                 else str(int(result.years[-1])))
        if result.deaths_drawn:
            lines[0] = (f"{plan.name}  ({result.mode}, {result.n_paths:,} path(s), "
                        f"{int(result.years[0])} to the last death: median "
                        f"{int(np.median(result.years[result.end_index]))}, latest "
                        f"{int(result.years[-1])})")
        what = "paths"
        if result.mode == Mode.HISTORICAL.value:
            what = "runs" if result.path_groups is not None else "windows"
        lines.append(f"  Success rate:            {s.success_rate:.1%} "
                     f"({ok:,} of {result.n_paths:,} {what} last to {until})")
        if s.success_range is not None:
            lines.append(f"  Over Bitcoin's alignments: {s.success_range[0]:.1%} to "
                         f"{s.success_range[1]:.1%} (see the note on historical crypto)")
        ages = result.depletion_ages()
        failing = ages[ages >= 0]
        if len(failing):
            lines.append(f"  Failing {what} run out:{' ' * (9 - len(what))}"
                         f"at age {int(np.median(failing))} "
                         f"typically (earliest {int(failing.min())}; "
                         f"{result.depletion_age_label()})")
    elif s.depletion_age is None:
        lines.append(f"  Savings last:            to the end of the plan ({int(result.years[-1])})")
    else:
        lines.append(f"  Savings run out at age:  {s.depletion_age}")
    where = " (medians over paths)" if result.n_paths > 1 else ""
    lines.append(f"  Figures in today's dollars{where}:")
    lines += [
        f"  Household retires:       {s.retirement_year}",
        f"  Balance at retirement:   ${s.balance_at_retirement:,.0f} today's "
        f"(${s.balance_at_retirement_nominal:,.0f} future)",
        f"  Spending, first year:    ${s.first_year_spending:,.0f} today's",
        f"  Estate at last death:    ${s.terminal_balance:,.0f} today's "
        f"(${s.terminal_balance_nominal:,.0f} future)",
        f"  ...after heirs' tax:     ${s.legacy_after_tax:,.0f} today's (traditional and HSA "
        f"money taxed at {plan.taxes.heirs_tax_rate:.0%}; Roth and taxable as they are)",
        f"  Lifetime tax:            ${s.lifetime_tax:,.0f} today's (income and payroll tax; "
        f"state ${s.lifetime_state_tax:,.0f}; not included: ${s.deferred_tax:,.0f} deferred "
        "in traditional accounts at the heirs' rate)",
        f"  Lifetime health care:    ${s.lifetime_health:,.0f} today's (premiums after "
        f"credits, IRMAA, out-of-pocket)",
    ]
    spent = spending_range(result) if result.n_paths > 1 else None
    from planner.outcome_text import spending_headline, start_year_outcome

    if spent is not None and (spent.is_strategy or spent.share_below_goal > 0):
        lines.append(f"  Spending delivered:      {spending_headline(spent)}")
    rows = start_years(result)
    short = [r for r in rows if r.lasted < 1]
    if short:
        shown = ", ".join(f"{r.start_year} ({start_year_outcome(r)})" for r in short[:12])
        more = f" and {len(short) - 12} more" if len(short) > 12 else ""
        lines.append(f"  Start years that ran out: {shown}{more} (all years: --json)")
    lines += [f"  Note: {n}" for n in result.notes]
    lines.append(f"  Success: {SUCCESS_DEFINITION}")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
