"""The pages a signed-in user waits for, timed over HTTP against gunicorn with the
production settings (steerco/bench/server.py: DEBUG off, 127.0.0.1, the repository's
gunicorn.conf.py; the per-user limits on reports and exports lifted for the run).

Each page: c=1 p50/p95 over `runs` requests after a warm-up, then requests per second
with eight connections for a few seconds, and the bytes of the answer as a browser gets
it (gzip accepted). The load client (steerco/bench/load.py, `run_pages`) is a second
process that sees steerco only over HTTP. The selector rows of the runner stay as the
breakdown of what the pages read.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from steerco.directives.models import Task, TaskState
from steerco.lib.periods import previous_cutoff
from steerco.units.loading import ROOT_CODE
from steerco.units.models import Membership, Role, Unit

if TYPE_CHECKING:
    from .runner import Context, Result

RANKING = "page: national ranking (central viewer)"
PROVINCE = "page: province overview"
COMMUNE = "page: commune overview"
TASKS = "page: task list, filtered, page 2"
TASK = "page: a task"
MY = "page: my work (province reporter)"
POST = "page: post a progress update"
DOCX = "page: province report (DOCX)"
# The same pages reloaded by a browser that holds them (If-None-Match: the tag of the
# warm-up's answer; web/conditional.py): 304 Not Modified, nothing rendered.
REVALIDATED = " reloaded unchanged (304)"
RANKING_304 = "page: national ranking" + REVALIDATED
PROVINCE_304 = "page: province overview" + REVALIDATED
TASKS_304 = "page: task list" + REVALIDATED
TASK_304 = "page: a task" + REVALIDATED
PAGES = (
    RANKING,
    PROVINCE,
    COMMUNE,
    TASKS,
    TASK,
    MY,
    POST,
    DOCX,
    RANKING_304,
    PROVINCE_304,
    TASKS_304,
    TASK_304,
)

#: Issue 20's targets: (c=1 p50 ms, c=8 requests per second), national scale, PostgreSQL.
TARGETS: dict[str, tuple[float, float]] = {
    RANKING: (20, 150),
    PROVINCE: (25, 120),
    TASKS: (20, 150),
    POST: (5, 300),
}
CONCURRENCY = 8


def _account(username: str, unit: Unit, role: str) -> dict:
    User = get_user_model()  # noqa: N806
    password = secrets.token_urlsafe(16)
    user, _ = User.objects.get_or_create(username=username)
    user.set_password(password)
    user.save()
    Membership.objects.get_or_create(user=user, unit=unit, role=role)
    return {"username": username, "password": password}


def plan_pages(ctx: Context) -> tuple[dict[str, dict], list[dict]]:
    """The accounts (a central viewer, a reporter of the province) and the pages' paths."""
    viewer = _account("bench-viewer-central", Unit.objects.get(code=ROOT_CODE), Role.VIEWER)
    reporter = _account(f"bench-page-reporter-{ctx.province.code}", ctx.province, Role.REPORTER)
    as_of = ctx.as_of.isoformat()
    open_tasks = list(
        Task.objects.in_subtree(ctx.province)
        .filter(cancelled_on__isnull=True, state=TaskState.IN_PROGRESS)
        .order_by("id")
        .values_list("id", flat=True)[:200]
    )
    if not open_tasks:
        raise RuntimeError(f"{ctx.province.name} has no task in progress to report on")
    task_filters = {
        "unit": ctx.province.code,
        "due_to": (ctx.as_of + timedelta(days=90)).isoformat(),
        "as_of": as_of,
        "page": "2",
    }
    report = {
        "unit": ctx.province.code,
        "as_of": as_of,
        "previous": previous_cutoff(ctx.as_of, settings.STEERCO_CUTOFF_DAY).isoformat(),
        "lang": "vi",
        "layout": "state",
        "format": "docx",
    }
    pages: list[dict] = [
        {"name": RANKING, "user": "viewer", "path": f"/ranking/?peers=provinces&as_of={as_of}"},
        {"name": PROVINCE, "user": "viewer", "path": f"/?unit={ctx.province.code}&as_of={as_of}"},
        {"name": COMMUNE, "user": "viewer", "path": f"/?unit={ctx.commune.code}&as_of={as_of}"},
        {"name": TASKS, "user": "viewer", "path": "/tasks/?" + urlencode(task_filters)},
        {"name": TASK, "user": "viewer", "path": f"/tasks/{open_tasks[0]}/"},
        {"name": MY, "user": "reporter", "path": "/my/"},
        {
            "name": POST,
            "user": "reporter",
            "path": "/tasks/<id>/report/",
            "report_tasks": open_tasks,
        },
        {"name": DOCX, "user": "viewer", "path": "/reports/?" + urlencode(report)},
    ]
    again = {RANKING: RANKING_304, PROVINCE: PROVINCE_304, TASKS: TASKS_304, TASK: TASK_304}
    pages += [
        {**p, "name": again[p["name"]], "revalidate": True} for p in pages[:5] if p["name"] in again
    ]
    return {"viewer": viewer, "reporter": reporter}, pages


def run_pages(
    url: str,
    ctx: Context,
    *,
    runs: int,
    seconds: float,
    wanted: Callable[[str], bool],
    c: int = CONCURRENCY,
) -> list[dict]:
    users, pages = plan_pages(ctx)
    chosen = [p for p in pages if wanted(p["name"])]
    spec = {
        "url": url,
        "users": users,
        "pages": chosen,
        "runs": runs,
        "seconds": seconds,
        "concurrency": c,
        "reported_on": timezone.localdate().isoformat(),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(spec, f)
    try:
        out = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "steerco.bench.load", f.name],
            capture_output=True,
            text=True,
            timeout=len(chosen) * (seconds + 120) + 60,
            check=False,
        )
    finally:
        Path(f.name).unlink()
    if out.returncode != 0:
        raise RuntimeError(f"page client failed: {out.stderr[-2000:]}")
    return list(json.loads(out.stdout)["pages"])


def page_results(
    ctx: Context,
    vendor: str,
    scale: str,
    runs: int,
    wanted: Callable[[str], bool],
    say: Callable[[str], None],
    *,
    url: str | None = None,
    seconds: float = 5.0,
    concurrency: int = CONCURRENCY,
) -> list[Result]:
    """The page rows, served by a gunicorn of their own (or the server at `url`)."""
    from .runner import Result, percentile
    from .server import Gunicorn

    if not any(wanted(p) for p in PAGES):
        return []
    load = os.getloadavg()
    try:
        if url is None:
            with Gunicorn() as server:
                measured = run_pages(
                    server.url, ctx, runs=runs, seconds=seconds, wanted=wanted, c=concurrency
                )
        else:
            measured = run_pages(url, ctx, runs=runs, seconds=seconds, wanted=wanted, c=concurrency)
    except RuntimeError as exc:
        return [Result(PAGES[0], vendor, scale, None, None, 0, None, "error", str(exc)[:300])]
    load_after = os.getloadavg()
    out = []
    for m in measured:
        name = m["name"]
        target = TARGETS.get(name)
        if "error" in m:
            out.append(Result(name, vendor, scale, None, None, 0, None, "error", m["error"]))
            continue
        lat = m["latencies_ms"]
        p50, p95 = round(percentile(lat, 0.5), 1), round(percentile(lat, 0.95), 1)
        rps = round(m["rps"], 1)
        size = m["bytes"]
        raw = m.get("raw_bytes", size)
        note = f"c={concurrency} {rps:,.1f}/s" + (
            f", {size:,} B ({raw:,} unzipped)" if size else ""
        )
        if m["errors"]:
            note += f", errors {m['errors']}"
        out.append(
            Result(
                name,
                vendor,
                scale,
                p50,
                p95,
                len(lat),
                target[0] if target else None,
                note=note,
                extra={
                    "rps_c8": rps,
                    "bytes": size,
                    "raw_bytes": raw,
                    "target_rps": target[1] if target else None,
                    "load_average": [round(x, 2) for x in (*load, *load_after)],
                },
            )
        )
        say(f"  {name}: p50 {p50} ms, p95 {p95} ms, {note}")
    say(
        "  pages: load average {:.1f} {:.1f} {:.1f} before, {:.1f} {:.1f} {:.1f} after".format(
            *load, *load_after
        )
    )
    return out


def page_table(results: list[Result]) -> str:
    """The pages as the issue asks for them: c=1 p50/p95, c=8 requests per second, bytes."""
    rows = [
        ("page", "database", "c=1 p50", "c=1 p95", f"c={CONCURRENCY}", "bytes (unzipped)", "target")
    ]
    for r in results:
        if r.operation not in PAGES:
            continue
        target = TARGETS.get(r.operation)
        if r.status != "ok":
            rows.append((r.operation, r.database, "—", "—", "—", "—", f"{r.status}: {r.note}"))
            continue
        rows.append(
            (
                r.operation.removeprefix("page: "),
                r.database,
                f"{r.p50_ms:,.1f} ms",
                f"{r.p95_ms:,.1f} ms",
                f"{r.extra['rps_c8']:,.1f}/s",
                f"{r.extra['bytes']:,} ({r.extra['raw_bytes']:,})"
                if r.extra["bytes"]
                else ("— (304)" if r.operation.endswith(REVALIDATED) else "— (302)"),
                f"≤ {target[0]:g} ms, ≥ {target[1]:g}/s" if target else "—",
            )
        )
    if len(rows) == 1:
        return ""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    la = next((r.extra["load_average"] for r in results if "load_average" in r.extra), None)
    if la:
        lines.append(
            f"load average (1, 5, 15 min) before {la[0]} {la[1]} {la[2]}, after {la[3]} {la[4]} {la[5]}"
        )
    return "\n".join(lines)
