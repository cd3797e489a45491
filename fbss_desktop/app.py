"""Composition root: arguments -> paths -> logging -> database URL -> the GUI or a command."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from collections.abc import Sequence

from fbss_desktop import cli
from fbss_desktop.paths import AppPaths


def setup_logging(paths: AppPaths, verbose: bool) -> None:
    """Log to a rotating file in the user's log folder. Messages carry record ids, never patient data."""
    handler = logging.handlers.RotatingFileHandler(
        paths.log_dir / "fbss-desktop.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    logging.getLogger("peewee").setLevel(logging.WARNING)  # its debug log prints query parameters


def main(argv: Sequence[str] | None = None) -> int:
    args = cli.build_parser().parse_args(argv)
    paths = AppPaths.for_user(args.data_dir)
    paths.ensure()
    setup_logging(paths, args.verbose)
    url = args.database or os.environ.get("FBSS_DATABASE_URL") or paths.default_database_url
    if args.command in (None, "gui"):
        # Imported here so that command-line use never loads Qt.
        from fbss_desktop.gui.application import run_gui

        return run_gui(url, paths, smoke_test=args.smoke_test)
    return cli.run_command(args, url, paths)


if __name__ == "__main__":
    sys.exit(main())
