"""evidencekit: evidence-summary static sites.

The stages, each a function over small typed records:

- :func:`load_project` reads topics, claims and the reference library;
- :func:`validate` applies the evidence model's rules;
- :func:`check_project` does both and returns the project with its report;
- :class:`Renderer` (``evidencekit.render.pages``) draws the pages.

The ``evidence`` command and the ``evidence`` MkDocs plugin are thin front ends over them.
"""

from .config import Config, ConfigError, load_config
from .diagnostics import Diagnostic, Loc, Report, Severity
from .load import load_project
from .model import Claim, Evidence, Library, Project, Reference, Topic
from .validate import check_project, validate

__all__ = [
    "Claim", "Config", "ConfigError", "Diagnostic", "Evidence", "Library", "Loc", "Project",
    "Reference", "Report", "Severity", "Topic", "check_project", "load_config", "load_project",
    "validate",
]
