"""Folding of names into search keys, so "zoe" finds "Zoë" and "lukas" finds "Łukasiewicz"."""

from __future__ import annotations

import unicodedata

# Letters that Unicode does not decompose into a base letter plus a mark.
_SPECIAL = str.maketrans(
    {
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ı": "i",
        "ß": "ss",
    }
)


def fold(text: str) -> str:
    """Lower-case `text`, strip accents and turn every run of non-alphanumerics into one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
    out: list[str] = []
    pending_space = False
    for ch in decomposed:
        if unicodedata.combining(ch):
            continue
        if ch.isalnum():
            if pending_space and out:
                out.append(" ")
            pending_space = False
            out.append(ch)
        else:
            pending_space = True
    return "".join(out)


def words(*texts: str) -> list[str]:
    """The folded words of `texts`, in order, without repeats."""
    seen: list[str] = []
    for text in texts:
        for word in fold(text).split():
            if word not in seen:
                seen.append(word)
    return seen


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string that starts with `prefix` (for index range scans)."""
    if not prefix:
        raise ValueError("empty prefix has no upper bound")
    last = prefix[-1]
    return prefix[:-1] + chr(ord(last) + 1)


def sentence(message: str) -> str:
    """`message` with a capital first letter and a closing full stop, as field messages are shown."""
    message = message[:1].upper() + message[1:]
    return message if message.endswith(".") else message + "."
