"""Validate stage: the rules that need the whole project (citations, ids, the evidence model)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import assess
from .config import DATE_GRACE, Config, load_config, today as default_today, utc_today
from .definitions import GRADE, GRADE_BY_RANK, MAX_UPGRADE
from .codes import CODES
from .diagnostics import Diagnostic, Loc, Report, Severity, did_you_mean
from .load import load_project
from .model import Claim, Library, Project, Topic
from .references import MAX_DEPTH
from .schema import is_placeholder
from .wording import opening_sentence, states_no_study, strength


def check_project(root: Path, today: dt.date | None = None, config: Config | None = None) -> Project:
    """Load and validate a project; its report holds every problem found."""
    config = config or load_config(Path(root))
    project = load_project(Path(root), config)
    if today is None:
        # SOURCE_DATE_EPOCH (the Makefile sets it to the last commit's time) keeps pages
        # reproducible, but only the clock says what is in the future: a claim reviewed
        # today must pass `make check` before it is committed.
        today = default_today()
        validate(project, today, latest=max(today, utc_today()))
    else:
        validate(project, today)
    from .docsfiles import check_docs_sources  # what the docs folder would publish
    check_docs_sources(Path(root), project.report)
    return project


def validate(project: Project, today: dt.date, latest: dt.date | None = None) -> Report:
    """Apply the project-wide rules; `latest` is today as far as "in the future" goes
    (default: `today`), and a date up to a day after it is not in the future (DATE_GRACE)."""
    latest = (latest or today) + DATE_GRACE
    report = project.report
    config = project.config or Config()
    library = project.library
    bib_where = (f"'{project.library.files[0]}'" if len(project.library.files) == 1
                 else "the reference library")
    if not project.topics:  # nothing checked is not a pass (wrong folder, empty project)
        report.add(Loc("content/topics"), "topic.none",
                   "no topic to check: content/topics/ holds no topic folder"
                   if (project.root / "content" / "topics").is_dir() else
                   "no topic to check: there is no content/topics/ folder here, so this is not "
                   "an evidence project's top folder")
    first_seen: dict[str, Claim] = {}
    cited: set[str] = set()
    topics = {t.id: t for t in project.topics}

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
                     f"{config.freshness_months} months ago",
                     f"re-check it, then run `evidence reviewed {claim.ref}`")

        if not claim.grade or not claim.verdict:
            continue  # the schema problem is already reported
        rank = assess.grade_rank(claim.grade)
        _check_certainty(claim, assess.certainty(claim, library), report)
        if claim.verdict == "unsupported" and rank >= 3:
            report.add(claim.loc("verdict"), "verdict.grade",
                       f"claim '{claim.id}' is 'unsupported' (not enough evidence either way) at "
                       f"'{claim.grade}' certainty, but evidence of {claim.grade} certainty is "
                       "enough to judge the claim",
                       "if that evidence shows the claim is wrong, the verdict is 'contradicted'; "
                       "if it backs it, 'supported'; if it is not enough, rate the certainty "
                       "down for the reason (imprecision, indirectness, ...)")
        _check_summary(claim, topics[claim.topic], rank, warn)

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

    # An unreadable claim may cite anything: then no entry is called unused.
    all_loaded = all(c.loaded for c in project.claims)
    scope_reference_problems(report, library, cited, config.uncited_references,
                             count_unused=all_loaded)
    return report


# A crossref'd entry lends its fields, not its study design: these stay its own business.
DESIGN_CODES = frozenset({"bib.design-missing", "bib.design-unknown", "bib.pooled-missing"})


def crossref_parents(cited: set[str], library: Library) -> set[str]:
    """The keys (lower case) of the entries that cited entries inherit fields from through
    crossref, however deep (at most MAX_DEPTH links), that are not cited themselves."""
    by_lower = {key.lower(): ref for key, ref in library.entries.items()}
    seen = {key.lower() for key in cited}
    parents: set[str] = set()
    for key in cited:
        ref = library.entries.get(key)
        for _ in range(MAX_DEPTH):
            target = ref.fields.get("crossref") if ref is not None else None
            ref = by_lower.get(target.strip().lower()) if target else None
            if ref is None or ref.key.lower() in seen:
                break
            seen.add(ref.key.lower())
            parents.add(ref.key.lower())
    return parents


def scope_reference_problems(report: Report, library: Library, cited: set[str],
                             uncited: str = "count", count_unused: bool = True) -> None:
    """Hold only cited entries (and their crossref parents) to the per-entry rules.

    A problem of one entry (tagged with its key by the loader) is kept when a claim cites
    the entry; the problems of entries no claim cites move to ``report.uncited`` (shown by
    ``--format json`` and ``evidence refs --lint``) and are counted in one note. With
    ``uncited_references: list`` in evidence.yml every entry is held to every rule and
    each unused one is named (bib.unused), for a curated library."""
    if uncited == "list":
        if count_unused:
            for key, ref in library.entries.items():
                if key not in cited:
                    report.add(ref.loc, "bib.unused", f"reference '{key}' is not cited by any claim")
        return
    shown = {key.lower() for key in cited}
    parents = crossref_parents(cited, library)
    kept: list = []
    breaking: set[str] = set()
    for d in report.diagnostics:
        keys = [k.lower() for k in d.entries]
        if (not keys or any(k in shown for k in keys)
                or (d.code not in DESIGN_CODES and any(k in parents for k in keys))):
            kept.append(d)
        else:
            report.uncited.append(d)
            breaking.update(k for k in keys if k not in shown and k not in parents)
    report.diagnostics[:] = kept
    scope = shown | parents
    uncited_refs = [ref for key, ref in library.entries.items() if key.lower() not in scope]
    unused = len(uncited_refs)
    if not count_unused or not unused or report.overrides.get("bib.unused") is Severity.OFF:
        return
    refs = "reference is" if unused == 1 else "references are"
    note = f"{unused:,} {refs} not cited"
    per_file: dict[str, int] = {}
    for ref in uncited_refs:
        per_file[ref.loc.path] = per_file.get(ref.loc.path, 0) + 1
    if len(per_file) > 1:
        note += " (" + ", ".join(f"{n:,} in {path}" for path, n in per_file.items()) + ")"
    if breaking:
        note += (" and breaks house rules" if unused == 1 else
                 f"; {len(breaking):,} of them break{'s' if len(breaking) == 1 else ''} house rules")
        note += " (`evidence refs --lint` lists them)"
    # At the first entry no claim cites, so the note has a line to stand on in a pull request.
    report.diagnostics.append(Diagnostic(uncited_refs[0].loc, Severity.NOTE, "bib.unused", note))


def _claim_reporter(report: Report, claim: Claim):
    """report.add, except for warnings the claim's editors have acknowledged with a reason.

    The returned function's `used` set names the acknowledgements that took effect.
    """
    used: set[str] = set()

    def add(loc: Loc, code: str, message: str, hint: str | None = None) -> None:
        severity = report.overrides.get(code, CODES[code].severity)
        if severity in (Severity.WARNING, Severity.NOTE) and code in claim.acknowledged:
            used.add(code)
            return
        report.add(loc, code, message, hint)

    add.used = used  # type: ignore[attr-defined]
    return add


def _check_certainty(claim: Claim, certainty: assess.Certainty, report: Report) -> None:
    """GRADE's arithmetic: start − downgrades + upgrades = the stated grade."""
    for kind, steps, verb in (("downgrades", claim.downgrades, "rates down"),
                              ("upgrades", claim.upgrades, "rates up")):
        first: dict[str, Loc | None] = {}
        for step in steps:
            if step.domain in first:
                where = first[step.domain]
                report.add(step.loc or claim.loc(kind), "grade.duplicate-domain",
                           f"claim '{claim.id}' {verb} for '{step.domain}' twice"
                           + (f" (first at line {where.line})" if where else ""),
                           "GRADE rates each domain once: merge the two into one step of one "
                           "or two levels, with both reasons")
            else:
                first[step.domain] = step.loc
    start = certainty.start_grade.slug
    if certainty.start != 2:
        for up in claim.upgrades:
            report.add(up.loc or claim.loc("upgrades"), "grade.upgrade-start",
                       f"claim '{claim.id}' rates up for '{up.domain}', but its evidence starts at "
                       f"'{start}' ({certainty.basis.short}), not at low",
                       "only evidence that starts at low (studies that observe people) is rated "
                       "up; remove the upgrade, or move its reason to the summary or a caveat")
    if certainty.upgraded > MAX_UPGRADE:
        report.add(claim.loc("upgrades"), "grade.ceiling",
                   f"claim '{claim.id}' rates up by {certainty.upgraded} levels in all, which "
                   f"would lift certainty above high",
                   f"GRADE rates evidence up by at most {MAX_UPGRADE} levels in all, from low to "
                   "high: " + certainty.arithmetic())
    if not certainty.known:
        return  # a source is missing or has no design: the start cannot be told
    if certainty.result < 1:
        report.add(claim.loc("downgrades"), "grade.floor",
                   f"claim '{claim.id}' is rated down below very low, the bottom of the scale",
                   certainty.arithmetic() + "; remove a step or make one smaller")
    elif certainty.result <= 4 and certainty.result != GRADE[claim.grade].rank:
        result = certainty.result_grade.slug
        report.add(claim.loc("grade"), "grade.arithmetic",
                   f"claim '{claim.id}' is graded '{claim.grade}', but its starting level and "
                   f"steps give '{result}'", certainty.arithmetic(claim.grade))


def _check_summary(claim: Claim, topic: Topic, rank: int, warn) -> None:
    """The opening sentence's words match the grade; "no study" has a recorded search."""
    if not claim.summary:
        return
    sentence = opening_sentence(claim.summary)
    said = strength(sentence)
    if rank and said.rank > rank:
        grade = GRADE[claim.grade].short.lower()
        if said.overstated:
            how = f"'{said.words}', which is too sure for any grade below high"
        elif said.words:
            how = (f"'{said.words}', which is wording for "
                   f"{GRADE_BY_RANK[said.rank].short.lower()} certainty")
        else:
            how = "a plain statement, which is wording for high certainty"
        warn(claim.loc("summary"), "summary.wording",
             f"claim '{claim.id}' is graded '{claim.grade}', but its summary opens with {how}: "
             f"'{_clip(sentence)}'",
             f"at {grade} certainty write {GRADE_BY_RANK[rank].wording}")
    absence = states_no_study(claim.summary)
    if absence and not claim.searched and not topic.searched:
        warn(claim.loc("summary"), "summary.no-search",
             f"claim '{claim.id}' says that no study exists ('{_clip(absence)}'), but neither "
             "the claim nor its topic records a search", "add a `searched` record (where, on, "
             "terms, found) to the claim or its topic.yml, and write \"we found no …\"")


def _clip(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
