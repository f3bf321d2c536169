"""The benchmark's `steerco remind` row: the reminders, alerts and digests of one day over
the whole synthetic nation, in a process of its own so that its peak memory is its own.

`python -m steerco.bench.remind --as-of DAY` (what `run_remind` starts): inside a
transaction rolled back at the end, gives every unit that leads a task a reporter, every
province and the root a manager (whose digest falls on the day), all with an e-mail
address; then times `notices.services.remind` as of the day (mail to Django's local-memory
outbox) and prints one JSON line: seconds, notices, e-mails, peak RSS.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from typing import Any

ACCOUNT_PREFIX = "bench-remind-"


def _accounts(as_of: date) -> int:
    from django.contrib.auth import get_user_model

    from steerco.directives.models import Task
    from steerco.notices.models import NoticePreference
    from steerco.units.models import Membership, Unit, UnitKind

    user_model = get_user_model()
    leads = set(Task.objects.values_list("lead_unit_id", flat=True).distinct())
    managed = set(Unit.objects.filter(kind=UnitKind.PROVINCE).values_list("pk", flat=True)) | set(
        Unit.objects.filter(parent__isnull=True).values_list("pk", flat=True)
    )
    wanted = [(pk, "reporter") for pk in sorted(leads)] + [
        (pk, "manager") for pk in sorted(managed)
    ]
    users = user_model.objects.bulk_create(
        [
            user_model(
                username=f"{ACCOUNT_PREFIX}{role}-{pk}",
                email=f"{role}-{pk}@bench.invalid",
                password="!",  # noqa: S106 - unusable
            )
            for pk, role in wanted
        ],
        batch_size=1000,
    )
    Membership.objects.bulk_create(
        [
            Membership(user=u, unit_id=pk, role=role)
            for u, (pk, role) in zip(users, wanted, strict=True)
        ],
        batch_size=1000,
    )
    NoticePreference.objects.bulk_create(
        [
            NoticePreference(user=u, digest_weekday=as_of.weekday())
            for u, (_pk, role) in zip(users, wanted, strict=True)
            if role == "manager"
        ]
    )
    return len(users)


def measure(as_of: date, *, own_process: bool = True) -> dict[str, Any]:
    from django.conf import settings
    from django.db import transaction

    from steerco.notices.services import remind

    from .memory import peak_rss_mb

    if own_process:
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        settings.DEBUG = False
    with transaction.atomic():
        accounts = _accounts(as_of)
        started = time.perf_counter()
        result = remind(as_of=as_of)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return {
        **_resident(),
        "seconds": round(seconds, 2),
        "notices": len(result.notices),
        "digests": result.count("digest"),
        "emails": result.emails,
        "accounts": accounts,
        "peak_rss_mb": peak_rss_mb(),
    }


def _resident() -> dict[str, float]:
    """Resident memory at the end, anonymous (the process's own) and file-backed (on SQLite
    mostly the database's pages read through mmap, which the peak RSS counts too)."""
    fields = {"RssAnon:": "rss_anon_mb", "RssFile:": "rss_file_mb"}
    out: dict[str, float] = {}
    status = "/proc/self/status"
    if os.path.exists(status):
        with open(status) as lines:
            for line in lines:
                name, *rest = line.split()
                if name in fields:
                    out[fields[name]] = round(int(rest[0]) / 1024, 1)
    return out


def run_remind(as_of: date) -> dict[str, Any]:
    """`measure` in a child process (the same database settings, from the environment);
    in this one on an in-memory test database, which a child cannot open (its peak RSS is
    then this process's)."""
    from django.db import connection

    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]
        return measure(as_of, own_process=False)
    done = subprocess.run(  # noqa: S603 - this interpreter, this module
        [sys.executable, "-m", "steerco.bench.remind", "--as-of", as_of.isoformat()],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "steerco.settings"},
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr else "failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")
    django.setup()
    day = date.fromisoformat(sys.argv[sys.argv.index("--as-of") + 1])
    print(json.dumps(measure(day)))  # noqa: T201 - the parent reads it
