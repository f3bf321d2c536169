"""`steerco demo load` without the full unit tree: it refuses with one clear line."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from steerco.directives.models import Directive


def test_demo_load_refuses_without_the_full_unit_tree(tree):
    with pytest.raises(CommandError, match="steerco units load"):
        call_command("demo", "load", stdout=StringIO())
    assert not Directive.objects.exists()
