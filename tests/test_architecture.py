"""The package's layers, read from its import statements.

``core`` is the model every feature asks; features build on ``core``;
``speed`` patches other libraries and knows no feature; ``cli`` uses the
core and the features' Sphinx-free modules. No module imports in a circle,
and the benchmark is not part of the shipped package.
"""

from __future__ import annotations

import ast
import importlib.util
from collections import Counter
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "_ext" / "transmit_kb"
FEATURES = {
    "issues",
    "authors",
    "case_studies",
    "search",
    "print_edition",
    "site",
    "site_ui",
    "citation",
    "legal",
    "easy_language",
    "case_map",
    "accessible_edition",
    "frontpage",
    "summary_note",
    "findability",
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Modules of the package imported at run time (not only for type checking)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only.update(id(child) for child in ast.walk(node))
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.startswith("transmit_kb"):
                found.add(target)
                found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("transmit_kb"))
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in _imports(path) if m in modules} for name, path in modules.items()}


def _layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "package"
    return "feature" if parts[1] in FEATURES else parts[1]


def find_circle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle of ``graph`` (module -> imported modules), or ``[]``."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt == node or nxt.startswith(node + "."):
                continue  # a package importing its own modules
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (circle := visit(nxt)):
                return circle
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (circle := visit(node)):
            return circle
    return []


def test_no_import_circle() -> None:
    circle = find_circle(_graph())
    assert not circle, "import circle: " + " → ".join(circle)


def test_a_circle_is_found() -> None:
    """The old circle authors → domain → search → authors is reported."""
    graph = {"authors": {"domain"}, "domain": {"search"}, "search": {"authors"}, "cli": {"core"}}
    assert find_circle(graph) == ["authors", "domain", "search", "authors"]
    assert find_circle({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize(
    ("layer", "may_import"),
    [
        ("core", {"core"}),
        ("speed", {"core", "speed"}),
        ("feature", {"core", "feature"}),
        ("cli", {"core", "cli", "feature"}),
    ],
)
def test_layers_import_only_downwards(layer: str, may_import: set[str]) -> None:
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in _graph().items()
        if _layer(module) == layer
        for target in targets
        if _layer(target) not in may_import
    )
    assert not wrong


def test_the_benchmark_is_not_shipped() -> None:
    assert importlib.util.find_spec("transmit_kb.bench") is None
    assert not (PACKAGE / "bench").exists()
    assert (PACKAGE.parents[1] / "benchmarks" / "run.py").is_file()


def test_configuration_values_are_declared_only_in_core_config() -> None:
    """One typed place for every value: ``core/config.py`` (``Settings``)."""
    elsewhere = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "add_config_value(" in path.read_text(encoding="utf-8")
        and path != PACKAGE / "core" / "config.py"
    )
    assert elsewhere == []


def test_every_import_of_the_package_names_a_module_that_exists() -> None:
    """Also the imports inside functions, which only fail when their code runs."""
    modules = {_module_name(p) for p in PACKAGE.rglob("*.py")}
    packages = {m for m in modules if (PACKAGE.parent / m.replace(".", "/")).is_dir()}
    missing = []
    for path in PACKAGE.rglob("*.py"):
        for target in _imports(path):
            parent = target.rsplit(".", 1)[0]
            # ``from .pkg import name``: either pkg.name is a module or name lives in pkg
            if target not in modules and parent not in modules and parent not in packages:
                missing.append(f"{_module_name(path)} imports {target}")
    assert missing == []


def _listeners(package: Path) -> Counter[str]:
    """How often the modules of ``package`` connect to each Sphinx event."""
    found: Counter[str] = Counter()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "connect"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found[node.args[0].value] += 1
    return found


@pytest.mark.parametrize("feature", sorted(FEATURES))
def test_one_listener_per_event_per_feature(feature: str) -> None:
    """A feature connects to each event once; its listener calls what it needs in order."""
    listeners = _listeners(PACKAGE / feature)
    twice = {event: count for event, count in listeners.items() if count > 1}
    assert not twice, f"{feature}: mehrere Listener für {twice}"


def test_listener_count_finds_every_connect(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        'def setup(app):\n    app.connect("build-finished", f)\n', encoding="utf-8"
    )
    (tmp_path / "b.py").write_text(
        'def g(app):\n    app.connect("build-finished", h, priority=1)\n', encoding="utf-8"
    )
    assert _listeners(tmp_path) == Counter({"build-finished": 2})


def test_every_subpackage_is_a_feature_or_a_layer() -> None:
    """A new subpackage is listed here, so the layer rules above apply to it."""
    found = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    known = FEATURES | {"core", "speed", "cli"}
    assert found == known, found ^ known
