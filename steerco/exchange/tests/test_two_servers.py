"""Two steerco servers on 127.0.0.1, each with its own database (issue 19, item 4): the
centre assigns tasks to Tuyên Quang; the province pulls them, cascades one, reports on
them through its API and pushes its history back; the centre then ranks Tuyên Quang
exactly as the province does — as of today and later, on the green rate and on reporting
timeliness. A push killed after its first batch and run again leaves the centre as one
clean run would: every row once, none twice.

Real processes: `steerco runserver` for each instance, `steerco sync` as cron would run
it. The two SQLite files are copies of one migrated database with the units loaded once
(`steerco units load`)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest
from django.db import connection, connections

# django_db: so that pytest sets the test database up (copied for the two instances).
pytestmark = [pytest.mark.federation, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[3]
PROVINCE = "08"

PRELUDE = """
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")
import django
django.setup()
from datetime import timedelta
from django.utils import timezone
from steerco.audit.context import acting_as
from steerco.units.models import Unit
today = timezone.localdate()
U = {u.code: u for u in Unit.objects.filter(code__in=[
    "TW-BCD", "08", "08-SKHCN", "08-STC", "08-SNV", "02269", "02266", "04"])}
"""

CENTRAL_SEED = """
from django.contrib.auth import get_user_model
from steerco.accounts.tokens import token_create
from steerco.directives.services import directive_create, task_create
from steerco.progress import services as progress
from steerco.units.services import membership_grant
with acting_as(None):
    plan = directive_create(symbol="02-KH/BCĐTW", kind="plan", issuer=U["TW-BCD"],
        issued_on=today - timedelta(days=100), title="Kế hoạch triển khai liên thông")
    leads = ["08", "08-SKHCN", "08-STC", "08-SNV", "02269"]
    days = [-20, 30, 60, -5, 90]
    for i, (lead, d) in enumerate(zip(leads, days), 1):
        due = today + timedelta(days=d)
        task_create(directive=plan, lead_unit=U[lead], assigned_on=today - timedelta(days=90),
            reference=str(i), content=f"Nhiệm vụ {i} của tỉnh", due_on=due,
            deadline_text=f"{due:%d/%m/%Y}")
    other = task_create(directive=plan, lead_unit=U["04"], assigned_on=today - timedelta(days=90),
        reference="6", content="Nhiệm vụ của Cao Bằng", due_on=today + timedelta(days=10))
    progress.progress_report(task=other, reported_on=today, state="in_progress", percent=20)
    user = get_user_model().objects.create_user("tq-sync")
    membership_grant(user=user, unit=U["08"], role="manager")
    token = token_create(actor=None, user=user, name="sync", scopes="read,report,manage")
print(json.dumps({"token": token.token}))
"""

PROVINCE_SEED = """
from django.contrib.auth import get_user_model
from steerco.accounts.tokens import token_create
from steerco.units.services import membership_grant
with acting_as(None):
    user = get_user_model().objects.create_user("tq-office")
    membership_grant(user=user, unit=U["08"], role="manager")
    token = token_create(actor=None, user=user, name="office", scopes="read,report,manage")
print(json.dumps({"token": token.token}))
"""

CASCADE = """
from steerco.directives.models import Directive, Task
from steerco.directives.services import directive_create, task_create
with acting_as(None):
    central = Directive.objects.get(symbol="02-KH/BCĐTW")
    ours = directive_create(symbol="15-KH/UBND", kind="plan", issuer=U["08"],
        issued_on=today - timedelta(days=80), title="Kế hoạch của tỉnh", implements=central)
    parent = Task.objects.get(directive=central, reference="1")
    task_create(directive=ours, parent=parent, lead_unit=U["02266"], reference="1.1",
        assigned_on=today - timedelta(days=80), content="Xã triển khai nhiệm vụ 1",
        due_on=today + timedelta(days=20))
print(json.dumps({t.reference: t.pk for t in Task.objects.in_subtree(U["08"])}))
"""

# The province rewrites a task the centre created (past the pages, which would not let it).
REDEFINE = """
from steerco.directives.models import Task
Task.objects.filter(directive__symbol="02-KH/BCĐTW", reference="3").update(
    content="Nội dung sửa ở tỉnh")
print(json.dumps({}))
"""

FIGURES = """
from io import StringIO
from django.core.management import call_command
from steerco.directives.models import Task
from steerco.progress.models import ProgressUpdate
from steerco.lib.hashchain import chained_models, chained_rows, first_break
figures = {}
for days in (0, 45):
    for by in ("green_rate", "reporting_rate", "on_time_rate"):
        out = StringIO()
        call_command("ranking", peers="provinces", as_of=str(today + timedelta(days=days)),
            by=by, json=True, stdout=out)
        (row,) = [r for r in json.loads(out.getvalue()) if r["code"] == "08"]
        figures[f"{by} +{days}d"] = {k: v for k, v in row.items() if "rank" not in k}
tasks = Task.objects.in_subtree(U["08"])
rows = list(ProgressUpdate.objects.filter(task__in=tasks).values_list(
    "task__global_id", "kind", "reported_on", "recorded_at", "percent"))
history = {}
for gid, *row in rows:
    history.setdefault(str(gid), []).append(json.dumps(row, default=str))
breaks = [str(first_break(chained_rows(m))) for m in chained_models() if first_break(chained_rows(m))]
print(json.dumps({"figures": figures, "history": history, "tasks": sorted(
    str(g) for g in tasks.values_list("global_id", flat=True)), "breaks": breaks}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Instance:
    """One steerco instance: its database file, its server, its command line."""

    def __init__(self, name: str, db: Path, url: str = "") -> None:
        self.name = name
        self.db = db
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        self.env = {**env, "STEERCO_DB": str(db), "DEBUG": "True", "PYTHONUNBUFFERED": "1"}
        if url:
            self.env["DATABASE_URL"] = url
        self.server: subprocess.Popen[bytes] | None = None
        self.token = ""

    def steerco(
        self, *args: str, check: bool = True, **env: str
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(  # noqa: S603 - our own interpreter and command
            [sys.executable, "-m", "steerco.cli", *args],
            cwd=ROOT,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"{self.name}: steerco {' '.join(args)}\n{done.stdout}\n{done.stderr}"
            )
        return done

    def script(self, code: str) -> Any:
        done = subprocess.run(  # noqa: S603 - our own interpreter
            [sys.executable, "-c", PRELUDE + code],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, f"{self.name}: {done.stderr[-3000:]}"
        return json.loads(done.stdout.strip().splitlines()[-1])

    def start(self) -> None:
        self.server = subprocess.Popen(  # noqa: S603 - our own interpreter and command
            [
                sys.executable,
                "-m",
                "steerco.cli",
                "runserver",
                "--noreload",
                "--skip-checks",
                f"127.0.0.1:{self.port}",
            ],  # fmt: skip
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.server is not None and self.server.poll() is None, f"{self.name} exited"
            try:
                urllib.request.urlopen(f"{self.url}/api/v1/schema/exchange.json", timeout=2)  # noqa: S310
                return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise AssertionError(f"{self.name} did not answer within 60 s")

    def stop(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.send_signal(signal.SIGTERM)
            try:
                self.server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.server.kill()

    def report(self, task: int, percent: int, state: str = "in_progress") -> None:
        today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
        body = {"task": task, "reported_on": today.isoformat(), "state": state,
                "percent": percent, "done": f"Đã thực hiện {percent}%"}  # fmt: skip
        request = urllib.request.Request(  # noqa: S310 - our own server
            f"{self.url}/api/v1/progress-updates",
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            assert answer.status == 201


def _sqlite_copies(tmp: Path) -> tuple[Instance, Instance]:
    """The test database (migrated by pytest) copied to a file, the units loaded there
    once, the file copied for each instance."""
    template = Instance("template", tmp / "template.sqlite3")
    connection.ensure_connection()
    with sqlite3.connect(template.db) as target:
        connection.connection.backup(target)
    target.close()
    template.steerco("units", "--skip-checks", "load")
    for name in ("central", "province"):
        shutil.copy(template.db, tmp / f"{name}.sqlite3")
    return Instance("central", tmp / "central.sqlite3"), Instance(
        "province", tmp / "province.sqlite3"
    )


def _postgres(name: str) -> Any:
    params = {k: v for k, v in connection.get_connection_params().items() if k != "dbname"}
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(dbname="postgres", autocommit=True, **params)


def _pg_copies(tmp: Path) -> tuple[Instance, Instance]:
    """Two databases made from the test database (migrated by pytest; or migrated here
    when another session holds it), the units loaded into the first, the second made from
    it; dropped at the end."""

    test_db = connection.settings_dict["NAME"]
    names = {n: f"{test_db}_{n}" for n in ("central", "province")}
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    connections.close_all()
    with _postgres("postgres") as admin:
        for db in names.values():
            admin.execute(f'DROP DATABASE IF EXISTS "{db}"')
        try:
            admin.execute(f'CREATE DATABASE "{names["central"]}" TEMPLATE "{test_db}"')
            migrated = True
        except psycopg.errors.ObjectInUse:  # another session on the test database (a live server's)
            admin.execute(f'CREATE DATABASE "{names["central"]}"')
            migrated = False
    central = Instance("central", tmp / "central", url=f"{url}/{names['central']}")
    if not migrated:
        central.steerco("migrate", "--no-input", "-v0")
    central.steerco("units", "--skip-checks", "load")
    with _postgres("postgres") as admin:
        admin.execute(f'CREATE DATABASE "{names["province"]}" TEMPLATE "{names["central"]}"')
    return central, Instance("province", tmp / "province", url=f"{url}/{names['province']}")


def _pg_drop(*instances: Instance) -> None:
    with _postgres("postgres") as admin:
        for instance in instances:
            name = instance.env["DATABASE_URL"].rsplit("/", 1)[1]
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def instances(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Instance, Instance]]:
    tmp = tmp_path_factory.mktemp("federation")
    with django_db_blocker.unblock():
        pg = connection.vendor == "postgresql"
        central, province = _pg_copies(tmp) if pg else _sqlite_copies(tmp)
    try:
        seeds = both(central.script, CENTRAL_SEED, province.script, PROVINCE_SEED)
        central.token, province.token = (seed["token"] for seed in seeds)
        central.start()
        province.start()
        central.wait()
        province.wait()
        yield central, province
    finally:
        central.stop()
        province.stop()
        if pg:
            with django_db_blocker.unblock():
                _pg_drop(central, province)


def both(first: Any, a: Any, second: Any, b: Any) -> tuple[Any, Any]:
    """`first(a)` and `second(b)` at once (each a process of its own)."""
    with ThreadPoolExecutor(2) as pool:
        one, two = pool.submit(first, a), pool.submit(second, b)
        return one.result(), two.result()


def figures(central: Instance, province: Instance) -> tuple[Any, Any]:
    """(the province's, the centre's) figures of Tuyên Quang and its tasks' history."""
    return both(province.script, FIGURES, central.script, FIGURES)


def sync(province: Instance, central: Instance, action: str, *args: str, **env: str) -> Any:
    where = "--from" if action == "pull" else "--to"
    done = province.steerco(
        "sync", "--skip-checks", action, where, central.url, "--token", central.token,
        "--unit", PROVINCE, "--json", *args, check=False, **env,
    )  # fmt: skip
    return done


def test_the_centre_ranks_a_federated_province_as_the_province_does(instances):
    central, province = instances
    pulled = sync(province, central, "pull")
    assert pulled.returncode == 0, pulled.stderr
    answer = json.loads(pulled.stdout)
    assert answer["counts"]["task"]["create"] == 5  # Tuyên Quang's five, not Cao Bằng's
    assert answer["refused"] == []
    ids = province.script(CASCADE)
    assert sorted(ids) == ["1", "1.1", "2", "3", "4", "5"]
    for n, ref in enumerate(sorted(ids)):
        province.report(ids[ref], percent=100 if ref == "4" else 10 * (n + 1),
                        state="completed" if ref == "4" else "in_progress")  # fmt: skip

    pushed = sync(province, central, "push")
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr
    answer = json.loads(pushed.stdout)
    assert answer["complete"] and answer["refused"] == []
    assert answer["counts"]["update"]["create"] == 6
    assert answer["counts"]["task"] == {"create": 1, "skip": 5}  # the cascaded one is new

    here, there = figures(central, province)
    assert here["breaks"] == there["breaks"] == []
    assert there["tasks"] == here["tasks"]
    assert there["history"] == here["history"]
    assert there["figures"] == here["figures"]
    assert here["figures"]["green_rate +0d"]["total"] == 6

    # More reports, then a push killed right after its first batch (of two tasks).
    for n, ref in enumerate(sorted(ids)):
        if ref != "4":
            province.report(ids[ref], percent=10 * (n + 1) + 5)
    killed = sync(province, central, "push", "--batch", "2", STEERCO_SYNC_CRASH_AFTER_BATCHES="1")
    assert killed.returncode == 75, killed.stdout + killed.stderr
    halfway = central.script(FIGURES)
    assert sum(map(len, halfway["history"].values())) == 6 + 2  # one batch: two tasks' reports
    again = sync(province, central, "push", "--batch", "2")
    assert again.returncode == 0, again.stdout + again.stderr
    answer = json.loads(again.stdout)
    assert answer["complete"] and answer["batches"] == 3
    assert answer["counts"]["update"] == {"create": 3, "skip": 6 + 2}

    here, there = figures(central, province)
    assert there["breaks"] == []
    assert there["history"] == here["history"]  # every row once: none lost, none twice
    assert sum(map(len, there["history"].values())) == 6 + 5
    assert there["figures"] == here["figures"]

    # A definition only its creator may change: refused with its reason, the rest goes.
    province.script(REDEFINE)
    province.report(ids["5"], percent=90)
    refused = sync(province, central, "push")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    answer = json.loads(refused.stdout)
    ((item,),) = [[i for i in answer["refused"] if i["kind"] == "task"]]
    assert "the instance that created it owns it" in item["reason"]
    assert "content" in item["reason"]
    assert answer["counts"]["update"]["create"] == 1  # task 5's report arrived
    assert not answer["complete"] and answer["cursor_after"] == answer["cursor_before"]
