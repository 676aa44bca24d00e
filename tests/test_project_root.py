"""Commands find their project by walking up from the working folder, or exit 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencekit.cli import main
from evidencekit.project_root import find_project

CLEAN = Path(__file__).parent / "sites" / "check_clean"
MKDOCS_WITH_PLUGIN = "site_name: t\ndocs_dir: content\nsite_url: !ENV SITE_URL\nplugins:\n  - search\n  - evidence\n"


def evidence(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(CLEAN, root, ignore=shutil.ignore_patterns("expected.txt"))
    (root / "mkdocs.yml").write_text(MKDOCS_WITH_PLUGIN, encoding="utf-8")
    return root


def test_check_from_a_sub_folder_checks_the_project_above(project, monkeypatch):
    monkeypatch.chdir(project / "content" / "topics" / "sleep" / "claims")
    result = evidence("check", "--strict")
    assert (result.exit_code, result.stdout) == (0, "0 errors, 0 warnings\n")


def test_the_walk_finds_evidence_yml_too(project, monkeypatch):
    (project / "mkdocs.yml").unlink()
    (project / "evidence.yml").write_text("freshness_months: 24\n", encoding="utf-8")
    monkeypatch.chdir(project / "references")
    assert find_project(Path.cwd()) == project
    assert evidence("check").exit_code == 0


@pytest.mark.parametrize("args", [("check",), ("check", "."), ("export",), ("refs",),
                                  ("refs", "add", "--pmid", "1"), ("new", "topic", "tea"),
                                  ("new", "claim", "sleep/x"), ("due",), ("reviewed", "sleep"),
                                  ("diff", "main")])
def test_outside_any_project_every_command_exits_2_saying_what_it_looked_for(tmp_path, monkeypatch,
                                                                              args):
    # a mkdocs.yml without the evidence plugin is some other site, not a project
    (tmp_path / "mkdocs.yml").write_text("site_name: other\nplugins:\n  - search\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    result = evidence(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"evidence: no evidence project here: looked in '{tmp_path / 'sub'}' "
                                    "and every folder above it for evidence.yml, or a mkdocs.yml "
                                    "whose plugins include 'evidence'\n")
    assert list(tmp_path.rglob("content")) == []  # nothing was written


def test_new_topic_from_a_sub_folder_writes_into_the_projects_content(project, monkeypatch):
    monkeypatch.chdir(project / "content" / "topics" / "sleep")
    result = evidence("new", "topic", "tea")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Wrote content/topics/tea/topic.yml\n")
    assert (project / "content/topics/tea/topic.yml").is_file()
    assert not (project / "content/topics/sleep/content").exists()


def test_an_explicit_folder_is_used_as_given(project, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not a project
    (project / "mkdocs.yml").unlink()  # nor is the named folder marked as one
    assert evidence("check", str(project), "--strict").exit_code == 0
    assert evidence("refs", "--root", str(project)).exit_code == 0
    # ... and a named folder holding no project is still caught, by topic.none
    (tmp_path / "empty").mkdir()
    result = evidence("check", str(tmp_path / "empty"))
    assert result.exit_code == 1
    assert "error[topic.none]" in result.stdout


def test_a_mkdocs_yml_naming_the_plugin_in_a_mapping_or_with_options_is_found(tmp_path):
    for text in ("plugins:\n  search: {}\n  evidence: {}\n",
                 "plugins:\n  - evidence:\n      macros_dir: macros\n",
                 "emoji_index: !!python/name:material.extensions.emoji.twemoji\nplugins: [evidence]\n"):
        (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
        assert find_project(tmp_path / "a" / "b") == tmp_path, text
    (tmp_path / "mkdocs.yml").write_text("plugins: [search]\n", encoding="utf-8")
    assert find_project(tmp_path) != tmp_path
