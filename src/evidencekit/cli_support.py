"""What the `evidence` commands share: turning an unusable project into exit code 2."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .config import ConfigError
from .model import Project
from .validate import check_project


ROOT = click.option("--root", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
                    default=Path("."), show_default=True,
                    help="The project folder (the one holding content/ and references/).")


def fail_config(exc: ConfigError) -> None:
    click.echo(f"evidence: configuration error:\n{exc}", err=True)
    sys.exit(2)


def checked_project(directory: Path) -> Project:
    """Load and check a project, or exit 2 when the folder or its configuration is unusable."""
    if not directory.is_dir():
        click.echo(f"evidence: '{directory}' is not a folder", err=True)
        sys.exit(2)
    try:
        return check_project(directory)
    except ConfigError as exc:
        fail_config(exc)
