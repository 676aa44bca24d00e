"""The editor's path, end to end, and the tools on it: `evidence new` and `evidence refs`.

The walk runs on a copy of the tiny clean project tests/sites/check_clean: scaffold
a claim, see `evidence check` name every placeholder with its line, fill the claim
in, see the check pass, and build the site with MkDocs to find the new card on its
topic page.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from evidencekit.cli import main
from evidencekit.schema import CLAIM, TOPIC, is_placeholder

REPO = Path(__file__).resolve().parent.parent
CLEAN = Path(__file__).parent / "sites" / "check_clean"
EPOCH = "1780272000"  # 2026-06-01: after check_clean's review dates, before they are stale
TODAY = "2026-06-01"

VALERIAN_BIB = """
@article{bent2006valerian,
  author  = {Bent, S. and Padula, A. and Moore, D. and Patterson, M. and Mehling, W.},
  title   = {Valerian for sleep: a systematic review and meta-analysis},
  journal = {The American Journal of Medicine},
  year    = {2006},
  design  = {systematic-review, meta-analysis},
  pooled  = {randomised-trial},
}
"""

MKDOCS_YML = """\
site_name: Editor path
docs_dir: content
site_dir: site
theme:
  name: material
  font: false
plugins:
  - search
  - evidence
"""

# What `evidence check` must say about a claim just written by `evidence new claim`:
# every placeholder, by name, with its line and column.
PLACEHOLDERS = """\
content/topics/sleep/claims/valerian.yml:7:8: error[schema.placeholder]: 'claim' is still a placeholder: 'TODO: the claim as it was made, restated neutrally.'
  hint: replace it with real content
content/topics/sleep/claims/valerian.yml:15:7: error[schema.placeholder]: 'type' is still a placeholder: 'TODO (efficacy, safety, mechanism, regulatory, other)'
  hint: replace it with real content
content/topics/sleep/claims/valerian.yml:18:10: error[schema.placeholder]: 'verdict' is still a placeholder: 'TODO (supported, mixed, unsupported, contradicted, lacks-co…'
  hint: replace it with real content
content/topics/sleep/claims/valerian.yml:21:8: error[schema.placeholder]: 'grade' is still a placeholder: 'TODO (high, moderate, low, very-low)'
  hint: replace it with real content
content/topics/sleep/claims/valerian.yml:24:10: error[schema.placeholder]: 'summary' is still a placeholder: 'TODO: what the evidence shows, in plain words matching the …'
  hint: replace it with real content
content/topics/sleep/claims/valerian.yml:29:11: error[schema.placeholder]: 'cite' is still a placeholder: 'TODO-bibtex-key'
  hint: replace it with real content
content/topics/sleep/claims/valerian.yml:30:13: error[schema.placeholder]: 'stance' is still a placeholder: 'TODO (supports, contradicts, mixed, context)'
  hint: replace it with real content
content/topics/sleep/claims/valerian.yml:40:5: error[schema.placeholder]: 'caveats' item 1 is still a placeholder: 'TODO: what a reader must know before acting on it.'
  hint: replace it with real content
references/library.bib:34:1: note[bib.unused]: 1 reference is not cited
8 errors, 0 warnings, 1 note
"""

FILLED = f"""\
# yaml-language-server: $schema=../../../../schema/claim.schema.json
claim: >-
  Valerian root helps you fall asleep faster.
short: Valerian helps you fall asleep
type: efficacy
verdict: mixed
grade: low
summary: >-
  Valerian may improve sleep quality a little, but the trials are small and
  their results disagree.
evidence:
  - cite: bent2006valerian
    stance: mixed
    note: >-
      Pooled trials suggested better sleep quality, with signs of publication
      bias.
caveats:
  - Most trials were small and short.
downgrades:
  - domain: inconsistency
    reason: The trials' results disagree.
  - domain: imprecision
    reason: Few and small trials.
reviewed: {TODAY}
"""


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the clean fixture project, with a valerian reference added."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = tmp_path / "project"
    shutil.copytree(CLEAN, root, ignore=shutil.ignore_patterns("expected.txt"))
    with open(root / "references" / "library.bib", "a", encoding="utf-8") as bib:
        bib.write(VALERIAN_BIB)
    return root


def evidence(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def mkdocs_build(root: Path) -> subprocess.CompletedProcess:
    """The real build, as `make site` runs it: `mkdocs build --strict` in the project, with
    the MkDocs of the Python running the tests (the project's .venv under `make test`)."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                          capture_output=True, text=True, env=dict(os.environ), timeout=300)


# -- the walk -----------------------------------------------------------------


def test_editor_path_from_scaffold_to_card_on_the_site(project):
    # 1. scaffold (the reference the editor will cite is already in the library)
    result = evidence("new", "claim", "sleep/valerian", "--root", str(project))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Wrote content/topics/sleep/claims/valerian.yml\n")
    claim_file = project / "content/topics/sleep/claims/valerian.yml"
    text = claim_file.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../../schema/claim.schema.json\n")
    assert f"\nreviewed: {TODAY}\n" in text

    # 2. the check fails, naming each placeholder with its line
    result = evidence("check", str(project))
    assert result.exit_code == 1
    assert result.stdout == PLACEHOLDERS

    # 3. fill it in; the check passes, strictly
    claim_file.write_text(FILLED, encoding="utf-8")
    result = evidence("check", str(project), "--strict")
    assert result.stdout == "0 errors, 0 warnings\n"
    assert result.exit_code == 0

    # 4. the site builds, with the new claim's card on its topic page
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (project / "content" / "index.md").write_text("# Editor path\n", encoding="utf-8")
    build = mkdocs_build(project)
    assert build.returncode == 0, build.stderr
    page = (project / "site/topics/sleep/index.html").read_text(encoding="utf-8")
    assert re.findall(r'data-claim-id="([^"]+)"', page) == ["chamomile", "valerian"]
    assert "Valerian helps you fall asleep" in page


def test_a_half_filled_claim_still_names_what_is_left(project):
    evidence("new", "claim", "sleep/valerian", "--root", str(project))
    claim_file = project / "content/topics/sleep/claims/valerian.yml"
    text = claim_file.read_text(encoding="utf-8")
    # the editor picks a stance but forgets the key: it is a placeholder, not an unknown key
    text = text.replace("stance: TODO (supports, contradicts, mixed, context)", "stance: mixed")
    claim_file.write_text(text, encoding="utf-8")
    out = evidence("check", str(project)).stdout
    assert ("content/topics/sleep/claims/valerian.yml:29:11: error[schema.placeholder]: "
            "'cite' is still a placeholder: 'TODO-bibtex-key'") in out
    assert "citation.unknown-key" not in out
    assert "stance" not in out


def test_a_key_that_starts_with_todo_is_not_a_placeholder():
    assert is_placeholder("TODO-bibtex-key")
    assert is_placeholder("todo: later")
    assert is_placeholder("  TODO (a, b)")
    assert not is_placeholder("todorov2015sleep")
    assert not is_placeholder("Today's claim")


# -- evidence new ---------------------------------------------------------------


def uncomment_optional(text: str) -> str:
    """What an editor gets by removing '# ' from every optional field (explanations dropped)."""
    out, in_optional = [], False
    for line in text.splitlines():
        body = line.lstrip()
        indent = line[: len(line) - len(body)]
        if body.startswith("# Optional:"):
            in_optional = True
        elif body.startswith("# ") and in_optional:
            out.append(indent + body[2:])
        elif not body.startswith("#"):
            in_optional = in_optional and body != ""
            out.append(line)
    return "\n".join(out) + "\n"


def _written_fields(text: str) -> set[str]:
    """Field names written in a scaffold, commented out or not, at any depth."""
    return set(re.findall(r"^[ #]*(?:- )?([a-z_]+):", text, re.M))


def test_new_claim_writes_every_field_and_optional_ones_commented(project):
    evidence("new", "claim", "sleep/valerian", "--root", str(project))
    text = (project / "content/topics/sleep/claims/valerian.yml").read_text(encoding="utf-8")
    written = _written_fields(text)
    for name, field in CLAIM.fields.items():
        assert name in written, name
        # required fields are live YAML; optional ones are commented out under an explanation
        live = re.search(rf"^{name}:", text, re.M) is not None
        assert live == field.required, name
        if not field.required:
            assert re.search(rf"^# Optional: .+\n# {name}:", text, re.M), name
    for name in ("cite", "stance", "note"):
        assert name in written
    # uncommenting every optional field gives valid YAML with every field
    data = yaml.safe_load(uncomment_optional(text))
    assert set(data) == set(CLAIM.fields)


def test_new_topic_writes_topic_and_empty_claims_folder(project):
    result = evidence("new", "topic", "tea", "--root", str(project))
    assert result.exit_code == 0, result.output
    folder = project / "content/topics/tea"
    assert sorted(p.name for p in folder.iterdir()) == ["claims", "topic.yml"]
    assert list((folder / "claims").iterdir()) == []
    text = (folder / "topic.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/topic.schema.json\n")
    written = _written_fields(text)
    assert set(TOPIC.fields) <= written
    assert f"\nreviewed: {TODAY}\n" in text
    out = evidence("check", str(project)).stdout
    no_claims = "topic.no-claims"  # until its first claim is added
    assert f"content/topics/tea/topic.yml:1:1: warning[{no_claims}]: topic 'tea' has no claims" in out
    for field in ("title", "question", "bottom_line", "description"):
        assert f"error[schema.placeholder]: '{field}' is still a placeholder" in out


@pytest.mark.parametrize("args, message", [
    (["claim", "sleep/chamomile"],
     "evidence: content/topics/sleep/claims/chamomile.yml already exists; it was not overwritten\n"),
    (["claim", "Sleep/valerian"],
     "evidence: topic 'Sleep' is not a valid id: did you mean 'sleep'? (lower case letters, "
     "digits and hyphens, starting with a letter)\n"),
    (["claim", "sleep/Valerian_Root"],
     "evidence: claim id 'Valerian_Root' is not a valid id: did you mean 'valerian-root'? "
     "(lower case letters, digits and hyphens, starting with a letter)\n"),
    (["claim", "valerian"],
     "evidence: 'valerian' is not TOPIC/ID: write the topic's folder name, a slash and the new "
     "claim's id, e.g. 'sleep/valerian'\n"),
    (["claim", "slep/valerian"],
     "evidence: topic 'slep' does not exist (no content/topics/slep/topic.yml); did you mean "
     "'sleep'?\n  create it first with `evidence new topic slep`\n"),
    (["topic", "sleep"],
     "evidence: content/topics/sleep/topic.yml already exists; it was not overwritten\n"),
    (["topic", "Tea Time"],
     "evidence: topic 'Tea Time' is not a valid id: did you mean 'tea-time'? (lower case "
     "letters, digits and hyphens, starting with a letter)\n"),
    (["topic", "42"],
     "evidence: topic '42' is not a valid id: use lower case letters, digits and hyphens, "
     "starting with a letter (e.g. 'valerian-sleep')\n"),
])
def test_new_refuses_with_a_clear_message(project, args, message):
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    result = evidence("new", *args, "--root", str(project))
    assert result.exit_code == 2
    assert result.stderr == message
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_new_claim_refuses_an_id_used_in_another_topic(project):
    evidence("new", "topic", "tea", "--root", str(project))
    result = evidence("new", "claim", "tea/chamomile", "--root", str(project))
    assert result.exit_code == 2
    assert result.stderr == ("evidence: claim id 'chamomile' is already used by "
                             "content/topics/sleep/claims/chamomile.yml; claim ids are unique "
                             "across topics, so choose another\n")


def test_new_claim_adds_its_id_to_the_topic_order(project):
    topic = project / "content/topics/sleep/topic.yml"
    before = topic.read_text(encoding="utf-8")
    topic.write_text(before + "order:   # cards in this order\n  - chamomile  # first\n",
                     encoding="utf-8")
    result = evidence("new", "claim", "sleep/valerian", "--root", str(project))
    assert result.exit_code == 0
    assert ("  note: 'valerian' was added at the end of `order:` in content/topics/sleep/topic.yml; "
            "move it where the card should appear\n") in result.stdout
    assert topic.read_text(encoding="utf-8") == (
        before + "order:   # cards in this order\n  - chamomile  # first\n  - valerian\n")


def test_new_claim_leaves_a_topic_without_order_alone(project):
    topic = project / "content/topics/sleep/topic.yml"
    before = topic.read_bytes()
    result = evidence("new", "claim", "sleep/valerian", "--root", str(project))
    assert result.exit_code == 0 and "order" not in result.stdout
    assert topic.read_bytes() == before


def test_new_claim_says_when_the_order_cannot_be_edited(project):
    topic = project / "content/topics/sleep/topic.yml"
    topic.write_text(topic.read_text(encoding="utf-8") + "order: chamomile\n", encoding="utf-8")
    before = topic.read_bytes()
    result = evidence("new", "claim", "sleep/valerian", "--root", str(project))
    assert result.exit_code == 0
    assert ("  note: add 'valerian' to `order:` in content/topics/sleep/topic.yml, where the claim "
            "should appear on the page: it could not be added for you (its `order:` is not a "
            "list)\n") in result.stdout
    assert topic.read_bytes() == before


def test_scaffold_points_at_the_committed_schema():
    """In this repository the schema comment resolves to schema/claim.schema.json."""
    from evidencekit.scaffold import _schema_ref

    claim = REPO / "content/topics/kratom-depression/claims/new.yml"
    assert (claim.parent / _schema_ref(claim, REPO, "claim")).resolve() == \
        (REPO / "schema/claim.schema.json").resolve()
    topic = REPO / "content/topics/kratom-depression/topic.yml"
    assert (topic.parent / _schema_ref(topic, REPO, "topic")).resolve() == \
        (REPO / "schema/topic.schema.json").resolve()


# -- evidence refs --------------------------------------------------------------


def test_refs_lists_every_reference_with_its_citations(project):
    result = evidence("refs", "--root", str(project))
    assert result.exit_code == 0
    assert result.stdout == (
        "key               citations  design                            title\n"
        "adib2019sleep             1  randomised-trial                  The effects of chamomile extract on sleep quality\n"
        "bent2006valerian          0  systematic-review, meta-analysis  Valerian for sleep: a systematic review and meta-analysis\n"
        "hieu2019review            1  systematic-review, meta-analysis  Therapeutic efficacy and safety of chamomile for insomnia\n"
        "mouse2015study            1  animal                            Hypnotic activities of chamomile in rats\n"
        "survey2020users           1  cross-sectional-survey            Herbal tea use among adults\n"
        "5 references, 4 cited, 1 unused\n")


def test_refs_unused_lists_only_the_uncited(project):
    result = evidence("refs", "--unused", "--root", str(project))
    assert result.exit_code == 0
    assert result.stdout == (
        "key               citations  design                            title\n"
        "bent2006valerian          0  systematic-review, meta-analysis  Valerian for sleep: a systematic review and meta-analysis\n"
        "1 of 5 references unused\n")
    shutil.copy(CLEAN / "references/library.bib", project / "references/library.bib")
    assert evidence("refs", "--unused", "--root", str(project)).stdout == \
        "no unused references (4 in the library)\n"


def test_refs_key_shows_the_entry_as_the_site_does_and_who_cites_it(project):
    result = evidence("refs", "hieu2019review", "--root", str(project))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "hieu2019review (references/library.bib:9:1)"
    # the site's own citation template, as plain text
    from evidencekit.load import load_project
    from evidencekit.render.citations import format_reference
    from evidencekit.render.environment import call, make_environment
    from markupsafe import Markup

    ref = load_project(project).library.entries["hieu2019review"]
    site_text = Markup(call(make_environment(project), "citation", format_reference(ref))).striptags()
    assert " ".join(" ".join(lines[2:lines.index("", 2)]).split()) == site_text
    assert "Therapeutic efficacy and safety of chamomile for insomnia." in site_text
    assert "design: systematic-review, meta-analysis" in lines
    assert lines[-2:] == ["Cited by 1 claim:",
                          "  sleep/chamomile  mixed        Chamomile helps sleep"]
    assert evidence("refs", "bent2006valerian", "--root", str(project)).stdout.endswith(
        "\nCited by no claim.\n")


def test_refs_unknown_key_exits_2_with_a_hint(project):
    result = evidence("refs", "hieu2019reveiw", "--root", str(project))
    assert result.exit_code == 2
    assert result.stderr == ("evidence: no reference 'hieu2019reveiw' in 'references/library.bib'; "
                             "did you mean 'hieu2019review'?\n")
    result = evidence("refs", "hieu2019review", "--unused", "--root", str(project))
    assert result.exit_code == 2


def test_refs_on_the_real_library_counts_every_citation():
    result = evidence("refs", "--root", str(REPO))
    assert result.exit_code == 0
    rows = result.stdout.splitlines()[1:-1]
    counts = {row.split()[0]: int(row.split()[1]) for row in rows}
    assert counts["yang2024mentalhealth"] >= 1
    assert result.stdout.splitlines()[-1].startswith(f"{len(rows)} references, ")
