"""The code's layers, and the direction imports may go between them (see docs/architecture.md).

Each module of ours belongs to one layer; it may import its own layer and the layers below, never
a layer above. Imports inside functions count too, so a cycle can't be dodged by hiding it in a
function (AppConfig.ready() is where Django wants registrations, so it is the one exception).
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("config", "chapters", "members", "referrals", "seeds")

# Lowest first. A module's layer is the one of the longest pattern matching its dotted name.
LAYERS = [
    ("core", [r"config(\..*)?"]),
    ("data", [r"\w+\.models(\..*)?", r"members\.capabilities"]),
    ("organisation", [r"chapters\.scoring", r"chapters\.schemes", r"chapters\.services\.scoring_schemes"]),
    ("members", [r"members(\..*)?"]),
    ("meetings", [r"chapters(\..*)?"]),
    ("referrals", [r"referrals(\..*)?"]),
    ("reports", [r"chapters\.reports(\..*)?"]),
    (
        "pages",
        [
            r"\w+\.views(\..*)?",
            r"\w+\.urls",
            r"\w+\.templatetags(\..*)?",
            r"\w+\.admin",
            r"\w+\.apps",
            r"\w+\.management(\..*)?",
            r"members\.two_factor",
            r"chapters\.summaries(\..*)?",  # the weekly summary and reminders read every layer
            r"config\.(urls|views|wsgi|asgi)",
            r"seeds(\..*)?",
        ],
    ),
]
LAYER_NAMES = [name for name, _patterns in LAYERS]


def layer_of(module: str) -> str:
    """A named part (`members.views`, `chapters.reports`) wins over its app's catch-all pattern."""
    fallback = None
    for name, patterns in reversed(LAYERS):
        for pattern in patterns:
            if re.fullmatch(pattern, module):
                if not re.fullmatch(r"\w+\(\\\.\.\*\)\?", pattern):
                    return name
                fallback = fallback or name
    assert fallback is not None, f"{module} is in no layer"
    return fallback


def our_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            modules[dotted] = path
    return modules


def imports_of(path: Path) -> list[tuple[int, str, bool]]:
    """(line, imported module, inside a function) for each import of our packages."""
    tree = ast.parse(path.read_text())
    found = []

    def visit(node, in_function: bool, in_ready: bool):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, True, in_ready or child.name == "ready")
                continue
            if isinstance(child, ast.ImportFrom) and child.module and not child.level:
                targets = [child.module] + [f"{child.module}.{alias.name}" for alias in child.names]
            elif isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            else:
                visit(child, in_function, in_ready)
                continue
            if in_ready:
                continue
            for target in targets:
                if target.split(".")[0] in PACKAGES:
                    found.append((child.lineno, target, in_function))

    visit(tree, False, False)
    return found


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if ROOT in path.parents else path.name


def violations(modules: dict[str, Path], only: set[str] | None = None) -> list[str]:
    problems = []
    for module, path in sorted(modules.items()):
        if only is not None and module not in only:
            continue
        own = LAYER_NAMES.index(layer_of(module))
        for line, target, in_function in imports_of(path):
            if target not in modules or target in PACKAGES:
                continue  # `from pkg import name`: the name, not a module; packages' __init__ are empty
            if in_function:
                problems.append(f"{_shown(path)}:{line} imports {target} inside a function")
            theirs = LAYER_NAMES.index(layer_of(target))
            if theirs > own:
                problems.append(
                    f"{_shown(path)}:{line} ({LAYER_NAMES[own]}) imports {target} "
                    f"({LAYER_NAMES[theirs]}), a higher layer"
                )
    return problems


def test_every_import_goes_down_the_layers():
    assert violations(our_modules()) == []


def test_the_check_fails_on_an_import_against_the_direction(tmp_path):
    modules = our_modules()
    reverse = tmp_path / "chapters_selectors_bad.py"
    reverse.write_text("from chapters.reports.palms import palms_report\n")
    late = tmp_path / "members_bad.py"
    late.write_text("def f():\n    from members.access import chapter_view\n")
    modules["chapters.selectors.bad"] = reverse
    modules["members.bad"] = late
    problems = violations(modules, only={"chapters.selectors.bad", "members.bad"})
    assert problems == [
        "chapters_selectors_bad.py:1 (meetings) imports chapters.reports.palms (reports), a higher layer",
        "members_bad.py:2 imports members.access inside a function",
    ]


def test_no_cycle_between_modules():
    modules = our_modules()
    graph = {
        module: {target for _line, target, _fn in imports_of(path) if target in modules and target != module}
        for module, path in modules.items()
    }
    # Packages' __init__ modules are empty (models packages only re-export their own modules).
    state: dict[str, int] = {}
    cycles = []

    def walk(module, stack):
        state[module] = 1
        for target in graph[module]:
            if target.startswith(module + "."):
                continue
            if state.get(target) == 1:
                cycles.append(" -> ".join([*stack[stack.index(target) :], target]))
            elif target not in state:
                walk(target, [*stack, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            walk(module, [module])
    assert cycles == []


@pytest.mark.parametrize(
    ("module", "layer"),
    [
        ("config.cache", "core"),
        ("chapters.models.meetings", "data"),
        ("members.services.memberships", "members"),
        ("chapters.services.runner", "meetings"),
        ("referrals.services.status", "referrals"),
        ("chapters.reports.palms", "reports"),
        ("chapters.views.board", "pages"),
        ("members.views.home", "pages"),
    ],
)
def test_layers_of_well_known_modules(module, layer):
    assert layer_of(module) == layer
