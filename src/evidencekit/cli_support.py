"""What the `evidence` commands share: finding the project, and turning an unusable
project into exit code 2.

Every command finds its project the same way: a DIR or --root given on the command
line is used as it is; without one (or with '.'), the project is the nearest folder,
from the working folder up, holding evidence.yml or a mkdocs.yml that names the
`evidence` plugin. Outside any project a command exits 2 saying what it looked for,
so a CI step run from the wrong folder cannot pass by finding nothing to check.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from .config import ConfigError
from .model import Project
from .project_root import LOOKED_FOR, find_project
from .validate import check_project

HERE = Path(".")


def fail(message: str) -> NoReturn:
    """A usage or configuration error: one line (and its hint) on standard error, exit 2."""
    click.echo(f"evidence: {message}", err=True)
    sys.exit(2)


def project_root(directory: Path | None = None) -> Path:
    """The project folder: `directory` as given, or the project holding the working folder.

    Exits 2 when a given `directory` is not a folder, or when no folder from the
    working folder up is a project.
    """
    if directory is not None and directory != HERE:
        if not directory.is_dir():
            fail(f"'{directory}' is not a folder")
        return directory
    here = Path.cwd()
    found = find_project(here)
    if found is None:
        fail(f"no evidence project here: looked in '{here}' and every folder above it for "
             f"{LOOKED_FOR}\n  hint: run the command in the project's folder, or name the "
             "folder (DIR or --root DIR)")
    return found


def _root_option(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    if ctx.resilient_parsing:  # shell completion: never exit
        return value or HERE
    return project_root(value)


ROOT = click.option("--root", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
                    default=None, callback=_root_option,
                    help="The project folder (the one holding content/ and references/); "
                         "default: the project holding the working folder.")

# A command's optional DIR argument, found the same way as --root.
DIR_ARGUMENT = click.argument("directory", metavar="[DIR]", required=False, default=None,
                              type=click.Path(file_okay=False, path_type=Path),
                              callback=_root_option)


def fail_config(exc: ConfigError) -> NoReturn:
    fail(f"configuration error:\n{exc}")


def checked_project(directory: Path | None = None) -> Project:
    """Load and check a project (found as `project_root` finds it), or exit 2 when the
    folder or its configuration is unusable."""
    directory = project_root(directory)
    try:
        return check_project(directory)
    except ConfigError as exc:
        fail_config(exc)
