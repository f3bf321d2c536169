"""The `steerco` console command: Django's manage.py with steerco's settings."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    from steerco.audit.context import acting_as

    # What a command changes is recorded in the audit trail as done from the command
    # line (by the system: a command has no signed-in user).
    with acting_as(None, "cli"):
        execute_from_command_line(["steerco", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
