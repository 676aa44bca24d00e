"""The Jinja environment every page is drawn with.

Templates are data (design/style.md): a site's own ``macros/<name>.html``
comes before the packaged default of the same name. The environment is
sandboxed and autoescapes everything, and content never reaches it as
template source: claims, topics and references are only ever passed in as
values.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

MACROS_DIR = "macros"

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def long_date(day) -> str:
    """'3 November 2025', in English whatever the locale."""
    if day is None:
        return ""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


class ViewSandbox(SandboxedEnvironment):
    """The sandbox, with a quicker path for the fields of the view records it draws.

    Templates read a record's fields (``c.verdict.label``) over a million times in a
    large site's build, and the sandbox checks each read. For a field of a dataclass
    instance whose value cannot be called, that check always allows it (a public name
    on an object that is not a function, method, type, code object or generator), so
    the value is returned at once; anything else goes through the full check.
    """

    _fields: dict[type, frozenset[str]] = {}

    def getattr(self, obj, attribute):
        kind = type(obj)
        fields = self._fields.get(kind)
        if fields is None:
            fields = self._fields[kind] = frozenset(
                f.name for f in dataclasses.fields(kind) if not f.name.startswith("_")
            ) if dataclasses.is_dataclass(kind) else frozenset()
        if attribute in fields:
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                pass
            else:
                if not callable(value):
                    return value
        return super().getattr(obj, attribute)


def make_environment(site_root: Path | None = None, macros_dir: str = MACROS_DIR) -> SandboxedEnvironment:
    """A sandboxed, autoescaping environment whose loader tries the site's macros first."""
    loaders = []
    if site_root is not None:
        loaders.append(FileSystemLoader(str(Path(site_root) / macros_dir)))
    loaders.append(PackageLoader("evidencekit", "templates"))
    env = ViewSandbox(
        loader=ChoiceLoader(loaders),
        autoescape=True,  # every template, whatever its name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=True,  # `mkdocs serve` picks up an edited macro
    )
    env.filters["long_date"] = long_date
    return env


def page_environment(env: SandboxedEnvironment) -> SandboxedEnvironment:
    """For hand-written pages: the same sandbox, with nothing in scope but what is passed in
    (the macros) and no templates to include or import."""
    page_env = env.overlay(trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True)
    page_env.globals = {}
    page_env.loader = None
    return page_env


def macro(env: SandboxedEnvironment, name: str):
    """The macro `name` defined in the template `<name>.html` (site first, then packaged)."""
    module = env.get_template(f"{name}.html").module
    try:
        return getattr(module, name)
    except AttributeError:
        from jinja2 import TemplateRuntimeError

        raise TemplateRuntimeError(f"template '{name}.html' defines no macro '{name}'") from None


def call(env: SandboxedEnvironment, name: str, *args, **kwargs) -> Markup:
    """Call a macro from Python; an error points at the template's own line, as in a render."""
    try:
        return Markup(macro(env, name)(*args, **kwargs))
    except Exception:
        env.handle_exception()  # re-raises with template file names and lines in the traceback
        raise
