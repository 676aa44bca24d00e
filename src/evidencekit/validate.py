"""Validate stage: the rules that need the whole project (citations, ids, the evidence model)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import assess
from .config import Config, load_config, today as default_today
from .definitions import GRADE_BY_RANK
from .codes import CODES
from .diagnostics import Loc, Report, Severity, did_you_mean
from .load import load_project
from .model import Claim, Project
from .schema import is_placeholder


def check_project(root: Path, today: dt.date | None = None, config: Config | None = None) -> Project:
    """Load and validate a project; its report holds every problem found."""
    config = config or load_config(Path(root))
    project = load_project(Path(root), config)
    if today is None:
        # SOURCE_DATE_EPOCH (the Makefile sets it to the last commit's time) keeps pages
        # reproducible, but only the clock says what is in the future: a claim reviewed
        # today must pass `make check` before it is committed.
        today = default_today()
        validate(project, today, latest=max(today, dt.date.today()))
    else:
        validate(project, today)
    return project


def validate(project: Project, today: dt.date, latest: dt.date | None = None) -> Report:
    """Apply the project-wide rules; `latest` is the last day that is not in the future
    (default: `today`)."""
    latest = latest or today
    report = project.report
    config = project.config or Config()
    library = project.library
    bib_where = (f"'{project.library.files[0]}'" if len(project.library.files) == 1
                 else "the reference library")
    first_seen: dict[str, Claim] = {}
    cited: set[str] = set()

    for topic in project.topics:
        for field, day in (("reviewed", topic.reviewed),
                           ("source", topic.source.date if topic.source else None)):
            if day is not None and day > latest:
                report.add(topic.loc(field, "date") if field == "source" else topic.loc(field),
                           "date.future", f"topic '{topic.id}' {field} date {day} is in the future")

    for claim in project.claims:
        warn = _claim_reporter(report, claim)
        if claim.id in first_seen:
            other = first_seen[claim.id]
            report.add(claim.loc(), "claim.duplicate-id",
                       f"claim id '{claim.id}' is also used by {other.path}",
                       "claim ids are unique across topics; rename one file")
        else:
            first_seen[claim.id] = claim

        if claim.cites_nothing:
            report.add(claim.loc("evidence"), "claim.no-citation",
                       f"claim '{claim.id}' cites no source")
        keys_seen: set[str] = set()
        for ev in claim.evidence:
            cited.add(ev.cite)
            if ev.cite in keys_seen:
                report.add(ev.loc, "claim.duplicate-citation",
                           f"claim '{claim.id}' cites '{ev.cite}' more than once")
            keys_seen.add(ev.cite)
            if ev.cite in library.entries or is_placeholder(ev.cite):
                continue  # a placeholder key is already reported as schema.placeholder
            if ev.cite in library.broken:
                report.add(ev.loc, "citation.broken-entry",
                           f"claim '{claim.id}' cites '{ev.cite}', which is in the library but "
                           f"failed to parse at {library.broken[ev.cite]}",
                           "fix the entry; `evidence check` reports its parse error")
            else:
                report.add(ev.loc, "citation.unknown-key",
                           f"claim '{claim.id}' cites '{ev.cite}', which is not in {bib_where}",
                           did_you_mean(ev.cite, library.entries))

        if claim.reviewed is not None:
            if claim.reviewed > latest:
                report.add(claim.loc("reviewed"), "date.future",
                           f"claim '{claim.id}' reviewed date {claim.reviewed} is in the future")
            elif assess.overdue(claim.reviewed, config.freshness_months, today):
                warn(claim.loc("reviewed"), "reviewed.stale",
                     f"claim '{claim.id}' was last reviewed on {claim.reviewed}, more than "
                     f"{config.freshness_months} months ago")

        if not claim.grade or not claim.verdict:
            continue  # the schema problem is already reported
        limit = assess.ceiling(claim, library)
        rank = assess.grade_rank(claim.grade)
        if limit is not None and rank > limit[0]:
            allowed = GRADE_BY_RANK[limit[0]].slug
            hint = "lower the grade or cite stronger evidence"
            if limit[0] == 2 and not claim.upgrade:
                hint += "; or give an `upgrade` reason for rating observational evidence up"
            warn(claim.loc("grade"), "grade.ceiling",
                 f"claim '{claim.id}' is graded '{claim.grade}' but {limit[1]}, "
                 f"which allows at most '{allowed}'", hint)

        stances = {e.stance for e in claim.evidence}
        need = {"supported": "supports", "contradicted": "contradicts"}.get(claim.verdict)
        if need and claim.evidence and need not in stances:
            warn(claim.loc("verdict"), "verdict.stance",
                 f"claim '{claim.id}' has verdict '{claim.verdict}' but no source with stance '{need}'",
                 f"give the stance '{need}' to a source that {need} the claim, or change the verdict")

        if claim.evidence and assess.needs_secondary_source(claim, library):
            warn(claim.loc("evidence"), "evidence.secondary-source",
                 f"{claim.type} claim '{claim.id}' cites no systematic review, meta-analysis or guideline",
                 "cite one if it exists, or explain under `acknowledge:` why none can be")

        if rank and rank < 4 and not claim.caveats and not claim.downgrades:
            warn(claim.loc("grade"), "grade.no-caveat",
                 f"claim '{claim.id}' is graded '{claim.grade}' but gives no caveat or reason for "
                 "rating down", "add a caveat or a `downgrades` entry")

        for code in sorted(set(claim.acknowledged) - warn.used):
            report.add(claim.loc("acknowledge", code), "claim.acknowledge-unneeded",
                       f"claim '{claim.id}' acknowledges '{code}', but that warning does not apply to it",
                       "remove the entry, so that a future warning is not hidden")

    if any(not c.loaded for c in project.claims):
        return report  # an unreadable claim may cite anything; 'unused' would mislead
    for key, ref in library.entries.items():
        if key not in cited:
            report.add(ref.loc, "bib.unused", f"reference '{key}' is not cited by any claim")
    return report


def _claim_reporter(report: Report, claim: Claim):
    """report.add, except for warnings the claim's editors have acknowledged with a reason.

    The returned function's `used` set names the acknowledgements that took effect.
    """
    used: set[str] = set()

    def add(loc: Loc, code: str, message: str, hint: str | None = None) -> None:
        severity = report.overrides.get(code, CODES[code].severity)
        if severity is Severity.WARNING and code in claim.acknowledged:
            used.add(code)
            return
        report.add(loc, code, message, hint)

    add.used = used  # type: ignore[attr-defined]
    return add
