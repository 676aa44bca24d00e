"""`evidence due` and `evidence reviewed`: the review schedule, from the command line."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from . import schedule
from .cli_support import ROOT, checked_project, fail
from .config import Config, utc_today

DAY = click.DateTime(formats=["%Y-%m-%d"])



def _warn_errors(project) -> bool:
    """Say so when the project has errors: what could not be read is missing from the list."""
    errors = len(project.report.errors)
    if errors:
        click.echo(f"evidence: the project has {errors} error{'s' if errors != 1 else ''} "
                   "(`evidence check` lists them); claims that could not be read are not "
                   "listed", err=True)
    return bool(errors)


@click.command()
@click.option("--within", default="0d", show_default=True, metavar="N[d|w|m|y]",
              help="Also list what falls due within this long from today, e.g. 3m.")
@click.option("--format", "style", type=click.Choice(["text", "markdown", "json"]),
              default="text", show_default=True,
              help="text for people, markdown for an issue, json for tools.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("--today", type=DAY, metavar="YYYY-MM-DD",
              help="Judge as if today were this day (default: today's date in UTC).")
@ROOT
def due(within: str, style: str, output: Path | None, today: dt.datetime | None,
        root: Path) -> None:
    """List the claims and topics due for re-review, soonest first.

    A review falls due `freshness_months` (evidence.yml; 24) after the `reviewed`
    date. Exits 0 whether or not anything is due, 1 when the project has errors
    (what could be read is still listed), 2 on a usage or configuration error.
    """
    try:
        horizon_of = schedule.parse_within(within)
    except schedule.ScheduleError as exc:
        fail(str(exc))
    project = checked_project(root)
    day = today.date() if today else utc_today()
    horizon = horizon_of.after(day)
    items = schedule.due_by(project, project.config or Config(), horizon)
    if style == "json":
        text = json.dumps({"today": day.isoformat(), "by": horizon.isoformat(),
                           "due": schedule.as_records(items, day)}, indent=2) + "\n"
    elif style == "markdown":
        text = schedule.format_markdown(items, day, horizon)
    else:
        text = schedule.format_text(items, day, horizon) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    if _warn_errors(project):
        sys.exit(1)


@click.command()
@click.argument("refs", metavar="ID...", nargs=-1, required=True)
@click.option("--date", "on", type=DAY, metavar="YYYY-MM-DD",
              help="The day of the review (default: today's date in UTC).")
@ROOT
def reviewed(refs: tuple[str, ...], on: dt.datetime | None, root: Path) -> None:
    """Record that claims were re-reviewed: set their `reviewed:` date.

    Each ID is TOPIC/CLAIM-ID, or TOPIC for the topic and every claim in it. Only
    the date is changed in each file; comments and layout stay as written. An
    unknown ID, a day in the future or before the recorded one changes nothing
    and exits 2.
    """
    project = checked_project(root)
    today = utc_today()  # the clock, whatever SOURCE_DATE_EPOCH says: a review happens today
    day = on.date() if on else today
    try:
        marked = schedule.mark_reviewed(project, list(refs), day, today)
    except schedule.ScheduleError as exc:
        fail(str(exc))
    for m in marked:
        was = f" (was {m.was})" if m.was and m.was != day else " (unchanged)" if m.was == day else ""
        click.echo(f"{m.ref}: reviewed {day}{was}  {m.loc.path}:{m.loc.line}")
