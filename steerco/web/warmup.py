"""Everything a web process loads once, loaded before it serves its first request.

Django loads the URLconf (and with it every view and what the views import: openpyxl,
python-docx, the API's pydantic schemas), each language's translation catalogues and each
template on first use, and the cache's client library when it first asks Redis. A
gunicorn worker paid that on its first request — 0.3 to 1.4 s on the national ranking,
against 11 ms for the next — and again each time it is recycled (`max_requests`): a user
now and then waited a second for a page that takes a hundredth. `steerco.wsgi` calls
`warm_up()` when the server loads the application, before any worker accepts a
connection. Also computed ahead: the release digest the pages' ETags carry
(web/conditional.py: a hash of the package's files, 75 ms).

Nothing here reads the database; a connection opened all the same is closed, so none is
carried into a forked worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connections
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import URLResolver, get_resolver
from django.utils import translation

from .conditional import release


def project_templates() -> list[str]:
    """The names of the project's own templates (its apps' and the project directory's)."""
    engines: list[dict[str, Any]] = settings.TEMPLATES
    roots = [Path(d) for engine in engines for d in engine.get("DIRS", [])]
    roots += [
        Path(app.path) / "templates"
        for app in apps.get_app_configs()
        if app.name.startswith("steerco.")
    ]
    names = {
        path.relative_to(root).as_posix()
        for root in roots
        if root.is_dir()
        for path in root.rglob("*")
        if path.suffix in (".html", ".txt") and path.is_file()
    }
    return sorted(names)


def _every_namespace(resolver: URLResolver) -> None:
    """Each resolver's reverse index, the root's and every namespace's (the admin's too:
    the audit trail asks where it starts on every request), which Django fills on the
    first reverse into it; reading `namespace_dict` fills it."""
    for _prefix, included in resolver.namespace_dict.values():
        _every_namespace(included)


def warm_up() -> None:
    """Import the URLconf and the views, fill every namespace's reverse index, make the
    cache's client, compile the project's templates (the cached loader keeps them: DEBUG
    off), read each language's catalogue, digest the release."""
    _every_namespace(get_resolver())  # imports the URLconf and every view
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, RedisCache):  # imports redis-py and makes its pool: no connection
        backend._cache.get_client(write=True)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Overview")
    for name in project_templates():
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            continue  # a fragment only another template can load (its own block syntax)
    release()
    connections.close_all()
