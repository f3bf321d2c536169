"""Reads on a PostgreSQL streaming replica, writes and read-after-write on the primary
(steerco/lib/replicas.py; issue 20, item 7).

The settings tests read `DATABASE_REPLICA_URLS` in a process of their own. The routing
tests start a real hot standby of the test server on 127.0.0.1: `pg_basebackup -R` of the
primary into a temporary directory, started with PostgreSQL 15's own binaries on a free
port (as the `postgres` user when the tests run as root, which PostgreSQL refuses), then
stopped and removed. They run in CI's PostgreSQL pass (marker `replica`); elsewhere,
without PostgreSQL or its binaries, they skip saying what is missing — under CI=true they
fail instead.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
import time_machine
from django.db import connection, connections, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from steerco.directives.models import Task
from steerco.lib.compiled import run_compiled
from steerco.lib.planner import hash_groups
from steerco.lib.replicas import DOWN_SECONDS, PIN_COOKIE, PrimaryPinMiddleware, ReplicaRouter
from steerco.progress.models import ProgressUpdate
from steerco.scoring.cache import figures
from steerco.scoring.summaries import bring_up_to
from steerco.units.models import Unit
from tests.factories import make_directive, make_task, personas, small_tree

ROOT = Path(__file__).resolve().parents[3]
PG_BIN = Path(os.environ.get("STEERCO_PG_BIN", "/usr/lib/postgresql/15/bin"))
ALIAS = "replica_1"
ROUTER = "steerco.lib.replicas.ReplicaRouter"
MIDDLEWARE = "steerco.lib.replicas.PrimaryPinMiddleware"


def replica(test: Any) -> Any:
    """A test with a real standby (CI: the PostgreSQL pass only; the settings tests run in
    both), allowed to query `replica_1` as well as the test database."""
    marks = (
        pytest.mark.replica,
        pytest.mark.django_db(transaction=True, databases=["default", ALIAS]),
    )
    for mark in marks:
        test = mark(test)
    return test


def _settings_in_a_process(**env: str) -> dict[str, Any]:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'databases': s.DATABASES, 'routers': s.DATABASE_ROUTERS, "
        "'middleware': s.MIDDLEWARE}, default=str))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "steerco.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        return {"error": done.stderr}
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_replica_urls_add_replica_databases_the_router_and_the_middleware() -> None:
    found = _settings_in_a_process(
        DATABASE_URL="postgres://steerco@db1:5432/steerco",
        DATABASE_REPLICA_URLS="postgres://steerco@db2:5432/steerco, postgres://steerco@db3:5433/steerco",
    )
    databases = found["databases"]
    assert list(databases) == ["default", "replica_1", "replica_2"]
    assert (databases["replica_1"]["HOST"], databases["replica_2"]["PORT"]) == ("db2", 5433)
    # The same session settings as the primary (no JIT, the counting queries' work_mem).
    assert databases["replica_2"]["OPTIONS"] == databases["default"]["OPTIONS"]
    assert "jit=off" in databases["replica_1"]["OPTIONS"]["options"]
    # Tests run with the replicas as mirrors of the primary: one test database.
    assert databases["replica_1"]["TEST"]["MIRROR"] == "default"
    assert found["routers"] == [ROUTER]
    assert found["middleware"][0] == MIDDLEWARE


def test_without_replica_urls_there_is_no_router_and_no_middleware() -> None:
    found = _settings_in_a_process(DATABASE_URL="postgres://steerco@db1:5432/steerco")
    assert list(found["databases"]) == ["default"]
    assert found["routers"] == []
    assert MIDDLEWARE not in found["middleware"]


def test_replicas_of_a_sqlite_database_are_refused() -> None:
    found = _settings_in_a_process(DATABASE_REPLICA_URLS="postgres://steerco@db2:5432/steerco")
    assert "PostgreSQL streaming replicas of a PostgreSQL DATABASE_URL" in found["error"]


# --- a real hot standby --------------------------------------------------------------


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Standby:
    port: int
    dbname: str
    user: str

    def sql(self, query: str) -> Any:
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=self.user, dbname=self.dbname, autocommit=True
        ) as conn:
            row = conn.execute(query).fetchone()  # type: ignore[arg-type]
            return row[0] if row else None

    def catch_up(self) -> None:
        """Wait until the standby has replayed everything the primary has written."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            (lsn,) = cursor.fetchone()
        deadline = time.monotonic() + 60
        while not self.sql(f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn"):
            assert time.monotonic() < deadline, "the standby did not catch up within 60 s"
            time.sleep(0.05)


def _run(command: list[str], what: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603
    if done.returncode != 0:
        if "no pg_hba.conf entry for replication" in done.stderr:
            _missing(
                "the primary refuses replication connections from 127.0.0.1: add "
                "`host replication all 127.0.0.1/32 trust` to its pg_hba.conf and reload "
                "(.ci/run does it)"
            )
        raise AssertionError(f"{what} failed:\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture(scope="module")
def replica_alias() -> Iterator[str]:
    """`replica_1` among the databases, a mirror of the test database (as settings.py makes
    each replica in tests) until `standby` points it at the standby. Module-scoped so that
    it exists before pytest-django checks the databases a test may use."""
    primary = connections["default"].settings_dict
    connections.settings[ALIAS] = {**primary, "TEST": {**primary["TEST"], "MIRROR": "default"}}
    try:
        yield ALIAS
    finally:
        connections[ALIAS].close()
        del connections[ALIAS]
        del connections.settings[ALIAS]


def _primary_limits() -> dict[str, str]:
    """The primary's settings a hot standby must at least match; skips (fails under CI)
    when this primary cannot have one."""
    if connection.vendor != "postgresql":
        _missing(
            "needs PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/steerco "
            "pytest steerco/lib/tests/test_replicas.py"
        )
    for tool in ("pg_basebackup", "pg_ctl", "postgres"):
        if not (PG_BIN / tool).exists():
            _missing(f"{PG_BIN / tool} is missing: apt-get install -y postgresql-15")
    limits = {}
    with connection.cursor() as cursor:
        cursor.execute("SHOW wal_level")
        if cursor.fetchone()[0] == "minimal":
            _missing("the primary has wal_level=minimal: set wal_level=replica and restart it")
        for name in (
            "max_connections",
            "max_worker_processes",
            "max_wal_senders",
            "max_prepared_transactions",
            "max_locks_per_transaction",
        ):
            cursor.execute(f"SHOW {name}")
            limits[name] = cursor.fetchone()[0]
    return limits


@contextmanager
def _hot_standby(primary: dict[str, Any], limits: dict[str, str]) -> Iterator[Standby]:
    """`pg_basebackup -R` of the primary into a temporary directory, started on a free
    port of 127.0.0.1 (as `postgres` when we are root); stopped and removed at the end."""
    as_user: list[str] = []
    owner = None
    if os.geteuid() == 0:  # PostgreSQL will not run as root
        owner = pwd.getpwnam("postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    tmp = Path(tempfile.mkdtemp(prefix="steerco-replica-"))
    if owner is not None:
        os.chown(tmp, owner.pw_uid, owner.pw_gid)
    data = tmp / "data"
    port = _free_port()
    started = False
    # A physical slot reserved before the backup's checkpoint: the primary keeps every WAL
    # segment from there on, however fast other tests write. pg_basebackup's own temporary
    # slot is made after the checkpoint, and a busy primary had recycled the first segment.
    slot = f"steerco_replica_{os.getpid()}_{port}"
    primary_dsn = {
        "host": primary["HOST"] or "127.0.0.1",
        "port": primary["PORT"] or 5432,
        "user": primary["USER"] or "postgres",
        "dbname": primary["NAME"],
        "autocommit": True,
    }
    with psycopg.connect(**primary_dsn) as conn:
        conn.execute("SELECT pg_create_physical_replication_slot(%s, true)", [slot])
    try:
        _run(
            [
                *as_user,
                str(PG_BIN / "pg_basebackup"),
                f"--host={primary_dsn['host']}",
                f"--port={primary_dsn['port']}",
                f"--username={primary_dsn['user']}",
                f"--pgdata={data}",
                "--write-recovery-conf",  # standby.signal and primary_conninfo
                "--wal-method=stream",
                f"--slot={slot}",  # also the standby's primary_slot_name
                "--checkpoint=fast",
                "--no-sync",
            ],
            "pg_basebackup",
        )
        # Debian keeps postgresql.conf and pg_hba.conf out of the data directory.
        for name, text in (
            ("postgresql.conf", ""),
            ("pg_hba.conf", "local all all trust\nhost all all 127.0.0.1/32 trust\n"),
        ):
            conf = data / name
            if name == "pg_hba.conf" or not conf.exists():
                conf.write_text(text)
                if owner is not None:
                    os.chown(conf, owner.pw_uid, owner.pw_gid)
        options = " ".join(
            [
                f"-p {port}",
                f"-k {tmp}",
                "-c listen_addresses=127.0.0.1",
                "-c hot_standby=on",
                *(f"-c {name}={value}" for name, value in limits.items()),
            ]
        )
        started = True
        _run(
            [
                *as_user,
                str(PG_BIN / "pg_ctl"),
                f"--pgdata={data}",
                f"--log={tmp / 'standby.log'}",
                f"--options={options}",
                "--wait",
                "--timeout=120",
                "start",
            ],
            "starting the standby",
        )
        standby = Standby(port=port, dbname=primary["NAME"], user=primary["USER"] or "postgres")
        assert standby.sql("SELECT pg_is_in_recovery()") is True
        yield standby
    finally:
        if started:
            subprocess.run(  # noqa: S603
                [*as_user, str(PG_BIN / "pg_ctl"), f"--pgdata={data}", "-m", "fast", "-w", "stop"],
                capture_output=True,
                timeout=120,
                check=False,
            )
        with psycopg.connect(**primary_dsn) as conn:
            conn.execute("SELECT pg_drop_replication_slot(%s)", [slot])
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def standby_server(
    replica_alias: str, django_db_setup: None, django_db_blocker: Any
) -> Iterator[Standby]:
    """One hot standby of the test database for the module's tests, `replica_1` pointed
    at it; each test's writes on the primary reach it by streaming replication."""
    with django_db_blocker.unblock():
        limits = _primary_limits()
        primary = dict(connection.settings_dict)
    where = {k: connections.settings[ALIAS][k] for k in ("NAME", "HOST", "PORT", "CONN_MAX_AGE")}
    with _hot_standby(primary, limits) as standby:
        connections[ALIAS].close()
        connections.settings[ALIAS].update(
            NAME=primary["NAME"], HOST="127.0.0.1", PORT=str(standby.port), CONN_MAX_AGE=0
        )
        try:
            yield standby
        finally:
            connections[ALIAS].close()
            connections.settings[ALIAS].update(where)


@pytest.fixture
def standby(standby_server: Standby, settings: Any) -> Iterator[Standby]:
    """The standby, with the router and the middleware installed as DATABASE_REPLICA_URLS
    would install them."""
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.MIDDLEWARE = [MIDDLEWARE, *settings.MIDDLEWARE]
    try:
        yield standby_server
    finally:
        standby_server.sql("SELECT pg_wal_replay_resume()")  # a test may have paused it


def _on(alias: str) -> CaptureQueriesContext:
    return CaptureQueriesContext(connections[alias])


def _tables(queries: CaptureQueriesContext) -> str:
    return " ".join(q["sql"] for q in queries.captured_queries)


@replica
def test_pages_read_the_replica_and_a_post_and_the_page_after_it_the_primary(
    standby: Standby,
) -> None:
    tree = small_tree()
    reporter: Any = personas(tree).tq_dept_reporter
    today = timezone.localdate()
    plan = make_directive(tree.tuyen_quang, issued_on=today - timedelta(days=60))
    task = make_task(
        plan,
        tree.tq_skhcn,
        assigned_on=today - timedelta(days=30),
        due_on=today + timedelta(days=30),
    )
    assert Task.objects.get(pk=task.pk)._state.db == "default"  # outside a request
    client = Client()
    client.force_login(reporter)
    standby.catch_up()  # the task and the session, written on the primary, replayed

    # A page: every query on the replica, none on the primary.
    with _on("default") as primary, _on(ALIAS) as replica:
        page = client.get(f"/tasks/{task.pk}/")
    assert page.status_code == 200 and task.content in page.content.decode()
    assert "django_session" in _tables(replica) and "directives_task" in _tables(replica)
    assert primary.captured_queries == []
    assert PIN_COOKIE not in page.cookies

    # The replica stops replaying (as one lagging behind would), then the reporter posts.
    standby.sql("SELECT pg_wal_replay_pause()")
    with _on("default") as primary, _on(ALIAS) as replica:
        posted = client.post(
            f"/tasks/{task.pk}/report/",
            {
                "idempotency_key": "replica-1",
                "reported_on": today.isoformat(),
                "state": "in_progress",
                "percent": "40",
                "done": "Đã khảo sát hiện trạng hạ tầng",
            },
        )
    assert posted.status_code == 302, posted.content.decode()[:2000]
    assert "INSERT" in _tables(primary) and replica.captured_queries == []
    assert posted.cookies[PIN_COOKIE]["max-age"] == 5

    # The redirect's page carries the pin cookie: it reads the primary, and shows the report.
    with _on("default") as primary, _on(ALIAS) as replica:
        after = client.get(posted["Location"])
    assert "Đã khảo sát hiện trạng hạ tầng" in after.content.decode()
    assert replica.captured_queries == [] and "directives_task" in _tables(primary)

    # Once the cookie has expired the page reads the replica again — which has not replayed
    # the report yet: exactly what the pin spared the reporter.
    del client.cookies[PIN_COOKIE]
    with _on(ALIAS) as replica:
        lagging = client.get(f"/tasks/{task.pk}/")
    assert "Đã khảo sát hiện trạng hạ tầng" not in lagging.content.decode()
    assert "directives_task" in _tables(replica)
    assert not standby.sql(
        f"SELECT EXISTS (SELECT 1 FROM progress_progressupdate WHERE task_id = {task.pk})"
    )

    # Replaying again, the replica has the report and the page shows it from there.
    standby.sql("SELECT pg_wal_replay_resume()")
    standby.catch_up()
    with _on("default") as primary, _on(ALIAS) as replica:
        replayed = client.get(f"/tasks/{task.pk}/")
    assert "Đã khảo sát hiện trạng hạ tầng" in replayed.content.decode()
    assert "directives_task" in _tables(replica) and primary.captured_queries == []
    assert ProgressUpdate.objects.filter(task=task).count() == 1


@replica
@pytest.mark.parametrize("page_url", ["/ranking/", "/", "/tasks/"])
def test_the_figure_pages_are_served_by_the_replica(
    standby: Standby, settings: Any, page_url: str
) -> None:
    # Not cached: a figure to be cached is computed on the primary (the next test).
    settings.STEERCO_FIGURES_CACHE = False
    tree = small_tree()
    viewer: Any = personas(tree).central_analyst
    today = timezone.localdate()
    plan = make_directive(tree.committee, issued_on=today - timedelta(days=60))
    for lead in (tree.tq_skhcn, tree.lam_binh, tree.cb_skhcn):
        make_task(
            plan, lead, assigned_on=today - timedelta(days=30), due_on=today - timedelta(days=1)
        )
    bring_up_to(today)  # today's per-unit summaries, as cron would
    client = Client()
    client.force_login(viewer)
    standby.catch_up()
    with _on("default") as primary, _on(ALIAS) as replica:
        page = client.get(page_url)
    assert page.status_code == 200 and "Cao Bằng" in page.content.decode()
    assert "directives_task" in _tables(replica)
    assert primary.captured_queries == []


@replica
def test_indicator_figures_are_read_on_the_replica(standby: Standby) -> None:
    from steerco.indicators.aggregation_sql import peer_figures
    from steerco.indicators.imports import catalogue_load
    from steerco.indicators.models import Indicator
    from steerco.indicators.selectors import catalogue_specs
    from steerco.indicators.tests.conftest import SEED
    from steerco.indicators.tests.test_aggregation_sql import PERIODS, fill
    from steerco.lib.calendar_periods import parse_calendar_period

    tree = small_tree()
    catalogue_load(name=SEED.name, data=SEED.read_bytes(), commit=True)
    fill(tree, 1)  # the provinces' communes report their values
    standby.catch_up()
    codes = sorted(Indicator.objects.values_list("code", flat=True))

    def figures_view(request: HttpRequest) -> HttpResponse:
        found = peer_figures(
            peers=[tree.tuyen_quang, tree.cao_bang],
            specs=catalogue_specs(),
            codes=codes,
            periods=[parse_calendar_period(p) for p in PERIODS],
        )
        return JsonResponse({"figures": len(found)})

    with _on("default") as primary, _on(ALIAS) as replica:
        response = PrimaryPinMiddleware(figures_view)(RequestFactory().get("/"))
    assert json.loads(response.content)["figures"] > 0
    assert "indicators_valuesummary" in _tables(replica)  # the summaries of the children
    assert primary.captured_queries == []


def _read_write_read(request: HttpRequest) -> HttpResponse:
    """A view that reads, reads inside a transaction, writes, then reads: where each read
    was answered from (`_state.db` of the object read)."""
    seen = {"first read": Unit.objects.order_by("pk").first()._state.db}  # type: ignore[union-attr]
    with transaction.atomic():
        seen["read in a transaction"] = Unit.objects.order_by("pk").first()._state.db  # type: ignore[union-attr]
    seen["read after it"] = Unit.objects.order_by("pk").first()._state.db  # type: ignore[union-attr]
    if request.GET.get("write"):
        unit = Unit.objects.order_by("pk").first()
        unit.save(update_fields=["name"])  # type: ignore[union-attr]
    elif request.GET.get("raw_write"):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE units_unit SET name = name WHERE id = (SELECT min(id) FROM units_unit)"
            )
    seen["read after the write"] = Unit.objects.order_by("pk").first()._state.db  # type: ignore[union-attr]
    return JsonResponse(seen)


@replica
@pytest.mark.parametrize("write", ["", "write", "raw_write"])
def test_a_get_reads_the_replica_and_after_a_write_the_primary(
    standby: Standby, write: str
) -> None:
    small_tree()
    standby.catch_up()
    middleware = PrimaryPinMiddleware(_read_write_read)
    response = middleware(RequestFactory().get("/", {write: "1"} if write else {}))
    assert json.loads(response.content) == {
        "first read": ALIAS,
        "read in a transaction": "default",
        "read after it": ALIAS,
        "read after the write": "default" if write else ALIAS,
    }
    # A request that wrote pins the next few seconds' pages too; one that read does not.
    assert (PIN_COOKIE in response.cookies) == bool(write)


def _counting(request: HttpRequest) -> HttpResponse:
    """A view counting as the rankings do (a compiled query under the planner's hint), and
    computing a figure through the figures cache: where each read."""
    with hash_groups():
        rows = run_compiled(
            ("test_replicas",),
            lambda code: Unit.objects.filter(code=code).values_list("name"),
            {"code": "08"},
        )
    figure_read_on = figures(
        "test_replicas", (str(time.monotonic()),), lambda: Unit.objects.get(code="08")._state.db
    )
    return JsonResponse({"rows": rows, "figure read on": figure_read_on})


@replica
def test_counting_queries_run_on_the_replica_and_a_figure_to_cache_on_the_primary(
    standby: Standby,
) -> None:
    small_tree()
    standby.catch_up()
    with _on("default") as primary, _on(ALIAS) as replica:
        response = PrimaryPinMiddleware(_counting)(RequestFactory().get("/"))
    assert json.loads(response.content) == {"rows": [["Tuyên Quang"]], "figure read on": "default"}
    assert "units_unit" in _tables(replica)
    # The figure's read only (to be stored under the latest write's generation).
    assert len(primary.captured_queries) == 1


@replica
def test_a_replica_that_does_not_answer_leaves_the_page_on_the_primary(
    standby: Standby, monkeypatch: Any
) -> None:
    from steerco.lib import replicas

    monkeypatch.setattr(replicas, "_down_until", {})  # what this test marks down, forgotten after
    small_tree()
    standby.catch_up()
    page = PrimaryPinMiddleware(_read_write_read)
    port = connections.settings[ALIAS]["PORT"]
    connections[ALIAS].close()
    connections.settings[ALIAS]["PORT"] = str(_free_port())  # nothing listens there
    try:
        down = page(RequestFactory().get("/"))
    finally:
        connections[ALIAS].close()
        connections.settings[ALIAS]["PORT"] = port
    assert json.loads(down.content)["first read"] == "default"
    # Answering again, it is left alone for DOWN_SECONDS (no request waits on it meanwhile),
    # then read again.
    assert json.loads(page(RequestFactory().get("/")).content)["first read"] == "default"
    with time_machine.travel(timezone.now() + timedelta(seconds=DOWN_SECONDS + 1)):
        back = page(RequestFactory().get("/"))
    assert json.loads(back.content)["first read"] == ALIAS


def test_a_signed_in_browser_reads_the_same_replica_every_time(monkeypatch: Any) -> None:
    """Replicas lag differently: a browser moved from one to another could see its pages
    step back in time. Its session keeps it on one; browsers spread over all."""
    from steerco.lib import replicas

    monkeypatch.setattr(replicas, "replica_aliases", lambda: ["replica_1", "replica_2"])
    monkeypatch.setattr(replicas, "_reachable", lambda alias: True)
    monkeypatch.setattr(replicas, "_down_until", {})

    def reads(session: str) -> str:
        request = RequestFactory().get("/")
        request.COOKIES["sessionid"] = session
        return PrimaryPinMiddleware._reads_for(request)

    for session in ("official-a", "official-b", "official-c"):
        assert len({reads(session) for _ in range(20)}) == 1
    assert {reads(f"official-{n}") for n in range(20)} == {"replica_1", "replica_2"}


def test_migrations_stay_on_the_primary_and_relations_cross() -> None:
    router = ReplicaRouter()
    assert router.allow_migrate(ALIAS, "units") is False
    assert router.allow_migrate("default", "units") is None  # Django's default: yes
    on_primary, on_replica = Unit(name="a"), Unit(name="b")
    on_primary._state.db, on_replica._state.db = "default", ALIAS
    assert router.allow_relation(on_primary, on_replica) is True


def test_outside_a_request_reads_and_writes_go_to_the_primary() -> None:
    """Management commands, cron and the shell read what they have just written."""
    router = ReplicaRouter()
    assert router.db_for_read(Unit) == "default"
    assert router.db_for_write(Unit) == "default"
