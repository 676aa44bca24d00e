"""The review schedule: `evidence due` lists what falls due, `evidence reviewed` records a
review by changing only the `reviewed:` date in the files. "Today" is pinned."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencekit import cli_review, schedule
from evidencekit.cli import main

SITES = Path(__file__).parent / "sites"
CHAMOMILE = "content/topics/sleep/claims/chamomile.yml"
VALERIAN = "content/topics/sleep/claims/valerian-mice.yml"
TOPIC = "content/topics/sleep/topic.yml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """site_small: the topic and both claims reviewed on 2026-01-10, so due on 2028-01-10."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "site_small", root)
    return root


def run(root: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--root", str(root)])


def set_line(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


# -- evidence due ------------------------------------------------------------------------


def test_nothing_due_the_day_before(project):
    result = run(project, "due", "--today", "2028-01-09")
    assert result.exit_code == 0, result.output
    assert result.output == "Nothing is due for review by 2028-01-09.\n"


def test_due_on_the_day_then_overdue(project):
    result = run(project, "due", "--today", "2028-01-10")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"sleep                due today                    reviewed 2026-01-10  {TOPIC}:10",
        f"sleep/chamomile      due today                    reviewed 2026-01-10  {CHAMOMILE}:24",
        f"sleep/valerian-mice  due today                    reviewed 2026-01-10  {VALERIAN}:13",
        "2 claims and 1 topic due for review by 2028-01-10; after re-checking one, record it "
        "with `evidence reviewed ID`"]
    later = run(project, "due", "--today", "2028-01-11").output
    assert "overdue since 2028-01-11" in later and "due today" not in later


def test_within_reaches_ahead_to_its_last_day(project):
    set_line(project, VALERIAN, "reviewed: 2026-01-10", "reviewed: 2026-04-10")  # due 2028-04-10
    on_the_day = run(project, "due", "--today", "2028-01-10", "--within", "3m").output
    assert "sleep/valerian-mice" in on_the_day and "due 2028-04-10" in on_the_day
    day_short = run(project, "due", "--today", "2028-01-09", "--within", "3m").output
    assert "sleep/valerian-mice" not in day_short and "sleep/chamomile" in day_short


def test_freshness_months_sets_the_schedule(project):
    (project / "evidence.yml").write_text("freshness_months: 6\n", encoding="utf-8")
    result = run(project, "due", "--today", "2026-07-10", "--format", "json")
    data = json.loads(result.output)
    assert data["today"] == data["by"] == "2026-07-10"
    assert [(d["ref"], d["due"], d["overdue"]) for d in data["due"]] == [
        ("sleep", "2026-07-10", False), ("sleep/chamomile", "2026-07-10", False),
        ("sleep/valerian-mice", "2026-07-10", False)]
    assert data["due"][1]["path"] == CHAMOMILE and data["due"][1]["line"] == 24


def test_markdown_for_the_review_issue(project, tmp_path):
    out = tmp_path / "due.md"
    result = run(project, "due", "--today", "2028-02-01", "--format", "markdown", "-o", str(out))
    assert result.exit_code == 0 and result.output == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("2 claims and 1 topic due for review by 2028-02-01 (checked on 2028-02-01).")
    assert (f"| `sleep/chamomile` | overdue since 2028-01-11 | 2026-01-10 | `{CHAMOMILE}:24` |"
            in text.splitlines())
    assert "`evidence reviewed TOPIC/CLAIM-ID`" in text


def test_due_with_errors_lists_what_it_can_and_exits_1(project):
    set_line(project, VALERIAN, "reviewed: 2026-01-10", "reviewed: [")
    result = run(project, "due", "--today", "2028-02-01")
    assert result.exit_code == 1
    assert "sleep/chamomile" in result.stdout
    assert "the project has 1 error" in result.stderr


@pytest.mark.parametrize("within, day", [("0", "2026-01-01"), ("10d", "2026-01-11"),
                                         ("2w", "2026-01-15"), ("1m", "2026-02-01"),
                                         ("1y", "2027-01-01"), ("3M", "2026-04-01")])
def test_horizons(within, day):
    assert schedule.parse_within(within).after(dt.date(2026, 1, 1)) == dt.date.fromisoformat(day)


def test_a_bad_horizon_is_a_usage_error(project):
    result = run(project, "due", "--within", "three months")
    assert result.exit_code == 2
    assert "'three months' is not a horizon" in result.stderr


# -- evidence reviewed ---------------------------------------------------------------------


def test_reviewed_changes_only_the_date(project):
    set_line(project, CHAMOMILE, "reviewed: 2026-01-10", "reviewed: '2026-01-10'   # last checked")
    before = (project / CHAMOMILE).read_text(encoding="utf-8")
    result = run(project, "reviewed", "sleep/chamomile", "--date", "2026-11-30")
    assert result.exit_code == 0, result.output
    assert result.output == f"sleep/chamomile: reviewed 2026-11-30 (was 2026-01-10)  {CHAMOMILE}:24\n"
    assert (project / CHAMOMILE).read_text(encoding="utf-8") == before.replace(
        "reviewed: '2026-01-10'   # last checked", "reviewed: '2026-11-30'   # last checked")
    assert "2026-01-10" in (project / VALERIAN).read_text(encoding="utf-8")  # not named
    assert CliRunner().invoke(main, ["check", str(project)]).exit_code == 0


def test_reviewed_keeps_crlf_line_endings(project):
    file = project / VALERIAN
    file.write_bytes(file.read_bytes().replace(b"\n", b"\r\n"))
    before = file.read_bytes()
    assert run(project, "reviewed", "sleep/valerian-mice", "--date", "2026-11-30").exit_code == 0
    assert file.read_bytes() == before.replace(b"reviewed: 2026-01-10\r\n", b"reviewed: 2026-11-30\r\n")


def test_a_topic_marks_itself_and_every_claim(project):
    result = run(project, "reviewed", "sleep", "sleep/chamomile", "--date", "2026-11-30")
    assert result.exit_code == 0
    assert [line.split(":")[0] for line in result.output.splitlines()] == [
        "sleep", "sleep/chamomile", "sleep/valerian-mice"]
    for path in (TOPIC, CHAMOMILE, VALERIAN):
        assert "reviewed: 2026-11-30\n" in (project / path).read_text(encoding="utf-8")
    assert "Nothing is due" in run(project, "due", "--today", "2028-11-29").output


def test_reviewed_defaults_to_todays_date(project, monkeypatch):
    monkeypatch.setattr(cli_review, "utc_today", lambda: dt.date(2026, 12, 1))
    assert run(project, "reviewed", "sleep/chamomile").exit_code == 0
    assert "reviewed: 2026-12-01\n" in (project / CHAMOMILE).read_text(encoding="utf-8")
    # the day itself is allowed, and the next (UTC's tomorrow, as date.future allows it);
    # the one after is in the future
    assert run(project, "reviewed", "sleep/chamomile", "--date", "2026-12-01").exit_code == 0
    assert run(project, "reviewed", "sleep/chamomile", "--date", "2026-12-02").exit_code == 0
    result = run(project, "reviewed", "sleep/chamomile", "--date", "2026-12-03")
    assert result.exit_code == 2
    assert ("2026-12-03 is in the future (today is 2026-12-01 in UTC); nothing was changed"
            in result.stderr)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yml"))}


@pytest.mark.parametrize("args, message", [
    (["sleep/chamomile", "sleep/camomile"],
     "'sleep/camomile' is neither a topic nor a claim (TOPIC/CLAIM-ID); did you mean 'sleep/chamomile'?"),
    (["sleep", "--date", "2025-12-31"], "sleep was reviewed on 2026-01-10, after 2025-12-31"),
])
def test_a_bad_request_changes_nothing(project, args, message):
    before = snapshot(project)
    result = run(project, "reviewed", *args)
    assert result.exit_code == 2
    assert message in result.stderr and "nothing was changed" in result.stderr
    assert snapshot(project) == before


def test_a_file_that_cannot_be_edited_stops_every_edit(project):
    set_line(project, VALERIAN, "reviewed: 2026-01-10", "reviewed: >-\n  2026-01-10")
    before = snapshot(project)
    result = run(project, "reviewed", "sleep", "--date", "2026-11-30")
    assert result.exit_code == 2
    assert (f"{VALERIAN}: cannot set the review date of sleep/valerian-mice: its `reviewed:` "
            "value is not a plain YYYY-MM-DD date") in result.stderr
    assert snapshot(project) == before


# -- staleness is a note: shown, never failing -------------------------------------------


def test_an_overdue_review_is_a_note_in_every_format():
    site = str(SITES / "reviewed_stale")
    github = CliRunner().invoke(main, ["check", site, "--strict", "--format", "github"])
    assert github.exit_code == 0
    assert github.output.startswith(
        "::notice file=content/topics/sleep/claims/chamomile.yml,line=18,col=11,"
        "title=reviewed.stale::claim 'chamomile' was last reviewed on 2001-01-10")
    data = json.loads(CliRunner().invoke(main, ["check", site, "--strict", "--format", "json"]).output)
    assert (data["errors"], data["warnings"], data["notes"]) == (0, 0, 1)
    assert data["diagnostics"][0]["severity"] == "note"


def test_a_site_may_turn_the_note_off(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(SITES / "reviewed_stale", root)
    (root / "evidence.yml").write_text("rules:\n  reviewed.stale: off\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(root), "--strict"])
    assert (result.exit_code, result.output) == (0, "0 errors, 0 warnings\n")
