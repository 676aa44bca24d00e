"""Dates are judged in UTC, whatever the machine's time zone, with a day's grace."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evidencekit.validate import check_project

CLEAN = Path(__file__).parent / "sites" / "check_clean"
CLAIM = "content/topics/sleep/claims/chamomile.yml"
TOPIC = "content/topics/sleep/topic.yml"
TODAY = dt.date(2026, 3, 14)


def project(tmp_path: Path, claim_day: dt.date, topic_day: dt.date | None = None) -> Path:
    root = tmp_path / "p"
    shutil.copytree(CLEAN, root, ignore=shutil.ignore_patterns("expected.txt"))
    for name, day in ((CLAIM, claim_day), (TOPIC, topic_day or claim_day)):
        text = (root / name).read_text(encoding="utf-8")
        (root / name).write_text(text.replace("reviewed: 2026-01-10", f"reviewed: {day}"),
                                 encoding="utf-8")
    return root


def future(root: Path, today: dt.date) -> list[str]:
    return [f"{d.loc.path}:{d.loc.line}: {d.message}" for d in check_project(root, today=today).report
            if d.code == "date.future"]


@pytest.mark.parametrize("ahead, flagged", [(0, False), (1, False), (2, True)])
def test_a_date_up_to_a_day_ahead_is_not_in_the_future(tmp_path, ahead, flagged):
    day = TODAY + dt.timedelta(days=ahead)
    found = future(project(tmp_path, day), TODAY)
    if flagged:
        assert found == [f"{CLAIM}:18: claim 'chamomile' reviewed date {day} is in the future",
                         f"{TOPIC}:6: topic 'sleep' reviewed date {day} is in the future"]
    else:
        assert found == []


def _run(code: str, tz: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["TZ"] = tz
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True, timeout=120).stdout.strip()


def utc_date() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


@pytest.mark.parametrize("tz", ["Etc/GMT+12", "Etc/GMT-14", "UTC"])  # UTC-12, UTC+14
def test_today_is_the_utc_date_in_any_time_zone(tz):
    for _ in range(3):  # a run that straddles midnight UTC is asked again
        before = utc_date()
        shown = _run("from evidencekit.config import today, utc_today; print(today(), utc_today())", tz)
        if utc_date() == before:
            break
    assert shown == f"{before} {before}"


def test_check_judges_the_clock_in_utc_far_west_of_greenwich(tmp_path):
    # At UTC-12 the local date is UTC's or the day before; a claim reviewed on UTC's tomorrow
    # (an editor at UTC+12 writing their date) passes, and the day after that does not.
    code = ("import sys; from pathlib import Path; from evidencekit.validate import check_project; "
            "print(sorted(d.code for d in check_project(Path(sys.argv[1])).report.errors))")
    for ahead, expected in ((1, "[]"), (2, "['date.future', 'date.future']")):
        for _ in range(3):
            before = utc_date()
            root = project(tmp_path / str(ahead), before + dt.timedelta(days=ahead))
            env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
            env["TZ"] = "Etc/GMT+12"
            out = subprocess.run([sys.executable, "-c", code, str(root)], env=env, text=True,
                                 capture_output=True, check=True, timeout=120).stdout.strip()
            if utc_date() == before:
                break
            shutil.rmtree(tmp_path / str(ahead))
        assert out == expected, ahead
