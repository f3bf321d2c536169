"""The `steerco` console command: Django's manage.py with steerco's settings."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["steerco", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
