"""What the evidence layer adds to a MkDocs build: a generated site of 100 topics x 10 claims
built with the `evidence` plugin, against the same pages as plain Markdown (the plugin's own
rendered HTML written out as pages) built without it, in the same run.

    .venv/bin/python benchmarks/bench_build.py [--topics N] [--claims N] [--repeat N]

Target (issue 3): the evidence layer adds at most 15%. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
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
UMLAUT_NAME = 'M{\\"u}ller, A.'  # LaTeX to decode, as real libraries have
HOME = "# Bench\n\nA generated site.\n"


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
            cites = "".join(f"  - cite: ref{k:05d}\n    stance: {s}\n    note: A note on this source.\n"
                            for k, s in zip(keys, ["supports", "contradicts", "context"]))
            (folder / "claims" / f"t{t:03d}-claim-{c:02d}.yml").write_text(
                f"claim: Compound {t} improves sleep quality in adults, claim {c}.\n"
                f"short: Compound {t} helps sleep ({c})\ntype: mechanism\n"
                f"verdict: {rng.choice(VERDICTS)}\ngrade: low\n"
                "summary: Laboratory work *may* show an effect; we don't know whether it carries over.\n"
                f"evidence:\n{cites}"
                "caveats:\n  - The studies are small.\n  - Nobody has tested it in people.\n"
                "downgrades:\n  - domain: indirectness\n    reason: Cells, not people.\n"
                "would_change: A randomised trial in adults.\nreviewed: 2026-01-01\n",
                encoding="utf-8")


def write_plain(root: Path, plain: Path) -> None:
    """The plugin's own rendered pages written out as Markdown, for a build without the plugin."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from evidencekit.render.links import Links
    from evidencekit.render.pages import Renderer
    from evidencekit.validate import check_project

    project = check_project(root)
    renderer = Renderer(project)
    (plain / "content").mkdir(parents=True)
    (plain / "content" / "index.md").write_text(HOME, encoding="utf-8")
    (plain / "mkdocs.yml").write_text(MKDOCS_YML.format(extra=""), encoding="utf-8")
    for topic in project.topics:
        links = Links(Links().topic_url(topic.id))
        page = renderer.topic_page(topic, links)
        folder = plain / "content" / "topics" / topic.id
        folder.mkdir(parents=True)
        # Headings as Markdown, so the plain build has the same TOC and search sections.
        (folder / "index.md").write_text(f"# {topic.title}\n\n{page.html}\n", encoding="utf-8")
    refs = renderer.references_page(Links(Links().references_url()))
    (plain / "content" / "references").mkdir()
    (plain / "content" / "references" / "index.md").write_text(f"# References\n\n{refs.html}\n",
                                                               encoding="utf-8")


def build(project: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764028800"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")],
                   check=True, cwd=project, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=100)
    parser.add_argument("--claims", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="evidence-build-bench-") as tmp:
        root, plain = Path(tmp) / "evidence", Path(tmp) / "plain"
        generate(root, args.topics, args.claims)
        write_plain(root, plain)
        times: dict[str, list[float]] = {"plugin": [], "plain": []}
        for _ in range(args.repeat):  # interleaved, so drift hits both alike
            times["plugin"].append(build(root))
            times["plain"].append(build(plain))
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"site: {args.topics} topics x {args.claims} claims")
        print(f"with the evidence plugin   {med['plugin']:6.2f} s")
        print(f"plain Markdown, no plugin  {med['plain']:6.2f} s")
        print(f"evidence layer adds {100 * (med['plugin'] / med['plain'] - 1):+.1f}%  (target <= +15%)")


if __name__ == "__main__":
    main()
