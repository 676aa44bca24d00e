"""Reading a project's mkdocs.yml without MkDocs: whatever tags it uses, never raising."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

MKDOCS_FILES = ("mkdocs.yml", "mkdocs.yaml")


class Lenient(yaml.SafeLoader):
    """Reads mkdocs.yml whatever tags it uses: !ENV as MkDocs reads it, any other tag
    (!!python/name:...) as null."""


def _env_value(loader, name: str):
    """A variable's value typed as a plain YAML scalar, as MkDocs' !ENV types it
    (USE_DIRECTORY_URLS=false is the boolean false)."""
    text = os.environ[name]
    return loader.construct_object(yaml.ScalarNode(loader.resolve(yaml.ScalarNode, text, (True, False)), text))


def _env_tag(loader, node):
    """MkDocs' `!ENV NAME` and `!ENV [NAME, ..., default]`: the first variable set, else the default."""
    if isinstance(node, yaml.ScalarNode):
        name = loader.construct_scalar(node)
        return _env_value(loader, name) if name in os.environ else None
    if isinstance(node, yaml.SequenceNode):
        items = [loader.construct_object(n) for n in node.value]
        for name in items[:-1]:
            if isinstance(name, str) and name in os.environ:
                return _env_value(loader, name)
        if len(items) > 1:
            return items[-1]
        return _env_value(loader, items[0]) if items and items[0] in os.environ else None
    return None


Lenient.add_constructor("!ENV", _env_tag)
Lenient.add_multi_constructor("", lambda loader, suffix, node: None)


def read_mkdocs_yml(file: Path) -> dict | None:
    """The file's settings, or None when it is missing, unreadable or not a mapping."""
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=Lenient)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


def plugin_names(settings: dict) -> list[str]:
    """The plugins a mkdocs.yml names (`- search`, `- evidence: {...}` or a mapping of them)."""
    plugins = settings.get("plugins")
    if isinstance(plugins, dict):
        return [str(name) for name in plugins]
    names = []
    for item in plugins if isinstance(plugins, list) else []:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            names.extend(str(name) for name in item)
    return names
