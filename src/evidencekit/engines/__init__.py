"""The engines that publish the site, each a thin adapter over the same render stage.

MkDocs runs the `evidence` plugin (mkdocs_plugin/); ProperDocs, a maintained fork of
MkDocs 1.6, runs the same plugin unchanged; Zensical, which runs no MkDocs plugin, gets
its pages staged and drawn by engines/zensical/. Whatever the engine, `build_site` writes
into a fresh folder, checks it against the content (verify.py) and only then puts it in
place of the old site: an engine that drops a claim never publishes.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ..export import site_settings
from ..model import Project
from ..sitedir import AtomicOutput
from ..verify import verify_site

ENGINES = ("mkdocs", "properdocs", "zensical")


class EngineError(Exception):
    """The engine failed or could not run; the message says why (the engine's own log has
    been shown already)."""


def build_site(engine: str, root: Path, site_dir: Path, strict: bool, project: Project,
               ) -> list[str]:
    """Build the checked `project` at `root` with `engine` into `site_dir`.

    Returns what the built site lacks (verify_site); the old site is replaced only when
    that is nothing. Raises EngineError when the engine fails, leaving the old site as it was.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}")
    adapter = importlib.import_module(f"{__name__}.{engine}")
    output = AtomicOutput(str(site_dir))
    try:
        built = Path(output.temp)
        adapter.build(Path(root), built, strict, project)
        problems = verify_site(project, built, site_settings(root)[1])
    except BaseException:
        output.discard()
        raise
    if problems:
        output.discard()
    else:
        output.commit()
    return problems
