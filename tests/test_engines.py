"""The same site on MkDocs, ProperDocs and Zensical (`evidence build --engine`), compared.

The built-in site and a fixture site with two topics and a hand-written page of macros
(tests/sites/engines_site) are built once with each engine, as installed from the pinned
lock (an engine that is missing fails these tests, it does not skip them). Each build must
hold the same claims, anchors, verdicts, certainties, references, ClaimReview data and data
files, and each generated page's HTML as the render stage draws it. A bare `zensical
build`, which runs no MkDocs plugin, must fail rather than publish a site without claims.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencekit.cli import main
from evidencekit.config import today
from evidencekit.engines.process import QUIET
from evidencekit.mkdocs_file import read_mkdocs_yml
from evidencekit.render.environment import make_environment
from evidencekit.render.generated import generated_pages, page_url, render_page
from evidencekit.render.links import Links
from evidencekit.render.pages import Renderer
from evidencekit.validate import check_project
from evidencekit.verify import cards, has_anchor, page_file

pytestmark = pytest.mark.xdist_group("engines")  # the builds are shared, in one worker

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).parent / "sites"
ENGINES = ("mkdocs", "properdocs", "zensical")
EPOCH = "1780272000"  # 2026-06-01: after the fixtures' review dates, before they are stale
PROJECTS = {"builtin": REPO, "engines_site": SITES / "engines_site"}


@pytest.fixture(scope="module")
def env():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        yield mp


def evidence(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def builds(env, tmp_path_factory):
    """(project, engine) -> its built site; each built once for the whole module."""
    out = tmp_path_factory.mktemp("engines")
    sites = {}
    for project, root in PROJECTS.items():
        for engine in ENGINES:
            site = out / project / engine
            result = evidence("build", "--root", root, "--engine", engine, "--strict",
                              "-d", site)
            assert result.exit_code == 0, result.output
            assert result.output.strip().endswith("verified"), result.output
            sites[project, engine] = site
    return sites


# -- what a built site holds ------------------------------------------------------


def _card(html: str, claim_id: str) -> str:
    at = html.index(f'data-claim-id="{claim_id}"')
    return html[at:html.index("</article>", at)]


def facts(project, site: Path) -> dict:
    """What a reader and a machine get from a built site, engine aside."""
    links = Links()
    out: dict = {"topics": {}, "claims": {}, "data": {}}
    for topic in project.topics:
        page = site / page_file(links.topic_url(topic.id))
        html = page.read_text(encoding="utf-8")
        out["topics"][topic.id] = (cards(page), [c.id for c in topic.claims if has_anchor(html, c.id)],
                                   html.count('class="ek-picture"'))
        for claim in topic.claims:
            page = site / page_file(links.claim_url(topic.id, claim.id))
            html = page.read_text(encoding="utf-8")
            card = _card(html, claim.id)
            review = [json.loads(m) for m in re.findall(
                r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
            out["claims"][claim.id] = {
                "cards": cards(page),
                "anchor": has_anchor(html, claim.id),
                "verdict": re.findall(r"ek-verdict--([a-z-]+)", card)[:1],
                "certainty": re.findall(r"ek-grade--([a-z-]+)", card)[:1],
                "claimreview": review,
            }
    references = (site / page_file(links.references_url())).read_text(encoding="utf-8")
    out["references"] = re.findall(r'id="(ref_[^"]+)"', references)
    for path in sorted(site.rglob("claims.*")):
        out["data"][path.relative_to(site).as_posix()] = path.read_bytes()
    return out


@pytest.fixture(scope="module")
def projects(env):
    return {name: check_project(root) for name, root in PROJECTS.items()}


@pytest.mark.parametrize("name", PROJECTS)
def test_every_engine_publishes_the_same_evidence(name, builds, projects):
    project = projects[name]
    reference = facts(project, builds[name, "mkdocs"])
    assert len(reference["claims"]) == len(project.claims) > 0
    for topic in project.topics:
        assert reference["topics"][topic.id][0] == [c.id for c in topic.claims]
        assert reference["topics"][topic.id][2] == 1  # the evidence picture
    for claim in project.claims:
        assert reference["claims"][claim.id]["verdict"] == [claim.verdict]
        assert reference["claims"][claim.id]["certainty"] == [claim.grade]
        assert reference["claims"][claim.id]["claimreview"][0]["@type"] == "ClaimReview"
    assert reference["references"]
    assert {"claims.json", "claims.csv"} <= set(reference["data"])
    for engine in ("properdocs", "zensical"):
        assert facts(project, builds[name, engine]) == reference, engine


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", PROJECTS)
def test_each_generated_page_is_the_render_stage_output(name, engine, builds, projects):
    """Every engine is thin over the same render stage: each topic, claim, references and
    corrections page holds exactly the HTML the stage draws for it (Zensical takes the
    `data-search-exclude` attributes out once it has read them for its search index)."""
    project = projects[name]
    root = PROJECTS[name]
    settings = read_mkdocs_yml(Path(root) / "mkdocs.yml") or {}
    renderer = Renderer(project, make_environment(root), today(),
                        site_name=settings["site_name"], site_url=settings.get("site_url"))
    for uri, what in generated_pages(project).items():
        url = page_url(uri)
        html = (builds[name, engine] / page_file(url)).read_text(encoding="utf-8")
        drawn = str(render_page(what, renderer, Links(url)).html)
        if engine == "zensical":
            drawn = drawn.replace(" data-search-exclude", "")
        assert drawn in html, uri


@pytest.mark.parametrize("engine", ENGINES)
def test_hand_written_macros_are_drawn(engine, builds):
    site = builds["engines_site", engine]
    notes = (site / "notes/index.html").read_text(encoding="utf-8")
    assert cards(site / "notes/index.html") == ["bedtime-tea"]
    assert 'class="ek-verdict ek-verdict--mixed"' in notes and "ek-grade--low" in notes
    assert "{{ topic_list() }}</code>" in notes  # shown as code, from a {% raw %} block
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "{{" not in home and 'href="topics/tea/"' in home  # topic_list()


@pytest.mark.parametrize("engine", ENGINES)
def test_no_source_file_is_published(engine, builds):
    for name in PROJECTS:
        published = [p.name for p in builds[name, engine].rglob("*")
                     if p.suffix.lower() in (".yml", ".yaml", ".bib")]
        assert published == []


def test_nothing_staged_is_left_beside_the_site(builds):
    for site in builds.values():
        assert sorted(p.name for p in site.parent.iterdir()) == list(ENGINES)
        assert not (site / "evidencekit-staged-docs").exists()
        assert not (site / ".cache").exists()


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_engine_banners_are_off(engine, env, tmp_path):
    """Material's end-of-life notice (which `mkdocs build` prints) and ProperDocs' notice are
    turned off by `evidence build` itself, not by the caller's environment."""
    quiet = {k: v for k, v in os.environ.items() if k not in QUIET}
    result = subprocess.run(
        [sys.executable, "-m", "evidencekit.cli", "build", "--engine", engine, "--root",
         str(SITES / "engines_site"), "-d", str(tmp_path / "site")],
        capture_output=True, text=True, check=False, env=quiet)
    assert result.returncode == 0, result.stderr
    assert "end of life" not in result.stderr + result.stdout
    assert "WARNING: MkDocs may break" not in result.stderr + result.stdout
    bare = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                           str(SITES / "engines_site/mkdocs.yml"), "-d", str(tmp_path / "bare")],
                          capture_output=True, text=True, check=False, env=quiet)
    assert "end of life" in bare.stderr  # what is being turned off


# -- a failed build publishes nothing ------------------------------------------------


def copy_project(root: Path, dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "evidence.yml", "content", "references", "macros"):
        if (root / name).is_dir():
            shutil.copytree(root / name, dest / name)
        elif (root / name).is_file():
            shutil.copy(root / name, dest / name)
    return dest


@pytest.mark.parametrize("engine", ENGINES)
def test_a_macro_error_keeps_the_last_good_site(engine, env, builds, tmp_path):
    root = copy_project(SITES / "engines_site", tmp_path / "project")
    site = tmp_path / "site"
    shutil.copytree(builds["engines_site", engine], site)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    notes = root / "content/notes/index.md"
    notes.write_text(notes.read_text(encoding="utf-8").replace(
        'claim("tea/bedtime-tea", level=2)', 'claim("tea/bedtime")'), encoding="utf-8")
    result = evidence("build", "--root", root, "--engine", engine, "-d", site)
    assert result.exit_code == 1
    assert f"the {engine} build failed; the site at {site} was left as it was" in result.output
    if engine == "zensical":  # the others print it through their own log, above
        assert "notes/index.md: " in result.output and "tea/bedtime" in result.output
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_zensical_needs_the_extension_listed(env, tmp_path):
    root = copy_project(SITES / "site_small", tmp_path / "project")
    result = evidence("build", "--root", root, "--engine", "zensical", "-d", tmp_path / "site")
    assert result.exit_code == 1
    assert ("mkdocs.yml: add '- evidencekit.engines.zensical.extension' to "
            "markdown_extensions") in result.output
    assert not (tmp_path / "site").exists()


# -- a bare `zensical build` -----------------------------------------------------------


@pytest.mark.parametrize("name", PROJECTS)
def test_bare_zensical_build_fails_and_publishes_no_source(name, tmp_path):
    """Zensical drops the evidence plugin; the extension stops it, on a cold cache and on
    the warm cache a first run left, and exclude_docs keeps the YAML out of its output."""
    root = copy_project(PROJECTS[name], tmp_path / "project")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    for args in (["-c"], []):
        result = subprocess.run([sys.executable, "-m", "zensical", "build", *args], cwd=root,
                                env=env, capture_output=True, text=True, check=False)
        output = result.stdout + result.stderr
        assert result.returncode != 0, output
        assert "Build it with `evidence build --engine zensical`" in " ".join(output.split())
        site = root / "site"
        assert [p for p in site.rglob("*") if p.suffix in (".yml", ".yaml", ".bib")] == []
        assert list(site.rglob("index.html")) == []


# -- untrusted content on Zensical ---------------------------------------------------


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_zensical_keeps_hostile_content_inert(env, tmp_path):
    """site_hostile (claims, topics and references full of markup and template syntax) and a
    hand-written page with a hostile title and headings, built with Zensical: the static
    scan of the security tests finds nothing, and the strings of Zensical's search index
    (search.json, which its search draws as HTML) are scanned as HTML too."""
    sys.path.insert(0, str(Path(__file__).parent / "security"))
    from scan import scan_html, scan_site

    root = copy_project(SITES / "site_hostile", tmp_path / "project")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "markdown_extensions:\n",
        "markdown_extensions:\n  - evidencekit.engines.zensical.extension\n"), encoding="utf-8")
    (root / "content/hostile.md").write_text(
        "---\ntitle: <img src=x onerror=alert(31)>\ndescription: 'x\" onmouseover=\"alert(32)'\n"
        "---\n\n# <img src=x onerror=alert(33)> heading\n\n## <b onclick=alert(34)>b</b>\n\n"
        "<script>alert(35)</script>\n\n[a](javascript:alert(36))\n", encoding="utf-8")
    site = tmp_path / "site"
    result = evidence("build", "--root", root, "--engine", "zensical", "-d", site)
    assert result.exit_code == 0, result.output
    # search.json is Zensical's index (MkDocs': search/search_index.json), scanned below
    findings = [f for f in scan_site(site).findings if f.file != "search.json"]
    for text in _strings(json.loads((site / "search.json").read_text(encoding="utf-8"))):
        scan_html(text, "search.json", findings)
    assert findings == []
    page = (site / "hostile/index.html").read_text(encoding="utf-8")
    assert "<title>&lt;img src=x onerror=alert(31)&gt;" in page
    assert "alert(35)" not in page and "javascript:" not in page


@pytest.mark.parametrize("engine", ENGINES)
def test_links_to_renamed_ids_on_other_pages_land_on_them(engine, env, tmp_path):
    """A hand-written page's link to an id on another hand-written page (renamed there,
    as `__config` and a claim's id are) gets the renamed fragment on every engine, so it
    lands on the element; a plain id and a claim card's anchor stay as written."""
    root = copy_project(SITES / "engines_site", tmp_path / "project")
    (root / "content/guide.md").write_text(
        "# Guide\n\n## __config\n\n## Limits\n\n<span id=\"chamomile\">c</span>\n", encoding="utf-8")
    (root / "content/notes/reading.md").write_text(
        "# Reading\n\n[config](../guide.md#__config) [claim id](../guide.md#chamomile) "
        "[plain](../guide.md#limits) [card](../topics/sleep/index.md#chamomile)\n",
        encoding="utf-8")
    site = tmp_path / "site"
    result = evidence("build", "--root", root, "--engine", engine, "-d", site)
    assert result.exit_code == 0, result.output
    page = (site / "notes/reading/index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<a href="([^"#]*#[^"]*)"', page.split('<div class="md-content"')[1])
    assert [h.partition("#")[2] for h in hrefs][:4] == [
        "user-content-__config", "user-content-chamomile", "limits", "chamomile"], hrefs
    guide = (site / "guide/index.html").read_text(encoding="utf-8")
    for fragment in ("user-content-__config", "user-content-chamomile", "limits"):
        assert f'id="{fragment}"' in guide, fragment
    assert 'id="chamomile"' in (site / "topics/sleep/index.html").read_text(encoding="utf-8")
