"""The repository's own files for editors and CI: committed JSON Schemas, VS Code
settings, GitHub workflows, CODEOWNERS, the pull request template and pre-commit."""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from evidencekit.cli import main

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
ALLOWED_ACTIONS = {
    "actions/checkout@v4",
    "actions/setup-python@v5",
    "actions/upload-artifact@v4",
    "actions/configure-pages@v5",
    "actions/upload-pages-artifact@v3",
    "actions/deploy-pages@v4",
    "actions/github-script@v7",
    "actions/download-artifact@v4",
}
# Shell commands a workflow may run besides make targets and documented `evidence`
# and `mkdocs` commands: installing Chromium where the runner lacks it, as .ci/run does,
# and telling a content-only pull request from one that changes code.
SETUP_COMMANDS = {
    "command -v chromium",
    "sudo apt-get update",
    "sudo apt-get install -y chromium",
    "git diff --quiet HEAD^1 HEAD -- . ':!content' ':!references'",
    'echo "code=false" >> "$GITHUB_OUTPUT"',
    'echo "code=true" >> "$GITHUB_OUTPUT"',
}
# The pull request checks CONTRIBUTING.md asks maintainers to make required.
REQUIRED_CHECKS = ["evidence check", "Build the site (preview)", "Tests", "Browser tests"]
MAINTAINED = ["mkdocs.yml", "evidence.yml", "macros/", "src/", ".github/", ".ci/", "Makefile",
              "pyproject.toml", "requirements.lock"]
CONTENT_FILES = ["content/topics/a/claims/b.yml", "content/topics/a/claims/b.yaml",
                 "content/topics/a/topic.yml", "content/topics/a/topic.yaml",
                 "references/kratom.bib"]
NOT_CONTENT = ["README.md", "src/evidencekit/cli.py", "mkdocs.yml", "content/index.md"]


def read(path: str) -> str:
    return (REPO / path).read_text(encoding="utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


# -- JSON Schemas and VS Code ---------------------------------------------------


@pytest.mark.parametrize("kind", ["claim", "topic"])
def test_committed_schema_is_current(kind):
    result = CliRunner().invoke(main, ["schema", kind])
    assert result.exit_code == 0
    assert read(f"schema/{kind}.schema.json") == result.stdout, (
        f"schema/{kind}.schema.json is out of date: run "
        f"`evidence schema {kind} -o schema/{kind}.schema.json` and commit it")


def test_vscode_maps_the_schemas_to_claim_and_topic_files():
    settings = json.loads(read(".vscode/settings.json"))
    schemas = settings["yaml.schemas"]
    assert set(schemas) == {"./schema/claim.schema.json", "./schema/topic.schema.json"}
    for target in schemas:
        assert (REPO / target).is_file()
    claim_globs = schemas["./schema/claim.schema.json"]
    topic_globs = schemas["./schema/topic.schema.json"]
    assert {"content/topics/*/claims/*.yml", "content/topics/*/claims/*.yaml"} <= set(claim_globs)
    assert "content/topics/*/topic.yml" in topic_globs
    claims = sorted(p.relative_to(REPO).as_posix()
                    for p in REPO.glob("content/topics/*/claims/*.y*ml"))
    topics = sorted(p.relative_to(REPO).as_posix() for p in REPO.glob("content/topics/*/topic.y*ml"))
    assert claims and topics
    for path in claims:
        assert any(fnmatch.fnmatch(path, g) for g in claim_globs), path
        assert not any(fnmatch.fnmatch(path, g) for g in topic_globs), path
    for path in topics:
        assert any(fnmatch.fnmatch(path, g) for g in topic_globs), path


def test_vscode_recommends_the_yaml_extension():
    assert "redhat.vscode-yaml" in json.loads(read(".vscode/extensions.json"))["recommendations"]


# -- GitHub workflows -------------------------------------------------------------


def workflow(name: str) -> dict:
    data = yaml.safe_load(read(f".github/workflows/{name}"))
    assert isinstance(data, dict)
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def steps(data: dict):
    for job_name, job in data["jobs"].items():
        for step in job["steps"]:
            yield job_name, step


def makefile_targets() -> set[str]:
    return set(re.findall(r"^([A-Za-z][\w-]*):(?!=)", read("Makefile"), re.M))


def shell_commands(script: str) -> list[str]:
    """The simple commands of a `run:` script, split at newlines, &&, ||, ; and braces."""
    out = []
    for line in script.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        out += [part.strip() for part in re.split(r"&&|\|\||;|(?<!\S)[{}](?!\S)", line)
                if part.strip()]
    return out


def check_evidence_command(words: list[str]) -> None:
    """The words name a real `evidence` command with options it accepts."""
    command: click.Command = main
    rest = list(words)
    # Each command's context under its parent's, as the real command line makes it: click
    # caches a command's help option on first use, and without the group's settings that
    # would drop `-h` for every later test.
    ctx = click.Context(main, info_name="evidence", **main.context_settings)
    while isinstance(command, click.Group):
        assert rest, f"`evidence {' '.join(words)}` names no command"
        name = rest.pop(0)
        assert name in command.commands, f"`evidence {name}` is not a command"
        if command is not main:
            ctx = click.Context(command, info_name=name, parent=ctx)
        command = command.commands[name]
    command.make_context(name, rest, parent=ctx)  # raises click.UsageError for an unknown option


WORKFLOW_FILES = sorted(p.name for p in WORKFLOWS.glob("*.y*ml"))


def test_the_workflows_exist():
    assert WORKFLOW_FILES == ["deploy.yml", "due.yml", "pr.yml"]


@pytest.mark.parametrize("name", WORKFLOW_FILES)
def test_workflow_uses_only_allowed_actions(name):
    for job, step in steps(workflow(name)):
        assert ("uses" in step) != ("run" in step), (job, step)
        if "uses" in step:
            assert step["uses"] in ALLOWED_ACTIONS, (job, step["uses"])


@pytest.mark.parametrize("name", WORKFLOW_FILES)
def test_workflow_runs_only_documented_commands(name):
    targets = makefile_targets()
    readme = flat(read("README.md"))
    for job, step in steps(workflow(name)):
        for command in shell_commands(step.get("run", "")):
            words = shlex.split(command)
            if words[0] == "make":
                goals = [w for w in words[1:] if not w.startswith("-")]
                assert goals and set(goals) <= targets, (job, command)
                for goal in goals:
                    assert f"make {goal}" in readme, f"`make {goal}` is not in README.md"
            elif words[0] in ("evidence", ".venv/bin/evidence"):
                check_evidence_command(words[1:])
                assert "evidence " + " ".join(words[1:]) in readme, \
                    f"`{command}` is not documented in README.md"
            elif words[0] in ("mkdocs", ".venv/bin/mkdocs"):
                assert "mkdocs " + " ".join(words[1:]) in readme, command
            else:
                assert command in SETUP_COMMANDS, (job, command)


def test_pr_workflow_checks_builds_tests_and_uploads_a_preview():
    data = workflow("pr.yml")
    assert set(data["on"]) == {"pull_request"}  # never pull_request_target
    assert data["permissions"] == {"contents": "read"}
    runs = [s.get("run", "") for _, s in steps(data)]
    assert "make check" in runs
    assert ".venv/bin/evidence check --format github --strict" in runs
    assert "make site" in runs and "make preview" in runs
    assert "make test-fast" in runs and "make test-browser" in runs
    assert runs.index(".venv/bin/evidence verify-site site") == runs.index("make site") + 1
    chromium = runs.index(next(r for r in runs if "apt-get install -y chromium" in r))
    assert chromium < runs.index("make test-browser")
    uploads = {s["with"]["name"]: s["with"]["path"].rstrip("/")
               for _, s in steps(data) if s.get("uses") == "actions/upload-artifact@v4"}
    assert uploads == {"site-preview": "site-preview", "evidence-diff": "diff.md"}
    for name, job in data["jobs"].items():
        python = [s for s in job["steps"] if s.get("uses") == "actions/setup-python@v5"]
        if name in ("comment", "changes"):
            assert not python  # neither installs nor runs the project
            continue
        assert python and python[0]["with"]["python-version"] == "3.11"


def test_pr_workflow_the_checks_to_make_required_are_its_jobs():
    names = [job["name"] for job in workflow("pr.yml")["jobs"].values()]
    assert set(REQUIRED_CHECKS) <= set(names)
    contributing = flat(read("CONTRIBUTING.md"))
    for check in REQUIRED_CHECKS:
        assert f"`{check}`" in contributing, check


def test_pr_workflow_only_the_comment_job_can_write_and_it_runs_no_project_code():
    jobs = workflow("pr.yml")["jobs"]
    writers = {name: job["permissions"] for name, job in jobs.items() if "permissions" in job}
    assert writers == {"comment": {"pull-requests": "write"}}
    comment = jobs["comment"]
    assert [s.get("uses") for s in comment["steps"]] == ["actions/download-artifact@v4",
                                                         "actions/github-script@v7"]
    # forks get a read-only token: their pull requests are left out rather than failing
    assert "github.event.pull_request.head.repo.full_name == github.repository" in comment["if"]
    script = comment["steps"][1]["with"]["script"]
    assert "<!-- evidence-diff -->" in script and "updateComment" in script


def test_pr_workflow_writes_the_evidence_diff_to_the_summary():
    check = workflow("pr.yml")["jobs"]["check"]
    runs = [s.get("run", "") for s in check["steps"]]
    diff = next(s for s in check["steps"] if "evidence diff" in s.get("run", ""))
    assert diff["run"] == ".venv/bin/evidence diff origin/$BASE_REF --format markdown -o diff.md"
    assert diff["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert "!cancelled()" in diff["if"]  # the changes show even when the check fails
    assert runs.index("make check") < runs.index(diff["run"])
    summary = next(s for s in check["steps"] if "core.summary" in s.get("with", {}).get("script", ""))
    assert "diff.md" in summary["with"]["script"]


def test_pr_workflow_skips_the_browser_suite_only_for_content():
    jobs = workflow("pr.yml")["jobs"]
    assert jobs["browser"]["needs"] == "changes"
    assert jobs["browser"]["if"] == "${{ !cancelled() && needs.changes.outputs.code != 'false' }}"
    assert "make test-fast" in [s.get("run") for s in jobs["test"]["steps"]]
    assert "if" not in jobs["test"]


@pytest.mark.parametrize("name", WORKFLOW_FILES)
def test_workflow_caches_pip_on_the_lock_file(name):
    for job, step in steps(workflow(name)):
        if step.get("uses") == "actions/setup-python@v5":
            assert step["with"]["cache"] == "pip", job
            assert step["with"]["cache-dependency-path"] == "requirements.lock", job


@pytest.mark.parametrize("name", ["deploy.yml", "pr.yml"])
def test_workflow_checks_out_full_history_where_it_reads_history(name):
    for job_name, job in workflow(name)["jobs"].items():
        runs = " ".join(s.get("run", "") for s in job["steps"])
        if not any(t in runs for t in ("make site", "make test", "evidence diff", "make preview")):
            continue
        checkout = next(s for s in job["steps"] if s.get("uses") == "actions/checkout@v4")
        assert checkout["with"]["fetch-depth"] == 0, (name, job_name)


def test_deploy_workflow_publishes_main_on_github_pages():
    data = workflow("deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert "pull_request" not in data["on"] and "pull_request_target" not in data["on"]
    uses = [s.get("uses") for _, s in steps(data)]
    for action in ("actions/configure-pages@v5", "actions/upload-pages-artifact@v3",
                   "actions/deploy-pages@v4"):
        assert action in uses
    runs = [s.get("run") for _, s in steps(data) if "run" in s]
    assert runs[:2] == ["make check", "make site"]
    assert runs.index(".venv/bin/evidence verify-site site") == runs.index("make site") + 1
    deploy = data["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["needs"] == "build"
    upload = next(s for _, s in steps(data) if s.get("uses") == "actions/upload-pages-artifact@v3")
    assert upload["with"]["path"].rstrip("/") == "site"


def test_deploy_workflow_builds_with_the_address_configure_pages_reads():
    build = workflow("deploy.yml")["jobs"]["build"]
    # configure-pages reads the Pages site: read access to Pages, and nothing to write
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    names = [s.get("uses") or s.get("run") for s in build["steps"]]
    pages = next(s for s in build["steps"] if s.get("uses") == "actions/configure-pages@v5")
    site = next(s for s in build["steps"] if s.get("run") == "make site")
    assert names.index(pages["uses"]) < names.index("make site")
    assert site["env"]["SITE_URL"] == "${{ steps.%s.outputs.base_url }}/" % pages["id"]
    assert "!ENV SITE_URL" in read("mkdocs.yml")


def test_due_workflow_keeps_one_issue_of_reviews_due():
    data = workflow("due.yml")
    assert set(data["on"]) == {"schedule", "workflow_dispatch"}
    assert data["permissions"] == {"contents": "read"}
    (job,) = data["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    assert ".venv/bin/evidence due --within 1m --format markdown -o due.md" in runs
    assert ".venv/bin/evidence due --within 1m --format json -o due.json" in runs
    script = next(s for s in job["steps"] if s.get("uses") == "actions/github-script@v7")
    code = script["with"]["script"]
    assert "'Evidence due for review'" in code and "<!-- evidence-due -->" in code
    assert "issues.update" in code and "issues.create" in code and "'closed'" in code


# -- CODEOWNERS and the pull request template ---------------------------------------


def test_codeowners_asks_a_maintainer_for_everything_that_runs_code():
    rules = {}
    for line in read(".github/CODEOWNERS").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *owners = line.split()
            rules[pattern.lstrip("/")] = owners
    for path in MAINTAINED:
        assert rules.get(path) == ["@evidencekit/maintainers"], path
    assert not any(p.startswith(("content", "references")) for p in rules)


def test_pull_request_template_holds_the_reviewers_checklist():
    template = read(".github/pull_request_template.md")
    contributing = read("CONTRIBUTING.md")
    assert template.count("- [ ]") >= 10
    for heading in ("Sources", "Verdict and grade", "Harms and readers", "Code and configuration"):
        assert heading in template
        assert f"**{heading}**" in contributing
    for phrase in ("describe", "publisher's, PubMed's or a registry's page", "same space",
                   "CODEOWNERS", "site-preview"):
        assert phrase in template


# -- pre-commit -------------------------------------------------------------------------


def test_pre_commit_hook_for_other_repositories():
    hooks = yaml.safe_load(read(".pre-commit-hooks.yaml"))
    hook = next(h for h in hooks if h["id"] == "evidence-check")
    assert hook["entry"] == "evidence check --strict"
    check_evidence_command(hook["entry"].split()[1:])
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert all(files.search(p) for p in CONTENT_FILES)
    assert not any(files.search(p) for p in NOT_CONTENT)


def test_pre_commit_config_runs_the_same_check_locally():
    config = yaml.safe_load(read(".pre-commit-config.yaml"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    hook = next(h for h in repo["hooks"] if h["id"] == "evidence-check")
    assert hook["pass_filenames"] is False
    hooks = yaml.safe_load(read(".pre-commit-hooks.yaml"))
    assert hook["files"] == next(h for h in hooks if h["id"] == "evidence-check")["files"]
    # `make check` makes the pinned .venv if needed, then runs `evidence check --strict`
    words = hook["entry"].split()
    assert words == ["make", "check"] and "check" in makefile_targets()
    recipe = re.search(r"^check:.*\n((?:\t.*\n)+)", read("Makefile"), re.M).group(1)
    assert "/evidence check --strict" in recipe
