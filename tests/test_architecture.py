"""The layer rule: Qt only in gui, peewee only in storage, reportlab only in documents (AST scan)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "fbss_desktop"
RULES = {
    "PySide6": {"gui"},
    "shiboken6": {"gui"},
    "peewee": {"storage"},
    "playhouse": {"storage"},
    "psycopg2": {"storage"},
    "reportlab": {"documents"},
}
# What each layer may import from the project (house-style.md, section 1).
LAYERS = {
    "core": {"core"},
    "rules": {"core", "rules"},
    "storage": {"core", "storage"},
    "documents": {"core", "documents"},
    "services": {"core", "rules", "storage", "documents", "services"},
    "gui": {"core", "services", "gui"},  # decision support reaches the GUI through services, never directly
}


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def layer_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0]


def test_third_party_frameworks_stay_in_their_layer():
    offences = []
    for path in PACKAGE.rglob("*.py"):
        for name in imports(path):
            allowed = RULES.get(name.split(".")[0])
            if allowed is not None and layer_of(path) not in allowed:
                offences.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offences == []


def test_layers_depend_only_inward():
    offences = []
    for path in PACKAGE.rglob("*.py"):
        layer = layer_of(path)
        if layer not in LAYERS:
            continue
        for name in imports(path):
            parts = name.split(".")
            if parts[0] == "fbss_desktop" and len(parts) > 1 and parts[1] in LAYERS:
                if parts[1] not in LAYERS[layer]:
                    offences.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offences == []


def test_the_scan_sees_the_package():
    assert {layer_of(p) for p in PACKAGE.rglob("*.py")} >= {"core", "storage", "services", "gui"}


# The GUI talks to the facade (services/clinic.py) only: its managers, and the types it re-exports.


def _service_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "fbss_desktop.services":
                found.update(f"fbss_desktop.services.{alias.name}" for alias in node.names)
            elif node.module.startswith("fbss_desktop.services."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("fbss_desktop.services."))
    return found


def test_the_gui_reaches_services_through_the_facade():
    used = set()
    for path in (PACKAGE / "gui").rglob("*.py"):
        used |= _service_modules(path)
    assert used, "the scan sees the GUI's imports"
    assert used == {"fbss_desktop.services.clinic"}, "go through the facade, services/clinic.py"


# Split by domain concept (house-style.md, section 2): a module past 400 lines holds more than one feature.
MAX_MODULE_LINES = 400


def test_no_module_is_over_400_lines():
    modules = sorted(PACKAGE.rglob("*.py"))
    assert {p.relative_to(PACKAGE).as_posix() for p in modules} >= {"gui/main_window.py", "gui/consult/plan_builder.py"}
    offenders = []
    for path in modules:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            offenders.append(f"{path.relative_to(PACKAGE).as_posix()}: {lines} lines")
    assert offenders == [], "move a cohesive feature into a module of its own"
