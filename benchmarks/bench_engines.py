"""The same site built with each engine, side by side: `evidence build --engine E`.

    .venv/bin/python benchmarks/bench_engines.py [--sizes 100] [--claims 10] [--repeat 3]

Builds the built-in site (this repository) and, for each size, a generated site of that
many topics x claims (the generator of bench_build.py, with the Zensical extension listed
as the repository's mkdocs.yml lists it) with MkDocs, ProperDocs and Zensical. Each build
is the whole command (without --strict: the generated library draws warnings): check, the engine's build, the verification of the built site and
the swap; each runs in its own process, interleaved (mkdocs, properdocs, zensical,
mkdocs, ...) so that load on the machine hits all alike. Prints medians of wall time and
of CPU time (user + system of the process and its children); asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import ENV, generate  # noqa: E402  (the benchmark sites' generator)

REPO = Path(__file__).resolve().parents[1]
ENGINES = ("mkdocs", "properdocs", "zensical")
EXTENSION = "  - evidencekit.engines.zensical.extension\n"


def build(engine: str, root: Path, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `evidence build`, in its own process."""
    argv = [sys.executable, "-m", "evidencekit.cli", "build", "--engine", engine,
            "--root", str(root), "-d", str(out)]
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a full pipe would block it
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=ENV, stdout=log, stderr=log)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status):
            log.seek(0)
            raise SystemExit(f"{engine} build of {root} failed:\n"
                             + log.read().decode("utf-8", "replace")[-4000:])
    return wall, usage.ru_utime + usage.ru_stime


def measure(name: str, root: Path, out: Path, repeat: int) -> None:
    times: dict[str, list[tuple[float, float]]] = {e: [] for e in ENGINES}
    for engine in ENGINES:  # a first, unmeasured build of each: caches and imports warm
        build(engine, root, out / engine)
    for _ in range(repeat):
        for engine in ENGINES:
            times[engine].append(build(engine, root, out / engine))
    base = statistics.median(w for w, _ in times["mkdocs"])
    for engine in ENGINES:
        wall = statistics.median(w for w, _ in times[engine])
        cpu = statistics.median(c for _, c in times[engine])
        print(f"{name:28} {engine:11} {wall:7.2f} s wall {cpu:7.2f} s CPU "
              f"{wall / base:5.2f}x mkdocs", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100", help="topics per generated site, comma-separated")
    parser.add_argument("--claims", type=int, default=10, help="claims per topic")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; "
          f"medians of {args.repeat} interleaved builds", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        measure("built-in site", REPO, tmp / "builtin", args.repeat)
        for size in (int(s) for s in args.sizes.split(",")):
            root = tmp / f"site-{size}"
            generate(root, size, args.claims)
            config = root / "mkdocs.yml"
            config.write_text(config.read_text(encoding="utf-8").replace(
                "markdown_extensions:\n", "markdown_extensions:\n" + EXTENSION), encoding="utf-8")
            measure(f"{size} topics x {args.claims} claims", root, tmp / f"out-{size}", args.repeat)


if __name__ == "__main__":
    main()
