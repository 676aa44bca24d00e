"""ProperDocs, a maintained fork of MkDocs 1.6: it loads the `evidence` plugin from the
`mkdocs.plugins` entry point and runs it unchanged, from the same mkdocs.yml."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from ..model import Project
from . import EngineError
from .process import run_build


def build(root: Path, site_dir: Path, strict: bool, project: Project) -> None:
    if importlib.util.find_spec("properdocs") is None:
        raise EngineError("ProperDocs is not installed: pip install 'evidencekit[engines]' "
                          "(or the pinned properdocs in requirements.lock)")
    run_build("properdocs", root, site_dir, strict)
