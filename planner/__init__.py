"""planner: a private desktop retirement planner."""

__version__ = "0.1.0"
