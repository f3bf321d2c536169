"""The README's "Web pages" table lists every page of the product (issue 15): each named
URL pattern a browser opens with GET for HTML — not a POST-only action, not a file
download, not the API — appears there by its path, and every path there is a page that
exists. A new page without its line in the README fails here."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, resolve

README = Path(__file__).resolve().parents[3] / "README.md"

# GET views that answer a file, not a page.
DOWNLOADS = {
    "web:tasks_export": "the task list as XLSX",
    "web:directive_document": "a directive's attached document",
    "web:meeting_agenda_document": "a document presented under a meeting's agenda item",
    "web:evidence": "an evidence file",
    "web:indicator_sheet": "a unit's indicator value sheet (XLSX)",
    "intake:sheet_export": "a unit's progress sheet (XLSX)",
    "intake:disbursement_export": "a unit's disbursement sheet for a year (XLSX)",
}
SKIPPED_NAMESPACES = {"admin", "api-v1"}  # Django's admin site; the API (README's "API")


def _patterns(
    patterns: list[Any], prefix: str = "/", namespace: str = ""
) -> Iterator[tuple[str, str, Callable[..., Any]]]:
    """(name, route, view) of every named pattern, namespaced as `reverse` names it."""
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace in SKIPPED_NAMESPACES or str(p.pattern).startswith("api/"):
                continue
            inner = f"{namespace}:{p.namespace}".strip(":") if p.namespace else namespace
            yield from _patterns(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern) and p.name:
            if str(p.pattern).lstrip("^").startswith("api/"):
                continue  # the API's own 404 for any other /api/ address
            name = f"{namespace}:{p.name}" if namespace else p.name
            yield name, prefix + str(p.pattern), p.callback


def _answers_get(view: Callable[..., Any]) -> bool:
    """Whether the view accepts GET: a class's `http_method_names`, else the method list
    a `require_http_methods` decorator (require_GET, require_POST) closed over."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return "get" in view_class.http_method_names
    func: Any = view
    while func is not None:
        for cell in func.__closure__ or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(m, str) and m.isupper() for m in value)
            ):
                return "GET" in value
        func = getattr(func, "__wrapped__", None)
    return True


def _shape(path: str) -> str:
    """A path with its parameters blanked: `/tasks/<int:task_id>/` and `/tasks/<id>/` alike."""
    return re.sub(r"<[^>]*>", "<>", path.split("?", 1)[0])


def _readme_pages() -> list[str]:
    text = README.read_text("utf-8")
    section = text.split("## Web pages", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `(/[^`]*)` \|", section, re.M)


def pages() -> dict[str, str]:
    """Each page's name and route."""
    found = {}
    for name, route, view in _patterns(get_resolver().url_patterns):
        if name in DOWNLOADS or not _answers_get(view):
            continue
        found.setdefault(name, route)
    return found


def test_every_page_has_its_line_in_the_readme():
    listed = {_shape(p) for p in _readme_pages()}
    missing = {name: route for name, route in pages().items() if _shape(route) not in listed}
    assert missing == {}, "add a line for each to README.md's 'Web pages' table"


def test_every_path_the_readme_lists_is_a_page():
    shapes = {_shape(route) for route in pages().values()}
    listed = _readme_pages()
    assert len(listed) == len(set(listed)), "a page listed twice"
    for path in listed:
        assert _shape(path) in shapes, path
        resolve(re.sub(r"<[^>]*>", "1", path))  # a pattern answers it


def test_post_only_actions_and_downloads_are_not_counted_as_pages():
    """The classification the first test relies on."""
    found = pages()
    assert "web:inbox_read" not in found and "web:task_accept" not in found  # POST only
    assert "logout" not in found  # Django's LogoutView: POST only
    assert "web:tasks_export" not in found
    assert {"web:dashboard", "reports:reports", "intake:plan_upload", "healthz"} <= set(found)
    assert set(DOWNLOADS) <= {name for name, _r, _v in _patterns(get_resolver().url_patterns)}
