"""The review schedule: which claims and topics are due for re-review, and recording
a review.

A claim or topic is due `freshness_months` (evidence.yml, 24 by default) after its
`reviewed` date, the day the topic page gives as "next review due"; the day after,
it is overdue and the checker notes it (`reviewed.stale`, never a failure).
`evidence due` lists what falls due within a horizon; `evidence reviewed` writes a
new `reviewed` date into the files, changing nothing else in them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import assess
from .config import DATE_GRACE, Config
from .diagnostics import Loc, did_you_mean
from .model import Project
from .yamledit import EditError, read_text, set_date, write_text


class ScheduleError(Exception):
    """A request that cannot be carried out (the CLI exits 2); nothing was changed."""


@dataclass(frozen=True)
class Within:
    """A horizon such as '3m': a number of days, weeks, months or years."""

    amount: int
    unit: str  # d, w, m or y

    def after(self, day: dt.date) -> dt.date:
        if self.unit == "d":
            return day + dt.timedelta(days=self.amount)
        if self.unit == "w":
            return day + dt.timedelta(weeks=self.amount)
        return assess.add_months(day, self.amount * (12 if self.unit == "y" else 1))

    def __str__(self) -> str:
        word = {"d": "day", "w": "week", "m": "month", "y": "year"}[self.unit]
        return f"{self.amount} {word}{'s' if self.amount != 1 else ''}"


def parse_within(text: str) -> Within:
    match = re.fullmatch(r"\s*(\d{1,4})\s*([dwmy]?)\s*", text.lower())
    if not match:
        raise ScheduleError(f"'{text}' is not a horizon: write a number and d, w, m or y "
                            "(days, weeks, months, years), e.g. 3m")
    return Within(int(match.group(1)), match.group(2) or "d")


@dataclass(frozen=True)
class Due:
    """A claim or topic with the day its review falls due."""

    ref: str  # 'topic/claim-id' for a claim, 'topic' for a topic
    kind: str  # 'claim' or 'topic'
    loc: Loc  # where its `reviewed` date is written
    reviewed: dt.date
    due: dt.date

    def overdue(self, today: dt.date) -> bool:
        return today > self.due


def schedule(project: Project, config: Config) -> list[Due]:
    """Every topic and claim with a `reviewed` date, soonest due first."""
    items: list[Due] = []
    for topic in project.topics:
        if topic.reviewed is not None:
            items.append(Due(topic.id, "topic", topic.loc("reviewed"), topic.reviewed,
                             assess.add_months(topic.reviewed, config.freshness_months)))
        for claim in topic.claims:
            if claim.reviewed is not None:
                items.append(Due(claim.ref, "claim", claim.loc("reviewed"), claim.reviewed,
                                 assess.add_months(claim.reviewed, config.freshness_months)))
    return sorted(items, key=lambda d: (d.due, d.kind != "topic", d.ref))


def due_by(project: Project, config: Config, day: dt.date) -> list[Due]:
    """What falls due on or before `day`."""
    return [d for d in schedule(project, config) if d.due <= day]


# --- formats -------------------------------------------------------------------

def _count(items: list[Due]) -> str:
    claims = sum(d.kind == "claim" for d in items)
    topics = len(items) - claims
    parts = [f"{n} {what}{'s' if n != 1 else ''}" for n, what in ((claims, "claim"), (topics, "topic")) if n]
    return " and ".join(parts)


def _when(item: Due, today: dt.date) -> str:
    if item.overdue(today):
        return f"overdue since {item.due + dt.timedelta(days=1)}"
    return "due today" if item.due == today else f"due {item.due}"


def format_text(items: list[Due], today: dt.date, horizon: dt.date) -> str:
    if not items:
        return f"Nothing is due for review by {horizon}."
    width = max(len(d.ref) for d in items)
    lines = [f"{d.ref:{width}}  {_when(d, today):27}  reviewed {d.reviewed}  {d.loc.path}:{d.loc.line}"
             for d in items]
    lines.append(f"{_count(items)} due for review by {horizon}; after re-checking one, "
                 "record it with `evidence reviewed ID`")
    return "\n".join(lines)


def _md_code(text: str) -> str:
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`"


def format_markdown(items: list[Due], today: dt.date, horizon: dt.date) -> str:
    """For the review-due issue: a table of what is due, then how to record a review."""
    if not items:
        return f"Nothing is due for review by {horizon} (checked on {today}).\n"
    lines = [f"{_count(items)} due for review by {horizon} (checked on {today}).", "",
             "| claim or topic | due | last reviewed | file |", "| --- | --- | --- | --- |"]
    for d in items:
        lines.append(f"| {_md_code(d.ref)} | {_when(d, today)} | {d.reviewed} | "
                     f"{_md_code(f'{d.loc.path}:{d.loc.line}')} |")
    lines += ["", "Re-check each one's sources (CONTRIBUTING.md, \"Re-reviewing claims\"), then "
              "record the review with `evidence reviewed TOPIC/CLAIM-ID` (or `evidence reviewed "
              "TOPIC` for a topic and all its claims) in a pull request."]
    return "\n".join(lines) + "\n"


def as_records(items: list[Due], today: dt.date) -> list[dict]:
    return [{"ref": d.ref, "kind": d.kind, "path": d.loc.path, "line": d.loc.line,
             "reviewed": d.reviewed.isoformat(), "due": d.due.isoformat(),
             "overdue": d.overdue(today)} for d in items]


# --- recording a review -----------------------------------------------------------

@dataclass(frozen=True)
class Marked:
    ref: str
    loc: Loc
    was: dt.date | None


def resolve(project: Project, refs: list[str]) -> list[tuple[str, Loc, dt.date | None]]:
    """(ref, where its `reviewed` is, its date) for each 'topic/claim-id' or 'topic' (the
    topic and every claim in it), in order and without repeats."""
    topics = {t.id: t for t in project.topics}
    claims = {c.ref: c for c in project.claims}
    found: dict[str, tuple[str, Loc, dt.date | None]] = {}
    unknown = []
    for ref in refs:
        ref = ref.strip().strip("/")
        if ref in claims:
            c = claims[ref]
            found.setdefault(c.ref, (c.ref, c.loc("reviewed"), c.reviewed))
        elif ref in topics:
            t = topics[ref]
            found.setdefault(t.id, (t.id, t.loc("reviewed"), t.reviewed))
            for c in t.claims:
                found.setdefault(c.ref, (c.ref, c.loc("reviewed"), c.reviewed))
        else:
            hint = did_you_mean(ref, [*claims, *topics])
            unknown.append(f"'{ref}' is neither a topic nor a claim (TOPIC/CLAIM-ID)"
                           + (f"; {hint}" if hint else ""))
    if unknown:
        raise ScheduleError("\n".join(unknown) + "\nnothing was changed")
    return list(found.values())


def mark_reviewed(project: Project, refs: list[str], day: dt.date, today: dt.date) -> list[Marked]:
    """Set `reviewed: day` in each named claim's and topic's file, changing nothing else
    there. Every file is edited in memory first: when one cannot be, none is written."""
    if day > today + DATE_GRACE:  # as date.future judges it: UTC's tomorrow is allowed
        raise ScheduleError(f"{day} is in the future (today is {today} in UTC); nothing was "
                            "changed")
    targets = resolve(project, refs)
    later = [f"{ref} was reviewed on {was}, after {day}" for ref, _, was in targets
             if was is not None and was > day]
    if later:
        raise ScheduleError("\n".join(later) + "\nnothing was changed")
    edits: dict[str, str] = {}
    problems = []
    for ref, loc, _ in targets:
        file = project.root / loc.path
        try:
            edits[loc.path] = set_date(edits.get(loc.path) or read_text(file), "reviewed",
                                       day.isoformat())
        except (EditError, OSError, UnicodeDecodeError) as exc:
            problems.append(f"{loc.path}: cannot set the review date of {ref}: {exc}")
    if problems:
        raise ScheduleError("\n".join(problems) + "\nnothing was changed")
    for path, text in edits.items():
        write_text(project.root / path, text)
    return [Marked(ref, loc, was) for ref, loc, was in targets]
