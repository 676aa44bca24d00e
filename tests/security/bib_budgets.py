"""Worst cases for the BibTeX budgets (issue 12), generated at run time.

    PYTHONPATH=src python tests/security/bib_budgets.py [CASE ...]

Each case writes a small project to a temporary folder and loads its library
(or decodes one field) in a fresh process, printing wall time, peak memory
(ru_maxrss) and the diagnostic codes seen (or the exception). Cases:

  doubling     40 @string definitions, each the previous one twice (2^40 x 8 bytes)
  string-chain 10,000 @string definitions, each naming the next one
  crossref-chain 10,000 entries, each crossref-ing the next
  crossref-missing 20,000 entries with an unresolvable crossref and missing fields
  undefined    1,000 undefined @string uses among 20,000 definitions
  latex        decode_latex on a 4 MB LaTeX value
  wide         one value concatenating a 500 KiB @string 200 times (100 MiB)
  total        300 fields, each a 500 KiB @string twice (300 MiB in all, each under 1 MiB)

The tests (test_budgets.py) import `generate` from here; they assert codes and
bounded output, never timings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CASES = ("doubling", "string-chain", "crossref-chain", "crossref-missing", "undefined",
         "latex", "wide", "total")


def _bib(root: Path, text: str) -> None:
    (root / "references").mkdir(parents=True, exist_ok=True)
    (root / "references" / "library.bib").write_text(text, encoding="utf-8")


def generate(case: str, root: Path) -> None:
    """Write the project for `case` under `root`."""
    if case == "doubling":
        lines = ['@string{s0 = "xxxxxxxx"}']
        lines += [f"@string{{s{i} = s{i - 1} # s{i - 1}}}" for i in range(1, 41)]
        lines.append("@misc{big, title = s40, design = {other}}")
        _bib(root, "\n".join(lines) + "\n")
    elif case == "string-chain":
        # Each names the next one, defined later: resolving c0 walks the whole chain.
        lines = [f"@string{{c{i} = c{i + 1}}}" for i in range(10_000)]
        lines.append('@string{c10000 = "x"}')
        lines.append("@misc{chain, title = c0, design = {other}}")
        _bib(root, "\n".join(lines) + "\n")
    elif case == "crossref-chain":
        n = 10_000
        parts = [f"@misc{{r{i}, title = {{T{i}}}, design = {{other}}, crossref = {{r{i + 1}}}}}"
                 for i in range(n)]
        parts.append(f"@misc{{r{n}, title = {{Last}}, publisher = {{P}}, design = {{other}}}}")
        _bib(root, "\n".join(parts) + "\n")
    elif case == "crossref-missing":
        parts = [f"@article{{a{i}, title = {{T}}, design = {{cohort}}, crossref = {{nowhere{i}}}}}"
                 for i in range(20_000)]
        _bib(root, "\n".join(parts) + "\n")
    elif case == "undefined":
        parts = [f"@string{{macro{i:05d} = {{M{i}}}}}" for i in range(20_000)]
        parts += [f"@misc{{u{i}, title = unknown{i:05d}x, design = {{other}}}}"
                  for i in range(1_000)]
        _bib(root, "\n".join(parts) + "\n")
    elif case == "latex":
        root.mkdir(parents=True, exist_ok=True)
        (root / "value.txt").write_text(
            ("{\\\"u}ber \\textit{x} $a$ -- " * 200_000)[:4_000_000], encoding="utf-8")
    elif case == "wide":
        big = "y" * (500 * 1024)
        _bib(root, f"@string{{w = {{{big}}}}}\n@misc{{wide, title = "
                   + " # ".join(["w"] * 200) + ", design = {other}}\n")
    elif case == "total":
        big = "z" * (500 * 1024)
        _bib(root, f"@string{{w = {{{big}}}}}\n" + "".join(
            f"@misc{{t{i}, title = {{T}}, note = w # w, design = {{other}}}}\n" for i in range(300)))
    else:
        raise ValueError(case)


_CHILD = r"""
import json, resource, sys, time, traceback
from pathlib import Path
root, case = Path(sys.argv[1]), sys.argv[2]
t = time.perf_counter()
out = {}
try:
    if case == "latex":
        from evidencekit.latex import decode_latex
        out["length"] = len(decode_latex((root / "value.txt").read_text(encoding="utf-8")))
    else:
        from evidencekit.diagnostics import Report
        from evidencekit.references import load_library
        report = Report()
        lib = load_library(root, report)
        out["entries"] = len(lib.entries)
        codes = {}
        for d in report.diagnostics:
            codes[d.code] = codes.get(d.code, 0) + 1
        out["codes"] = codes
        out["longest_value"] = max((len(v) for r in lib.entries.values() for v in r.fields.values()),
                                   default=0)
except BaseException as exc:
    out["exception"] = type(exc).__name__
out["seconds"] = round(time.perf_counter() - t, 2)
out["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(json.dumps(out))
"""


def _env() -> dict:
    """The environment for a child that imports the same evidencekit as this process."""
    import evidencekit

    env = dict(os.environ)
    src = str(Path(evidencekit.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    return env


def measure(case: str, timeout: float = 600) -> dict:
    """Load (or decode) `case` in a fresh process: its codes, seconds and peak MB."""
    with tempfile.TemporaryDirectory() as tmp:
        generate(case, Path(tmp))
        try:
            proc = subprocess.run([sys.executable, "-c", _CHILD, tmp, case], capture_output=True,
                                  text=True, timeout=timeout, env=_env())
        except subprocess.TimeoutExpired:
            return {"case": case, "timeout": timeout}
        try:
            result = json.loads(proc.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            result = {"exit": proc.returncode, "stderr": proc.stderr[-500:]}
        return {"case": case, **result}


if __name__ == "__main__":
    # EVIDENCEKIT_SRC=/path/to/other/src measures another version (the "before" figures).
    sys.path.insert(0, os.environ.get("EVIDENCEKIT_SRC")
                    or str(Path(__file__).resolve().parents[2] / "src"))
    for name in sys.argv[1:] or CASES:
        print(json.dumps(measure(name)), flush=True)
