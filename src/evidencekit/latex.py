"""LaTeX in BibTeX values, turned into plain Unicode text for display.

Decoding is slow (15–25x the cost of parsing), so the loader never does it:
call :func:`decode_latex` only for the fields that are shown, of entries that
are cited. Results are cached. Neither function ever raises.
"""

from __future__ import annotations

import functools
import logging
import re

__all__ = ["decode_latex", "format_authors"]

logging.getLogger("pylatexenc").addHandler(logging.NullHandler())

_SPACES = re.compile(r"[ \t\r\n]+")
# In a BibTeX value a bare % is text, but LaTeX would start a comment there.
_BARE_PERCENT = re.compile(r"(?<!\\)%")
_MACRO = re.compile(r"\\([A-Za-z]+|.)")

# pylatexenc decodes about 80,000 characters a second, and much more slowly on some
# inputs, so only the first MAX_DECODE_CHARS characters of a value are decoded for
# display (a long abstract is 3,000); the text shown then ends with "…". Author lists
# are cut the same way, at an "and", and end with "et al.".
MAX_DECODE_CHARS = 10_000
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _converter():
    from pylatexenc import latex2text, latexwalker, macrospec

    walker_db = latexwalker.get_default_latex_context_db()
    walker_db.add_context_category(
        "evidencekit", prepend=True,
        macros=[macrospec.MacroSpec("href", "{{"), macrospec.MacroSpec("url", "{")],
    )
    text_db = latex2text.get_default_latex_context_db()
    text_db.add_context_category(
        "evidencekit", prepend=True,
        macros=[
            latex2text.MacroTextSpec("url", simplify_repl="%s"),
            latex2text.MacroTextSpec("href", simplify_repl="%(2)s"),
            latex2text.MacroTextSpec("LaTeX", simplify_repl="LaTeX"),
            latex2text.MacroTextSpec("TeX", simplify_repl="TeX"),
            latex2text.MacroTextSpec("BibTeX", simplify_repl="BibTeX"),
        ],
    )
    to_text = latex2text.LatexNodes2Text(latex_context=text_db)

    def convert(value: str) -> str:
        walker = latexwalker.LatexWalker(value, latex_context=walker_db, tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes()
        return to_text.nodelist_to_text(nodes)

    return convert


def _crude(value: str) -> str:
    """A last resort when pylatexenc fails: drop macros' backslashes and all braces."""
    text = _MACRO.sub(lambda m: m.group(1) if not m.group(1).isalpha() else "", value)
    return text.replace("{", "").replace("}", "").replace("~", "\u00a0")


@functools.lru_cache(maxsize=16384)
def decode_latex(value: str) -> str:
    """LaTeX to plain text: ``{\\"u}ber`` -> ``über``, ``\\&`` -> ``&``, ``--`` -> ``–``.

    Braces are dropped and runs of spaces and newlines become one space.
    """
    if not isinstance(value, str):
        value = str(value)
    if len(value) > MAX_DECODE_CHARS:
        cut = value[:MAX_DECODE_CHARS]
        space = cut.rfind(" ", MAX_DECODE_CHARS - 200)  # not in the middle of a word or macro
        return decode_latex(cut[:space] if space > 0 else cut).rstrip() + " …"
    if not any(c in value for c in "\\{}$%~-`'"):
        return _SPACES.sub(" ", value).strip()
    escaped = _BARE_PERCENT.sub(r"\\%", value)
    try:
        text = _converter()(escaped)
    except Exception:  # pylatexenc on hostile input (e.g. RecursionError): never raise
        try:
            text = _crude(value)
        except Exception:
            text = value
    return _SPACES.sub(" ", text).strip()


# ---------------------------------------------------------------------------
# Names


def _tokens(value: str) -> list[str]:
    """Split a name list at whitespace and commas outside braces; commas are tokens."""
    tokens: list[str] = []
    current: list[str] = []
    depth = 0
    escaped = False
    for c in value:
        if escaped:
            current.append(c)
            escaped = False
            continue
        if c == "\\":
            current.append(c)
            escaped = True
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(depth - 1, 0)
        elif depth == 0 and (c.isspace() or c == "~"):
            if current:
                tokens.append("".join(current))
                current = []
            continue
        elif depth == 0 and c == ",":
            if current:
                tokens.append("".join(current))
                current = []
            tokens.append(",")
            continue
        current.append(c)
    if current:
        tokens.append("".join(current))
    return tokens


def _is_lower(token: str) -> bool:
    """BibTeX's 'von' test: the first letter at brace level 0 is lower case.

    A token that starts with a plain braced group counts as upper case; one
    that starts with a special character such as {\\"u} is judged by its letter.
    """
    if token.startswith("{") and not token.startswith("{\\"):
        return False
    text = decode_latex(token)
    for c in text:
        if c.isalpha():
            return c.islower()
    return False


def _initials(given: list[str]) -> str:
    letters = []
    for token in given:
        text = decode_latex(token)
        for part in re.split(r"[\s.\-\u2010\u2011\u2013\u00a0]+", text):
            for c in part:
                if c.isalpha():
                    letters.append(c.upper())
                    break
    return "".join(letters)


def _one_name(tokens: list[str]) -> str:
    if len(tokens) == 1 and tokens[0].startswith("{") and tokens[0].endswith("}"):
        # {World Health Organization}: a corporate name, as written.
        return decode_latex(tokens[0])
    if len(tokens) == 1 and tokens[0].lower() == "others":
        return "et al."
    parts: list[list[str]] = [[]]
    for token in tokens:
        if token == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    parts = [p for p in parts if p] or [[]]
    jr: list[str] = []
    if len(parts) >= 2:
        # "von Last, First" or "von Last, Jr, First"
        # (the von part stays with the surname: "van Dyke J").
        surname_tokens = parts[0]
        if len(parts) >= 3:
            jr, given = parts[1], [t for p in parts[2:] for t in p]
        else:
            given = parts[1]
    else:
        words = parts[0]
        if not words:
            return ""
        # "First von Last": the von part starts at the first lower-case word
        # (never the last word) and stays with the surname.
        first_von = next((i for i, w in enumerate(words[:-1]) if _is_lower(w)), None)
        if first_von is not None:
            given = words[:first_von]
            surname_tokens = words[first_von:]
        else:
            given = words[:-1]
            surname_tokens = words[-1:]
    surname = decode_latex(" ".join(surname_tokens))
    initials = _initials(given)
    name = f"{surname} {initials}" if initials else surname
    if jr:
        name += " " + decode_latex(" ".join(jr))
    return name


@functools.lru_cache(maxsize=4096)
def _format_authors(value: str) -> tuple[str, ...]:
    names: list[str] = []
    current: list[str] = []
    for token in _tokens(value) + ["and"]:
        if token.lower() == "and":
            if current:
                try:
                    name = _one_name(current)
                except Exception:
                    name = decode_latex(" ".join(t for t in current if t != ","))
                if name and not (name == "et al." and names and names[-1] == "et al."):
                    names.append(name)
            current = []
        else:
            current.append(token)
    # "and others" only makes sense at the end.
    if "et al." in names[:-1]:
        names = [n for n in names if n != "et al."] + ["et al."]
    return tuple(names)


def format_authors(value: str) -> list[str]:
    """Split a BibTeX name list at 'and' into display names 'Surname AB'.

    ``Smith, John A. and {World Health Organization} and Jane van Dyke and
    others`` -> ``['Smith JA', 'World Health Organization', 'van Dyke J',
    'et al.']``.
    """
    if not isinstance(value, str):
        value = str(value)
    if len(value) > MAX_DECODE_CHARS:
        ands = [m.start() for m in _AND.finditer(value, 0, MAX_DECODE_CHARS)]
        value = (value[:ands[-1]] if ands else value[:MAX_DECODE_CHARS]) + " and others"
    try:
        return list(_format_authors(value))
    except Exception:
        try:
            return [decode_latex(value)] if str(value).strip() else []
        except Exception:
            return []
