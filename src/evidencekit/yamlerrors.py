"""YAML syntax errors in an editor's words, at the place to fix.

libyaml names what its scanner or parser was doing ("while scanning a block scalar",
"did not find expected key") at the place it gave up, which for an unclosed quote can
be many lines below the quote. Here the usual slips are recognised and told as an
editor would describe them: a tab used for indentation, a quote opened and not closed
(pointing at where it opens), text after a closing quote, and ': ' inside an unquoted
value. Anything else keeps libyaml's own words, with the general hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

GENERAL_HINT = ("put a value in quotes if it contains ': ' or ' #', or starts with a character "
                "such as [ { & * ! | > % @ `")
_QUOTE_ADVICE = {
    "'": "to write an apostrophe inside '…', type it twice ('') or quote the value with \"…\"",
    '"': "to write a \" inside \"…\", type \\\" or quote the value with '…'",
}
# What libyaml counts as a line break (YAML 1.1), so its line numbers index these lines.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# "key: value" or "- value" or "- key: value": what comes before the value, and the value.
_VALUE_LINE = re.compile(r"^(\s*(?:-\s+)?(?:[^\s:#'\"][^:#]*?:\s+)?)(\S.*?)\s*$")


@dataclass(frozen=True)
class SyntaxProblem:
    line: int  # 1-based
    col: int
    message: str
    hint: str


def explain(text: str, exc: yaml.MarkedYAMLError) -> SyntaxProblem:
    """Where to fix a YAML syntax error, what is wrong, and how to fix it."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line, mark.column) if mark else (0, 0)
    lines = _LINE_BREAK.split(text)
    problem, context = exc.problem or "", exc.context or ""

    tab = _indenting_tab(lines, line)
    if "tab character" in problem or tab is not None or _char(lines, line, col) == "\t":
        at = tab if tab is not None else col
        return SyntaxProblem(line + 1, at + 1, "this line is indented with a tab; YAML indents "
                             "with spaces only",
                             "replace the tab with spaces, lined up with the line above")

    if context == "while scanning a quoted scalar" and exc.context_mark is not None:
        start = exc.context_mark
        quote = _char(lines, start.line, start.column)
        quote = quote if quote in _QUOTE_ADVICE else '"'
        return SyntaxProblem(start.line + 1, start.column + 1,
                             f"the quote {quote} opened here is never closed",
                             f"end the value with {quote}; {_QUOTE_ADVICE[quote]}")

    if mark is not None and problem != "mapping values are not allowed in this context":
        quoted = _last_quoted_scalar(text, mark)
        if quoted is not None:
            found = _quote_problem(lines, quoted, mark)
            if found is not None:
                return found

    if problem == "mapping values are not allowed in this context" and mark is not None:
        fixed = _quoted_line(lines[line]) if line < len(lines) else None
        hint = (f"quote the whole value: {fixed.strip()}" if fixed
                else "put the value in quotes")
        return SyntaxProblem(line + 1, col + 1, "': ' inside a value starts a new key, so this "
                             "value needs quotes", hint)

    message = problem or context or "invalid YAML"
    if context and problem:
        message = f"{problem} ({context})"
    return SyntaxProblem(line + 1, col + 1, message, GENERAL_HINT)


def _char(lines: list[str], line: int, col: int) -> str:
    return lines[line][col] if line < len(lines) and col < len(lines[line]) else ""


def _indenting_tab(lines: list[str], line: int) -> int | None:
    """The column of a tab in the line's leading whitespace, if there is one."""
    if line >= len(lines):
        return None
    text = lines[line]
    indent = text[:len(text) - len(text.lstrip(" \t"))]
    return indent.index("\t") if "\t" in indent else None


def _last_quoted_scalar(text: str, mark) -> yaml.ScalarToken | None:
    """The last quoted value the scanner read before the error's place."""
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if (token.start_mark.line, token.start_mark.column) >= (mark.line, mark.column):
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"'):
                last = token
    except yaml.YAMLError:
        pass
    return last


def _quote_problem(lines: list[str], token, mark) -> SyntaxProblem | None:
    start, end = token.start_mark, token.end_mark
    quote = token.style
    if quote not in _QUOTE_ADVICE or mark.line >= len(lines):
        return None
    if end.line > start.line and end.line == mark.line:
        # A quote left open runs on over the following lines to the next quote.
        return SyntaxProblem(start.line + 1, start.column + 1,
                             f"the quote {quote} opened here is not closed on its line, so the "
                             f"value runs on to line {end.line + 1}",
                             f"end the value with {quote} on this line; {_QUOTE_ADVICE[quote]}")
    if end.line == start.line == mark.line and mark.column >= end.column \
            and not lines[mark.line][end.column:mark.column].strip():
        return SyntaxProblem(end.line + 1, end.column, f"the quote {quote} opened at column "
                             f"{start.column + 1} closes here, and the line goes on after it",
                             _QUOTE_ADVICE[quote] if quote == "'" else
                             "quote the whole value, or remove the quotes; "
                             + _QUOTE_ADVICE[quote])
    return None


def _quoted_line(text: str) -> str | None:
    """The line with its value in double quotes ("claim: a: b" -> 'claim: "a: b"')."""
    match = _VALUE_LINE.match(text)
    if not match or " #" in match.group(2):
        return None
    value = match.group(2).replace("\\", "\\\\").replace('"', '\\"')
    return f'{match.group(1)}"{value}"'
