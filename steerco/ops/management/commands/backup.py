from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from steerco.ops.backup import BackupError, Database, backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite's online backup, or pg_dump in custom format) and "
        "MEDIA_ROOT into a new folder, with manifest.json listing every file's SHA-256."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, help="a new (or empty) folder")
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args: Any, output: str, database: str, **options: Any) -> None:
        try:
            manifest = backup(
                db=Database.from_settings(settings.DATABASES[database]),
                media_root=Path(settings.MEDIA_ROOT),
                out=Path(output),
                now=timezone.now(),
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        total = sum(f["bytes"] for f in manifest["files"])
        self.stdout.write(
            f"backup: {manifest['database']['vendor']} database and "
            f"{len(manifest['files']) - 1} media file(s), {total} bytes, in {output}"
        )
