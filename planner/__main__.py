"""`python -m planner`: the desktop app without arguments, the command-line tool with them."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        from planner.gui.app import main as gui_main

        return gui_main()
    from planner.cli import main as cli_main

    return int(cli_main(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
