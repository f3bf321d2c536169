"""The benchmark: each operation of DESIGN.md section 5 timed on the database at hand,
as a table and as JSON. It measures; it never fails on a number.

Read operations run in this process (warm-up once, then `runs` timed runs: the
server time of the queries and Python around them). Posting progress updates runs
through a real server (gunicorn, or the test's live server) under a bounded load
from a second process (`steerco.bench.load`).
"""

from __future__ import annotations

import json
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from steerco.budget.selectors import budget_summary
from steerco.directives.models import Task, TaskState
from steerco.lib.periods import PeriodKind, period_containing
from steerco.progress.models import ProgressUpdate
from steerco.scoring import summaries
from steerco.scoring.peers import peer_set
from steerco.scoring.ranking_table import ranking
from steerco.scoring.scope import ALL
from steerco.scoring.selectors import class_counts
from steerco.units.models import Membership, Role, Unit, UnitKind
from steerco.web.overview import dashboard

RANKING = "national ranking, 34 provinces"
DASHBOARD = "province dashboard queries"
SCORECARD = "commune scorecard"
TASK_LIST = "task list, filtered, page 2"
POSTING = "post progress update (HTTP)"
IMPORT = "import 10,000-row plan"
REPORT = "province report (DOCX)"
SUMMARIES = "summaries: the daily rebuild of today's counts"
BUDGET = "budget summary of the nation"
AGGREGATE = "indicators: 50 x communes x 12 months to 34 provinces"
GRID_SAVE = "indicators: commune entry-grid save (50 values)"
INDEX = "index: DTI-style, 34 provinces from 50 indicators x communes"
REMIND = "steerco remind: one day, every unit (reminders, alerts, digests)"
API_BULK = "API: bulk POST of 500 progress updates"
API_LIST = "API: list 100 tasks as JSON"
SYNC_PUSH = "a province's push of 10,000 tasks' histories"
OPERATIONS = (
    SUMMARIES,
    RANKING,
    DASHBOARD,
    SCORECARD,
    TASK_LIST,
    REPORT,
    BUDGET,
    IMPORT,
    AGGREGATE,
    GRID_SAVE,
    INDEX,
    REMIND,
    API_LIST,
    API_BULK,
    SYNC_PUSH,
    POSTING,
)

#: DESIGN.md section 5 (milliseconds; posting: requests per second).
TARGETS_MS: dict[str, dict[str, float] | float | None] = {
    RANKING: {"postgresql": 150, "sqlite": 400},
    DASHBOARD: 50,
    SCORECARD: None,
    TASK_LIST: None,
    REPORT: 2000,
    BUDGET: 300,  # issue 21
    IMPORT: 5000,
    AGGREGATE: 500,
    GRID_SAVE: 100,
    INDEX: 1000,
    REMIND: 60_000,  # and under 300 MB (peak RSS, in its note)
    API_LIST: 30,
    API_BULK: 2000,  # and nothing lost: a run recording fewer than all is an error
    SYNC_PUSH: 10_000,  # issue 19
    POSTING: None,
    SUMMARIES: None,  # once a day (cron just after midnight, or the day's first page)
}
TARGET_RPS = 300


@dataclass
class Result:
    operation: str
    database: str
    scale: str
    p50_ms: float | None
    p95_ms: float | None
    runs: int
    target_ms: float | None
    status: str = "ok"  # ok | pending | error
    note: str = ""
    extra: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        data = asdict(self)
        data.update(data.pop("extra"))
        return data


def target_for(operation: str, vendor: str) -> float | None:
    t = TARGETS_MS[operation]
    return t.get(vendor) if isinstance(t, dict) else t


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * len(ordered) + 0.5) - 1))
    return ordered[k]


def timed(fn: Callable[[], object], runs: int, warm_up: bool = True) -> tuple[float, float]:
    if warm_up:
        fn()  # connection, caches, first-query planning
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1), round(percentile(times, 0.95), 1)


@dataclass
class Context:
    as_of: date
    province: Unit
    commune: Unit


def choose(as_of: date) -> Context:
    """The biggest province (most tasks in its subtree) and its busiest commune."""
    provinces = list(Unit.objects.filter(kind=UnitKind.PROVINCE))
    sizes = {p.pk: Task.objects.in_subtree(p).count() for p in provinces}
    province = max(provinces, key=lambda p: (sizes[p.pk], -p.pk))
    commune_id = (
        Task.objects.in_subtree(province)
        .filter(lead_unit__kind=UnitKind.COMMUNE)
        .values("lead_unit")
        .annotate(n=Count("pk"))
        .order_by("-n", "lead_unit")
        .values_list("lead_unit", flat=True)
        .first()
    )
    commune = Unit.objects.get(pk=commune_id) if commune_id else province
    return Context(as_of, province, commune)


# --- read operations ---------------------------------------------------------


def op_ranking(ctx: Context) -> object:
    _, peers = peer_set("provinces")
    return ranking(peers, ctx.as_of)


def op_dashboard(ctx: Context) -> object:
    """What the overview page reads for the province (steerco.web.overview.dashboard)."""
    return dashboard(unit=ctx.province, as_of=ctx.as_of, scope=ALL)


def op_scorecard(ctx: Context) -> object:
    return class_counts(unit=ctx.commune, as_of=ctx.as_of)


def op_task_list(ctx: Context) -> object:
    qs = (
        Task.objects.in_subtree(ctx.province)
        .filter(
            state=TaskState.IN_PROGRESS,
            cancelled_on__isnull=True,
            due_on__lte=ctx.as_of + timedelta(days=90),
        )
        .select_related("directive", "lead_unit")
        .order_by("due_on", "id")
    )
    page = Paginator(qs, 50).page(2) if qs.count() > 50 else Paginator(qs, 50).page(1)
    return list(page.object_list), page.paginator.count


def op_report(ctx: Context) -> object:
    from steerco.reports.build import build_report
    from steerco.reports.render import render

    content = build_report(
        unit=ctx.province,
        as_of=ctx.as_of,
        directive=None,
        with_implementing=False,
        # against the previous month's cut-off, as a monthly report is (a closed period)
        previous_on=period_containing(ctx.as_of, PeriodKind.MONTH, settings.STEERCO_CUTOFF_DAY)
        .previous()
        .ends_on,
        lang="vi",
        layout="state",
    )
    return render(content, "docx")


def op_budget(ctx: Context) -> object:
    """`steerco budget summary` of the root for the dataset's year: totals, by source,
    directive and lead unit, the slowest units and the monthly series."""
    root = Unit.objects.filter(parent__isnull=True).order_by("path").first() or ctx.province
    return budget_summary(root, ctx.as_of.year, ctx.as_of)


def _report_available() -> bool:
    try:
        from steerco.reports.build import build_report  # noqa: F401
        from steerco.reports.render import render  # noqa: F401
    except ImportError:
        return False
    return True


class _Rollback(Exception):  # noqa: N818 - control flow, not an error
    pass


IMPORT_ROWS = 10_000


def op_import(data: bytes) -> None:
    """Import a 10,000-row plan workbook (all-or-nothing, as `steerco import --commit`)
    into a new provincial directive, then roll everything back so the dataset stays as
    generated. The rows name units of Tuyên Quang (08)."""
    from django.db import transaction

    from steerco.directives.services import directive_create
    from steerco.intake.plans import plan_import

    province = Unit.objects.get(code="08")
    try:
        with transaction.atomic():
            directive = directive_create(
                symbol=f"{secrets.token_hex(4)}/KH-BENCH",
                kind="plan",
                issuer=province,
                issued_on=date(2026, 1, 5),
                title="Kế hoạch (benchmark)",
            )
            result = plan_import(
                directive=directive, within=province, name="bench.xlsx", data=data, commit=True
            )
            if not result.committed or result.rejected or len(result.rows) != IMPORT_ROWS:
                raise RuntimeError(
                    f"import wrote {len(result.rows)} rows, rejected {len(result.rejected)}: "
                    f"{[str(p) for p in result.rejected[:3]]}"
                )
            raise _Rollback
    except _Rollback:
        pass


def _import_workbook() -> bytes | None:
    try:
        from steerco.intake.bench import synthetic_plan_xlsx
    except ImportError:
        return None
    return synthetic_plan_xlsx(IMPORT_ROWS)


READS: dict[str, Callable[[Context], object]] = {
    RANKING: op_ranking,
    DASHBOARD: op_dashboard,
    SCORECARD: op_scorecard,
    TASK_LIST: op_task_list,
    REPORT: op_report,
    BUDGET: op_budget,
}


# --- posting under load -------------------------------------------------------


@dataclass
class LoadPlan:
    concurrency: int = 16
    seconds: float = 10.0
    max_requests: int = 0
    users: int = 8
    workers: int | None = None
    page_seconds: float = 5.0  # each page's c=8 run (steerco/bench/pages.py)


def _reporters(n: int) -> list[dict]:
    """`n` reporter accounts, one per province with open tasks, and the tasks each may report on."""
    from django.contrib.auth import get_user_model

    User = get_user_model()  # noqa: N806
    out = []
    for province in Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("path"):
        tasks = list(
            Task.objects.in_subtree(province)
            .filter(
                cancelled_on__isnull=True, state__in=[TaskState.NOT_STARTED, TaskState.IN_PROGRESS]
            )
            .order_by("id")
            .values_list("id", flat=True)[:300]
        )
        if not tasks:
            continue
        password = secrets.token_urlsafe(16)
        user, _ = User.objects.get_or_create(username=f"bench-reporter-{province.code}")
        user.set_password(password)
        user.save()
        Membership.objects.get_or_create(user=user, unit=province, role=Role.REPORTER)
        out.append({"username": user.username, "password": password, "tasks": tasks})
        if len(out) == n:
            break
    return out


def run_load(url: str, plan: LoadPlan) -> dict:
    users = _reporters(plan.users)
    reported_on = timezone.localdate()
    spec = {
        "url": url,
        "users": users,
        "concurrency": plan.concurrency,
        "seconds": plan.seconds,
        "max_requests": plan.max_requests,
        "reported_on": reported_on.isoformat(),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(spec, f)
    try:
        out = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "steerco.bench.load", f.name],
            capture_output=True,
            text=True,
            timeout=plan.seconds + 600,
            check=False,
        )
    finally:
        Path(f.name).unlink()
    if out.returncode != 0:
        raise RuntimeError(f"load client failed: {out.stderr[-2000:]}")
    result = json.loads(out.stdout)
    keys = result["accepted"]
    stored = sum(
        ProgressUpdate.objects.filter(idempotency_key__in=keys[i : i + 500]).count()
        for i in range(0, len(keys), 500)
    )
    result["stored"] = stored
    return result


def posting(url: str | None, plan: LoadPlan, vendor: str, scale: str) -> Result:
    from .server import Gunicorn

    worker_rss = None
    workers = None
    if url is None:
        with Gunicorn(workers=plan.workers) as server:
            out = run_load(server.url, plan)
            worker_rss = server.worker_peak_rss_mb()
            workers = len(server.worker_pids())
    else:
        out = run_load(url, plan)
    lat = out["latencies_ms"]
    accepted = len(out["accepted"])
    rps = round(accepted / out["seconds"], 1) if out["seconds"] else 0.0
    return Result(
        POSTING,
        vendor,
        scale,
        round(statistics.median(lat), 1) if lat else None,
        round(percentile(lat, 0.95), 1) if lat else None,
        len(lat),
        None,
        note=f"{rps:.0f}/s (target {TARGET_RPS}/s), lost {accepted - out['stored']}",
        extra={
            "rps": rps,
            "lost": accepted - out["stored"],
            "accepted": accepted,
            "errors": out["errors"],
            "concurrency": plan.concurrency,
            "workers": workers,
            "worker_peak_rss_mb": worker_rss,
            "target_rps": TARGET_RPS,
        },
    )


# --- the whole benchmark -----------------------------------------------------------


def run(
    *,
    scale: str,
    as_of: date,
    runs: int,
    load: LoadPlan | None = None,
    url: str | None = None,
    only: set[str] | None = None,
    say: Callable[[str], None] = lambda s: None,
) -> list[Result]:
    """Time every operation (or those named in `only`, by a word of their name)."""

    def wanted(name: str) -> bool:
        return only is None or any(word in name for word in only)

    vendor = connection.vendor
    ctx = choose(as_of)
    say(
        f"bench: {vendor}, scale {scale}, as of {as_of}; province {ctx.province.name}, "
        f"commune {ctx.commune.name}"
    )
    results = []
    if wanted(SUMMARIES) or summaries.summaries_day() != as_of:
        # Today's counts read the summaries of the dataset's day: the daily step, timed.
        started = time.perf_counter()
        summaries.rebuild(as_of)
        ms = round((time.perf_counter() - started) * 1000, 1)
        results.append(Result(SUMMARIES, vendor, scale, ms, ms, 1, target_for(SUMMARIES, vendor)))
        say(f"  {SUMMARIES}: {ms} ms")
    debug, settings.DEBUG = settings.DEBUG, False  # no query logging while timing
    # The operations time the computation: the figures cache would answer every run but
    # the first (the pages below are timed as served, in gunicorn's own settings).
    cached, settings.STEERCO_FIGURES_CACHE = settings.STEERCO_FIGURES_CACHE, False
    try:
        for name, fn in READS.items():
            if not wanted(name):
                continue
            if name == REPORT and not _report_available():
                results.append(
                    Result(
                        name,
                        vendor,
                        scale,
                        None,
                        None,
                        0,
                        target_for(name, vendor),
                        "pending",
                        "reports not landed",
                    )
                )
                continue
            p50, p95 = timed(partial(fn, ctx), runs)
            results.append(Result(name, vendor, scale, p50, p95, runs, target_for(name, vendor)))
            say(f"  {name}: p50 {p50} ms, p95 {p95} ms")
        if wanted(IMPORT):
            results.append(_import_result(vendor, scale, runs, say))
        if wanted(AGGREGATE) or wanted(GRID_SAVE) or wanted(INDEX):
            results.extend(_indicator_results(vendor, scale, as_of, runs, wanted, say))
        if wanted(REMIND):
            results.append(_remind_result(vendor, scale, as_of, say))
        if wanted(API_LIST):
            results.append(_api_list_result(ctx, vendor, scale, runs, say))
        if wanted(API_BULK):
            results.append(_api_bulk_result(ctx, vendor, scale, runs, say))
        if wanted(SYNC_PUSH):
            from .sync_push import push_result

            results.append(push_result(ctx.province, vendor, scale, runs, say))
        if load is not None:
            from .pages import page_results

            results.extend(
                page_results(
                    ctx,
                    vendor,
                    scale,
                    runs,
                    wanted,
                    say,
                    url=url,
                    seconds=load.page_seconds,
                    concurrency=min(8, load.concurrency),
                )
            )
        if load is not None and wanted(POSTING):
            results.append(posting(url, load, vendor, scale))
            say(f"  {POSTING}: {results[-1].note}")
    finally:
        settings.DEBUG = debug
        settings.STEERCO_FIGURES_CACHE = cached
    return results


def _import_result(vendor: str, scale: str, runs: int, say: Callable[[str], None]) -> Result:
    target = target_for(IMPORT, vendor)
    data = _import_workbook()
    if data is None:
        return Result(IMPORT, vendor, scale, None, None, 0, target, "pending", "intake not landed")
    n = max(1, min(runs, 3))  # ten thousand rows a run: a few runs, no warm-up
    try:
        p50, p95 = timed(lambda: op_import(data), n, warm_up=False)
    except Exception as exc:  # noqa: BLE001 - reported in the table, never hidden
        return Result(IMPORT, vendor, scale, None, None, 0, target, "error", str(exc)[:200])
    say(f"  {IMPORT}: p50 {p50} ms, p95 {p95} ms")
    return Result(IMPORT, vendor, scale, p50, p95, n, target, note="rolled back after each run")


def _api_list_result(
    ctx: Context, vendor: str, scale: str, runs: int, say: Callable[[str], None]
) -> Result:
    """One page of 100 tasks from GET /api/v1/tasks (steerco/bench/api_reads.py)."""
    from .api_reads import timed_list

    target = target_for(API_LIST, vendor)
    try:
        p50, p95, size = timed_list(ctx.province, runs, timed)
    except RuntimeError as exc:
        return Result(API_LIST, vendor, scale, None, None, 0, target, "error", str(exc)[:200])
    note = f"{ctx.province.name}'s tasks, classified as of today, {size:,} bytes a page"
    say(f"  {API_LIST}: p50 {p50} ms, p95 {p95} ms")
    return Result(API_LIST, vendor, scale, p50, p95, runs, target, note=note)


def _api_bulk_result(
    ctx: Context, vendor: str, scale: str, runs: int, say: Callable[[str], None]
) -> Result:
    """One bulk POST of 500 updates through the API (steerco/bench/api_writes.py)."""
    from .api_writes import timed_bulk

    target = target_for(API_BULK, vendor)
    n = max(1, min(runs, 5))
    try:
        p50, p95, items = timed_bulk(ctx.province, n, timed)
    except RuntimeError as exc:
        return Result(API_BULK, vendor, scale, None, None, 0, target, "error", str(exc)[:200])
    note = f"{items} updates on {ctx.province.name}'s open tasks, all recorded; rolled back"
    say(f"  {API_BULK}: p50 {p50} ms, p95 {p95} ms")
    return Result(API_BULK, vendor, scale, p50, p95, n, target, note=note)


def _remind_result(vendor: str, scale: str, as_of: date, say: Callable[[str], None]) -> Result:
    """One run of `steerco remind` in a process of its own (steerco/bench/remind.py)."""
    from .remind import run_remind

    target = target_for(REMIND, vendor)
    try:
        m = run_remind(as_of)
    except RuntimeError as exc:
        return Result(REMIND, vendor, scale, None, None, 0, target, "error", str(exc)[:200])
    ms = m["seconds"] * 1000
    note = (
        f"{m['notices']:,} notices ({m['digests']} digests), {m['emails']:,} e-mails to "
        f"{m['accounts']:,} accounts; peak RSS {m['peak_rss_mb']:.0f} MB (< 300 MB; at the "
        f"end {m.get('rss_anon_mb', 0):.0f} MB own, {m.get('rss_file_mb', 0):.0f} MB file pages)"
    )
    say(f"  {REMIND}: {ms:,.0f} ms, {note}")
    return Result(REMIND, vendor, scale, ms, ms, 1, target, note=note, extra=m)


def _indicator_results(
    vendor: str,
    scale: str,
    as_of: date,
    runs: int,
    wanted: Callable[[str], bool],
    say: Callable[[str], None],
) -> list[Result]:
    from . import indicators, indices

    data = indicators.ensure(scale=scale, seed=1, as_of=as_of, say=say)
    index = indices.ensure(data)
    out = []
    for name, fn, note in (
        (AGGREGATE, indicators.op_aggregate, f"{data.values:,} values"),
        (GRID_SAVE, indicators.op_grid_save, f"{data.commune.name}, rolled back after each run"),
        (
            INDEX,
            partial(indices.op_compute, index=index),
            f"{data.months[-1]} and the month before (the change), {len(data.indicators)} "
            f"indicators, {len(data.provinces)} provinces; nothing stored",
        ),
    ):
        if wanted(name):
            p50, p95 = timed(partial(fn, data), runs)
            out.append(
                Result(name, vendor, scale, p50, p95, runs, target_for(name, vendor), note=note)
            )
            say(f"  {name}: p50 {p50} ms, p95 {p95} ms")
    return out


def table(results: list[Result]) -> str:
    head = ("operation", "database", "scale", "p50", "p95", "runs", "target", "note")
    rows = [head]
    for r in results:
        t = r.target_ms
        target = f"< {t:g} ms" if t is not None else ("≥ 300/s" if r.operation == POSTING else "—")
        rows.append(
            (
                r.operation,
                r.database,
                r.scale,
                "—" if r.p50_ms is None else f"{r.p50_ms:,.1f} ms",
                "—" if r.p95_ms is None else f"{r.p95_ms:,.1f} ms",
                str(r.runs),
                target,
                r.note if r.status == "ok" else f"{r.status}: {r.note}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write_json(results: list[Result], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=1), "utf-8"
    )
