"""What the built-in site must show, read from its content (claim, topic and site YAML, with
yaml.safe_load) and from definitions.py: never from the HTML under test.

A module of its own, not conftest: `import conftest` gets whichever conftest pytest loaded
last, and these names are shared by every browser test module.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from evidencekit.definitions import (
    CLAIM_TYPES, DESIGNS, DOWNGRADE_DOMAINS, GLOSSARY, GRADE, GRADES, STANCES, VERDICT, VERDICTS,
)

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
YAML_SUFFIXES = (".yml", ".yaml")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


TOPICS = {p.parent.name: load(p) for p in sorted(CONTENT.glob("topics/*/topic.y*ml"))}
SETTINGS = load(REPO / "evidence.yml") if (REPO / "evidence.yml").is_file() else {}


def _claims(topic: str) -> dict[str, dict]:
    """A topic's claims in the order its page shows them: topic.yml's `order`, then the rest."""
    found = {p.stem: load(p) for p in sorted((CONTENT / "topics" / topic / "claims").iterdir())
             if p.suffix in YAML_SUFFIXES}
    listed = [c for c in TOPICS[topic].get("order") or [] if c in found]
    return {c: found[c] for c in listed + sorted(c for c in found if c not in listed)}


CLAIMS = {topic: _claims(topic) for topic in TOPICS}  # topic id -> {claim id -> claim YAML}
ALL_CLAIMS = [(topic, cid, claim) for topic, claims in CLAIMS.items() for cid, claim in claims.items()]
TOPIC = next(iter(TOPICS))  # the topic the single-page tests read


def claim_order(topic: str) -> list[str]:
    return list(CLAIMS[topic])


def heading(claim: dict) -> str:
    """The claim's words as a heading shows them: its `short` form, or the claim itself."""
    return claim.get("short") or claim["claim"]


def verdict_label(claim: dict) -> str:
    return VERDICT[claim["verdict"]].label


def grade_label(claim: dict) -> str:
    return GRADE[claim["grade"]].label


def verdict_first(claim: dict) -> str:
    """How every title of a claim reads: 'Unsupported: “Clinical research shows …”'."""
    return f"{verdict_label(claim)}: “{heading(claim)}”"


def topic_path(topic: str) -> str:
    return f"topics/{topic}/"


def claim_path(topic: str, cid: str) -> str:
    return f"topics/{topic}/{cid}/"


def ref_anchor(key: str) -> str:
    """A bibliography entry's id: 'ref_' and the BibTeX key ('_' never occurs in a claim id)."""
    return f"ref_{key}"


def text(s: str) -> str:
    """Whitespace folded, as a reader sees it."""
    return " ".join(s.split())


def plain(markdown: str) -> str:
    """A short Markdown field as the words a page shows: emphasis and link targets dropped."""
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    s = re.sub(r"(\*\*|__|\*|_|`)", "", s)
    return text(s)


def paragraphs(markdown: str) -> list[str]:
    return [plain(p) for p in re.split(r"\n\s*\n", markdown or "") if p.strip()]


def sentences(markdown: str) -> list[str]:
    """A field's sentences (at least one word each), for matching a page that wraps them."""
    return [s for p in paragraphs(markdown) for s in re.split(r"(?<=[.!?])\s+", p) if s.strip()]


def is_safety(claim: dict) -> bool:
    return claim.get("type") == "safety"


# Slugs a reader must never meet. A slug that is also plain English ("supported", "cohort",
# "case-control") cannot be told from the word, so only the ones that read as code are
# checked: with a hyphen, and in no label or meaning of the vocabularies.
def _reader_words() -> str:
    terms = (*VERDICTS, *STANCES, *CLAIM_TYPES, *DOWNGRADE_DOMAINS, *GLOSSARY)
    words = [t.label for t in terms] + [t.meaning for t in terms]
    words += [g.label for g in GRADES] + [g.meaning for g in GRADES]
    words += [w for d in DESIGNS for w in (d.label, d.plural, d.meaning)]
    return " ".join(words).lower()


_ALL_SLUGS = {t.slug for t in (*VERDICTS, *STANCES, *CLAIM_TYPES, *DOWNGRADE_DOMAINS, *GLOSSARY)}
_ALL_SLUGS |= {g.slug for g in GRADES} | {d.slug for d in DESIGNS}
SLUGS = sorted(s for s in _ALL_SLUGS if "-" in s and s not in _reader_words())
