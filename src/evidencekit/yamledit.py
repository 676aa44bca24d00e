"""Targeted edits of claim and topic files that keep everything else as written.

`evidence reviewed` changes one date and `evidence new claim` adds one id to a
topic's `order:`; dumping the YAML again would drop the editors' comments,
quoting and line breaks, so these edits change only the characters of the one
value (or add one line), found through PyYAML's node marks. Each edit is checked
by reading the result back before the file is replaced.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import yaml


class EditError(Exception):
    """The file cannot be edited as asked; it was left as it was."""


def read_text(file: Path) -> str:
    """A file's text with its line endings as written (CRLF stays CRLF)."""
    with open(file, encoding="utf-8", newline="") as handle:
        return handle.read()


def write_text(file: Path, text: str) -> None:
    """Replace the file in one step, so that an interrupted write loses nothing."""
    fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(tmp, file.stat().st_mode & 0o777)
        os.replace(tmp, file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _root(text: str) -> yaml.MappingNode:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)  # pure Python: marks count characters
    except yaml.YAMLError as exc:
        raise EditError(f"it is not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(node, yaml.MappingNode):
        raise EditError("it does not hold a mapping of fields")
    return node


def _value(root: yaml.MappingNode, key: str) -> yaml.Node | None:
    for k, v in root.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


def _top_level(text: str, key: str) -> object:
    value = yaml.safe_load(text)
    return value.get(key) if isinstance(value, dict) else None


def set_date(text: str, key: str, day: str) -> str:
    """The text with the top-level date field `key` set to `day` (YYYY-MM-DD), quoted
    as it was."""
    node = _value(_root(text), key)
    if not isinstance(node, yaml.ScalarNode):
        raise EditError(f"it has no `{key}:` date to change")
    start, end = node.start_mark.index, node.end_mark.index
    quote = {"'": "'", '"': '"'}.get(node.style or "", "")
    if node.style not in (None, "", "'", '"') or not re.fullmatch(
            rf"{quote}\d{{4}}-\d{{2}}-\d{{2}}{quote}", text[start:end]):
        raise EditError(f"its `{key}:` value is not a plain YYYY-MM-DD date")
    edited = text[:start] + quote + day + quote + text[end:]
    if str(_top_level(edited, key)) != day:  # read back: a date, or the same text quoted
        raise EditError(f"the edit of `{key}:` did not read back as {day}")
    return edited


def append_to_list(text: str, key: str, item: str) -> str | None:
    """The text with `item` added at the end of the top-level list `key`, in the list's
    own style (a `- item` line, or `, item` before a flow list's `]`); the text as it was
    when the item is listed already; None when the file has no such list (no key, or an
    empty value)."""
    node = _value(_root(text), key)
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
        return None
    if not isinstance(node, yaml.SequenceNode):
        raise EditError(f"its `{key}:` is not a list")
    if any(isinstance(n, yaml.ScalarNode) and n.value == item for n in node.value):
        return text  # listed already
    if node.flow_style:
        close = node.end_mark.index - 1
        if text[close] != "]":
            raise EditError(f"its `{key}:` list does not end with ']'")
        edited = text[:close] + (", " if node.value else "") + item + text[close:]
    else:
        last = node.value[-1]
        line_start = text.rfind("\n", 0, last.start_mark.index) + 1
        prefix = text[line_start:last.start_mark.index]  # "  - ", or "- " at the key's indent
        if not re.fullmatch(r"[ ]*-[ ]+", prefix):
            raise EditError(f"the last item of its `{key}:` list does not start its own line")
        line_end = text.find("\n", last.end_mark.index)
        newline = "\r\n" if text[max(line_end - 1, 0):line_end + 1] == "\r\n" else "\n"
        if line_end == -1:  # the item ends the file without a line break
            edited = text + newline + prefix + item + newline
        else:
            edited = text[:line_end + 1] + prefix + item + newline + text[line_end + 1:]
    if _top_level(edited, key) != [*_top_level(text, key), item]:
        raise EditError(f"the edit of `{key}:` did not read back as intended")
    return edited
