"""Folding of names into search keys, so "zoe" finds "Zoë" and "lukas" finds "Łukasiewicz"."""

from __future__ import annotations

import re
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


_MAX_CODE_POINT = 0x10FFFF
_SURROGATES = range(0xD800, 0xE000)


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string that starts with `prefix` (for index range scans).

    The last character is stepped up by one. U+10FFFF has no successor, so it is dropped and the one before
    it stepped instead ("a" + U+10FFFF gives "b"); the surrogates are stepped over, as a database cannot
    store them. A prefix made only of U+10FFFF has no bound (ValueError).
    """
    stem = prefix.rstrip(chr(_MAX_CODE_POINT))
    if not stem:
        raise ValueError("this prefix has no upper bound")
    following = ord(stem[-1]) + 1
    if following in _SURROGATES:
        following = _SURROGATES.stop
    return stem[:-1] + chr(following)


# Characters that would break a one-line message or the terminal showing it: control characters (C0, DEL,
# C1), line and paragraph separators, lone surrogates (which cannot even be encoded) and noncharacters.
_NONCHARACTERS = "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef" + _NONCHARACTERS + "]")


def _escape(match: re.Match[str]) -> str:
    return match[0].encode("unicode_escape", "backslashreplace").decode("ascii")


def one_line(text: str) -> str:
    """`text` as one printable line: control characters, line breaks and lone surrogates escaped ("\\n")."""
    return _UNPRINTABLE.sub(_escape, text)


def sentence(message: str) -> str:
    """`message` with a capital first letter and a closing full stop, as field messages are shown."""
    message = message[:1].upper() + message[1:]
    return message if message.endswith(".") else message + "."
