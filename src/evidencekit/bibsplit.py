"""Splitting a .bib file into blocks as BibTeX reads it: bibtexparser 2's splitter, and a
second reading of the few places where that splitter and BibTeX disagree.

bibtexparser 2.1's splitter (``bibtexparser/splitter.py``) differs from BibTeX 0.99d in
three ways that lose or misread valid entries:

1. a backslash escapes the delimiter after it (its mark pattern is ``(?<!\\)[{}",=\n]``),
   so ``test = {wired\\}`` never closes: BibTeX counts every brace, backslash or not;
2. a line inside a value that starts with ``@word{`` aborts the entry ("Unexpected block
   start") and becomes an entry of its own: BibTeX reads it as text of the value;
3. braces inside a quoted value are not counted, so the quote in
   ``author = "Test {" Test}"`` ends the value: BibTeX ends a quoted value only at a
   quote outside braces.

Each leaves a trace in the split: a block that failed to parse, or text between entries
right after an entry. Only there the entry is read again with BibTeX's rules (braces
counted, backslashes plain, quotes inside braces plain): its extent is found here, the
characters bibtexparser would misread are replaced by private-use stand-ins of the same
length (so lines and columns stay), the entry alone is split again, and the stand-ins
are put back in its key and values. A clean library never pays for it.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import bibtexparser
from bibtexparser.model import Entry, Field, ImplicitComment, ParsingFailedBlock

# Stand-ins for the characters bibtexparser would misread (private use: never in real text;
# a file that holds them is not read again, but as bibtexparser splits it).
_BACKSLASH, _QUOTE, _AT = "\ue000", "\ue001", "\ue002"
_RESTORE = str.maketrans({_BACKSLASH: "\\", _QUOTE: '"', _AT: "@"})
_STAND_INS = re.compile("[\ue000-\ue002]")
_HEAD = re.compile(r"@[ \t]*(\w+)[ \t]*\{")
_TOKENS = re.compile(r'[{}"@]')
_ESCAPE_LIKE = re.compile(r'\\(?=[{}"])')
_LINE_START_AT = re.compile(r"(?:^|\n)[ \t]*@(\w+)[ \t]*[{(]")
_NOT_ENTRIES = frozenset({"comment", "preamble", "string"})

# Reading again costs at most this many characters per character of the file, so that a
# file full of broken entries stays linear.
_BUDGET_FACTOR = 4


def is_comment_line(stripped: str) -> bool:
    """A line between entries that BibTeX and this project read as a comment: empty, or
    starting with '%' or with '@comment' (as Emacs writes '@Comment file.bib -*- ...')."""
    return not stripped or stripped[0] == "%" or stripped[:8].lower() == "@comment"


def _stray(block) -> bool:
    return type(block) is ImplicitComment and not all(
        is_comment_line(line.strip()) for line in block.comment.split("\n"))


class Reread:
    """An entry read again with BibTeX's rules: where a line inside one of its values
    starts like an entry (`@word{`), for the loader's bib.entry-in-value warning."""

    __slots__ = ("key", "line", "inner")

    def __init__(self, key: str, line: int, inner: list[tuple[int, str]]):
        self.key, self.line, self.inner = key, line, inner


def split(text: str) -> tuple[list, list[Reread]]:
    """The blocks of `text` (bibtexparser 2 with an empty parse stack), with the entries
    its splitter misreads read again as BibTeX reads them; and those entries."""
    blocks = bibtexparser.parse_string(text, parse_stack=[]).blocks
    suspects = [i for i, b in enumerate(blocks)
                if isinstance(b, ParsingFailedBlock) or _stray(b)]
    if not suspects or _STAND_INS.search(text):
        return blocks, []
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    budget = _BUDGET_FACTOR * len(text) + 1000
    out: list = []
    rereads: list[Reread] = []
    done = 0  # blocks[:done] are in `out` (or replaced)
    for i in suspects:
        if i < done:
            continue
        # The entry to read again: the failed block itself, or the entry before stray text.
        j = i if isinstance(blocks[i], ParsingFailedBlock) else i - 1
        if j < done or j < 0 or type(blocks[j]) not in (Entry, ParsingFailedBlock):
            continue
        start = _offset(text, line_starts, blocks[j])
        if start is None:
            continue
        end, stand_ins, scanned = _extent(text, start, budget)
        budget -= scanned
        if end is None:
            continue
        result = _read_again(text, start, end, stand_ins, line_starts)
        if result is None:
            continue
        entry, reread = result
        # The blocks bibtexparser made of the entry's text, and of what follows it up to
        # the next block that starts a line with '@', are replaced: the entry, then that
        # text as one block of text between entries (checked for stray text line by line).
        k = j + 1
        while k < len(blocks) and not _starts_a_line(text, line_starts, blocks[k], end):
            k += 1
        out.extend(blocks[done:j])
        out.append(entry)
        following = _offset(text, line_starts, blocks[k]) if k < len(blocks) else len(text)
        rest = text[end + 1:following]
        if rest.strip():
            first = end + 1 + len(rest) - len(rest.lstrip())
            out.append(ImplicitComment(rest.strip(), _line(line_starts, first), rest))
        if reread.inner:
            rereads.append(reread)
        done = k
    out.extend(blocks[done:])
    return out, rereads


def _offset(text: str, line_starts: list[int], block) -> int | None:
    """Where `block` starts in `text` (blocks record only their line)."""
    line = block.start_line or 0
    if line >= len(line_starts) or not block.raw:
        return None
    at = text.find(block.raw[:64], line_starts[line])
    return at if at >= 0 else None


def _starts_a_line(text: str, line_starts: list[int], block, end: int) -> bool:
    """Whether `block` starts after `end` with an '@' that begins its line: a place where
    bibtexparser's split and BibTeX's reading agree again."""
    at = _offset(text, line_starts, block)
    if at is None or at <= end or not block.raw or block.raw[0] != "@":
        return False
    return not text[text.rfind("\n", 0, at) + 1:at].strip()


def _line(line_starts: list[int], at: int) -> int:
    """The 0-based line of index `at`."""
    return bisect_right(line_starts, at) - 1


def _extent(text: str, start: int, budget: int) -> tuple[int | None, list[int], int]:
    """BibTeX's reading of the `{`-delimited entry at `start`: the index of its closing
    brace (None when it is not such an entry, or it never closes within `budget`
    characters), the places of the characters bibtexparser would misread, and the
    number of characters scanned."""
    head = _HEAD.match(text, start)
    if head is None or head.group(1).lower() in _NOT_ENTRIES or budget <= 0:
        return None, [], 0
    depth, quoted, qdepth = 1, False, 0
    stand_ins: list[int] = []
    limit = min(len(text), start + budget)
    for m in _TOKENS.finditer(text, head.end(), limit):
        c, at = m.group(), m.start()
        if quoted:
            if c == "{":
                qdepth += 1
            elif c == "}":
                if qdepth == 0:  # a '}' closes no brace of the quoted value: BibTeX fails too
                    return None, [], at - start
                qdepth -= 1
            elif c == '"':
                if qdepth == 0:
                    quoted = False
                else:
                    stand_ins.append(at)  # a quote inside braces inside quotes is text
            else:
                stand_ins.append(at)  # an '@' in a value is text
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return at, stand_ins, at - start
        elif c == '"':
            if depth == 1:
                quoted, qdepth = True, 0
        elif depth > 1:
            stand_ins.append(at)  # an '@' inside a braced value is text
    return None, [], limit - start


def _read_again(text: str, start: int, end: int, stand_ins: list[int],
                line_starts: list[int]) -> tuple[Entry, Reread] | None:
    region = list(_ESCAPE_LIKE.sub(_BACKSLASH, text[start:end + 1]))
    for at in stand_ins:
        region[at - start] = _QUOTE if text[at] == '"' else _AT
    chunk = "".join(region)
    blocks = bibtexparser.parse_string(chunk, parse_stack=[]).blocks
    if len(blocks) != 1 or type(blocks[0]) is not Entry:
        return None
    first_line = _line(line_starts, start)
    parsed = blocks[0]
    fields = [Field(f.key.translate(_RESTORE), f.value.translate(_RESTORE),
                    (f.start_line or 0) + first_line) for f in parsed.fields]
    entry = Entry(parsed.entry_type, parsed.key.translate(_RESTORE), fields,
                  first_line, text[start:end + 1])
    inner = [(_line(line_starts, m.start(1)) + 1, m.group(1))
             for m in _LINE_START_AT.finditer(text, start + 1, end)]
    return entry, Reread(entry.key, first_line + 1, inner)
