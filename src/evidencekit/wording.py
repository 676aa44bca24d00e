"""Whether a summary's words match its certainty, and whether it says that no study exists.

GRADE's guidance on informative statements (GRADE guidelines 26) and Cochrane's
plain-language summaries tie the words to the certainty: high "does", moderate
"probably", low "may", very low "we don't know; the evidence is very uncertain".
The checker reads a summary's opening sentence, the one a reader sees first
and the topic page quotes, with the word lists in definitions.py. It is a
heuristic, so its rules are warnings that a claim may acknowledge with a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .definitions import CERTAINTY_WORDS, OVERSTATEMENTS

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"<[^>]*>|[*_`]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(‘'])")


def _phrase(words: str) -> str:
    return r"\s+".join(re.escape(w) for w in words.split())


def _any(phrases) -> re.Pattern:
    # "May 2024" is a month, not a hedge.
    return re.compile(r"\b(?:" + "|".join(_phrase(p) for p in sorted(phrases, key=len, reverse=True))
                      + r")\b(?!\s+\d)", re.IGNORECASE)


_LEVELS = [(rank, _any(words)) for rank, words in sorted(CERTAINTY_WORDS.items())]
_OVERSTATED = _any(OVERSTATEMENTS)
_NEGATED = re.compile(r"(?:\bnot|\bnever|n't)\s+$", re.IGNORECASE)

# Sentences that say no study exists. "We found no study" says the same about a search,
# and both need a recorded search behind them.
_NO_STUDY = re.compile(
    r"\b(?:no|not\s+a\s+single|not\s+one)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:stud(?:y|ies)|trials?|research|experiments?|reviews?)\b"
    r"|\b(?:has|have|had)\s+(?:never|not)\s+been\s+(?:studied|tested|trialled|researched)\b"
    r"|\b(?:nobody|no\s+one|none)\s+(?:has|have|had)\s+(?:ever\s+)?(?:studied|tested|compared|"
    r"examined|measured|looked)\b"
    r"|\b(?:did\s+not|didn't|could\s+not|couldn't)\s+find\s+(?:any\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:stud(?:y|ies)|trials?|research|evidence)\b",
    re.IGNORECASE)


def plain(markdown: str) -> str:
    """Light Markdown as words: links as their text, no emphasis or tags; one line."""
    text = _MARKUP.sub("", _LINK.sub(r"\1", markdown or ""))
    return " ".join(text.replace("’", "'").split())


def opening_sentence(markdown: str) -> str:
    return _SENTENCE_END.split(plain(markdown), 1)[0]


@dataclass(frozen=True)
class Strength:
    """How sure a sentence sounds: the grade rank its words express, and the words."""

    rank: int
    words: str | None  # the word that sets it; None for a plain statement
    overstated: bool = False


def strength(sentence: str) -> Strength:
    """The certainty a sentence's wording expresses.

    An overstatement ("clearly", "proven") or a plain statement with no hedge speaks
    for high certainty; otherwise the surest hedge found sets it ("may" and "probably"
    in one sentence read as "probably"). A statement that no study exists or was
    found is about the evidence, not the effect, so its words are not counted.
    """
    text = _NO_STUDY.sub(" ", sentence)
    for over in _OVERSTATED.finditer(text):
        if not _NEGATED.search(text, 0, over.start()):  # "not clearly", "never proven"
            return Strength(4, over.group(0), True)
    found = [(rank, m.group(0)) for rank, pattern in _LEVELS for m in pattern.finditer(text)]
    if found:
        return Strength(*max(found, key=lambda f: f[0]))
    if _NO_STUDY.search(sentence):
        return Strength(1, _NO_STUDY.search(sentence).group(0))
    return Strength(4, None)


def states_no_study(markdown: str) -> str | None:
    """The sentence saying that no study exists (or none was found), if the text has one."""
    for sentence in _SENTENCE_END.split(plain(markdown)):
        if _NO_STUDY.search(sentence):
            return sentence
    return None
