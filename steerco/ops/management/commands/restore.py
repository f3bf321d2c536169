from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from steerco.ops.backup import BackupError, Database, restore


class Command(BaseCommand):
    help = (
        "Restore a folder written by `steerco backup` into the configured database and "
        "MEDIA_ROOT: checksums are verified first; the database must be empty unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="the backup folder (with manifest.json)")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that is not empty"
        )
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args: Any, folder: str, force: bool, database: str, **options: Any) -> None:
        try:
            manifest = restore(
                folder=Path(folder),
                db=Database.from_settings(settings.DATABASES[database]),
                media_root=Path(settings.MEDIA_ROOT),
                force=force,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restored the backup of {manifest['created_at']} (steerco "
            f"{manifest['steerco_version']}, {len(manifest['migrations'])} migrations); "
            "run `steerco migrate` if this version has newer ones"
        )
