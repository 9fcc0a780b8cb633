"""Errors the core raises for bad input; each names the field (or file) and the reason."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    field: str  # a JSON path such as "people[0].retirement_age"; "" for the whole file
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class PlanError(Exception):
    """A plan file or plan value that cannot be used, with every problem found."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems] or [self.message]
