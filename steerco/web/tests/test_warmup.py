"""A web server loads the views, the templates and the catalogues when it loads the
application, not on each worker's first request (steerco/web/warmup.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from steerco.web.warmup import project_templates

PROBE = """
import json, sys
import steerco.wsgi
from django.template import engines
from django.utils.translation import trans_real
from steerco.web import conditional
loader = engines["django"].engine.template_loaders[0]
print(json.dumps({
    "modules": sorted(m for m in sys.modules if m.startswith(("steerco.", "openpyxl", "docx"))),
    "templates": sorted(loader.get_template_cache),
    "languages": sorted(trans_real._translations),
    "release": conditional.release.cache_info().currsize,
}))
"""


def test_loading_the_application_loads_what_each_page_would_load_first(tmp_path: Path) -> None:
    database = tmp_path / "never-opened.sqlite3"
    env = {**os.environ, "STEERCO_DB": str(database), "DEBUG": "false", "CACHE_URL": ""}
    env.pop("DATABASE_URL", None)
    env["SECRET_KEY"] = "a-test-secret-key-long-enough-for-production-settings-0123456789"
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", PROBE],
        cwd=settings.PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    # Every view, the API and the libraries the views import (spreadsheets, documents).
    for module in ("steerco.web.views.ranking", "steerco.api.v1.api", "openpyxl", "docx"):
        assert module in loaded["modules"]
    assert {"base.html", "web/_ranking_content.html"} <= set(loaded["templates"])
    assert {"vi", "en"} <= set(loaded["languages"])
    assert loaded["release"] == 1  # the pages' ETag digest, computed once
    assert not database.exists(), "the warm-up reads nothing from the database"


def test_the_project_templates_are_found_in_the_apps_and_the_project_directory() -> None:
    names = project_templates()
    assert "base.html" in names  # steerco/templates
    assert "web/ranking.html" in names  # an app's templates
