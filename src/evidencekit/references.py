"""The reference library: every ``*.bib`` file under ``references/``, checked.

:func:`load_library` reads the files, splits them with bibtexparser 2 and
reports every problem it finds as a diagnostic, never raising.

Speed matters here (libraries of tens of thousands of entries are common), so
the loader asks bibtexparser only to *split* the text (an empty parse stack)
and then does, in one pass of its own, what the default middlewares would do
(resolve ``@string`` macros and ``#`` concatenation, strip the enclosing
braces or quotes) together with the checks. Values keep their LaTeX; it is
decoded only for what is shown (see :mod:`evidencekit.latex`).
"""

from __future__ import annotations

import gc
import html
import logging
import operator
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ExplicitComment,
    Field,
    ImplicitComment,
    ParsingFailedBlock,
    Preamble,
    String,
)

from .bibsplit import is_comment_line, split as split_bibtex
from .definitions import DESIGN, POOLED_GROUPS

# Designs that pool other studies and must say which (a guideline may, and need not).
POOLING = ("systematic-review", "meta-analysis")
# The `design` that `evidence refs add` writes until an editor chooses one.
DESIGN_PLACEHOLDER = "TODO"
from .diagnostics import Loc, Report, did_you_mean
from .files import decode_utf8, editor_file, os_reason, read_file, strip_bom
from .latex import decode_latex, format_authors
from .schema import url_host_problem
from .model import Library, Reference

__all__ = ["load_library", "decode_latex", "format_authors", "MAX_FILE_BYTES", "doi_problem",
           "url_problem", "DESIGN_PLACEHOLDER"]

# bibtexparser logs every failed block as a warning; with no logging set up
# Python would print those to stderr. They are reported as diagnostics instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

MAX_FILE_BYTES = 50 * 1024 * 1024

# Budgets (issue 12; see SECURITY.md). @string macros and '#' can make a few hundred
# bytes expand to gigabytes, so expansion is counted as it goes and stops at:
# - MAX_VALUE_CHARS for one value (a field or a @string): no real BibTeX field comes
#   near 1 MiB (a long abstract is 10 KB), and a 1 MiB string costs at most 4 MB;
MAX_VALUE_CHARS = 1024 * 1024
# - MAX_TOTAL_CHARS for all the text built by expansion together: more than any
#   library that fits the 50 MiB file limit needs, and at most 256 MB even in the
#   widest characters (in practice 64 MB: BibTeX is mostly ASCII);
MAX_TOTAL_CHARS = 64 * 1024 * 1024
# - MAX_DEPTH links in one chain of @string definitions or crossref links (real ones
#   are 1-3 deep); resolution is iterative, so a longer chain is an error, not a crash.
MAX_DEPTH = 100

KEY_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_:.\-]{0,127}")
DOI_PATTERN = re.compile(r"10\.\d{4,9}/\S+", re.ASCII)
_BROKEN_KEY = re.compile(r"@(\w+)\s*[{(]\s*([^,\s]+)")
# What BibTeX accepts as a field name or a macro name.
_NAME = re.compile(r"""[^\s"#%'(),={}]+""")
_DIGITS = re.compile(r"\d+")
# Delimiters in a value: as in BibTeX, a backslash does not escape them ({wired\} is "wired\").
_BRACES = re.compile(r"[{}]")
_BRACES_QUOTE = re.compile(r'[{}"]')
_URL_JUNK = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")
_DOI_PREFIX = re.compile(r"(?i)^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)")

# A bibtexparser Field's name, 0-based line and raw value. Its properties cost
# a noticeable share of the loader's time, so read the attributes behind them
# where this bibtexparser version has them.
_FIELD_PARTS = operator.attrgetter(
    *(("_key", "_start_line", "_value")
      if all(hasattr(Field("k", "v", 0), a) for a in ("_key", "_start_line", "_value"))
      else ("key", "start_line", "value"))
)

# Fields that name local files (JabRef, Zotero, BibDesk exports): never read, never kept.
IGNORED_FIELDS = frozenset({"file", "pdf"})

# BibTeX's standard styles predefine the month macros.
MONTHS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April",
    "may": "May", "jun": "June", "jul": "July", "aug": "August",
    "sep": "September", "oct": "October", "nov": "November", "dec": "December",
}

# Required fields per entry type: each requirement is a group of alternatives
# (the first one is the BibTeX name; the others are biblatex synonyms, or
# 'author or editor' for books). Other types need a title.
_YEAR = ("year", "date")
REQUIRED_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "article": (("author",), ("title",), ("journal", "journaltitle"), _YEAR),
    "book": (("author", "editor"), ("title",), ("publisher",), _YEAR),
    "inproceedings": (("author",), ("title",), ("booktitle",), _YEAR),
    "conference": (("author",), ("title",), ("booktitle",), _YEAR),
    "incollection": (("author",), ("title",), ("booktitle",), _YEAR),
    "phdthesis": (("author",), ("title",), ("school", "institution"), _YEAR),
    "mastersthesis": (("author",), ("title",), ("school", "institution"), _YEAR),
    "techreport": (("author",), ("title",), ("institution",), _YEAR),
}
_DEFAULT_REQUIRED: tuple[tuple[str, ...], ...] = (("title",),)
# Alternatives named in the message (the biblatex synonyms are accepted silently).
_SHOWN_ALTERNATIVES = {("author", "editor")}

# An entry inherits every field it lacks from the entry its `crossref` names, as BibTeX
# does, except these: the crossref itself (BibTeX follows one link per entry; the chain is
# followed here link by link); the fields that name, label or sort the parent itself
# (biblatex's `ids`, `label`, `shorthand`, `sortkey`, `xref`...), which would make the child
# an alias of its parent; and the study design and what a review pooled, which describe
# one work (a chapter is not the design of its book).
NOT_INHERITED = frozenset({
    "crossref", "xref", "ids", "label", "shorthand", "shorthandintro", "sortkey", "presort",
    "entryset", "execute", "options", "related", "design", "pooled",
})


# ---------------------------------------------------------------------------
# Records


class _Source:
    """One file being loaded: its project-relative path and text (for columns, on demand)."""

    __slots__ = ("path", "text", "_lines")

    def __init__(self, path: str, text: str):
        self.path = path
        self.text = text
        self._lines: list[str] | None = None

    def line(self, number: int) -> str:
        if self._lines is None:
            # bibtexparser counts lines at "\n" only, so do the same.
            self._lines = self.text.split("\n")
        if 1 <= number <= len(self._lines):
            return self._lines[number - 1]
        return ""

    def name_col(self, number: int, name: str) -> int:
        """The column where `name` (a field name) is written on line `number`, else 1."""
        text = self.line(number)
        m = re.search(r"(?<![\w-])" + re.escape(name) + r"\s*=", text, re.IGNORECASE)
        return m.start() + 1 if m else 1

    def field_loc(self, number: int, name: str) -> Loc:
        return Loc(self.path, number, self.name_col(number, name))


class _LoadedReference(Reference):
    """A :class:`Reference` whose ``field_locs`` are built when first read.

    Building a location object for every field of every entry would cost about
    as much as all the other work of the loader together, and only a few of
    them are ever looked at (for diagnostics about cited entries).
    """

    @property  # type: ignore[override]
    def field_locs(self) -> dict[str, Loc]:
        locs = self.__dict__.get("_field_locs")
        if locs is None:
            src: _Source = self.__dict__["_src"]
            locs = {n: src.field_loc(line, n) for n, line in zip(self.fields, self.__dict__["_lines"])}
            for name, parent in self.__dict__.get("_inherited", {}).items():
                parent_locs = parent.field_locs
                if name in parent_locs:
                    locs[name] = parent_locs[name]
                elif "title" in parent_locs:  # booktitle taken from the parent's title
                    locs[name] = parent_locs["title"]
            self.__dict__["_field_locs"] = locs
        return locs

    @field_locs.setter
    def field_locs(self, value: dict[str, Loc]) -> None:
        self.__dict__["_field_locs"] = value


def _make_reference(key, entry_type, fields, designs, loc, src, lines) -> _LoadedReference:
    ref = _LoadedReference.__new__(_LoadedReference)
    d = ref.__dict__
    d["key"] = key
    d["entry_type"] = entry_type
    d["fields"] = fields
    d["designs"] = designs
    d["pooled"] = ()
    d["loc"] = loc
    d["_src"] = src
    d["_lines"] = lines
    return ref


@dataclass
class _Macro:
    key: str
    raw: str
    src: _Source
    line: int
    value: str | None = None
    resolving: bool = False  # on the path being resolved (for cycles)
    problems: list = field(default_factory=list)


class _EntryReport:
    """``report.add`` for the problems of one entry: each is tagged with the entry's key,
    and reported only when a claim cites it (see :func:`validate.scope_reference_problems`).
    Problems that change what is read elsewhere (a block that swallows the next entry,
    stray text, @string problems) go to the report untagged."""

    __slots__ = ("report", "entries")

    def __init__(self, report: Report, entries: tuple[str, ...]):
        self.report = report
        self.entries = entries

    def add(self, loc: Loc, code: str, message: str, hint: str | None = None) -> None:
        self.report.add(loc, code, message, hint, self.entries)


class _Budget:
    """The characters built by expansion so far, against MAX_TOTAL_CHARS."""

    __slots__ = ("total", "reported")

    def __init__(self) -> None:
        self.total = 0
        self.reported = False

    def limit(self) -> int:
        return max(0, min(MAX_VALUE_CHARS, MAX_TOTAL_CHARS - self.total))


# ---------------------------------------------------------------------------
# Values


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _closing_brace(value: str, start: int) -> int:
    """Index of the `}` matching the `{` at `start`, or -1."""
    depth = 0
    for m in _BRACES.finditer(value, start):
        if m.group() == "{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.start()
    return -1


def _closing_quote(value: str, start: int) -> int:
    """Index of the `"` closing the one at `start` (quotes inside braces do not count), or -1."""
    depth = 0
    for m in _BRACES_QUOTE.finditer(value, start + 1):
        c = m.group()
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            return m.start()
    return -1


# One part of a value expression and the '#' after it (or the end): a braced
# or quoted text with up to three levels of nested braces, or a bare word.
_PART = re.compile(
    r'\s*+(?:\{((?:[^{}]++|\{(?:[^{}]++|\{[^{}]*+\})*+\})*+)\}'
    r'|"((?:[^"{}]++|\{(?:[^{}]++|\{[^{}]*+\})*+\})*+)"'
    r"""|([^\s"#%'(),={}]++))\s*+(?:(\#)|\Z)""",
    re.S,
)


# A value wholly enclosed in one pair of braces, with up to three levels inside.
_ENCLOSED = re.compile(
    r"\{(?:[^{}]++|\{(?:[^{}]++|\{(?:[^{}]++|\{[^{}]*+\})*+\})*+\})*+\}", re.S)


def _parse_value(value: str, lookup, limit: int = MAX_VALUE_CHARS
                 ) -> tuple[str, list[tuple[str, str]]]:
    """Evaluate a BibTeX value expression: braced or quoted parts, numbers and
    macro names, joined by `#`. Returns the text and a list of problems, each
    ('undefined', name), ('syntax', description) or ('too-large', the macro name
    whose text would pass `limit` characters, or '').

    Expansion stops before the result passes `limit`: the text returned is what
    was built until then, never longer than `limit`."""
    parts: list[str] = []
    size = 0
    pos, n = 0, len(value)
    match = _PART.match
    while True:  # the common, well-formed case
        m = match(value, pos)
        if m is None:
            break
        braced, quoted, word, more = m.groups()
        if braced is not None:
            part = braced
        elif quoted is not None:
            part = quoted
        elif word.isdigit():
            part = word
        else:
            part = lookup(word)
            if part is None:
                break
        size += len(part)
        if size > limit:
            return "".join(parts), [("too-large", word if word and not word.isdigit() else "")]
        parts.append(part)
        pos = m.end()
        if more is None:
            return "".join(parts), []
        if pos >= n:
            break
    return _parse_value_carefully(value, lookup, limit)


def _parse_value_carefully(value: str, lookup, limit: int = MAX_VALUE_CHARS
                           ) -> tuple[str, list[tuple[str, str]]]:
    """:func:`_parse_value` for values with problems (or deeply nested braces)."""
    parts: list[str] = []
    problems: list[tuple[str, str]] = []
    size = 0
    i, n = 0, len(value)
    while True:
        culprit = ""
        while i < n and value[i].isspace():
            i += 1
        if i >= n:
            if parts:  # a trailing '#'
                problems.append(("syntax", "the value ends with '#'"))
            break
        c = value[i]
        if c == "{":
            j = _closing_brace(value, i)
            if j < 0:
                problems.append(("syntax", "a '{' in the value is never closed"))
                parts.append(value[i + 1:])
                break
            parts.append(value[i + 1:j])
            i = j + 1
        elif c == '"':
            j = _closing_quote(value, i)
            if j < 0:
                problems.append(("syntax", "a '\"' in the value is never closed"))
                parts.append(value[i + 1:])
                break
            parts.append(value[i + 1:j])
            i = j + 1
        else:
            m = _DIGITS.match(value, i)
            if m and not _NAME.match(value, m.end()):
                parts.append(m.group())
                i = m.end()
            else:
                m = _NAME.match(value, i)
                if not m:
                    problems.append(("syntax", f"unexpected '{c}' in the value"))
                    parts.append(value[i:])
                    break
                name = m.group()
                resolved = lookup(name)
                if resolved is None:
                    problems.append(("undefined", name))
                    parts.append(name)
                else:
                    parts.append(resolved)
                    culprit = name
                i = m.end()
        size += len(parts[-1])
        if size > limit:
            parts.pop()
            problems.append(("too-large", culprit))
            break
        while i < n and value[i].isspace():
            i += 1
        if i >= n:
            break
        if value[i] == "#":
            i += 1
            continue
        rest = value[i:]
        hint = "; is a comma missing?" if "=" in rest else ""
        problems.append(("syntax", f"unexpected text '{_short(rest, 40)}' after the value{hint}"))
        break
    text = "".join(parts)
    if len(text) > limit:  # an unclosed brace or quote took the rest of a huge value
        text = text[:limit]
        problems.append(("too-large", ""))
    return text, problems


# ---------------------------------------------------------------------------
# Files


def _discover(refdir: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(refdir, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not editor_file(d))
        for name in filenames + [d for d in dirnames if d.endswith(".bib")]:
            if name.endswith(".bib") and not editor_file(name):
                found.append(Path(dirpath) / name)
    return sorted(found, key=lambda p: p.relative_to(refdir).as_posix())


def _relative(path: Path, root: Path, root_resolved: Path) -> str:
    for base, p in ((root, path), (root_resolved, path)):
        try:
            return p.relative_to(base).as_posix()
        except ValueError:
            pass
    try:
        return path.resolve().relative_to(root_resolved).as_posix()
    except (ValueError, OSError, RuntimeError):
        return path.as_posix()


def _read(path: Path, rel: str, root_resolved: Path | None,
          report: Report) -> tuple[str | None, bytes | None]:
    """The file's text; or (None, raw bytes) when it is not UTF-8; or (None, None).
    With `root_resolved`, a file that resolves outside it is not read.

    Messages match the ones the claim loader gives for the same problems.
    """
    loc = Loc(rel, 1, 1)
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        report.add(loc, "file.unreadable", f"cannot read file: {os_reason(exc)}")
        return None, None
    if root_resolved is not None and resolved != root_resolved \
            and root_resolved not in resolved.parents:
        report.add(loc, "file.outside-project",
                   "path is a link to a place outside the project; it was not read")
        return None, None
    if path.is_dir():  # _discover lists folders named *.bib, so that none passes unseen
        report.add(loc, "file.unreadable", "cannot read file: it is a folder",
                   "rename the folder so that its name does not end in .bib")
        return None, None
    data = read_file(path, rel, report, MAX_FILE_BYTES)
    if data is None:
        return None, None
    text = decode_utf8(data, rel, report, "; its entries were not loaded")
    return (text, None) if text is not None else (None, strip_bom(data))


_NON_ENTRY_TYPES = frozenset({"string", "comment", "preamble"})


def _recover_keys(text: str, src_path: str, line_offset: int, library: Library) -> None:
    """Put the keys of entries found in text that could not be parsed into library.broken."""
    line, pos = line_offset, 0
    for m in _BROKEN_KEY.finditer(text):
        if m.group(1).lower() in _NON_ENTRY_TYPES:
            continue
        line += text.count("\n", pos, m.start())
        pos = m.start()
        key = m.group(2).rstrip("})")
        if key and key not in library.broken:
            library.broken[key] = Loc(src_path, line, 1)


# ---------------------------------------------------------------------------
# Parse errors


def _describe_failure(block: ParsingFailedBlock, src: _Source) -> tuple[str, str | None]:
    """A message and hint for a block bibtexparser could not parse."""
    raw = block.raw or ""
    m = _BROKEN_KEY.match(raw)
    head = re.match(r"@(\w*)", raw)
    kind = head.group(1).lower() if head else ""
    if kind in _NON_ENTRY_TYPES:
        what = f"@{kind} block"
    elif m:
        what = f"entry '{m.group(2).rstrip('})')}'"
    else:
        what = f"@{kind} entry" if kind else "block"
    err = block.error
    reason = getattr(err, "abort_reason", None) or str(err) or type(err).__name__
    hint = "check braces, quotes and commas in this block"
    if reason.startswith("Unexpectedly reached end of file"):
        text = "the file ends before it is closed"
        hint = "a closing '}' (or '\"') is missing in this block"
    elif reason.startswith("Unexpected block start"):
        end = getattr(err, "end_index", None)
        at = ""
        if isinstance(end, int):
            # end_index counts bibtexparser's extra leading newline.
            at = f" at line {src.text.count(chr(10), 0, max(end, 0)) + 1}"
        text = f"a new entry starts{at} before this one is closed"
        hint = "a closing '}' or '\"' is missing in this block"
    elif reason.startswith("Expected comma after entry key"):
        text = "expected ',' after the entry key"
        hint = "write the key and a comma right after the opening brace: @article{key,"
    elif reason.startswith("Expected a `=` after entry key"):
        dangling = re.search(r"entry key `([^`]*)`", reason)
        name = f" '{_short(dangling.group(1), 30)}'" if dangling else ""
        text = f"expected '=' after field name{name}"
        hint = "write each field as name = {value}, separated by commas"
    elif reason.startswith("Expected either a `,` or"):
        text = "expected ',' or the closing brace after a field value"
        hint = "a comma may be missing between two fields"
    elif reason.startswith("Expected equals sign after field key"):
        text = "expected '=' after the @string name"
        hint = "write @string{name = {value}}"
    else:
        text = reason.replace("`", "'").strip().rstrip(".")
        text = text[:1].lower() + text[1:]
    return f"cannot parse {what}: {text}", hint


# ---------------------------------------------------------------------------
# The loader


def load_library(root: Path, report: Report, files: list[Path] | None = None) -> Library:
    """Read and check every ``*.bib`` file under ``root/references`` (or `files`).

    Files found under ``references/`` must lie inside the project (a link out of it is
    file.outside-project); `files` are read where they are, as the caller named them
    (`evidence refs --lint FILE`, `evidence refs add --from FILE`).

    Every problem goes to `report`; nothing raises. Entries whose block could
    not be parsed but whose key is recognisable are listed in
    ``Library.broken``. Field values keep their LaTeX (decode what is shown
    with :func:`decode_latex`).
    """
    # Loading allocates a great many small objects that all stay alive; the
    # cyclic garbage collector would walk them again and again for nothing.
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    try:
        return _load_library(Path(root), report, files)
    finally:
        if collecting:
            gc.enable()


def _load_library(root: Path, report: Report, files: list[Path] | None) -> Library:
    library = Library()
    try:
        root_resolved = root.resolve()
    except (OSError, RuntimeError):
        root_resolved = root.absolute()
    if files is None:
        refdir = root / "references"
        paths = _discover(refdir) if refdir.is_dir() else []
    else:
        paths = [p if Path(p).is_absolute() else root / p for p in map(Path, files)]

    # 1. Read and split every file.
    sources: list[tuple[_Source, list]] = []
    for path in paths:
        rel = _relative(path, root, root_resolved)
        library.files.append(rel)
        text, undecodable = _read(path, rel, root_resolved if files is None else None, report)
        if text is None:
            if undecodable is not None:
                _recover_keys(undecodable.decode("utf-8", "replace"), rel, 1, library)
            continue
        src = _Source(rel, text)
        try:
            # Keep only the list of blocks (not the library's indexes), so that
            # each block can be freed as soon as it has been read (see _load_blocks).
            blocks, rereads = split_bibtex(text)
        except Exception as exc:  # a bibtexparser bug must not become a traceback
            report.add(Loc(rel, 1, 1), "bib.parse-error",
                       f"bibtexparser failed on this file ({type(exc).__name__}); its entries were not loaded",
                       "simplify the entry the failure comes from, and report the bibtexparser bug")
            _recover_keys(text, rel, 1, library)
            continue
        sources.append((src, blocks))
        for reread in rereads:
            for line, word in reread.inner:
                report.add(Loc(rel, line, 1), "bib.entry-in-value",
                           f"a line inside entry '{reread.key}' (line {reread.line}) starts "
                           f"with '@{word}', read as text of a value, as BibTeX reads it",
                           "if an entry starts here, the entry above is not closed: add its "
                           "closing '}'; otherwise indent the line, or put the '@' in braces")

    # 2. @string macros from every file (BibTeX keys them case-insensitively).
    macros: dict[str, _Macro] = {}
    defined_at: dict[str, tuple[int, int]] = {}  # lower-case name -> (file's index, line)
    for file_index, (src, blocks) in enumerate(sources):
        for block in blocks:
            if type(block) is DuplicateBlockKeyBlock:
                block = block.ignore_error_block
            if type(block) is not String:
                continue
            key = block.key
            line = block.start_line + 1
            lower = key.lower()
            first = macros.get(lower)
            if first is None:
                macros[lower] = _Macro(key, block.value, src, line)
                defined_at[lower] = (file_index, line)
            elif first.raw.strip() != block.value.strip():
                report.add(Loc(src.path, line, 1), "bib.duplicate-key",
                           f"@string '{key}' is defined again with another value; "
                           f"first defined at {first.src.path}:{first.line}",
                           "remove one definition; the first one is used")
    budget = _Budget()
    _resolve_macros(macros, budget)
    hints = _Hints(macros)
    for macro in macros.values():
        for kind, detail in macro.problems:
            _report_value_problem(report, Loc(macro.src.path, macro.line, 1), kind, detail,
                                  f"@string '{macro.key}'", hints)
    # Every macro is resolved now: entries look values up directly.
    macro_values = dict(MONTHS)
    macro_values.update((lower, m.value) for lower, m in macros.items())

    def lookup(name: str, _get=macro_values.get) -> str | None:
        return _get(name.lower())

    # 3. Entries.
    first_seen: dict[str, Loc] = {}  # lower-case key -> where it was first defined
    crossrefs: list[_LoadedReference] = []
    for file_index, (src, blocks) in enumerate(sources):
        _load_blocks(src, blocks, library, report, lookup, macro_values, hints, first_seen,
                     crossrefs, budget, (file_index, defined_at))

    # 4. crossref inheritance, then the checks that depend on it.
    if crossrefs:
        by_lower: dict[str, Reference] = {}
        for key, ref in library.entries.items():
            by_lower.setdefault(key.lower(), ref)
        _inherit_all(crossrefs, library, by_lower, report)
        for ref in crossrefs:
            _check_required(ref, _EntryReport(report, (ref.key,)), by_lower)

    for key in list(library.broken):
        if key in library.entries:
            del library.broken[key]
    return library


def _resolve_macros(macros: dict[str, _Macro], budget: _Budget) -> None:
    """Give every macro its value, without recursion.

    A depth-first walk with an explicit stack: a macro is parsed once to find
    the macros it names that have no value yet; those are resolved first (each
    chain at most MAX_DEPTH long) and the macro is parsed again. Problems go to
    each macro's ``problems``; a macro that names one of the macros on the path
    being resolved refers to itself. A macro over the budget gets the value ''
    (so its uses do not repeat the error)."""
    pending: list[_Macro] = []  # macros named that have no value yet
    cycles: list[_Macro] = []  # macros named that are on the path being resolved
    too_deep: list[_Macro] = []  # the first macro past MAX_DEPTH

    def lookup(name: str) -> str | None:
        lower = name.lower()
        macro = macros.get(lower)
        if macro is None:
            return MONTHS.get(lower)
        if macro.value is not None:
            return macro.value
        if macro.resolving:  # a macro defined in terms of itself
            cycles.append(macro)
        else:
            pending.append(macro)
        return ""

    def parse(macro: _Macro) -> tuple[str, list]:
        pending.clear()
        cycles.clear()
        raw = macro.raw
        if len(raw) > 1 and raw[0] in "{\"" and raw[-1] == ("}" if raw[0] == "{" else '"') and (
                "{" not in (inner := raw[1:-1]) and "}" not in inner and '"' not in inner):
            if len(inner) <= budget.limit():
                return inner, []
        return _parse_value(raw, lookup, budget.limit())

    for start in macros.values():
        if start.value is not None:
            continue
        stack: list[tuple[_Macro, int]] = [(start, 1)]
        while stack:
            macro, depth = stack[-1]
            if macro.value is not None:
                stack.pop()
                continue
            if not macro.resolving:  # first visit
                macro.resolving = True
                value, problems = parse(macro)
                if pending:
                    if depth >= MAX_DEPTH:
                        for dep in pending:
                            if dep.value is None and not dep.resolving:
                                dep.value = ""
                                if not too_deep:  # one error, not one per 100 links
                                    too_deep.append(dep)
                                    dep.problems.append(("too-deep", start.key))
                    else:
                        stack.extend((dep, depth + 1) for dep in reversed(pending))
                    continue
            else:  # second visit: everything it names has a value now
                value, problems = parse(macro)
            for other in cycles:
                other.problems.append(("syntax", f"@string '{other.key}' refers to itself"))
            stack.pop()
            macro.resolving = False
            over = [p for p in problems if p[0] == "too-large"]
            if over:
                value = ""
                if budget.limit() < MAX_VALUE_CHARS:
                    problems = [p for p in problems if p[0] != "too-large"]
                    if not budget.reported:
                        budget.reported = True
                        problems.append(("too-large-total", over[0][1]))
            macro.problems.extend(problems)
            macro.value = value
            budget.total += len(value)


class _Hints:
    """'Did you mean' hints for undefined @string names, each worked out once."""

    MAX_HINTED = 20

    def __init__(self, macros: dict[str, _Macro]):
        self._macros = macros
        self._candidates: list[str] | None = None
        self._cache: dict[str, str] = {}

    def macro(self, name: str) -> _Macro | None:
        return self._macros.get(name.lower())

    def undefined(self, name: str) -> str:
        hint = self._cache.get(name)
        if hint is None:
            hint = None
            # Suggestions cost a search of the macros each: only the first
            # MAX_HINTED distinct names get one (did_you_mean bounds each search).
            if len(self._cache) < self.MAX_HINTED:
                if self._candidates is None:
                    self._candidates = [m.key for m in self._macros.values()] + list(MONTHS)
                hint = did_you_mean(name, self._candidates)
            hint = hint or f"define it with @string{{{name} = {{...}}}}, or put the value in braces"
            if len(self._cache) < 10_000:
                self._cache[name] = hint
        return hint


def _report_value_problem(report: Report, loc: Loc, kind: str, detail: str, where: str,
                          hints: _Hints) -> None:
    if kind in ("too-large", "too-large-total"):
        macro = hints.macro(detail) if detail else None
        at = (f"; stopped at @string '{macro.key}' ({macro.src.path}:{macro.line})"
              if macro is not None else "")
        if kind == "too-large":
            grows = "expands to more" if macro is not None else "is longer"
            message = f"{where} {grows} than 1 MiB ({MAX_VALUE_CHARS:,} characters){at}"
        else:
            message = (f"the library's values expand to more than 64 MiB "
                       f"({MAX_TOTAL_CHARS:,} characters) in total, at {where}{at}; "
                       "values after this one are left empty")
        hint = ("@string macros that repeat each other grow exponentially; "
                "write the text out, or shorten it (see `evidence explain bib.too-large`)"
                if macro is not None else
                "shorten the text: no field needs 1 MiB (see `evidence explain bib.too-large`)")
        report.add(loc, "bib.too-large", message, hint)
    elif kind == "too-deep":
        report.add(loc, "bib.too-deep",
                   f"{where} is reached through more than {MAX_DEPTH} @string definitions, "
                   f"each naming the next, from @string '{detail}'; it is left empty",
                   "define the macros in fewer steps")
    elif kind == "undefined":
        report.add(loc, "bib.undefined-string", f"undefined @string '{detail}' in {where}",
                   hints.undefined(detail))
    else:
        report.add(loc, "bib.parse-error", f"malformed value in {where}: {detail}",
                   "a value is {text}, \"text\", a number or a @string name, joined by #")


def _load_blocks(src: _Source, blocks: list, library: Library, report: Report, lookup,
                 macro_values: dict[str, str], hints: _Hints, first_seen: dict[str, Loc],
                 crossrefs: list, budget: _Budget,
                 order: tuple[int, dict[str, tuple[int, int]]] = (0, {})) -> None:
    path = src.path
    # BibTeX reads a @string only from its definition on; here every definition counts
    # wherever it is (a deliberate difference, reported as bib.string-order).
    file_index, defined_at = order
    here = [(file_index, 0)]
    late: list[str] = []

    def lookup_here(name: str, _get=lookup, _at=defined_at.get) -> str | None:
        at = _at(name.lower())
        if at is not None and at > here[0]:
            late.append(name)
        return _get(name)

    def report_late(ereport, fline: int, name: str, key: str) -> None:
        for macro in dict.fromkeys(late):
            at = defined_at[macro.lower()]
            ereport.add(src.field_loc(fline, name), "bib.string-order",
                        f"@string '{macro}' is used in field '{name}' of entry '{key}' before "
                        f"its definition (line {at[1]}"
                        + (")" if at[0] == file_index else " of a file read later)"),
                        "BibTeX would leave it empty; define @string macros before the entries "
                        "that use them (at the top of the file, or in a file whose name sorts "
                        "first)")
        late.clear()

    entries = library.entries
    add = report.add
    key_match = KEY_PATTERN.fullmatch
    good_names = _GOOD_NAMES
    field_parts = _FIELD_PARTS
    enclosed = _ENCLOSED.fullmatch
    ignored = IGNORED_FIELDS
    previous_entry: tuple[str, int] | None = None  # key and line, for the stray-text hint
    percent_before = False  # the last block was a comment ending in a line that starts with '%'

    for index in range(len(blocks)):
        # Drop each block once read: its memory is reused for the references
        # being built, which keeps the loader's peak memory (and time) down.
        block = blocks[index]
        blocks[index] = None
        kind = type(block)
        after_percent, percent_before = percent_before, False
        if kind is Entry:
            entry = block
        elif kind is ImplicitComment:
            _check_stray(block, src, report, previous_entry)
            # '% @article{...}': an entry after a '%' on its line (BibTeX reads it; biber does not).
            percent_before = block.comment.rpartition("\n")[2].lstrip().startswith("%")
            continue
        elif kind is String or kind is Preamble or kind is ExplicitComment:
            continue
        elif kind is DuplicateBlockKeyBlock or kind is DuplicateFieldKeyBlock:
            entry = block.ignore_error_block
            if type(entry) is DuplicateFieldKeyBlock:
                entry = entry.ignore_error_block
            if type(entry) is not Entry:
                continue  # duplicate @string: handled with the macros
        elif isinstance(block, ParsingFailedBlock):
            line = (block.start_line or 0) + 1
            message, hint = _describe_failure(block, src)
            add(Loc(path, line, 1), "bib.parse-error", message, hint)
            _recover_keys(block.raw or "", path, line, library)
            continue
        else:
            continue

        line = entry.start_line + 1
        key = entry.key
        entry_type = entry.entry_type.lower()
        loc = Loc(path, line, 1)
        previous_entry = (key, line)
        if not entry_type:
            add(loc, "bib.parse-error", f"cannot parse entry '{key}': it has no type",
                "write the type after '@', for example @article{key, ...}")
            if key:
                library.broken.setdefault(key, loc)
            continue
        if not key:
            add(loc, "bib.key-pattern", f"@{entry_type} entry has no key",
                "write the key right after the opening brace: @article{key, ...}")
            continue
        # The entry's own problems count only if a claim cites it (validate decides).
        ereport = _EntryReport(report, (key,))
        eadd = ereport.add
        if key_match(key) is None:
            eadd(loc, "bib.key-pattern", _key_problem(key), "rename the key")
        if after_percent and "%" in src.line(line).partition("@")[0]:
            eadd(loc, "bib.percent-entry",
                 f"entry '{key}' is read although a '%' comes before it on its line",
                 "'%' does not comment out an entry: BibTeX reads it (biber does not); delete "
                 "the entry, or turn it off with @comment{...} around it")

        # Fields: resolve macros and concatenation, strip the enclosing braces or quotes.
        fields: dict[str, str] = {}
        lines: list[int] = []  # the fields' lines, in the order of `fields`
        for f in entry.fields:
            name, fline, value = field_parts(f)
            name = name.lower()
            if name in ignored:
                continue
            fline += 1
            if name in fields:
                eadd(src.field_loc(fline, name), "bib.duplicate-field",
                    f"duplicate field '{name}' in entry '{key}'; "
                    f"first at line {lines[list(fields).index(name)]}",
                    "remove one of the two; the first one is used")
                continue
            first = value[:1]
            if first == "{" and value[-1:] == "}":
                inner = value[1:-1]
                if ("{" in inner or "}" in inner or inner[-1:] == "\\") and (
                        enclosed(value) is None and _closing_brace(value, 0) != len(value) - 1):
                    here[0] = (file_index, fline)
                    inner, problems = _parse_value(value, lookup_here, budget.limit())
                    if late:
                        report_late(ereport, fline, name, key)
                    budget.total += len(inner)
                    if problems:
                        _field_problems(src, ereport, fline, name, key, problems, hints, budget)
                elif len(inner) > MAX_VALUE_CHARS:
                    inner = inner[:MAX_VALUE_CHARS]
                    _field_problems(src, ereport, fline, name, key, [("too-large", "")], hints,
                                    budget)
                value = inner
            elif not value.isdigit():
                resolved = macro_values.get(lower_value := value.lower())
                if resolved is not None:
                    at = defined_at.get(lower_value)
                    if at is not None and at > (file_index, fline):
                        late.append(value)
                        report_late(ereport, fline, name, key)
                    value = resolved
                elif first == '"' and value[-1:] == '"' and len(value) > 1 and '"' not in (
                        inner := value[1:-1]) and "{" not in inner and "}" not in inner and (
                        len(inner) <= MAX_VALUE_CHARS):
                    value = inner
                else:
                    here[0] = (file_index, fline)
                    value, problems = _parse_value(value, lookup_here, budget.limit())
                    if late:
                        report_late(ereport, fline, name, key)
                    budget.total += len(value)
                    if problems:
                        _field_problems(src, ereport, fline, name, key, problems, hints, budget)
            if name not in good_names and not _good_name(name):
                eadd(src.field_loc(fline, name) if name else Loc(path, fline, 1), "bib.parse-error",
                    f"malformed field name '{_short(name, 40)}' in entry '{key}'",
                    "a comma may be missing, or text was left between two fields")
                continue
            fields[name] = value
            lines.append(fline)

        # Study designs, and for a review what it pooled.
        designs: list[str] = []
        raw_design = fields.get("design")
        if raw_design is None or not raw_design.strip(" \t\n\r{},"):
            eadd(_field_loc(src, fields, lines, "design") if raw_design is not None else loc,
                "bib.design-missing", f"entry '{key}' has no study design",
                "add design = {...} with a value from the vocabulary "
                "(see `evidence explain bib.design-unknown`)")
        elif raw_design.strip(" \t\n\r{}").upper() == DESIGN_PLACEHOLDER:
            # Left by `evidence refs add`: an editor's unfinished work, reported for every
            # entry, cited or not.
            add(_field_loc(src, fields, lines, "design"), "bib.design-placeholder",
                f"entry '{key}' still has the placeholder design {DESIGN_PLACEHOLDER}",
                "replace it with one or more of: " + ", ".join(DESIGN))
        else:
            designs = _design_list(raw_design, "design", key, src, fields, lines, ereport)
        pooled: list[str] = []
        raw_pooled = fields.get("pooled")
        if raw_pooled is not None and raw_pooled.strip(" \t\n\r{},"):
            pooled = _design_list(raw_pooled, "pooled", key, src, fields, lines, ereport)
        elif any(d in POOLING for d in designs):
            kind = {"systematic-review": "systematic review"}.get(
                slug := next(d for d in designs if d in POOLING), slug)
            eadd(_field_loc(src, fields, lines, "pooled" if raw_pooled is not None else "design"),
                "bib.pooled-missing",
                f"entry '{key}' is a {kind} but does not record the designs it pooled",
                "add pooled = {...} with the designs of the studies it pooled, for example "
                "pooled = {randomised-trial, cohort}, or {observational} if it names no "
                "designs; its certainty starts where theirs does")

        if "doi" in fields:
            _check_doi(fields["doi"], src, fields, lines, key, ereport)
        if "url" in fields:
            _check_url(fields["url"], src, fields, lines, key, ereport)

        ref = _make_reference(key, entry_type, fields, tuple(designs), loc, src, lines)
        if pooled:
            ref.__dict__["pooled"] = tuple(pooled)
        lower = key.lower()
        seen = first_seen.get(lower)
        if seen is not None:
            if key in entries:
                seen = entries[key].loc
                add(loc, "bib.duplicate-key",  # reported when the key is cited
                    f"duplicate key '{key}'; first defined at {seen.path}:{seen.line}",
                    "rename or remove one of the two entries; the first one is used",
                    entries=(key,))
                continue
            other = next((k for k in entries if k.lower() == lower), lower)
            add(loc, "bib.duplicate-key",
                f"key '{key}' differs only in case from '{other}', defined at {seen.path}:{seen.line}",
                "BibTeX treats keys that differ only in case as the same key; rename one of them",
                entries=(other, key))
        else:
            first_seen[lower] = loc
        entries[key] = ref
        if "crossref" in fields:
            crossrefs.append(ref)
        else:
            _check_required(ref, ereport)


def _design_list(raw: str, name: str, key: str, src: _Source, fields: dict, lines: list,
                 report: Report) -> list[str]:
    """The known design slugs of a `design` or `pooled` field, in order; each unknown one
    reported. `pooled` also takes the group words of POOLED_GROUPS ('observational')."""
    found: list[str] = []
    known = list(DESIGN) + (list(POOLED_GROUPS) if name == "pooled" else [])
    where = "in entry" if name == "design" else f"in field '{name}' of entry"
    for slug in raw.split(","):
        slug = slug.strip(" \t\n\r{}").lower()
        if not slug:
            continue
        if slug in known:
            if slug not in found:
                found.append(slug)
        else:
            report.add(_field_loc(src, fields, lines, name), "bib.design-unknown",
                       f"unknown study design '{_short(slug, 40)}' {where} '{key}'",
                       did_you_mean(slug, known) or "use one or more of: " + ", ".join(known))
    return found


_GOOD_NAMES: set[str] = set()  # field names already found well-formed


def _good_name(name: str) -> bool:
    if _NAME.fullmatch(name) is None:
        return False
    if len(_GOOD_NAMES) < 10_000:
        _GOOD_NAMES.add(name)
    return True


def _field_loc(src: _Source, fields: dict, lines: list, name: str) -> Loc:
    """Where field `name` of an entry being loaded is written."""
    return src.field_loc(lines[list(fields).index(name)], name)


def _field_problems(src: _Source, report: Report, line: int, name: str, key: str,
                    problems: list, hints: _Hints, budget: _Budget) -> None:
    loc = src.field_loc(line, name)
    for kind, detail in problems:
        if kind == "too-large" and budget.limit() < MAX_VALUE_CHARS:  # the total is spent
            if budget.reported:
                continue
            budget.reported = True
            kind = "too-large-total"
            report = getattr(report, "report", report)  # the whole library's budget: untagged
        _report_value_problem(report, loc, kind, detail, f"field '{name}' of entry '{key}'", hints)


def _key_problem(key: str) -> str:
    shown = _short(key, 60)
    if len(key) > 128:
        return f"key '{shown}' is longer than 128 characters"
    if not key[0].isascii() or not key[0].isalpha():
        return f"key '{shown}' does not start with a letter"
    bad = sorted({c for c in key if not (c.isascii() and (c.isalnum() or c in "_:.-"))})
    shown_bad = " ".join("space" if c == " " else repr(c) for c in bad[:5])
    return f"key '{shown}' contains {shown_bad}; use only letters, digits and _ : . -"


def _check_stray(block: ImplicitComment, src: _Source, report: Report,
                 previous_entry: tuple[str, int] | None) -> None:
    comment = block.comment
    if comment.startswith("%") and "\n" not in comment:
        return
    lines = comment.split("\n")
    for offset, text in enumerate(lines):
        stripped = text.strip()
        if is_comment_line(stripped):
            continue
        line = (block.start_line or 0) + 1 + offset
        col = src.line(line).rfind(stripped) + 1 or 1
        rest = [t for t in lines[offset:] if not t.lstrip().startswith("%")]
        shown = _short(" ".join(" ".join(rest).split()), 40)
        if previous_entry is not None:
            hint = (f"if it belongs to entry '{previous_entry[0]}' (line {previous_entry[1]}), "
                    "a '}' closed that entry early and the fields after it are lost; "
                    "otherwise start the line with % or with @comment")
        else:
            hint = "make it a comment: start the line with % or with @comment"
        report.add(Loc(src.path, line, col), "bib.stray-text",
                   f"text outside any entry: '{shown}'", hint)
        return


def doi_problem(value: str) -> str | None:
    """The hint for a malformed DOI (the house policy: a bare 10.x/... DOI), or None."""
    doi = value.strip()
    if DOI_PATTERN.fullmatch(doi):
        return None
    m = _DOI_PREFIX.match(doi)
    if m:
        return f"write the bare DOI: '{_short(doi[m.end():].strip())}'"
    return "a DOI looks like 10.1234/abc, without 'https://doi.org/' or 'doi:' in front"


def url_problem(value: str) -> tuple[str, str] | None:
    """What is wrong with a reference's `url` under the house policy (the end of a sentence
    that starts "URL '...'", and a hint), or None."""
    url = _URL_JUNK.sub("", html.unescape(value))
    try:
        parts = urlsplit(url)
        ok = parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
    except ValueError:
        ok = False
    if ok:
        return url_host_problem(url)  # the rule content URLs follow: no userinfo, no look-alike host
    return "is not an http or https address", "use an absolute https:// address"


def _check_doi(value: str, src: _Source, fields: dict, lines: list, key: str,
               report: Report) -> None:
    hint = doi_problem(value)
    if hint is not None:
        report.add(_field_loc(src, fields, lines, "doi"), "bib.doi",
                   f"malformed DOI '{_short(value.strip())}' in entry '{key}'", hint)


def _check_url(value: str, src: _Source, fields: dict, lines: list, key: str,
               report: Report) -> None:
    problem = url_problem(value)
    if problem is not None:
        report.add(_field_loc(src, fields, lines, "url"), "bib.url",
                   f"URL '{_short(value)}' in entry '{key}' {problem[0]}", problem[1])


def _inherit_all(crossrefs: list, library: Library, by_lower: dict[str, Reference],
                 report: Report) -> None:
    """Copy the fields each entry lacks from the entry its crossref names (BibTeX
    semantics), parents first, without recursion: each chain is followed once, at
    most MAX_DEPTH links, then inherited from its far end back."""
    entries = library.entries
    for start in crossrefs:
        if start.__dict__.get("_crossref_done"):
            continue
        links: list[tuple[_LoadedReference, Reference]] = []
        on_chain = {id(start)}
        node = start
        while True:
            node.__dict__["_crossref_done"] = True
            target = node.fields.get("crossref", "").strip()
            parent = entries.get(target) or by_lower.get(target.lower())
            if parent is None or parent is node:
                break
            links.append((node, parent))
            if (id(parent) in on_chain or not isinstance(parent, _LoadedReference)
                    or "crossref" not in parent.fields or parent.__dict__.get("_crossref_done")):
                break  # a cycle (the old behaviour: the parent's own fields), or the chain's end
            if len(links) >= MAX_DEPTH:
                report.add(parent.loc, "bib.too-deep",
                           f"entry '{parent.key}' is reached through more than {MAX_DEPTH} "
                           f"crossref links, from entry '{start.key}'; its crossref is not followed",
                           "point each crossref at the entry that holds the shared fields")
                # The rest of the chain inherits nothing (one error for the whole chain).
                while (isinstance(parent, _LoadedReference) and id(parent) not in on_chain
                       and not parent.__dict__.get("_crossref_done")):
                    parent.__dict__["_crossref_done"] = True
                    on_chain.add(id(parent))
                    target = parent.fields.get("crossref", "").strip()
                    parent = entries.get(target) or by_lower.get(target.lower())
                break
            on_chain.add(id(parent))
            node = parent
        for child, parent in reversed(links):
            _copy_inherited(child, parent)


def _copy_inherited(ref: _LoadedReference, parent: Reference) -> None:
    inherited = ref.__dict__.setdefault("_inherited", {})
    for name, value in parent.fields.items():
        if name not in ref.fields and name not in NOT_INHERITED:
            ref.fields[name] = value
            inherited[name] = parent
    if "booktitle" not in ref.fields and "title" in parent.fields and ref.entry_type in (
            "inproceedings", "incollection", "conference", "inbook"):
        ref.fields["booktitle"] = parent.fields["title"]
        inherited["booktitle"] = parent


_BLANKISH = " \t\r\n{}"


def _check_required(ref: Reference, report: Report,
                    by_lower: dict[str, Reference] | None = None) -> None:
    """Report the required fields `ref` lacks. `by_lower` (the library's keys in lower
    case, built once) is needed for entries with a crossref."""
    fields = ref.fields
    for group in REQUIRED_FIELDS.get(ref.entry_type, _DEFAULT_REQUIRED):
        for name in group:
            value = fields.get(name)
            if value and (value[0] not in _BLANKISH or value.strip(_BLANKISH)):
                break
        else:
            if group in _SHOWN_ALTERNATIVES:
                wanted = " or ".join(f"'{n}'" for n in group)
            else:
                wanted = f"'{group[0]}'"
            empty = any(n in fields for n in group)
            message = (f"entry '{ref.key}' (@{ref.entry_type}) has an empty required field {wanted}"
                       if empty else
                       f"entry '{ref.key}' (@{ref.entry_type}) lacks required field {wanted}")
            hint = "add the field; if it is unknown, use another entry type such as @misc"
            target = fields.get("crossref")
            if target is not None and target.strip().lower() not in (by_lower or {}):
                hint = f"its crossref '{_short(target.strip(), 40)}' is not in the library"
            report.add(ref.loc, "bib.missing-field", message, hint)
