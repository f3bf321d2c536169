"""The layers: an app imports only the apps listed before it in LAYERS.

`lib` imports no app; `web` (the pages) sits on everything. Apps not in LAYERS — `demo`,
`bench` and the project package's own modules (`settings`, `urls`, `cli`, `wsgi`) — are on
top: they may import anything, and nothing in LAYERS may import them. Every import
statement counts, including those inside functions and under `TYPE_CHECKING`; tests and
migrations are not checked. docs/ARCHITECTURE.md explains the order.

KNOWN_EXCEPTIONS are the violations the tree still has. They are being removed; the test
also fails when one of them no longer occurs, so that the list only ever shrinks.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

LAYERS = [
    "lib",
    "ops",
    "units",
    "accounts",
    "people",
    "directives",
    "progress",
    "budget",
    "scoring",
    "indicators",
    "audit",
    "notices",
    "intake",
    "exchange",
    "reports",
    "meetings",
    "api",
    "web",
]

# (importing module, imported module): today's violations, being removed.
KNOWN_EXCEPTIONS: set[tuple[str, str]] = set()

PACKAGE = "steerco"
SOURCE = Path(__file__).resolve().parent.parent / PACKAGE


@dataclass(frozen=True)
class Violation:
    path: Path
    line: int
    module: str  # the importing module, e.g. steerco.units.permissions
    imported: str  # the imported module, e.g. steerco.directives.models
    layer: str  # the importing module's app
    imported_layer: str  # the imported module's app (or a top-level module)

    @property
    def pair(self) -> tuple[str, str]:
        return self.module, self.imported

    def __str__(self) -> str:
        if self.imported_layer in LAYERS:
            why = f"'{self.imported_layer}' is listed after '{self.layer}' in LAYERS"
        else:
            why = f"'{self.imported_layer}' is not in LAYERS (it sits on top of them)"
        return (
            f"{self.path}:{self.line}: {self.layer} imports {self.imported} ({self.imported_layer}); "
            f"{why}"
        )


def _module_name(path: Path, root: Path, package: str) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join([package, *parts])


def _imported_modules(node: ast.AST, module: str, is_package: bool) -> list[str]:
    """The absolute names of the modules an import statement imports."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        here = module.split(".") if is_package else module.split(".")[:-1]
        base = here[: len(here) - (node.level - 1)]
        source = ".".join([*base, node.module] if node.module else base)
    else:
        source = node.module or ""
    if "." not in source:
        # `from steerco import settings`: each name is a module of the package.
        return [f"{source}.{alias.name}" for alias in node.names]
    return [source]


def layer_violations(root: Path = SOURCE, package: str = PACKAGE) -> list[Violation]:
    """Every import in `root`'s apps (tests and migrations left out) that points from an
    app in LAYERS to one listed after it or to a module outside LAYERS."""
    found = []
    for path in sorted(root.glob("*/**/*.py")):
        relative = path.relative_to(root).parts
        layer = relative[0]
        if layer not in LAYERS or {"tests", "migrations"} & set(relative):
            continue
        module = _module_name(path, root, package)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            for imported in _imported_modules(node, module, path.name == "__init__.py"):
                parts = imported.split(".")
                if parts[0] != package or len(parts) < 2 or parts[1] == layer:
                    continue
                target = parts[1]
                if target in LAYERS and LAYERS.index(target) < LAYERS.index(layer):
                    continue
                found.append(
                    Violation(path, getattr(node, "lineno", 0), module, imported, layer, target)
                )
    return found


def against_known(
    found: list[Violation], known: set[tuple[str, str]]
) -> tuple[list[Violation], set[tuple[str, str]]]:
    """(violations not in `known`, entries of `known` that no longer occur)."""
    return [v for v in found if v.pair not in known], known - {v.pair for v in found}


def test_no_app_imports_an_app_listed_after_it():
    new, _gone = against_known(layer_violations(), KNOWN_EXCEPTIONS)
    assert not new, "imports against the layer order:\n" + "\n".join(map(str, new))


def test_every_known_exception_still_occurs():
    _new, gone = against_known(layer_violations(), KNOWN_EXCEPTIONS)
    assert not gone, "no longer imported; remove from KNOWN_EXCEPTIONS: " + ", ".join(
        f"{m} -> {i}" for m, i in sorted(gone)
    )


# --- the checker itself, on a tiny tree ------------------------------------------


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


@pytest.fixture
def tiny(tmp_path):
    return _write(
        tmp_path,
        {
            "__init__.py": "",
            "settings.py": "",
            "lib/__init__.py": "",
            "lib/text.py": "",
            "units/__init__.py": "",
            "units/models.py": "from pkg.lib.text import fold\n",
            "directives/__init__.py": "",
            "directives/models.py": "from pkg.units import models\nfrom . import services\n",
            "directives/services.py": "",
            "demo/__init__.py": "",
            "demo/loading.py": "from pkg.web import views\n",
            "web/__init__.py": "",
            "web/views.py": "import pkg.directives.models\n",
        },
    )


def test_imports_down_the_layers_pass(tiny):
    assert layer_violations(tiny, "pkg") == []


def test_an_import_up_the_layers_is_caught_with_file_line_and_both_layers(tiny):
    (tiny / "units" / "models.py").write_text(
        "from pkg.lib.text import fold\n\n\ndef tasks():\n    from pkg.directives.models import Task\n"
    )
    [violation] = layer_violations(tiny, "pkg")
    assert violation.pair == ("pkg.units.models", "pkg.directives.models")
    assert str(violation).startswith(f"{tiny / 'units' / 'models.py'}:5: units imports")
    assert "'directives' is listed after 'units'" in str(violation)


def test_type_checking_relative_and_package_imports_are_caught(tiny):
    (tiny / "lib" / "text.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from pkg import settings\n"
        "if TYPE_CHECKING:\n"
        "    from pkg.units.models import Unit\n"
    )
    (tiny / "units" / "__init__.py").write_text("from ..demo import loading\n")
    found = {(v.pair, v.imported_layer) for v in layer_violations(tiny, "pkg")}
    assert found == {
        (("pkg.lib.text", "pkg.settings"), "settings"),
        (("pkg.lib.text", "pkg.units.models"), "units"),
        (("pkg.units", "pkg.demo"), "demo"),
    }


def test_a_known_exception_passes_and_one_that_no_longer_occurs_is_reported(tiny):
    (tiny / "lib" / "text.py").write_text("from pkg.units.models import Unit\n")
    known = {("pkg.lib.text", "pkg.units.models"), ("pkg.units.models", "pkg.web.views")}
    new, gone = against_known(layer_violations(tiny, "pkg"), known)
    assert new == []
    assert gone == {("pkg.units.models", "pkg.web.views")}


def test_tests_and_migrations_are_not_checked(tiny):
    for name in ("lib/tests/test_text.py", "units/migrations/0001_initial.py"):
        _write(tiny.parent, {name: "from pkg.web import views\n"})
    assert layer_violations(tiny, "pkg") == []
