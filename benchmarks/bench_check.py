"""How long `evidence check` takes on 10,000 claims citing a 20,000-entry library,
against the floor of the two parsers it is built on, measured in the same run.

    .venv/bin/python benchmarks/bench_check.py [--claims N] [--entries N] [--repeat N]
    .venv/bin/python benchmarks/bench_check.py --real [--copies N] [--repeat N]

--real (issue 15) checks the built-in content with the real libraries of
../shared/bench-data/ beside it, each repeated N times (default 3: about 29,000
entries, 10 MB) with renamed keys, in a temporary project; the bibtexparser step
then parses every .bib file of that project, and the output of `evidence check`
is counted in lines.

Prints medians of each step, run in fresh processes so peak memory is the step's own:
  bibtexparser   bibtexparser 2 `parse_file` on the library alone
  yaml           PyYAML's CSafeLoader loading every claim file alone
  check          evidence check (load, references, validate) on the whole project
Target (issue 2): check <= 1.3 x (bibtexparser + yaml), peak memory < 500 MB.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import time
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

DESIGNS = ["randomised-trial", "cohort", "cross-sectional-survey", "animal", "in-vitro",
           "systematic-review", "case-report", "narrative-review"]
JOURNALS = ["Drug and Alcohol Dependence", "Journal of Medicinal Chemistry", "PLoS ONE",
            "Frontiers in Pharmacology", "Clinical Toxicology"]


def design(i: int, n_claims: int, rng: random.Random) -> str:
    """A cited entry is a cell or an animal experiment, so each generated mechanism claim's
    certainty adds up (experiments start high, one step down for indirectness: moderate);
    the uncited rest of the library has any design."""
    if i < 2 * n_claims:
        return "in-vitro" if i % 2 == 0 else "animal"
    return rng.choice(DESIGNS)


def generate(root: Path, n_claims: int, n_entries: int) -> None:
    rng = random.Random(20261125)
    (root / "references").mkdir(parents=True)
    with (root / "references" / "library.bib").open("w", encoding="utf-8") as fh:
        for i in range(n_entries):
            authors = " and ".join(f"Author{rng.randrange(9999)}, {chr(65 + rng.randrange(26))}. "
                                   f"{chr(65 + rng.randrange(26))}." for _ in range(rng.randint(1, 6)))
            fh.write(
                f"@article{{key{i:06d},\n  author = {{{authors}}},\n"
                f"  title = {{A study of compound {i} and its effects on {{M}}ood in "
                f"{rng.choice(['rats', 'adults', 'cells', 'users'])}}},\n"
                f"  journal = {{{rng.choice(JOURNALS)}}},\n  year = {{{rng.randint(1990, 2025)}}},\n"
                f"  volume = {{{rng.randint(1, 300)}}},\n  number = {{{rng.randint(1, 12)}}},\n"
                f"  pages = {{{(p := rng.randint(1, 900))}--{p + rng.randint(3, 20)}}},\n"
                f"  doi = {{10.{rng.randint(1000, 99999)}/bench.{i}}},\n"
                f"  design = {{{design(i, n_claims, rng)}}},\n}}\n\n"
            )
    per_topic = 100
    for i in range(n_claims):
        topic = root / "content" / "topics" / f"topic-{i // per_topic:03d}"
        if i % per_topic == 0:
            (topic / "claims").mkdir(parents=True)
            (topic / "topic.yml").write_text(
                f"title: Topic {i // per_topic}\nquestion: Does it work?\n"
                "bottom_line: We don't know.\nsource:\n  description: A generated article.\n"
                "reviewed: 2026-01-01\n", encoding="utf-8")
        keys = [f"key{(2 * i) % n_entries:06d}", f"key{(2 * i + 1) % n_entries:06d}"]
        (topic / "claims" / f"claim-{i:05d}.yml").write_text(
            f"claim: Compound {i} lifts mood in people who use it daily.\n"
            f"short: Compound {i} lifts mood\n"
            "type: mechanism\nverdict: mixed\ngrade: moderate\n"
            "summary: >\n  Laboratory studies may show an effect; we don't know whether it carries\n"
            "  over to people.\n"
            "evidence:\n"
            f"  - cite: {keys[0]}\n    stance: supports\n    note: Binding in cells.\n"
            f"  - cite: {keys[1]}\n    stance: contradicts\n    note: No effect in rats.\n"
            "caveats:\n  - The studies are small.\n  - Nobody has tested it in people.\n"
            "downgrades:\n  - domain: indirectness\n    reason: Cells and rats, not people.\n"
            "reviewed: 2026-01-01\ntags: [generated, mood]\n",
            encoding="utf-8")


STEP = r"""
import json, resource, sys, time
from pathlib import Path
root, step = Path(sys.argv[1]), sys.argv[2]
t0 = time.perf_counter()
c0 = time.process_time()
if step == "bibtexparser":
    import bibtexparser
    lib = bibtexparser.parse_file(str(root / "references" / "library.bib"))
    n = len(lib.entries)
elif step == "yaml":
    import yaml
    n = 0
    for f in sorted((root / "content" / "topics").glob("*/claims/*.yml")):
        yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader); n += 1
    for f in sorted((root / "content" / "topics").glob("*/topic.yml")):
        yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)
elif step == "bibtexparser-all":
    import bibtexparser
    n = sum(len(bibtexparser.parse_file(str(p)).entries)
            for p in sorted((root / "references").rglob("*.bib")))
else:
    from evidencekit.validate import check_project
    project = check_project(root)
    n = len(project.claims)
    if step == "check":
        assert not project.report.errors, project.report.format()[:2000]
elapsed = time.perf_counter() - t0
cpu = time.process_time() - c0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "cpu_seconds": cpu, "peak_mb": peak, "items": n}))
"""


SHARED = Path(__file__).resolve().parents[2] / "shared" / "bench-data"
_KEY = re.compile(r"(@(?!string|comment|preamble)\w+\s*[{(]\s*)([^,\s]+)|(crossref\s*=\s*[{\"])([^}\"]+)",
                  re.IGNORECASE)


def real_project(root: Path, copies: int) -> None:
    """The repository's own content and references, with the shared real libraries
    beside them, each repeated `copies` times with renamed keys."""
    repo = Path(__file__).resolve().parents[1]
    for name in ("content", "references", "macros"):
        if (repo / name).is_dir():
            shutil.copytree(repo / name, root / name)
    for name in ("evidence.yml", "mkdocs.yml"):
        if (repo / name).is_file():
            shutil.copy(repo / name, root / name)
    if not SHARED.is_dir():
        sys.exit(f"bench_check: {SHARED} is missing (the shared real libraries)")
    for lib in sorted(SHARED.glob("*.bib")):
        text = lib.read_text(encoding="utf-8")
        for n in range(copies):
            renamed = text if n == 0 else _KEY.sub(
                lambda m: (m.group(1) + m.group(2) + f"-copy{n}") if m.group(1)
                else (m.group(3) + m.group(4) + f"-copy{n}"), text)
            (root / "references" / f"{lib.stem}-{n}.bib").write_text(renamed, encoding="utf-8")


def check_lines(root: Path) -> tuple[int, float, int]:
    """`evidence check --strict`: lines printed, seconds, exit code."""
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "evidencekit.cli", "check", "--strict", str(root)],
                         capture_output=True, text=True)
    return len(out.stdout.splitlines()), time.perf_counter() - t0, out.returncode


def run_step(root: Path, step: str) -> dict:
    out = subprocess.run([sys.executable, "-c", STEP, str(root), step], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--real", action="store_true",
                        help="the built-in content with the shared real libraries (issue 15)")
    parser.add_argument("--copies", type=int, default=3)
    args = parser.parse_args()
    if args.real:
        return main_real(args)
    with tempfile.TemporaryDirectory(prefix="evidence-bench-") as tmp:
        root = Path(tmp)
        generate(root, args.claims, args.entries)
        size = (root / "references" / "library.bib").stat().st_size
        print(f"project: {args.claims:,} claims, {args.entries:,} entries ({size / 1e6:.1f} MB .bib)")
        results: dict[str, list[dict]] = {"bibtexparser": [], "yaml": [], "check": []}
        for _ in range(args.repeat):  # interleaved, so drift hits every step alike
            for step in results:
                results[step].append(run_step(root, step))
        med = {s: statistics.median(r["seconds"] for r in rs) for s, rs in results.items()}
        peak = {s: max(r["peak_mb"] for r in rs) for s, rs in results.items()}
        for s in results:
            print(f"{s:13} {med[s]:7.2f} s   peak {peak[s]:6.0f} MB")
        floor = med["bibtexparser"] + med["yaml"]
        print(f"ratio check / (bibtexparser + yaml) = {med['check'] / floor:.2f}  (target <= 1.30)")
        print(f"check peak memory {peak['check']:.0f} MB  (target < 500 MB)")


def main_real(args) -> None:
    with tempfile.TemporaryDirectory(prefix="evidence-bench-real-") as tmp:
        root = Path(tmp)
        real_project(root, args.copies)
        bibs = sorted((root / "references").rglob("*.bib"))
        size = sum(p.stat().st_size for p in bibs)
        results: dict[str, list[dict]] = {"bibtexparser-all": [], "check-all": []}
        for _ in range(args.repeat):
            for step in results:
                results[step].append(run_step(root, step))
        entries = results["bibtexparser-all"][0]["items"]
        print(f"project: built-in content + {len(bibs)} .bib files, {entries:,} entries "
              f"({size / 1e6:.1f} MB)")
        med = {s: statistics.median(r["seconds"] for r in rs) for s, rs in results.items()}
        cpu = {s: statistics.median(r["cpu_seconds"] for r in rs) for s, rs in results.items()}
        peak = {s: max(r["peak_mb"] for r in rs) for s, rs in results.items()}
        for s in results:
            print(f"{s:17} {med[s]:7.2f} s ({cpu[s]:.2f} s CPU)   peak {peak[s]:6.0f} MB")
        print(f"ratio check / bibtexparser = {med['check-all'] / med['bibtexparser-all']:.2f}, "
              f"in CPU time {cpu['check-all'] / cpu['bibtexparser-all']:.2f}  (target <= 1.30)")
        lines, seconds, code = check_lines(root)
        print(f"evidence check --strict: {lines:,} lines, {seconds:.2f} s, exit {code}")


if __name__ == "__main__":
    main()
