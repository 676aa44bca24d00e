"""The engines that run the `evidence` MkDocs plugin themselves, each in its own process.

A process of its own keeps each engine's modules apart (ProperDocs makes `import mkdocs`
mean itself) and its log as it is. The engines' end-of-life and migration banners are
turned off by the variables their authors provide for it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from . import EngineError

# Material's notice that it reaches end of life on 2027-05-05, and ProperDocs' notice
# about MkDocs 2: both say how to turn them off, and these are the ways.
QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def run_build(module: str, root: Path, site_dir: Path, strict: bool) -> None:
    """`python -m <module> build` on the project's mkdocs.yml, into `site_dir`."""
    root = Path(root).resolve()
    argv = [sys.executable, "-m", module, "build", "--config-file", str(root / "mkdocs.yml"),
            "--site-dir", str(Path(site_dir).resolve())]
    if strict:
        argv.append("--strict")
    try:
        result = subprocess.run(argv, cwd=root, env={**os.environ, **QUIET}, check=False)
    except OSError as exc:
        raise EngineError(f"{module} could not be run: {exc}") from None
    if result.returncode:
        raise EngineError(f"{module} build failed (exit {result.returncode}); "
                          "its messages are above")
