"""Diagnostics: what went wrong, where, with a stable code and a hint.

Every stage appends to a :class:`Report` instead of raising, so one run
reports every problem; the front ends decide what the report means for the
exit code or the build.
"""

from __future__ import annotations

import difflib
import json
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable, Iterator


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    # Shown, never failing, not even under --strict: a schedule (a review falling due)
    # rather than a problem with what the change did.
    NOTE = "note"
    OFF = "off"


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if ch == "\n":
        return "\\n"
    if ch == "\r":
        return "\\r"
    if ch == "\t":
        return "\\t"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _invisible(ch: str) -> bool:
    # Cc: controls and newlines; Cf: zero-width and bidi controls, soft hyphen, BOM;
    # Zl/Zp: line and paragraph separators; Zs other than the plain space: no-break and
    # other spaces a reader cannot tell apart; Co/Cn: private use and unassigned.
    return ch != " " and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Zs", "Co", "Cn", "Cs")


def printable(text: str) -> str:
    """Text for one line of terminal output: control, invisible and line-breaking
    characters shown as repr-style escapes (\\n, \\x1b, \\u200b, \\u202e)."""
    if text.isprintable() and text.isascii():
        return text
    return "".join(_escape_char(ch) if _invisible(ch) else ch for ch in text)


@dataclass(frozen=True, order=True)
class Loc:
    """A place in a project file: path relative to the project, 1-based line and column."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    loc: Loc
    severity: Severity
    code: str
    message: str
    hint: str | None = None
    # The BibTeX keys a problem of one entry is about: it is reported only when a claim
    # cites one of them (validate.scope_reference_problems); () for every other problem.
    entries: tuple[str, ...] = ()

    def format(self) -> str:
        # Every line starts with the path or with "  hint:": content (a YAML key holding a
        # newline, "::error ...::" that CI would read as a command) is shown escaped.
        text = f"{printable(str(self.loc))}: {self.severity.value}[{self.code}]: {printable(self.message)}"
        if self.hint:
            text += f"\n  hint: {printable(self.hint)}"
        return text

    def format_github(self) -> str:
        def esc(value: str, prop: bool = False) -> str:
            value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            if prop:
                value = value.replace(":", "%3A").replace(",", "%2C")
            return value

        level = {Severity.ERROR: "error", Severity.NOTE: "notice"}.get(self.severity, "warning")
        # Content in the message is shown escaped (invisible characters included); only the
        # line before the hint is a real line break, written %0A as the runner expects.
        message = printable(self.message) + (f"\nhint: {printable(self.hint)}" if self.hint else "")
        return (
            f"::{level} file={esc(self.loc.path, True)},line={self.loc.line},"
            f"col={self.loc.col},title={esc(self.code, True)}::{esc(message)}"
        )

    def as_dict(self) -> dict:
        data = {
            "path": self.loc.path,
            "line": self.loc.line,
            "col": self.loc.col,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }
        if self.entries:
            data["entries"] = list(self.entries)
        return data


@dataclass
class Report:
    """Collects diagnostics; severities come from the code registry and the site's overrides."""

    overrides: dict[str, Severity] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Problems of references no claim cites: kept for `--format json`, not counted.
    uncited: list[Diagnostic] = field(default_factory=list)

    def add(self, loc: Loc, code: str, message: str, hint: str | None = None,
            entries: tuple[str, ...] = ()) -> None:
        severity = self.overrides.get(code) or _codes.CODES[code].severity
        if severity is Severity.OFF:
            return
        self.diagnostics.append(Diagnostic(loc, severity, code, message, hint, entries))

    def log(self, logger) -> None:
        """Each diagnostic once, at its level (a note at info, so that it never fails
        `mkdocs build --strict`, which counts warnings)."""
        for d in self.sorted():
            {Severity.ERROR: logger.error, Severity.WARNING: logger.warning}.get(
                d.severity, logger.info)(d.format())

    def extend(self, other: "Report") -> None:
        self.diagnostics.extend(other.diagnostics)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=lambda d: (d.loc, d.code, d.message))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def notes(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.NOTE]

    def summary(self) -> str:
        e, w, n = len(self.errors), len(self.warnings), len(self.notes)
        text = f"{e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''}"
        return text + (f", {n} note{'s' if n != 1 else ''}" if n else "")

    def format(self, style: str = "text") -> str:
        items = self.sorted()
        if style == "json":
            return json.dumps(
                {
                    "diagnostics": [d.as_dict() for d in items],
                    "errors": len(self.errors),
                    "warnings": len(self.warnings),
                    "notes": len(self.notes),
                    "uncited": [d.as_dict() for d in
                                sorted(self.uncited, key=lambda d: (d.loc, d.code, d.message))],
                },
                indent=2,
                ensure_ascii=False,
            )
        if style == "github":
            lines = [d.format_github() for d in items]
        else:
            lines = [d.format() for d in items]
        lines.append(self.summary())
        return "\n".join(lines)


# did_you_mean compares the word with at most this many candidates (difflib's ratio
# costs tens of microseconds each): beyond it, only candidates that share the word's
# first letter (ignoring case) and have a close length are kept, the first ones of them.
MAX_CANDIDATES = 1000


def did_you_mean(word: str, candidates: Iterable[str], quote: bool = True) -> str | None:
    """A 'did you mean' hint in click's manner, or None when nothing is close.

    The search is bounded (see MAX_CANDIDATES); with fewer candidates than that,
    every one is compared."""
    pool = list(candidates)
    if len(pool) > MAX_CANDIDATES:
        first = word[:1].casefold()
        n = len(word)
        # a ratio of 0.6 needs 3/7 <= len(c)/len(word) <= 7/3
        pool = [c for c in pool if c[:1].casefold() == first and 3 * n <= 7 * len(c) <= 49 * n / 3]
        del pool[MAX_CANDIDATES:]
    matches = difflib.get_close_matches(word, pool, n=3, cutoff=0.6)
    if not matches:
        return None
    shown = [f"'{m}'" if quote else m for m in matches]
    if len(shown) == 1:
        return f"did you mean {shown[0]}?"
    return f"did you mean {', '.join(shown[:-1])} or {shown[-1]}?"


# The registry needs Severity from above; importing it last keeps one import per process.
from . import codes as _codes  # noqa: E402
