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
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
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
    locs: dict[tuple, Loc] = field(default_factory=dict)
    key_locs: dict[tuple, Loc] = field(default_factory=dict)


def _loc(path: str, mark) -> Loc:
    return Loc(path, mark.line + 1, mark.column + 1)


def decode_utf8(data: bytes, path: str, report: Report) -> str | None:
    """Decode UTF-8 strictly (a leading BOM is dropped), or report where it breaks."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        report.add(
            Loc(path, line, col),
            "file.encoding",
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            "re-save the file as UTF-8",
        )
        return None


def read_file(file: Path, path: str, report: Report, max_bytes: int = MAX_BYTES) -> bytes | None:
    """Read a content file's bytes, with size checked first; problems are reported."""
    try:
        size = file.stat().st_size
        if size > max_bytes:
            report.add(
                Loc(path), "file.too-large",
                f"file is {size:,} bytes; the limit is {max_bytes:,} bytes",
            )
            return None
        with file.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        report.add(Loc(path), "file.unreadable", f"cannot read file: {exc.strerror or exc}")
        return None
    if len(data) > max_bytes:  # grew between stat and read
        report.add(Loc(path), "file.too-large", f"file is larger than {max_bytes:,} bytes")
        return None
    return data


def load_yaml(data: bytes, path: str, report: Report, max_depth: int = MAX_DEPTH) -> Document | None:
    """Load one YAML document, or return None after reporting why it cannot be used.

    Problems that leave the data usable (a duplicate key, an anchor) are
    reported and loading goes on, so one run shows them all.
    """
    text = decode_utf8(data, path, report)
    if text is None:
        return None
    doc = Document(path, None)
    # Each frame: [container, yaml path, pending key or None, key loc]
    stack: list[list] = []
    documents = 0
    root_set = False
    loader = _Loader(text)
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    report.add(
                        _loc(path, event.start_mark), "yaml.multiple-documents",
                        "file holds more than one YAML document",
                        "a claim or topic file holds exactly one document; remove the second '---'",
                    )
                    return None
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentEndEvent)):
                continue
            where = _loc(path, event.start_mark)
            anchor = getattr(event, "anchor", None)
            if isinstance(event, yaml.AliasEvent):
                report.add(where, "yaml.alias", f"alias '*{event.anchor}' is not allowed",
                           "write the value out in full")
                value: Any = Aliased()
                _attach(stack, doc, value, where, path, report)
                continue
            if anchor is not None:
                report.add(where, "yaml.alias", f"anchor '&{anchor}' is not allowed",
                           "remove the anchor")
            tag = getattr(event, "tag", None)
            if tag is not None and not isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                shown = "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
                report.add(where, "yaml.tag", f"tag '{shown}' is not allowed",
                           "remove the tag; quote the value if it must stay text")
            if isinstance(event, yaml.ScalarEvent):
                value = plain_scalar(event.value) if event.style is None else event.value
                if not stack:
                    root_set = True
                _attach(stack, doc, value, where, path, report)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= max_depth:
                    report.add(where, "yaml.too-deep",
                               f"nesting is deeper than {max_depth} levels")
                    return None
                container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                ypath = _attach(stack, doc, container, where, path, report)
                if not stack:
                    root_set = True
                stack.append([container, ypath, None, None])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            message = f"{exc.problem} ({exc.context})"
        report.add(_loc(path, mark) if mark else Loc(path), "yaml.syntax", message,
                   "put a value in quotes if it contains ': ' or ' #', or starts with "
                   "a character such as [ { & * ! | > % @ `")
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


_DUPLICATE = object()


def _attach(stack: list[list], doc: Document, value: Any, where: Loc, path: str,
            report: Report) -> tuple:
    """Place a value in its parent (or as the root) and record where it was written."""
    if not stack:
        doc.value = value
        doc.locs[()] = where
        return ()
    frame = stack[-1]
    container, ypath = frame[0], frame[1]
    if isinstance(container, list):
        child = ypath + (len(container),)
        container.append(value)
        doc.locs[child] = where
        return child
    if frame[2] is None:  # this value is a key
        if isinstance(value, (dict, list)):
            report.add(where, "yaml.syntax", "a mapping key must be plain text")
            frame[2] = _DUPLICATE
            return ypath + ("?",)
        key = "" if value is None else str(value)
        if key in container:
            first = doc.key_locs.get(ypath + (key,))
            report.add(where, "yaml.duplicate-key",
                       f"key '{key}' appears twice in one mapping"
                       + (f"; first at line {first.line}" if first else ""),
                       "remove or merge one of them")
            frame[2] = _DUPLICATE
        else:
            frame[2] = key
            doc.key_locs[ypath + (key,)] = where
        return ypath + (key,)
    key = frame[2]
    frame[2] = None
    if key is _DUPLICATE:
        return ypath + ("?",)
    child = ypath + (key,)
    container[key] = value
    doc.locs[child] = where
    return child
