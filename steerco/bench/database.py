"""The benchmark's own database: created if missing, generated if empty, reused when it
holds the dataset asked for, refused when it holds anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.core.management import call_command
from django.db import connection

from .models import Dataset


class BenchDatabaseError(ValueError):
    pass


def ensure_postgres_database() -> None:
    """Create the PostgreSQL database named in DATABASE_URL if it does not exist."""
    import psycopg
    from psycopg import sql

    params = connection.get_connection_params()
    name = params.pop("dbname")
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare(
    scale: str, seed: int, say: Callable[[str], None] = lambda s: None, multiply: int = 1
) -> Dataset:
    from steerco.bench.generation import generate
    from steerco.units.loading import load_vietnam_units
    from steerco.units.models import Unit

    name = f"{scale}x{multiply}" if multiply > 1 else scale
    if connection.vendor == "postgresql":
        ensure_postgres_database()
    tables = set(connection.introspection.table_names())
    if "directives_task" in tables:
        with connection.cursor() as c:
            c.execute("SELECT 1 FROM directives_task LIMIT 1")
            has_tasks = c.fetchone() is not None
        datasets = list(Dataset.objects.all()) if "bench_dataset" in tables else []
        if has_tasks and not datasets:
            raise BenchDatabaseError(
                f"{connection.settings_dict['NAME']} holds tasks that are not a benchmark dataset; "
                "give the benchmark its own database (DATABASE_URL=.../steerco_bench)."
            )
        if datasets and (
            len(datasets) > 1 or (datasets[0].scale, datasets[0].seed) != (name, seed)
        ):
            d = datasets[0]
            raise BenchDatabaseError(
                f"{connection.settings_dict['NAME']} holds the {d.scale} dataset (seed {d.seed}), "
                f"not {name} (seed {seed}); use another database for this scale."
            )
    call_command("migrate", verbosity=0)
    dataset = Dataset.objects.first()
    if dataset is not None:
        say(f"bench: reusing the {dataset.scale} dataset in {connection.settings_dict['NAME']}")
        return dataset
    if not Unit.objects.exists():
        say("bench: loading the Vietnamese units")
        load_vietnam_units()
    say(f"bench: generating the {name} dataset (seed {seed})")
    generate(scale, seed, say=say, multiply=multiply)
    return Dataset.objects.get()
