"""Finding the project a command works on: the folder holding it, walking up from here."""

from __future__ import annotations

from pathlib import Path

from .config import CONFIG_FILE
from .mkdocs_file import MKDOCS_FILES, plugin_names, read_mkdocs_yml

PLUGIN_NAME = "evidence"
LOOKED_FOR = f"{CONFIG_FILE}, or a mkdocs.yml whose plugins include '{PLUGIN_NAME}'"


def is_project(folder: Path) -> bool:
    """Whether the folder is an evidence project's top folder (see LOOKED_FOR)."""
    if (folder / CONFIG_FILE).is_file():
        return True
    for name in MKDOCS_FILES:
        settings = read_mkdocs_yml(folder / name)
        if settings is not None and PLUGIN_NAME in plugin_names(settings):
            return True
    return False


def find_project(start: Path) -> Path | None:
    """The nearest folder, from `start` up to the file system's root, that is a project."""
    start = start.absolute()
    for folder in (start, *start.parents):
        if is_project(folder):
            return folder
    return None
