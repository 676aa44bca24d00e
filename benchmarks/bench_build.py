"""What the evidence layer costs a MkDocs build: a generated site built with the `evidence`
plugin, against the same pages hand-written as plain Markdown, side by side in one run.

    .venv/bin/python benchmarks/bench_build.py [--sizes 100,300] [--claims 10] [--repeat 3]

For each size (topics x claims) both sites have the same pages: home, one page per topic,
one page per claim, References and Corrections. The plain site writes them as Markdown
(headings, paragraphs, lists, tables; no raw HTML) with the same words, built without the
plugin. Both use Material with `navigation.prune` and the search plugin, and both keep the
claim pages out of the navigation. Every text differs from claim to claim, as on a real
site. The builds are interleaved (plugin, plain, plugin, ...), each in its own process, so
drift and other load hit both alike; the figures are medians of wall time, of CPU time
(user + system: steadier on a shared machine) and of the build process's peak memory (its
own max RSS, from wait4). Note the machine's load (printed) beside the figures.

Target (issue 10): at 300 topics x 10 claims the plugin build takes at most 1.3x the
time and 2x the peak memory of the plain build. Prints figures; asserts nothing.

`--keep DIR` leaves the generated sites in DIR (to profile one: `cd DIR/evidence-100 &&
python -m cProfile -o build.prof -m mkdocs build -q -d /tmp/out`).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DESIGNS = ["randomised-trial", "cohort", "cross-sectional-survey", "animal", "in-vitro",
           "systematic-review", "case-report"]
VERDICTS = ["supported", "mixed", "unsupported", "contradicted", "lacks-context"]
MKDOCS_YML = """\
site_name: Bench
docs_dir: content
theme:
  name: material
  font: false
  features: [navigation.prune]
plugins:
  - search
{extra}
markdown_extensions:
  - toc:
      permalink: true
  - admonition
  - tables
"""
# The plugin keeps claim pages out of the navigation; the plain site says the same in config.
PLAIN_EXTRA = """\
not_in_nav: |
  /topics/*/*/index.md
"""
UMLAUT_NAME = 'M{\\"u}ller, A.'  # LaTeX to decode, as real libraries have
HOME = "# Bench\n\nA generated site.\n"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764028800"}


def generate(root: Path, n_topics: int, per_topic: int) -> None:
    rng = random.Random(7)
    n_entries = n_topics * 5
    (root / "references").mkdir(parents=True)
    with (root / "references" / "library.bib").open("w", encoding="utf-8") as fh:
        for i in range(n_entries):
            fh.write(f"@article{{ref{i:05d},\n  author = {{{UMLAUT_NAME} and Smith, B. C.}},\n"
                     f"  title = {{Effects of compound {i} on sleep}},\n"
                     f"  journal = {{Journal of Tests}},\n  year = {{{2000 + i % 25}}},\n"
                     f"  volume = {{{i % 90 + 1}}},\n  pages = {{{i}--{i + 9}}},\n"
                     f"  doi = {{10.1234/bench.{i}}},\n  design = {{{rng.choice(DESIGNS)}}},\n}}\n\n")
    (root / "content").mkdir()
    (root / "content" / "index.md").write_text(HOME, encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(extra="  - evidence"), encoding="utf-8")
    for t in range(n_topics):
        folder = root / "content" / "topics" / f"topic-{t:03d}"
        (folder / "claims").mkdir(parents=True)
        (folder / "topic.yml").write_text(
            f"title: Topic {t}\nquestion: Does compound {t} help sleep?\n"
            "bottom_line: We don't know; the evidence is very uncertain.\n"
            "source:\n  description: A generated article.\nreviewed: 2026-01-01\n", encoding="utf-8")
        for c in range(per_topic):
            keys = rng.sample(range(n_entries), 3)
            # Every text differs from claim to claim, as on a real site (the renderer
            # caches Markdown by text, so repeated words would flatter it).
            cites = "".join(f"  - cite: ref{k:05d}\n    stance: {s}\n    note: A note on source {k}"
                            f" for claim {c} of topic {t}.\n"
                            for k, s in zip(keys, ["supports", "contradicts", "context"]))
            (folder / "claims" / f"t{t:03d}-claim-{c:02d}.yml").write_text(
                f"claim: Compound {t} improves sleep quality in adults, claim {c}.\n"
                f"short: Compound {t} helps sleep ({c})\ntype: mechanism\n"
                f"verdict: {rng.choice(VERDICTS)}\ngrade: low\n"
                f"summary: Laboratory work on compound {t} *may* show an effect ({c}); we don't know"
                " whether it carries over.\n"
                f"evidence:\n{cites}"
                f"caveats:\n  - The {c} studies of compound {t} are small.\n"
                f"  - Nobody has tested compound {t} in people ({c}).\n"
                f"downgrades:\n  - domain: indirectness\n    reason: Cells, not people ({t}/{c}).\n"
                f"would_change: A randomised trial of compound {t} in adults ({c}).\n"
                "reviewed: 2026-01-01\n",
                encoding="utf-8")
    regrade(root)


def regrade(root: Path) -> None:
    """Give each generated claim the grade its evidence gives (designs are drawn at random and
    every claim starts at 'low', which grade.arithmetic may refuse), and a verdict that
    grade allows ('mixed' where 'unsupported' would say the evidence is too weak)."""
    from evidencekit.validate import check_project

    for _ in range(5):
        errors = check_project(root).report.errors
        for d in errors:
            path = root / d.loc.path
            text = path.read_text(encoding="utf-8")
            found = re.search(r"steps give '([a-z-]+)'", d.message)
            if d.code == "grade.arithmetic" and found:
                text = re.sub(r"(?m)^grade: .*$", f"grade: {found.group(1)}", text)
            elif d.code == "verdict.grade":
                text = re.sub(r"(?m)^verdict: .*$", "verdict: mixed", text)
            elif d.code == "grade.floor":  # no step down from the bottom of the scale
                text = re.sub(r"(?m)^downgrades:\n(?:  .*\n)+", "", text)
            path.write_text(text, encoding="utf-8")
        if not errors:
            return
    raise SystemExit(f"the generated site at {root} has errors: {errors[0].format()}")


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def write_plain(root: Path, plain: Path) -> None:
    """The same pages with the same words, written by hand as plain Markdown."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from evidencekit.render.links import Links
    from evidencekit.render.pages import Renderer
    from evidencekit.validate import check_project

    project = check_project(root)
    renderer = Renderer(project, history={})
    docs = plain / "content"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(HOME, encoding="utf-8")
    (plain / "mkdocs.yml").write_text(MKDOCS_YML.format(extra="") + PLAIN_EXTRA, encoding="utf-8")
    for topic in project.topics:
        links = Links(Links().topic_url(topic.id))
        views = [renderer.claim_view(c, links) for c in topic.claims]
        lines = [f"# {topic.title}", "", topic.question, "", "## Key messages", "",
                 topic.bottom_line, "", "Evidence last checked 1 January 2026.", "",
                 "## Summary of findings", "",
                 "| Verdict and claim | Certainty | Studies that address it | What the evidence shows |",
                 "| --- | --- | --- | --- |"]
        for c in views:
            studies = " · ".join(c.addressing) if c.addressing_total else "No studies"
            lines.append(f"| {c.number} [{_cell(c.title_text)}]({c.page_href}) | "
                         f"{c.grade.label if c.grade else ''} | {studies} | {_cell(c.lead)} |")
        lines += ["", "## Where studies are missing", "",
                  "| Claim | " + " | ".join(d.replace("-", " ") for d in DESIGNS) + " |",
                  "| --- " * (len(DESIGNS) + 1) + "|"]
        for c in views:
            counts = {d.slug: n for d, n in c.designs}
            lines.append(f"| {c.number} | " + " | ".join(str(counts.get(d, 0)) for d in DESIGNS) + " |")
        lines += ["", "## Each claim", ""]
        for c in views:
            lines += [f"### {c.number} [{c.title_text}]({c.page_href})", "",
                      f"{c.grade.label if c.grade else ''} · "
                      + (" · ".join(c.addressing) + " address it" if c.addressing_total
                         else "No studies address it"), "",
                      f"{c.lead} [Full assessment →]({c.page_href})", ""]
        lines += ["## The article under review", "", topic.source.description, ""]
        folder = docs / "topics" / topic.id
        folder.mkdir(parents=True)
        (folder / "index.md").write_text("\n".join(lines), encoding="utf-8")
        for claim in topic.claims:
            c = renderer.claim_view(claim, Links(Links().claim_url(topic.id, claim.id)))
            lines = [f"[{c.topic_title}]({c.topic_href}) · claim {c.number}", "",
                     f"# {c.title_text}", "",
                     f"- **Verdict:** {c.verdict.label if c.verdict else ''}",
                     f"- **Certainty of the evidence:** {c.grade.label if c.grade else ''}",
                     f"- **The claim as made:** “{c.claim}” (the article’s words, restated; "
                     f"claim {c.number} of {c.topic_title})",
                     "- **Studies that address it:** " + (" · ".join(c.addressing) if
                                                           c.addressing_total else "None"),
                     "- **All sources cited:** " + " · ".join(c.design_mix), "",
                     claim.summary, "", "## Caveats", ""]
            lines += [f"- {x}" for x in claim.caveats]
            lines += ["", "## Why this certainty", ""]
            lines += [f"- **{step.domain.label} ({step.signed}):** {step.reason}"
                      for step in (c.certainty.steps if c.certainty else [])]
            lines += ["", "## Sources", ""]
            lines += [f"- {s.stance.label} [{s.label}]({s.href}): {ev.note}"
                      for s, ev in zip(c.sources, claim.evidence)]
            lines += ["", f"**What would change the verdict:** {claim.would_change}", "",
                      "Evidence checked on 1 January 2026.", ""]
            lines += [f"- {n.rel}: [{n.title_text}]({n.href})" for n in c.neighbours]
            lines += [f"- [All claims of {c.topic_title}]({c.topic_href})", ""]
            (folder / claim.id).mkdir()
            (folder / claim.id / "index.md").write_text("\n".join(lines), encoding="utf-8")
    # References: every cited work once, with the claims citing it.
    links = Links(Links().references_url())
    cited_by: dict[str, list[str]] = {}
    for topic in project.topics:
        for claim in topic.claims:
            for ev in claim.evidence:
                cited_by.setdefault(ev.cite, []).append(
                    f"[{topic.title}: {claim.short}]({links.claim(topic.id, claim.id)})")
    lines = ["# References", "", "Every work cited on this site, once, with the claims that cite it.", ""]
    for key in sorted(cited_by):
        cite = renderer.citation(key)
        lines.append(f"- **{renderer.labels[key]}** {cite.authors}. ({cite.year}). {cite.title}. "
                     f"*{cite.container}* {cite.locator}. [doi:{cite.doi}]({cite.doi_url}). "
                     "Cited by: " + "; ".join(cited_by[key]))
    (docs / "references").mkdir()
    (docs / "references" / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (docs / "corrections").mkdir()
    (docs / "corrections" / "index.md").write_text(
        "# Corrections and changes\n\nNo verdict or certainty has changed yet.\n", encoding="utf-8")


def build(project: Path, out: Path) -> tuple[float, float, int]:
    """Wall time (s), CPU time (s, user + system) and peak RSS (KiB) of one `mkdocs build`
    in its own process. CPU time is steadier than wall time on a shared machine."""
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                             str(project / "mkdocs.yml"), "-d", str(out)], cwd=project, env=ENV)
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage, not all children's
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait
    if proc.returncode:
        raise SystemExit(f"build of {project} failed ({proc.returncode})")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss  # KiB on Linux


def pages(out: Path) -> int:
    return sum(1 for _ in out.rglob("index.html"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,300", help="topic counts, comma-separated")
    parser.add_argument("--claims", type=int, default=10, help="claims per topic")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate the sites in this folder, and keep them")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="evidence-build-bench-"))
    try:
        print(f"load before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
              f"{os.getloadavg()[2]:.2f} ({os.cpu_count()} CPUs); medians of {args.repeat}")
        for n in sizes:
            root, plain = tmp / f"evidence-{n}", tmp / f"plain-{n}"
            for folder in (root, plain):
                shutil.rmtree(folder, ignore_errors=True)
            generate(root, n, args.claims)
            write_plain(root, plain)
            runs: dict[str, list[tuple[float, float, int]]] = {"plugin": [], "plain": []}
            for _ in range(args.repeat):  # interleaved, so drift hits both alike
                runs["plugin"].append(build(root, tmp / "out-plugin"))
                runs["plain"].append(build(plain, tmp / "out-plain"))
            secs = {k: statistics.median(t for t, _, _ in v) for k, v in runs.items()}
            cpu = {k: statistics.median(c for _, c, _ in v) for k, v in runs.items()}
            mem = {k: statistics.median(m for _, _, m in v) / 1024 for k, v in runs.items()}
            print(f"\n{n} topics x {args.claims} claims: {pages(tmp / 'out-plugin')} pages with "
                  f"the plugin, {pages(tmp / 'out-plain')} plain")
            for key, label in (("plugin", "with the evidence plugin "),
                               ("plain", "plain Markdown, no plugin")):
                print(f"  {label}  wall {secs[key]:6.2f} s  cpu {cpu[key]:6.2f} s  peak "
                      f"{mem[key]:5.0f} MiB   (wall runs: "
                      f"{', '.join(f'{t:.2f}' for t, _, _ in runs[key])} s)")
            print(f"  ratio: time {secs['plugin'] / secs['plain']:.2f}x wall, "
                  f"{cpu['plugin'] / cpu['plain']:.2f}x cpu (target <= 1.3x); "
                  f"peak memory {mem['plugin'] / mem['plain']:.2f}x (target <= 2x)")
        print(f"\nload after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
              f"{os.getloadavg()[2]:.2f}")
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
