"""MkDocs: runs the `evidence` plugin itself (mkdocs_plugin/), as `mkdocs build` does."""

from __future__ import annotations

from pathlib import Path

from ..model import Project
from .process import run_build


def build(root: Path, site_dir: Path, strict: bool, project: Project) -> None:
    run_build("mkdocs", root, site_dir, strict)
