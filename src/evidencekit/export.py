"""Claims as data: one record per claim, as JSON or CSV.

The site publishes both as claims.json and claims.csv, and `evidence export`
writes the same bytes: records come in topic order (topic folders sorted by
name), then in the order the topic page shows its claims, and nothing in them
depends on the clock. History fields come from git (see history.py) and are
empty without it.
"""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path
from urllib.parse import urljoin


from . import assess
from .history import ClaimHistory, claim_history
from .mkdocs_file import read_mkdocs_yml
from .model import Claim, Project
from .render.links import Links, topic_csv_path

FORMATS = ("json", "csv")
FILES = {"json": "claims.json", "csv": "claims.csv"}
FIELDS = ("topic", "id", "url", "claim", "short", "type", "verdict", "grade",
          "certainty_start", "downgrades", "upgrades", "summary", "sources", "caveats",
          "reviewed", "first_committed", "verdict_changed_on", "previous_verdict",
          "grade_changed_on", "previous_grade")
SOURCE_FIELDS = ("key", "stance", "design", "doi", "pmid")
STEP_FIELDS = ("domain", "levels", "reason")
# CSV: a list is one cell, an item a line; each field of a source or a step has its own
# column ("downgrades" holds the domains, "downgrade_levels" and "downgrade_reasons" the rest).
_LISTS = {
    "downgrades": ("downgrades", "downgrade_levels", "downgrade_reasons"),
    "upgrades": ("upgrades", "upgrade_levels", "upgrade_reasons"),
    "sources": ("sources", "source_stances", "source_designs", "source_dois", "source_pmids"),
}
CSV_COLUMNS = tuple(c for f in FIELDS for c in _LISTS.get(f, (f,)))
# A cell starting with one of these is a formula to a spreadsheet; content is untrusted.
# OWASP's CSV-injection list (= + - @ tab CR), plus `|` (DDE), `;` (a separator in some
# locales), `%`, and their full-width forms, which some spreadsheets fold to ASCII. They are
# looked for after any leading whitespace (no-break and other Unicode spaces included) and
# invisible characters, which spreadsheets skip before a formula.
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "|", ";", "%",
            "\uff1d", "\uff0b", "\uff0d", "\uff20", "\uff5c", "\uff1b", "\uff05", "\u2212")
# Cells holding one of these are quoted, so that a reader splitting on `;` or tabs (the
# separator in many locales) cannot start a new cell inside one with `;=...`.
_QUOTE = frozenset(',";\t\n\r')


def claim_url(topic_id: str, claim_id: str, site_url: str | None = None,
              directory_urls: bool = True) -> str:
    """The claim's own page: under site_url when set, else relative to the site's root."""
    url = Links(directory_urls=directory_urls).claim_url(topic_id, claim_id)
    if site_url:
        return urljoin(site_url if site_url.endswith("/") else site_url + "/", url)
    return url


def _source(claim: Claim, project: Project) -> list[dict]:
    out = []
    for ev in claim.evidence:
        ref = project.library.entries.get(ev.cite)
        fields = ref.fields if ref is not None else {}
        out.append({
            "key": ev.cite,
            "stance": ev.stance,
            "design": list(ref.designs) if ref is not None else [],
            "doi": fields.get("doi", "").strip() or None,
            "pmid": fields.get("pmid", "").strip() or None,
        })
    return out


def _step(step) -> dict:
    return {"domain": step.domain, "levels": step.levels, "reason": step.reason}


def record(claim: Claim, project: Project, history: ClaimHistory | None = None,
           site_url: str | None = None, directory_urls: bool = True) -> dict:
    """One claim as plain data, its fields in FIELDS order."""
    verdict = history.verdict if history else None
    grade = history.grade if history else None
    return {
        "topic": claim.topic,
        "id": claim.id,
        "url": claim_url(claim.topic, claim.id, site_url, directory_urls),
        "claim": claim.claim,
        "short": claim.short,
        "type": claim.type,
        "verdict": claim.verdict,
        "grade": claim.grade,
        "certainty_start": (assess.certainty(claim, project.library).start_grade.slug
                            if claim.grade else None),
        "downgrades": [_step(d) for d in claim.downgrades],
        "upgrades": [_step(u) for u in claim.upgrades],
        "summary": claim.summary,
        "sources": _source(claim, project),
        "caveats": list(claim.caveats),
        "reviewed": claim.reviewed.isoformat() if claim.reviewed else None,
        "first_committed": history.since.isoformat() if history else None,
        "verdict_changed_on": verdict.date.isoformat() if verdict else None,
        "previous_verdict": verdict.before if verdict else None,
        "grade_changed_on": grade.date.isoformat() if grade else None,
        "previous_grade": grade.before if grade else None,
    }


def records(project: Project, history: dict[str, ClaimHistory] | None = None,
            site_url: str | None = None, directory_urls: bool = True) -> list[dict]:
    """Every claim of the project, in topic order then page order.

    `history` defaults to what git says (claim_history); pass {} for none.
    """
    if history is None:
        history = claim_history(project)
    return [record(c, project, history.get(c.path), site_url, directory_urls)
            for t in project.topics for c in t.claims]


def to_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def _blank(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Zs", "Cc", "Cf")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    i = 0
    while i < len(text) and _blank(text[i]) and text[i] not in "\t\r":
        i += 1
    return "'" + text if text[i:].startswith(_FORMULA) else text


def _csv_line(cells: list[str]) -> str:
    return ",".join('"' + c.replace('"', '""') + '"' if _QUOTE.intersection(c) else c
                    for c in cells) + "\n"


def to_csv(rows: list[dict]) -> str:
    """One row per claim; lists are one line per item within a cell."""
    out = io.StringIO()
    out.write(_csv_line(list(CSV_COLUMNS)))
    for r in rows:
        sources = r["sources"]
        flat = dict(r)
        flat["sources"] = "\n".join(s["key"] for s in sources)
        flat["source_stances"] = "\n".join(s["stance"] for s in sources)
        flat["source_designs"] = "\n".join(", ".join(s["design"]) for s in sources)
        flat["source_dois"] = "\n".join(s["doi"] or "" for s in sources)
        flat["source_pmids"] = "\n".join(s["pmid"] or "" for s in sources)
        flat["caveats"] = "\n".join(r["caveats"])
        for kind in ("downgrades", "upgrades"):
            steps = r[kind] or []
            domains, levels, reasons = _LISTS[kind]
            flat[domains] = "\n".join(s["domain"] for s in steps)
            flat[levels] = "\n".join(str(s["levels"]) for s in steps)
            flat[reasons] = "\n".join(" ".join(s["reason"].split()) for s in steps)
        out.write(_csv_line([_cell(flat[c]) for c in CSV_COLUMNS]))
    return out.getvalue()


WRITERS = {"json": to_json, "csv": to_csv}


def export(rows: list[dict], fmt: str) -> str:
    return WRITERS[fmt](rows)


def data_files(project: Project, history: dict[str, ClaimHistory] | None,
               site_url: str | None, directory_urls: bool = True) -> dict[str, bytes]:
    """The site's claims.json and claims.csv, and each topic's claims as CSV beside its page."""
    rows = records(project, history, site_url, directory_urls)
    files = {FILES[f]: export(rows, f).encode("utf-8") for f in FORMATS}
    for topic in project.topics:
        files[topic_csv_path(topic.id)] = to_csv(
            [r for r in rows if r["topic"] == topic.id]).encode("utf-8")
    return files




def site_settings(root: Path) -> tuple[str | None, bool]:
    """site_url and use_directory_urls from the project's mkdocs.yml, as the site uses them."""
    data = read_mkdocs_yml(Path(root) / "mkdocs.yml") or {}
    url = data.get("site_url")
    directory_urls = data.get("use_directory_urls", True)
    return (url if isinstance(url, str) and url.strip() else None,
            directory_urls if isinstance(directory_urls, bool) else True)
