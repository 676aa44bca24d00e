"""The `evidence` plugin's options in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class EvidenceConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # The site's own templates, overriding the packaged ones by name (relative to mkdocs.yml).
    macros_dir = c.Type(str, default="macros")
    # Build into a fresh sibling folder and replace site_dir only when the build succeeds.
    atomic_output = c.Type(bool, default=True)
    # The nav section (by title) that lists the topic pages, filled in by the plugin.
    nav_section = c.Type(str, default="Topics")
