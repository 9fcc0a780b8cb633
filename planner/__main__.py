"""`python -m planner`: the app without arguments, the command-line tool with a subcommand."""

from __future__ import annotations

import sys


def main() -> int:
    if len(sys.argv) > 1:
        from planner.cli import main as cli_main

        return cli_main(sys.argv[1:])
    from planner.gui.app import main as gui_main

    return int(gui_main() or 0)


if __name__ == "__main__":
    raise SystemExit(main())
