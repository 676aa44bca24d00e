"""Claims as data: `evidence export` and the site's claims.json and claims.csv."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from mkdocs.commands.build import build
from mkdocs.config import load_config

from evidencekit import export
from evidencekit.cli import main
from evidencekit.validate import check_project

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).parent / "sites"
CLAIM_FILES = sorted(REPO.glob("content/topics/*/claims/*.y*ml"))


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780272000")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


def run(*args: str):
    return CliRunner().invoke(main, ["export", *args])


def copy(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(SITES / name, tmp_path / name,
                                ignore=shutil.ignore_patterns("site", "site.*")))


def test_one_record_per_claim_file_with_every_field():
    result = run(str(REPO))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == len(CLAIM_FILES) > 0
    assert sorted((r["topic"], r["id"]) for r in rows) == sorted(
        (p.parent.parent.name, p.stem) for p in CLAIM_FILES)
    for row in rows:
        assert tuple(row) == export.FIELDS
        on_disk = yaml.safe_load((REPO / "content/topics" / row["topic"] / "claims"
                                  / f"{row['id']}.yml").read_text(encoding="utf-8"))
        assert row["url"] == f"topics/{row['topic']}/{row['id']}/"  # the claim's own page
        for field in ("claim", "type", "verdict", "grade", "summary"):
            assert row[field] == on_disk[field]
        assert row["short"] == on_disk.get("short")
        assert row["caveats"] == on_disk.get("caveats", [])
        assert row["reviewed"] == str(on_disk["reviewed"])
        assert [(s["key"], s["stance"]) for s in row["sources"]] == [
            (e["cite"], e["stance"]) for e in on_disk["evidence"]]
        for source in row["sources"]:
            assert tuple(source) == export.SOURCE_FIELDS
            assert source["design"] and isinstance(source["design"], list)
        # the certainty's path: where it starts, and each step with its size and reason
        assert row["certainty_start"] in ("high", "low", "very-low")
        for kind in ("downgrades", "upgrades"):
            assert [(s["domain"], s["levels"], s["reason"]) for s in row[kind]] == [
                (s["domain"], s.get("levels", 1), s["reason"].strip())
                for s in on_disk.get(kind) or []]
            assert all(tuple(s) == export.STEP_FIELDS for s in row[kind])


def test_records_follow_topic_then_page_order():
    rows = json.loads(run(str(REPO)).stdout)
    for topic in {r["topic"] for r in rows}:
        order = yaml.safe_load((REPO / "content/topics" / topic / "topic.yml").read_text())["order"]
        assert [r["id"] for r in rows if r["topic"] == topic] == order
    assert [r["topic"] for r in rows] == sorted(r["topic"] for r in rows)


def test_dois_and_pmids_come_from_the_library():
    rows = json.loads(run(str(SITES / "site_small")).stdout)
    adib = next(s for s in rows[0]["sources"] if s["key"] == "adib2019sleep")
    assert (adib["doi"], adib["pmid"]) == ("10.1016/j.ctim.2017.09.010", "29154054")


def test_csv_has_one_row_per_claim_and_the_same_facts(tmp_path):
    out = tmp_path / "data" / "claims.csv"
    result = run(str(REPO), "--format", "csv", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    rows = json.loads(run(str(REPO)).stdout)
    assert len(table) == len(rows) == len(CLAIM_FILES)
    assert tuple(table[0]) == export.CSV_COLUMNS
    for line, row in zip(table, rows):
        assert (line["topic"], line["id"], line["verdict"], line["grade"]) == (
            row["topic"], row["id"], row["verdict"], row["grade"])
        assert line["sources"].split("\n") == [s["key"] for s in row["sources"]]
        assert line["source_dois"].split("\n") == [s["doi"] or "" for s in row["sources"]]
        assert line["caveats"] == "\n".join(row["caveats"])
        assert line["certainty_start"] == row["certainty_start"]
        for kind, single in (("downgrades", "downgrade"), ("upgrades", "upgrade")):
            steps = row[kind]
            assert line[kind] == "\n".join(s["domain"] for s in steps)
            assert line[f"{single}_levels"] == "\n".join(str(s["levels"]) for s in steps)
            assert line[f"{single}_reasons"].split("\n") == (
                [" ".join(s["reason"].split()) for s in steps] or [""])


def test_a_cell_a_spreadsheet_would_run_is_defused():
    rows = [{**{f: None for f in export.FIELDS}, "claim": "=HYPERLINK(\"x\")", "sources": [],
             "caveats": ["+1", "-x"], "summary": "@SUM(A1)", "id": "a",
             "downgrades": [{"domain": "imprecision", "levels": 1, "reason": "=1+1"}]}]
    line = next(csv.DictReader(io.StringIO(export.to_csv(rows))))
    assert (line["claim"], line["summary"], line["id"]) == ("'=HYPERLINK(\"x\")", "'@SUM(A1)", "a")
    assert line["caveats"] == "'+1\n-x"
    assert (line["downgrades"], line["downgrade_reasons"], line["upgrades"]) == (
        "imprecision", "'=1+1", "")


def test_the_same_bytes_every_time_and_the_same_as_the_site(tmp_path):
    root = copy("site_small", tmp_path)
    first = run(str(root)).stdout_bytes
    assert run(str(root)).stdout_bytes == first
    config = load_config(config_file=str(root / "mkdocs.yml"), strict=True,
                         site_dir=str(tmp_path / "out"))
    build(config)
    assert (tmp_path / "out/claims.json").read_bytes() == first
    assert (tmp_path / "out/claims.csv").read_bytes() == run(str(root), "--format", "csv").stdout_bytes


def test_site_url_makes_urls_absolute(tmp_path):
    root = copy("site_small", tmp_path)
    rows = json.loads(run(str(root), "--site-url", "https://ex.org/kit").stdout)
    assert [r["url"] for r in rows] == ["https://ex.org/kit/topics/sleep/chamomile/",
                                        "https://ex.org/kit/topics/sleep/valerian-mice/"]
    config = root / "mkdocs.yml"
    config.write_text("site_url: https://ex.org/site/\nuse_directory_urls: false\n"
                      + config.read_text(encoding="utf-8"), encoding="utf-8")
    rows = json.loads(run(str(root)).stdout)
    assert rows[0]["url"] == "https://ex.org/site/topics/sleep/chamomile/index.html"


def test_a_project_with_errors_exports_nothing(tmp_path):
    result = run(str(SITES / "claim_without_citation"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "`evidence check` lists them; nothing was exported" in result.stderr
    assert run(str(tmp_path / "missing")).exit_code == 2


def test_records_without_history_leave_history_fields_empty(tmp_path):
    root = copy("site_small", tmp_path)  # not a git repository
    rows = export.records(check_project(root))
    assert {r[f] for r in rows for f in export.FIELDS[-5:]} == {None}


def test_site_url_from_the_environment_as_mkdocs_reads_it(tmp_path, monkeypatch):
    """mkdocs.yml's `site_url: !ENV SITE_URL` (what the deploy workflow sets) gives the urls."""
    root = copy("site_small", tmp_path)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text("site_url: !ENV SITE_URL\n" + text, encoding="utf-8")
    monkeypatch.delenv("SITE_URL", raising=False)
    assert export.site_settings(root) == (None, True)
    monkeypatch.setenv("SITE_URL", "https://ex.org/env/")
    assert export.site_settings(root) == ("https://ex.org/env/", True)
    config.write_text("site_url: !ENV [EK_UNSET_URL, SITE_URL, 'https://ex.org/default/']\n"
                      + text, encoding="utf-8")
    assert export.site_settings(root) == ("https://ex.org/env/", True)
    monkeypatch.delenv("SITE_URL")
    assert export.site_settings(root) == ("https://ex.org/default/", True)


def test_directory_urls_from_the_environment_as_mkdocs_reads_it(tmp_path, monkeypatch):
    """`make preview` sets USE_DIRECTORY_URLS=false for mkdocs.yml's
    `use_directory_urls: !ENV [USE_DIRECTORY_URLS, true]`: the urls follow, as the site's do."""
    root = copy("site_small", tmp_path)
    config = root / "mkdocs.yml"
    config.write_text("use_directory_urls: !ENV [USE_DIRECTORY_URLS, true]\n"
                      + config.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.delenv("USE_DIRECTORY_URLS", raising=False)
    assert export.site_settings(root) == (None, True)
    monkeypatch.setenv("USE_DIRECTORY_URLS", "false")
    assert export.site_settings(root) == (None, False)
    assert json.loads(run(str(root)).stdout)[0]["url"] == "topics/sleep/chamomile/index.html"


def test_the_certainty_path_is_in_the_data():
    rows = json.loads(run(str(SITES / "site_small")).stdout)
    assert [(r["id"], r["certainty_start"], r["grade"]) for r in rows] == [
        ("chamomile", "high", "low"), ("valerian-mice", "very-low", "very-low")]
    assert rows[0]["downgrades"] == [
        {"domain": "imprecision", "levels": 2, "reason": "Few and small trials."}]
    assert rows[0]["upgrades"] == rows[1]["downgrades"] == rows[1]["upgrades"] == []
    rows = json.loads(run(str(SITES / "grade_two_levels")).stdout)
    assert [(r["id"], r["certainty_start"], r["upgrades"]) for r in rows][1] == (
        "trial-small", "high", [])
    large = next(r for r in rows if r["id"] == "large-effect")
    assert (large["certainty_start"], large["upgrades"]) == ("low", [
        {"domain": "large-effect", "levels": 2,
         "reason": "Drinkers reported sleeping two hours longer, far more than bias could explain."}])
    line = next(r for r in csv.DictReader(io.StringIO(run(str(SITES / "grade_two_levels"),
                                                          "--format", "csv").stdout))
                if r["id"] == "large-effect")
    assert (line["certainty_start"], line["upgrades"], line["upgrade_levels"]) == (
        "low", "large-effect", "2")
