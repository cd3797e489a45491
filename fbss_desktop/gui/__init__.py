"""The PySide6 user interface: the only package that imports Qt."""

from __future__ import annotations

import ctypes
import sys

# PySide6 6.12 on Python 3.11 drops a reference to True each time a Python True crosses into Qt in some
# conversions (a signal argument, a container emitted as an object), and Python 3.11's bools are not yet
# immortal (they are from 3.12). After enough of these a long session aborts when True's count reaches
# zero ("bool_dealloc: deallocating True or False"). Give both bools a count that cannot run out, as 3.12
# does; this is harmless, since a bool is never freed anyway.
if sys.version_info < (3, 12):
    for _value in (True, False):
        ctypes.c_ssize_t.from_address(id(_value)).value += 1 << 40
