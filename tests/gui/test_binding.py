"""Plan paths: the editor's fields and validate's problems share one addressing scheme."""

from __future__ import annotations

from planner.core.storage import sample_plan
from planner.gui.editor import binding


def test_parse_names_and_indexes() -> None:
    assert binding.parse("people[0].social_security.claim_age") == [
        "people", 0, "social_security", "claim_age"
    ]
    assert binding.parse("accounts[12].allocation") == ["accounts", 12, "allocation"]


def test_set_value_rebuilds_only_the_path() -> None:
    plan = sample_plan()
    new = binding.set_value(plan, "accounts[1].allocation.crypto", 0.25)
    assert new.accounts[1].allocation.crypto == 0.25
    assert plan.accounts[1].allocation.crypto == 0.0  # the original is untouched
    assert new.accounts[0] is plan.accounts[0]
    assert new.people is plan.people
    assert binding.get_value(new, "accounts[1].allocation.crypto") == 0.25


def test_parent_paths_walk_up_to_the_root() -> None:
    assert list(binding.parent_paths("accounts[1].allocation.stocks")) == [
        "accounts[1].allocation.stocks",
        "accounts[1].allocation",
        "accounts[1]",
        "accounts",
        "",
    ]
