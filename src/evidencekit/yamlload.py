"""Strict YAML loading that keeps every value's line and column.

PyYAML's C parser produces events; a small composer here builds plain Python
values from them, typing plain scalars as YAML 1.2's core schema does (an
unquoted ``no`` stays a string, ``2:1`` is not 121, dates stay text). Anchors,
aliases, tags, duplicate keys and a second document are refused as they
stream past, and size and depth are bounded before anything walks the data,
so an alias bomb or a deeply nested file costs almost nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Loc, Report
from .files import decode_utf8, read_file as _read_file
from .yamlerrors import explain as explain_syntax_error

try:  # the C parser is the fast path; the pure-Python one gives the same events
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32

_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


def plain_scalar(text: str) -> Any:
    """Type an unquoted scalar by YAML 1.2's core schema."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.fullmatch(text):
        return int(text)
    if _OCT.fullmatch(text):
        return int(text[2:], 8)
    if _HEX.fullmatch(text):
        return int(text[2:], 16)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _INF.fullmatch(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.fullmatch(text):
        return float("nan")
    return text


class Aliased:
    """Stands where an alias was refused, so later checks do not report the gap again."""

    def __repr__(self) -> str:
        return "<alias>"


@dataclass
class Document:
    """A loaded YAML file: its value, and where each value and key was written.

    Paths are tuples of keys and list indexes: ``("evidence", 0, "cite")``.
    """

    path: str
    value: Any
    locs: dict[tuple, tuple[int, int]] = field(default_factory=dict)  # (line, col), 1-based
    key_locs: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def at(self, ypath: tuple, key: bool = False) -> Loc:
        """Where a value (or, with key=True, its key) was written, else its nearest parent."""
        if key and ypath in self.key_locs:
            return Loc(self.path, *self.key_locs[ypath])
        while ypath and ypath not in self.locs:
            ypath = ypath[:-1]
        return Loc(self.path, *self.locs.get(ypath, (1, 1)))


def read_file(file: Path, path: str, report: Report, max_bytes: int = MAX_BYTES) -> bytes | None:
    """Read a content file's bytes, with size checked first; problems are reported."""
    return _read_file(file, path, report, max_bytes)


def load_yaml(data: bytes, path: str, report: Report, max_depth: int = MAX_DEPTH) -> Document | None:
    """Load one YAML document, or return None after reporting why it cannot be used.

    Problems that leave the data usable (a duplicate key, an anchor) are
    reported and loading goes on, so one run shows them all.
    """
    text = decode_utf8(data, path, report)
    if text is None:
        return None
    doc = Document(path, None)
    # Each frame: [container, yaml path, pending key or None]
    stack: list[list] = []
    documents = 0
    root_set = False
    loader = _Loader(text)
    try:
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind is _SCALAR:
                mark = event.start_mark
                where = (mark.line + 1, mark.column + 1)
                if event.anchor is not None or event.tag is not None:
                    _refuse(event, where, path, report)
                value: Any = event.value if event.style else plain_scalar(event.value)  # plain style is "" in libyaml, None in PyYAML
                if not stack:
                    root_set = True
                _attach(stack, doc, value, where, report)
            elif kind is _MAP_START or kind is _SEQ_START:
                mark = event.start_mark
                where = (mark.line + 1, mark.column + 1)
                if event.anchor is not None or event.tag is not None:
                    _refuse(event, where, path, report)
                if len(stack) >= max_depth:
                    report.add(Loc(path, *where), "yaml.too-deep",
                               f"nesting is deeper than {max_depth} levels")
                    return None
                container: Any = {} if kind is _MAP_START else []
                ypath = _attach(stack, doc, container, where, report)
                root_set = True
                stack.append([container, ypath, None])
            elif kind is _MAP_END or kind is _SEQ_END:
                stack.pop()
            elif kind is yaml.AliasEvent:
                mark = event.start_mark
                where = (mark.line + 1, mark.column + 1)
                report.add(Loc(path, *where), "yaml.alias", f"alias '*{event.anchor}' is not allowed",
                           "write the value out in full")
                _attach(stack, doc, Aliased(), where, report)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    report.add(
                        Loc(path, event.start_mark.line + 1, event.start_mark.column + 1),
                        "yaml.multiple-documents", "file holds more than one YAML document",
                        "a claim or topic file holds exactly one document; remove the second '---'",
                    )
                    return None
            elif event is None or kind is yaml.StreamEndEvent:
                break
    except yaml.MarkedYAMLError as exc:
        found = explain_syntax_error(text, exc)
        report.add(Loc(path, found.line, found.col), "yaml.syntax", found.message, found.hint)
        return None
    except yaml.YAMLError as exc:
        report.add(Loc(path), "yaml.syntax", str(exc).splitlines()[0] if str(exc) else "invalid YAML")
        return None
    finally:
        loader.dispose()
    if not root_set:
        report.add(Loc(path), "yaml.empty", "file holds no data")
        return None
    return doc


_SCALAR = yaml.ScalarEvent
_MAP_START, _MAP_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQ_START, _SEQ_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent


def _refuse(event, where: tuple[int, int], path: str, report: Report) -> None:
    """Report an anchor or an explicit tag on a node."""
    if event.anchor is not None:
        report.add(Loc(path, *where), "yaml.alias", f"anchor '&{event.anchor}' is not allowed",
                   "remove the anchor")
    tag = event.tag
    if tag is not None:
        core = "tag:yaml.org,2002:"
        shown = "!!" + tag[len(core):] if tag.startswith(core) else tag
        report.add(Loc(path, *where), "yaml.tag", f"tag '{shown}' is not allowed",
                   "remove the tag; quote the value if it must stay text")


_DUPLICATE = object()


def _attach(stack: list[list], doc: Document, value: Any, where: tuple[int, int],
            report: Report) -> tuple:
    """Place a value in its parent (or as the root) and record where it was written."""
    if not stack:
        doc.value = value
        doc.locs[()] = where
        return ()
    frame = stack[-1]
    container, ypath = frame[0], frame[1]
    if container.__class__ is list:
        child = ypath + (len(container),)
        container.append(value)
        doc.locs[child] = where
        return child
    key = frame[2]
    if key is None:  # this value is a key
        if isinstance(value, (dict, list)):
            report.add(Loc(doc.path, *where), "yaml.syntax", "a mapping key must be plain text")
            frame[2] = _DUPLICATE
            return ypath + ("?",)
        key = "" if value is None else str(value)
        child = ypath + (key,)
        if key in container:
            first = doc.key_locs.get(child)
            report.add(Loc(doc.path, *where), "yaml.duplicate-key",
                       f"key '{key}' appears twice in one mapping"
                       + (f"; first at line {first[0]}" if first else ""),
                       "remove or merge one of them")
            frame[2] = _DUPLICATE
        else:
            frame[2] = key
            doc.key_locs[child] = where
        return child
    frame[2] = None
    if key is _DUPLICATE:
        return ypath + ("?",)
    child = ypath + (key,)
    container[key] = value
    doc.locs[child] = where
    return child
