"""Bring your own library (issue 15): a real library beside the site's own is read, only
what claims cite is held to the per-entry rules, and nothing uncited is published.

The real libraries come from ../shared/bench-data/ (read in place, or copied into a
temporary project; never committed). A missing folder fails these tests: it does not skip.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.commands.build import build
from mkdocs.config import load_config

from evidencekit.cli import main

REPO = Path(__file__).resolve().parents[1]
SITES = Path(__file__).parent / "sites"
BENCH = Path(os.environ.get("EVIDENCEKIT_BENCH_DATA",
                            Path(__file__).resolve().parents[2] / "shared" / "bench-data"))
REAL = ("cdl.bib", "iridia-all.bib")


def shared(name: str) -> Path:
    path = BENCH / name
    assert path.is_file(), f"{path} is missing: the shared real libraries are part of the tests"
    return path


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture(scope="module")
def real_project(tmp_path_factory) -> Path:
    """The built-in content and library, with the two real libraries beside them."""
    root = tmp_path_factory.mktemp("byol") / "project"
    for name in ("content", "references", "macros"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    for name in ("evidence.yml", "mkdocs.yml"):
        if (REPO / name).is_file():
            shutil.copy(REPO / name, root / name)
    for name in REAL:
        shutil.copy(shared(name), root / "references" / name)
    return root


def test_real_libraries_check_in_a_few_lines_and_pass_strict(real_project):
    result = invoke("check", "--strict", str(real_project))
    lines = result.stdout.splitlines()
    assert result.exit_code == 0, result.stdout[-3000:]
    assert len(lines) <= 20, lines[:25]
    # Every entry of the two libraries is uncited; all of them lack the house's `design`.
    # The note stands on the first uncited entry (line 1 of cdl.bib) and counts per file.
    assert lines == ["references/cdl.bib:1:1: note[bib.unused]: 9,620 references are not cited "
                     "(6,315 in references/cdl.bib, 3,305 in references/iridia-all.bib); 9,620 "
                     "of them break house rules (`evidence refs --lint` lists them)",
                     "0 errors, 0 warnings, 1 note"]


def test_json_keeps_every_detail_of_uncited_entries(real_project):
    result = invoke("check", "--format", "json", str(real_project))
    data = json.loads(result.stdout)
    assert data["errors"] == 0 and data["warnings"] == 0 and data["notes"] == 1
    codes = {}
    for d in data["uncited"]:
        codes[d["code"]] = codes.get(d["code"], 0) + 1
        assert d["entries"], d
    assert codes["bib.design-missing"] == 9620
    assert codes["bib.missing-field"] > 0  # real entries that lack a journal or a year
    assert [(d["severity"], d["code"], d["message"]) for d in data["diagnostics"]] == [
        ("note", "bib.unused", "9,620 references are not cited (6,315 in references/cdl.bib, "
         "3,305 in references/iridia-all.bib); 9,620 of them break house rules "
         "(`evidence refs --lint` lists them)")]


def test_lint_lists_the_problems_of_every_entry(real_project):
    result = invoke("refs", "--lint", "--root", str(real_project))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[-1].endswith(" warnings") and not lines[-1].startswith("0 errors, 0 ")
    assert sum("warning[bib.design-missing]" in line for line in lines) == 9620
    # FILE alone, read in place outside the project.
    one = invoke("refs", "--lint", str(shared("iridia-all.bib")), "--root", str(real_project))
    assert one.exit_code == 1
    paths = {line.split(":")[0] for line in one.stdout.splitlines() if ": " in line
             and not line.startswith("  ")}
    assert paths == {str(shared("iridia-all.bib"))}
    # read, not refused: every entry of the file is linted, and nothing says it was not read
    assert sum("warning[bib.design-missing]" in line for line in one.stdout.splitlines()) == 3305
    assert "file.outside-project" not in one.stdout


def test_lint_of_a_file_without_entries_fails(tmp_path):
    """Nothing linted is not a clean library: a file with no entry exits 1, saying so."""
    empty = tmp_path / "empty.bib"
    empty.write_text("% nothing here yet\n", encoding="utf-8")
    result = invoke("refs", "--lint", str(empty), "--root", str(SITES / "site_small"))
    assert result.exit_code == 1
    assert result.stderr == f"evidence: no BibTeX entry in '{empty}': nothing was linted\n"


def test_lint_of_a_clean_library_exits_0():
    result = invoke("refs", "--lint", "--root", str(SITES / "site_small"))
    assert (result.exit_code, result.stdout) == (0, "0 errors, 0 warnings\n")


def test_uncited_references_setting_is_checked(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(SITES / "bib_unused_and_no_design", root)
    (root / "evidence.yml").write_text("uncited_references: all\n", encoding="utf-8")
    result = invoke("check", str(root))
    assert result.exit_code == 2
    assert "uncited_references must be count or list" in result.stderr


HOSTILE = r"""
@string{ekmacro = "EKMARKSTRING <script>alert(1)</script>"}
@comment{EKMARKCOMMENT}
@preamble{"EKMARKPREAMBLE"}
@misc{ekmarkkey1,
  author = {EKMARKAUTHOR and <img src=x onerror=alert(1)>},
  title = {EKMARKTITLE {\"o} <script>alert(2)</script>},
  url = {javascript:alert('EKMARKURL')},
  doi = {EKMARKDOI},
  note = ekmacro # { EKMARKNOTE},
  design = {EKMARKDESIGN},
}
@article{Ümläut-ekmarkkey2, title = {EKMARKTITLE2}, abstract = "EKMARKABSTRACT {"} x"}
"""


def test_nothing_uncited_reaches_the_built_site(tmp_path):
    """No field of an uncited entry (hostile ones, and the real libraries' entries)
    appears in any file of the built site: pages, search index, claims.json/csv."""
    root = tmp_path / "site_small"
    shutil.copytree(SITES / "site_small", root, ignore=shutil.ignore_patterns("site", "site.*"))
    (root / "references" / "zz-hostile.bib").write_text(HOSTILE, encoding="utf-8")
    for name in REAL:
        shutil.copy(shared(name), root / "references" / name)
    assert invoke("check", "--strict", str(root)).exit_code == 0
    site_dir = tmp_path / "out"
    build(load_config(config_file=str(root / "mkdocs.yml"), strict=True, site_dir=str(site_dir)))
    published = b"\n".join(p.read_bytes().lower() for p in sorted(site_dir.rglob("*"))
                           if p.is_file())
    assert b"chamomile" in published  # the cited entries are there
    leaked = [m for m in (b"ekmark", b"ml\xc3\xa4ut", b"onerror=alert(1)") if m in published]
    assert leaked == []
    # Keys of the real libraries (long enough not to occur by chance) appear nowhere.
    from evidencekit.references import load_library
    from evidencekit.diagnostics import Report
    library = load_library(BENCH, Report(), files=[shared(n) for n in REAL])
    keys = [k for k in library.entries if len(k) >= 12]
    assert len(keys) > 1000
    assert [k for k in keys if k.lower().encode() in published] == []


def test_each_rule_of_an_uncited_entry_is_kept_for_json_and_lint():
    """tests/sites/bib_scope has each per-entry rule once for a cited entry (listed by
    `evidence check`, see its expected.txt) and once for an uncited one (only here)."""
    root = SITES / "bib_scope"
    data = json.loads(invoke("check", "--format", "json", str(root)).stdout)
    uncited = sorted({(d["entries"][0], d["code"]) for d in data["uncited"]})
    assert uncited == [
        ("Müller2020", "bib.design-unknown"), ("Müller2020", "bib.key-pattern"),
        ("Müller2020", "bib.missing-field"),
        ("book2018", "bib.design-missing"),  # a crossref parent lends fields, not its design
        ("fields2021", "bib.duplicate-field"), ("fields2021", "bib.string-order"),
        ("fields2021", "bib.undefined-string"),
        ("percent2021", "bib.percent-entry"),
        ("review2021", "bib.pooled-missing"),
        ("unused2021", "bib.design-missing"), ("unused2021", "bib.duplicate-key"),
        ("unused2021", "bib.missing-field"),
    ]
    shown = {(d["entries"][0] if d.get("entries") else None, d["code"])
             for d in data["diagnostics"]}
    # Reported whether cited or not: a placeholder left by `refs add`, a broken block.
    assert (None, "bib.design-placeholder") in shown and (None, "bib.parse-error") in shown
    lint = invoke("refs", "--lint", "--root", str(root)).stdout
    assert all(f"entry '{key}'" in lint or f"key '{key}'" in lint
               for key, _ in uncited)


def test_listed_setting_names_and_checks_every_entry():
    result = invoke("check", str(SITES / "bib_uncited_listed"))
    assert "warning[bib.unused]: reference 'unused2021' is not cited by any claim" in result.stdout
    assert "warning[bib.design-missing]: entry 'unused2021' has no study design" in result.stdout
    assert "references are not cited" not in result.stdout
