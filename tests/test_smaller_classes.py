"""Issue 12, the smaller classes: text output that content cannot break into lines,
ids matched whole, bidi controls, look-alike and userinfo URLs, symlink loops, CSV
neutralisation, misplaced files under content/topics/ and leftover build folders."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from evidencekit.cli import CI_NOTE, main
from evidencekit.diagnostics import Diagnostic, Loc, Severity, printable

SITES = Path(__file__).parent / "sites"
BASE = SITES / "schema_unknown_field"
CLAIM = "content/topics/sleep/claims/chamomile.yml"
TOPIC = "content/topics/sleep/topic.yml"


def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(BASE, root)
    (root / "expected.txt").unlink()
    text = (root / CLAIM).read_text(encoding="utf-8").replace("caveat:\n  - typo\n", "")
    (root / CLAIM).write_text(text, encoding="utf-8")
    return root


def check(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout + result.stderr


def assert_lines_safe(output: str) -> None:
    """Every line is a diagnostic (starting with its path), a hint, or the summary."""
    lines = output.rstrip("\n").split("\n")
    if lines[-1] == CI_NOTE:  # after the count, when there are warnings
        lines.pop()
    for line in lines[:-1]:
        assert line.startswith(("content/", "references/", "evidence.yml", "  hint: ")), line
    assert "error" in lines[-1] and "warning" in lines[-1]


def test_base_project_is_clean(tmp_path):
    code, out = check(project(tmp_path))
    assert code == 0, out


# --- text output -------------------------------------------------------------------


def test_printable_escapes_newlines_controls_and_invisible_characters():
    assert printable("plain ’é text") == "plain ’é text"
    assert printable("a\nb\r\tc\x1b[31m") == "a\\nb\\r\\tc\\x1b[31m"
    assert printable("zero\u200bwidth") == "zero\\u200bwidth"
    assert printable("\u202eevil") == "\\u202eevil"
    assert printable("nb\u00a0sp") == "nb\\xa0sp"
    assert printable("\u2028\u2029\ufeff") == "\\u2028\\u2029\\ufeff"


def test_a_diagnostic_is_one_line_plus_its_hint_whatever_the_content():
    d = Diagnostic(Loc("content/x.yml", 2, 3), Severity.ERROR, "schema.unknown-field",
                   "unknown field 'a\n::error file=x::pwned' in claim", "did you mean\n::warning::x")
    lines = d.format().split("\n")
    assert lines == [
        "content/x.yml:2:3: error[schema.unknown-field]: unknown field "
        "'a\\n::error file=x::pwned' in claim",
        "  hint: did you mean\\n::warning::x",
    ]


def test_a_yaml_key_with_a_newline_cannot_start_a_line(tmp_path):
    root = project(tmp_path)
    with (root / CLAIM).open("a", encoding="utf-8") as fh:
        fh.write('"x\\n::error file=a.py,line=1::pwned": 1\n"zero\\u200bwidth": 2\n')
    code, out = check(root)
    assert code == 1
    assert_lines_safe(out)
    assert "'x\\n::error file=a.py,line=1::pwned'" in out
    assert "'zero\\u200bwidth'" in out
    assert "\n::" not in out


def test_content_starting_with_a_workflow_command_is_escaped(tmp_path):
    root = project(tmp_path)
    text = (root / CLAIM).read_text(encoding="utf-8")
    text = text.replace("verdict: mixed", 'verdict: "\\n::error::fake\\r\\n::add-mask::x"')
    (root / CLAIM).write_text(text, encoding="utf-8")
    code, out = check(root)
    assert code == 1
    assert_lines_safe(out)
    assert "'::error::fake ::add-mask::x'" in out and "\n::" not in out


# --- ids matched whole -------------------------------------------------------------


def test_an_id_with_a_trailing_newline_is_not_an_id(tmp_path):
    root = project(tmp_path)
    (root / CLAIM).rename(root / "content/topics/sleep/claims/chamomile\n.yml")
    code, out = check(root)
    assert code == 1
    assert "error[claim.id]: claim id 'chamomile\\n' (the file name) is not a valid id" in out
    assert_lines_safe(out)


def test_a_topic_folder_with_a_trailing_newline_is_not_an_id(tmp_path):
    root = project(tmp_path)
    (root / "content/topics/sleep").rename(root / "content/topics/sleep\n")
    code, out = check(root)
    assert code == 1
    assert "error[claim.id]: topic folder name 'sleep\\n' is not a valid id" in out
    assert_lines_safe(out)


def test_patterns_in_schema_are_matched_whole():
    from evidencekit.schema import ID_RE, KEY_RE, _DATE_RE
    from evidencekit.yamlload import plain_scalar

    assert ID_RE.fullmatch("kratom") and not ID_RE.fullmatch("kratom\n")
    assert KEY_RE.fullmatch("adib2019") and not KEY_RE.fullmatch("adib2019\n")
    assert not _DATE_RE.fullmatch("2026-01-01\n")
    assert plain_scalar("12\n") == "12\n"


def test_tags_with_a_trailing_newline_are_refused(tmp_path):
    root = project(tmp_path)
    with (root / CLAIM).open("a", encoding="utf-8") as fh:
        fh.write('tags: ["sleep\\n"]\n')
    code, out = check(root)
    assert code == 1
    assert "schema.type" in out
    assert_lines_safe(out)


# --- CSV neutralisation ------------------------------------------------------------


def test_csv_cells_are_defused_after_whitespace_and_in_full_width():
    import csv
    import io

    from evidencekit import export

    for text in ("=1+1", " =1", "\u00a0=1", "\u3000=1", "\u2003+1", "\u200b=1", "\t=1", "\r=1",
                 "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20SUM(A1)", "|cmd", ";=1+1", " ;=1",
                 "%x", "\n=1", "-x", "@x"):
        assert export._cell(text) == "'" + text, repr(text)
    for text in ("plain", "a=b", "1-2", "", None, "café = 1"):
        assert not export._cell(text).startswith("'"), repr(text)
    rows = [{**{f: None for f in export.FIELDS}, "claim": "a;=1+1", "summary": "\u00a0=HYPERLINK()",
             "sources": [], "caveats": ["x\ty"], "id": "a", "downgrades": [], "upgrades": []}]
    text = export.to_csv(rows)
    assert '"a;=1+1"' in text and "\"x\ty\"" in text
    line = next(csv.DictReader(io.StringIO(text)))
    assert (line["claim"], line["summary"], line["caveats"]) == ("a;=1+1", "'\u00a0=HYPERLINK()", "x\ty")


# --- bidi controls -----------------------------------------------------------------


def test_bidi_controls_are_refused_in_every_text_field(tmp_path):
    root = project(tmp_path)
    for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c":
        text = (BASE / CLAIM).read_text(encoding="utf-8").replace("caveat:\n  - typo\n", "")
        text = text.replace("small.", f"small{ch}.")
        (root / CLAIM).write_text(text, encoding="utf-8")
        code, out = check(root)
        assert code == 1, repr(ch)
        assert f"error[schema.bidi]: 'summary' holds a bidirectional control character (U+{ord(ch):04X}" in out
        assert ch not in out


# --- look-alike and userinfo URLs --------------------------------------------------


def test_userinfo_and_look_alike_hosts_are_refused_by_the_schema_and_safe_url():
    from evidencekit.render.citations import safe_url
    from evidencekit.schema import url_host_problem

    refused = ["https://user@example.org/", "https://user:pw@example.org/",
               "https://who.int@evil.example/", "https://a\\@evil.example/",
               "https://\u0430pple.com/", "https://xn--pple-43d.com/", "https://EXAMPLE.XN--P1AI/",
               "https://%D0%B0pple.com/", "https://evil\u3002com/", "https://host:99999999/"]
    for url in refused:
        assert url_host_problem(url), url
        assert safe_url(url) is None, url
        assert safe_url(url.replace("@", "&#64;")) is None, url
    for url in ("https://example.org/a?b=c@d", "http://example.org:8080/x#@y", "https://doi.org/10.1/x"):
        assert url_host_problem(url) is None, url
        assert safe_url(url) == url


def test_a_bibtex_url_with_userinfo_is_not_linked():
    from evidencekit.render.citations import safe_url

    assert safe_url("https://pubmed.ncbi.nlm.nih.gov@evil.example/1/") is None
    assert safe_url("https://pubmed.ncbi.nlm.nih.gov/1/") == "https://pubmed.ncbi.nlm.nih.gov/1/"


# --- symlink loops -----------------------------------------------------------------


def test_symlink_loops_are_file_diagnostics_never_a_traceback(tmp_path):
    root = project(tmp_path)
    topics = root / "content/topics"
    (topics / "sleep/claims/a.yml").symlink_to("b.yml")
    (topics / "sleep/claims/b.yml").symlink_to("a.yml")
    (topics / "loop1").symlink_to("loop2")
    (topics / "loop2").symlink_to("loop1")
    (topics / "self").symlink_to("self")
    (topics / "sleep/topic.yaml").symlink_to("topic.yaml")
    (topics / "tea").mkdir()
    (topics / "tea/claims").symlink_to("claims")
    code, out = check(root)
    assert code == 1
    assert "Traceback" not in out
    for path in ("sleep/claims/a.yml", "sleep/claims/b.yml", "loop1", "loop2", "self",
                 "sleep/topic.yaml", "tea/claims"):
        name = path.rsplit("/", 1)[-1]
        assert (f"content/topics/{path}:1:1: error[file.unreadable]: '{name}' is a symbolic link "
                "that is a loop; it was not read") in out, path
    assert_lines_safe(out)


def test_a_topic_folder_linked_to_itself_is_not_walked_forever(tmp_path):
    root = project(tmp_path)
    (root / "content/topics/sleep/claims/again").symlink_to("..")
    (root / "content/topics/sleep/more").symlink_to(".")
    code, out = check(root)
    assert "Traceback" not in out
    assert "claims/again:1:1: error[claim.not-yaml]" in out
    assert "content/topics/sleep/more:1:1: warning[topic.unexpected-file]" in out


# --- files under content/topics/ that are not read ---------------------------------


def test_editor_files_are_ignored_silently_everywhere_under_topics(tmp_path):
    from evidencekit.files import editor_file

    for name in (".chamomile.yml.swp", ".x.swo", ".x.swa", "chamomile.yml~", "#chamomile.yml#",
                 ".#chamomile.yml", ".DS_Store", ".gitkeep", ".hidden.yml", "chamomile.yml.bak",
                 "x.swp", ".git"):
        assert editor_file(name), name
    for name in ("chamomile.yml", "swp", "notes.txt", "#x", "x.swpx", "bak", "x.bak.yml",
                 "a.b~c"):
        assert not editor_file(name), name
    root = project(tmp_path)
    for where in ("content/topics/sleep/claims", "content/topics/sleep", "content/topics"):
        for name in (".chamomile.yml.swp", "chamomile.yml~", "#chamomile.yml#", ".DS_Store"):
            (root / where / name).write_text("x", encoding="utf-8")
    (root / "content/topics/sleep/.#topic.yml").symlink_to("user@host.1234")
    code, out = check(root)
    assert "topic.unexpected-file" not in out and "claim.not-yaml" not in out, out


def test_a_page_under_topics_is_left_to_the_docs_check(tmp_path):
    root = project(tmp_path)
    (root / "content/topics/sleep/notes.md").write_text("# notes\n", encoding="utf-8")
    code, out = check(root)
    assert "topic.unexpected-file" not in out


# --- leftover build folders --------------------------------------------------------


def test_a_killed_builds_folders_are_removed_but_a_running_builds_are_not(tmp_path):
    import os
    import subprocess
    import sys
    import time

    from evidencekit.sitedir import AtomicOutput, remove_leftovers

    old = time.time() - 3600
    running = AtomicOutput(str(tmp_path / "site"))  # a build that is still going
    os.utime(running.temp, (old, old))
    dead = tmp_path / "site.building-dead1"
    (dead / "topics").mkdir(parents=True)
    (dead / "index.html").write_text("x", encoding="utf-8")
    stale = tmp_path / "site.old-dead2"
    stale.mkdir()
    young = tmp_path / "site.building-young"
    young.mkdir()
    other = tmp_path / "other.building-x"
    other.mkdir()
    outside = tmp_path / "keep"
    outside.mkdir()
    link = tmp_path / "site.building-link"
    link.symlink_to(outside)
    for p in (dead, stale, other, outside):
        os.utime(p, (old, old))
    os.utime(link, (old, old), follow_symlinks=False)

    # A killed build: its process held the lock and is gone.
    code = ("import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDONLY); "
            "fcntl.flock(fd, fcntl.LOCK_EX); os._exit(9)")
    subprocess.run([sys.executable, "-c", code, str(dead)], check=False)
    os.utime(dead, (old, old))

    removed = remove_leftovers(str(tmp_path), "site")
    assert sorted(removed) == sorted([str(dead), str(stale)])
    assert not dead.exists() and not stale.exists()
    assert young.is_dir() and other.is_dir() and outside.is_dir() and link.is_symlink()
    assert os.path.isdir(running.temp)  # locked by a running build, however old
    running.discard()
    assert not os.path.exists(running.temp)

    second = AtomicOutput(str(tmp_path / "site"))  # the next build cleans as it starts
    second.discard()
    assert young.is_dir()  # under a minute old: another build may have just made it


def test_github_annotations_show_content_escaped_too():
    d = Diagnostic(Loc("content/x.yml", 2, 3), Severity.WARNING, "schema.unknown-field",
                   "unknown field 'a\u200b\n::error::x'", "did you mean 'b'?")
    assert d.format_github() == (
        "::warning file=content/x.yml,line=2,col=3,title=schema.unknown-field::"
        "unknown field 'a\\u200b\\n::error::x'%0Ahint: did you mean 'b'?")


def test_an_invalid_id_gets_the_id_it_most_likely_meant():
    from evidencekit.schema import suggest_id

    assert suggest_id("Valerian_Root") == "valerian-root"
    assert suggest_id("ValerianRoot") == "valerian-root"
    assert suggest_id("Café au lait") == "cafe-au-lait"
    assert suggest_id("2nd-look") is None  # no guess at what should come first
    assert suggest_id("--a--b--") == "a-b"
    assert suggest_id("42") is None and suggest_id("___") is None


def test_plain_check_says_ci_fails_on_its_warnings_and_only_then(tmp_path):
    root = project(tmp_path)
    claim = (root / CLAIM).read_text(encoding="utf-8")
    twice = "  - cite: survey2020users\n    stance: context\n"
    (root / CLAIM).write_text(claim.replace(twice, twice * 2), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 0
    assert "warning[claim.duplicate-citation]" in result.stdout
    assert result.stdout.endswith("0 errors, 1 warning\n")  # tools read the count last
    assert result.stderr == CI_NOTE + "\n"
    for args in (["--strict"], ["--format", "json"], ["--format", "github"]):
        assert CliRunner().invoke(main, ["check", str(root), *args]).stderr == "", args
    (root / CLAIM).write_text(claim, encoding="utf-8")
    assert CliRunner().invoke(main, ["check", str(root)]).stderr == ""
