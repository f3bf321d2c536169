from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from steerco.bench.catalogue import SCALES
from steerco.bench.generation import GenerationError, generate
from steerco.units.models import Unit


class Command(BaseCommand):
    help = (
        "Generate a synthetic nation (directives, tasks, progress histories) on the loaded units."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--multiply",
            type=int,
            default=1,
            help="this many times the scale's tasks on the same units and directives",
        )

    def handle(self, *args, **o):
        if Unit._meta.db_table not in connection.introspection.table_names():
            raise CommandError(
                "This database has no tables yet: run `steerco migrate` and "
                "`steerco units load` first (or `make bench`, which does both)."
            )
        self.stdout.write(f"gen: scale {o['scale']} x{o['multiply']}, seed {o['seed']}")
        try:
            b = generate(o["scale"], o["seed"], say=self.stdout.write, multiply=o["multiply"])
        except GenerationError as exc:
            raise CommandError(str(exc)) from None
        states = ", ".join(f"{k} {v:,}" for k, v in sorted(b.states.items()))
        self.stdout.write(
            f"gen: {b.directives:,} directives, {b.tasks:,} tasks ({states}), {b.updates:,} progress "
            f"updates, {b.extensions:,} extensions, {b.coordinations:,} coordinating links "
            f"in {b.seconds:.1f}s; peak RSS {b.peak_rss_mb:.0f} MB"
        )
