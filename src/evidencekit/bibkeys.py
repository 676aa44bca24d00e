"""The house key of a BibTeX entry: first author's surname, year, first word of the title.

CONTRIBUTING.md's rule (`yang2024mentalhealth`): lower-case ASCII letters and digits,
so that a key is safe as an anchor and in a URL (KEY_PATTERN). An entry imported from
a library with other habits (`Müller:2020aa`, `10.1000/xyz`) gets its house key here;
`evidence refs add --from FILE KEY` suggests it.
"""

from __future__ import annotations

import re
import unicodedata

from .latex import decode_latex, format_authors
from .model import Reference

# Words a title's first significant word is never (English articles and prepositions).
_SKIP = frozenset("""a an the of on in at to for from with by and or is are was were do does
how what why when which who whether about into over under between among its their our
""".split())
# Letters that Unicode does not decompose into an ASCII letter and a mark.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l",
                       "đ": "d", "Đ": "d", "þ": "th", "Þ": "th", "œ": "oe", "Œ": "oe",
                       "ı": "i"})
_INITIALS = re.compile(r"\s+[A-Z]+$")
MAX_SURNAME = 24


def ascii_letters(text: str) -> str:
    """`text` folded to lower-case ASCII letters and digits ('Gödel-Müller' -> 'godelmuller')."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in folded if c.isascii() and c.isalnum()).lower()


def house_key(ref: Reference, taken=()) -> str:
    """The house key for `ref`: surname, year and title word ('yang2024mental'), made
    unique against `taken` (keys compared case-insensitively) with a letter: 'b', 'c', ..."""
    fields = ref.fields
    names = format_authors(fields.get("author") or fields.get("editor") or "")
    surname = ""
    if names and names[0] != "et al.":
        first = names[0]
        # 'van Dyke J' -> 'van Dyke'; a corporate name keeps its first word.
        stripped = _INITIALS.sub("", first)
        surname = ascii_letters(stripped if stripped != first else first.split()[0])
    if not surname:
        surname = ascii_letters((fields.get("organization") or fields.get("institution") or "")
                                .split(" ")[0] if fields.get("organization")
                                or fields.get("institution") else "")
    year = re.search(r"\d{4}", fields.get("year") or fields.get("date") or "")
    words = [ascii_letters(w) for w in decode_latex(fields.get("title", "")).split()]
    word = next((w for w in words if w and w not in _SKIP and not w.isdigit()), "")
    key = surname[:MAX_SURNAME] + (year.group() if year else "") + word
    if not key or not key[0].isalpha():
        key = "ref" + key
    lower = {k.lower() for k in taken}
    if key.lower() in lower:
        for suffix in "bcdefghijklmnopqrstuvwxyz":
            if (key + suffix).lower() not in lower:
                return key + suffix
        n = 2
        while f"{key}{n}".lower() in lower:
            n += 1
        key = f"{key}{n}"
    return key
