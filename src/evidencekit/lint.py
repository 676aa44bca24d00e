"""`evidence refs --lint`: the house rules applied to every entry of a library, cited or not.

`evidence check` holds only the entries that claims cite to the per-entry rules
(see :func:`evidencekit.validate.scope_reference_problems`); a team that wants to
clean its whole library, or to look at a file before dropping it into
``references/``, lints it here.
"""

from __future__ import annotations

from pathlib import Path

from .config import load_config
from .diagnostics import Report
from .model import Library
from .references import load_library


def lint_library(root: Path, file: Path | None = None) -> tuple[Report, Library]:
    """Every problem of every entry in ``root/references`` (or in `file` alone, read
    where it is), with the severities the project's evidence.yml sets, and the library
    read (raises config.ConfigError)."""
    root = Path(root)
    config = load_config(root)
    report = Report(overrides=dict(config.severities))
    library = load_library(root, report, files=[Path(file)] if file is not None else None)
    return report, library
