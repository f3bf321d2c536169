"""The indicators app sits below intake, reports, web, demo and bench (DESIGN.md section 6)."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent
ALLOWED = {"lib", "units", "directives", "progress", "scoring", "indicators"}


def imported_steerco_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    apps = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "steerco" and len(parts) > 1:
                apps.add(parts[1])
    return apps


def test_indicators_imports_only_the_apps_above_it():
    for path in APP.rglob("*.py"):
        wrong = imported_steerco_apps(path) - ALLOWED
        assert not wrong, f"{path.relative_to(APP)} imports steerco.{', '.join(sorted(wrong))}"
