"""Every service under services/ has the one layout, so a reader who knows one service knows all.

The checks live in `layout_rules`; the tests at the end build a service tree that departs from
the layout and show that each check names what is missing or extra.
"""

import shutil
import tomllib
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from tests.foundation.layout_rules import (
    AREA_PACKAGES,
    LIBRARY_PROJECT,
    REQUIRED_FILES,
    deployables,
    layout_report,
    migration_problems,
    project_name,
    services,
)

ROOT = Path(__file__).resolve().parents[2]
SERVICES = services(ROOT)


def test_the_services_are_discovered_from_their_pyproject_files():
    assert {s.name for s in SERVICES} >= {"plans", "consent"}


@pytest.mark.parametrize("service", SERVICES, ids=[s.name for s in SERVICES])
def test_service_follows_the_layout(service):
    assert layout_report(ROOT, service) == [], f"services/{service.name} departs from the layout"


def test_the_gateways_initial_migration_uses_the_messaging_tables_helper():
    assert migration_problems(ROOT / "gateway") == []


def test_every_deployable_is_a_workspace_source_and_a_root_dependency():
    root = tomllib.loads((ROOT / "pyproject.toml").read_text())
    names = {project_name(folder) for folder in deployables(ROOT).values()}
    sources = set(root["tool"]["uv"]["sources"])
    dependencies = set(root["project"]["dependencies"])
    assert names - sources == set(), "missing from [tool.uv.sources] in pyproject.toml"
    assert names - dependencies == set(), "missing from [project] dependencies in pyproject.toml"


@pytest.mark.parametrize("name", sorted(deployables(ROOT)))
def test_every_deployable_keeps_one_linear_migration_history(name):
    # Two revisions after the same parent would each be "a" head: a database's revision would
    # no longer say which changes it has. Rechain a revision written beside another instead.
    scripts = ScriptDirectory(str(deployables(ROOT)[name] / "migrations"))
    assert len(scripts.get_heads()) == 1, f"{name}: several migration heads {scripts.get_heads()}"
    ids = [rev.revision for rev in scripts.walk_revisions()]
    assert len(ids) == len(set(ids))


def test_every_deployable_has_a_port_of_its_own():
    ports: dict[int, list[str]] = {}
    for name, folder in deployables(ROOT).items():
        table = tomllib.loads((folder / "pyproject.toml").read_text())["tool"]["tukiverkko"]
        ports.setdefault(table["port"], []).append(name)
    assert {p: n for p, n in ports.items() if len(n) > 1} == {}, "deployables sharing a port"


# A tree that departs from the layout: each check must name the part.


def _write(path: Path, text: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _demo_tree(root: Path, name: str = "demo", deps: str = f'"{LIBRARY_PROJECT}"') -> Path:
    service = root / "services" / name
    _write(
        service / "pyproject.toml",
        f'[project]\nname = "tukiverkko-{name}"\ndependencies = [{deps}]\n'
        f'[tool.tukiverkko]\napp = "{name}.main:create_app"\nworker = "{name}.worker:main"\n',
    )
    for part in REQUIRED_FILES:
        target = service / part.format(pkg=name)
        if part == "pyproject.toml":
            continue
        if target.suffix:
            _write(target)
        else:
            target.mkdir(parents=True, exist_ok=True)
    for area in AREA_PACKAGES:
        _write(service / "src" / name / area / "__init__.py")
        _write(service / "src" / name / area / "things.py")
    _write(service / "tests" / "test_things.py")
    _write(
        service / "migrations" / "versions" / "0001_initial.py",
        "from tukiverkko_common.migrations import create_messaging_tables\n\n\n"
        "def upgrade():\n    create_messaging_tables()\n",
    )
    return service


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    _demo_tree(tmp_path, "sibling")
    return tmp_path


def test_a_complete_service_tree_passes(tree):
    assert layout_report(tree, _demo_tree(tree)) == []


@pytest.mark.parametrize(
    ("remove", "reported"),
    [
        ("src/demo/routers", "missing src/demo/routers/__init__.py"),
        ("src/demo/worker.py", "missing src/demo/worker.py"),
        ("src/demo/ownership.py", "missing src/demo/ownership.py"),
        ("src/demo/service/things.py", "missing src/demo/service/<area>.py (one module per area)"),
        ("migrations/env.py", "missing migrations/env.py"),
        ("migrations/script.py.mako", "missing migrations/script.py.mako"),
        ("tests/test_things.py", "missing tests/test_*.py"),
    ],
)
def test_a_missing_part_is_named(tree, remove, reported):
    service = _demo_tree(tree)
    target = service / remove
    shutil.rmtree(target) if target.is_dir() else target.unlink()
    assert reported in layout_report(tree, service)


def test_a_dependency_on_a_sibling_service_is_named(tree):
    service = _demo_tree(tree, deps=f'"{LIBRARY_PROJECT}", "tukiverkko-sibling>=0.1"')
    assert layout_report(tree, service) == ["depends on sibling tukiverkko-sibling"]


def test_a_service_without_the_library_is_named(tree):
    service = _demo_tree(tree, deps='"httpx"')
    assert layout_report(tree, service) == [f"does not depend on {LIBRARY_PROJECT}"]


def test_an_import_of_another_services_package_is_named(tree):
    service = _demo_tree(tree)
    _write(service / "src/demo/service/things.py", "from sibling.models import Thing\n")
    assert layout_report(tree, service) == ["src/demo/service/things.py imports sibling"]


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("def encode_cursor(row):\n    return ''\n", "encode_cursor"),
        ("def _has_control_characters(v):\n    return False\n", "_has_control_characters"),
        ("class Stamp(TypeDecorator):\n    impl = None\n", "Stamp"),
        ("class UtcDateTime:\n    pass\n", "UtcDateTime"),
        ("Instant = int\n", "Instant"),
        ("class Actor:\n    pass\n", "Actor"),
    ],
)
def test_a_copy_of_a_library_helper_is_named(tree, source, name):
    service = _demo_tree(tree)
    _write(service / "src/demo/repository/things.py", source)
    report = layout_report(tree, service)
    assert len(report) == 1 and report[0].startswith(
        f"src/demo/repository/things.py defines {name}"
    )


def test_an_initial_migration_creating_the_outbox_itself_is_named(tree):
    service = _demo_tree(tree)
    _write(
        service / "migrations/versions/0001_initial.py",
        "def upgrade():\n    op.create_table(\n        'outbox', sa.Column('seq'))\n",
    )
    assert layout_report(tree, service) == [
        "0001_initial.py creates outbox itself (use create_messaging_tables)",
        "0001_initial.py does not call create_messaging_tables",
    ]
