"""The command line: `fbss-desktop [--database URL] [COMMAND]`; no command starts the GUI."""

from __future__ import annotations

import argparse
import sys

from fbss_desktop import __version__
from fbss_desktop.core.errors import DomainError
from fbss_desktop.paths import AppPaths

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fbss-desktop",
        description="Consult record and treatment planning for persistent pain after spine surgery. "
        "With no command, starts the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="database to open: sqlite:///path/file.sqlite3 or postgresql://user@host:port/name "
        "(default: FBSS_DATABASE_URL, else an SQLite file in the user's data folder)",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="keep data, settings and logs under DIR (also FBSS_DATA_DIR)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail (never patient data)")
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("gui", help="start the desktop app (the default)")
    demo = commands.add_parser("demo", help="add realistic fictional patients with surgical histories")
    demo.add_argument("--patients", type=int, default=50, metavar="N", help="how many (default 50)")
    demo.add_argument("--seed", type=int, default=2026, help="random seed, for the same patients every time")
    return parser


def run_command(args: argparse.Namespace, url: str, paths: AppPaths) -> int:
    from fbss_desktop.services.clinic import Clinic

    try:
        clinic = Clinic.open(url, backup_dir=paths.backup_dir)
    except DomainError as exc:
        print(f"fbss-desktop: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        if args.command == "demo":
            if args.patients < 1:
                print("fbss-desktop: --patients must be at least 1", file=sys.stderr)
                return EXIT_USAGE
            clinic.load_demo(args.patients, seed=args.seed)
            print(f"Added {args.patients} demo patients; the database now holds {clinic.patient_count()}.")
            return EXIT_OK
    except DomainError as exc:
        print(f"fbss-desktop: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        clinic.close()
    raise AssertionError(f"unhandled command {args.command!r}")
