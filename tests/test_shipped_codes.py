"""A code that shipped is never deleted: stored consults, plans and surgeries hold it. Retire it instead
("retired": true), so it is still read and shown as retired, but no longer offered for new entry."""

from __future__ import annotations

import json
from pathlib import Path

from tools.shipped_codes import SNAPSHOT, current_codes


def test_every_code_a_release_shipped_is_still_known():
    shipped = json.loads(Path(SNAPSHOT).read_text("utf-8"))
    now = current_codes()
    gone = {name: sorted(set(codes) - set(now.get(name, []))) for name, codes in shipped.items()}
    gone = {name: codes for name, codes in gone.items() if codes}
    assert not gone, f'retire these codes instead of deleting them (add "retired": true): {gone}'


def test_the_snapshot_holds_what_this_release_ships():
    """Run tools/shipped_codes.py when you add a code, so the next release cannot delete it."""
    shipped = json.loads(Path(SNAPSHOT).read_text("utf-8"))
    missing = {n: sorted(set(c) - set(shipped.get(n, []))) for n, c in current_codes().items()}
    missing = {n: c for n, c in missing.items() if c}
    assert not missing, f"run .venv/bin/python tools/shipped_codes.py: {missing}"
