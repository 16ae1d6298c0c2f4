"""The one layout every service under services/ has, as checks that name what is missing or extra.

Each check takes the repository root, so a test can run it on a temporary tree too.
"""

import ast
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

LIBRARY_PROJECT = "tukiverkko-common"
REQUIRED_FILES = (
    "pyproject.toml",
    "README.md",
    "migrations/env.py",
    "migrations/script.py.mako",
    "migrations/versions",
    "tests",
    "src/{pkg}/__init__.py",
    "src/{pkg}/main.py",
    "src/{pkg}/config.py",
    "src/{pkg}/models.py",
    "src/{pkg}/handlers.py",
    "src/{pkg}/worker.py",
    "src/{pkg}/ownership.py",
)
AREA_PACKAGES = ("routers", "schemas", "service", "repository")
"""Packages with one module per area; each needs __init__.py and at least one area module."""

LIBRARY_HELPERS: dict[str, str] = {
    r"(?i:(en|de)code_?cursor)|^(page_params|PageParams|apply_page|cut_page)$": "tukiverkko_common.paging",
    r"(?i:control_?char|rfc_?3339)|^(Text|Input|Instant)$": "tukiverkko_common.fields",
    r"(?i:utc_?date_?time)": "tukiverkko_common.columns",
    r"^(Actor|actor|current_actor|required_actor)$": "tukiverkko_common.actors",
    r"^(get_settings|settings_of)$": "tukiverkko_common.deps",
    r"^NAMING(_CONVENTION)?$|(?i:messaging_tables)": "tukiverkko_common.tables / .migrations",
}
"""Names a service must import from the library instead of defining (pattern -> library module)."""
MESSAGING_TABLES = ("outbox", "inbox", "relay_lease")


def services(root: Path) -> list[Path]:
    """Return every service folder: any services/<name>/ holding a pyproject.toml."""
    return sorted(p.parent for p in (root / "services").glob("*/pyproject.toml"))


def project_name(folder: Path) -> str:
    """Return the project name a pyproject.toml declares."""
    return tomllib.loads((folder / "pyproject.toml").read_text())["project"]["name"]


def deployables(root: Path) -> dict[str, Path]:
    """Return the import package of every deployable (services and the gateway) -> its folder."""
    found = {service.name: service for service in services(root)}
    if (root / "gateway" / "pyproject.toml").exists():
        found["gateway"] = root / "gateway"
    return found


def missing_parts(service: Path) -> list[str]:
    """Return the required files and area packages the service lacks."""
    pkg = service.name
    missing = [
        f.format(pkg=pkg) for f in REQUIRED_FILES if not (service / f.format(pkg=pkg)).exists()
    ]
    for area in AREA_PACKAGES:
        folder = service / "src" / pkg / area
        if not (folder / "__init__.py").exists():
            missing.append(f"src/{pkg}/{area}/__init__.py")
        elif not [m for m in folder.glob("*.py") if m.name != "__init__.py"]:
            missing.append(f"src/{pkg}/{area}/<area>.py (one module per area)")
    if (service / "tests").is_dir() and not list((service / "tests").glob("test_*.py")):
        missing.append("tests/test_*.py")
    return missing


def dependency_problems(root: Path, service: Path) -> list[str]:
    """Return what is wrong with the dependencies: the library missing, or a sibling depended on."""
    data = tomllib.loads((service / "pyproject.toml").read_text())
    names = {
        re.split(r"[<>=!~\[; ]", d, maxsplit=1)[0].lower()
        for d in data["project"].get("dependencies", [])
    }
    names |= set(data.get("tool", {}).get("uv", {}).get("sources", {}))
    siblings = {project_name(f) for f in deployables(root).values() if f != service}
    problems = [f"depends on sibling {name}" for name in sorted(names & siblings)]
    if LIBRARY_PROJECT not in names:
        problems.append(f"does not depend on {LIBRARY_PROJECT}")
    entries = data.get("tool", {}).get("tukiverkko", {})
    for key, target in (("app", "main:create_app"), ("worker", "worker:main")):
        if entries.get(key) != f"{service.name}.{target}":
            problems.append(f"[tool.tukiverkko] {key} is not {service.name}.{target}")
    return problems


def python_files(service: Path) -> Iterator[Path]:
    """Yield the service's own Python files (sources, migrations, tests)."""
    for part in ("src", "migrations", "tests"):
        yield from sorted((service / part).rglob("*.py"))


def _imported_packages(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def import_problems(root: Path, service: Path) -> list[str]:
    """Return every module that imports another deployable's package."""
    others = set(deployables(root)) - {service.name}
    problems = []
    for path in python_files(service):
        for pkg in sorted(_imported_packages(ast.parse(path.read_text())) & others):
            problems.append(f"{path.relative_to(service)} imports {pkg}")
    return problems


def _defined_names(tree: ast.Module) -> Iterator[tuple[str, ast.AST]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node.name, node
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        yield from ((t.id, node) for t in targets if isinstance(t, ast.Name))


def _is_column_type(node: ast.AST) -> bool:
    bases = node.bases if isinstance(node, ast.ClassDef) else []
    return any("TypeDecorator" in ast.unparse(base) for base in bases)


def helper_problems(service: Path) -> list[str]:
    """Return every definition in the service's sources of a helper the library provides."""
    problems = []
    for path in sorted((service / "src").rglob("*.py")):
        for name, node in _defined_names(ast.parse(path.read_text())):
            where = next((m for p, m in LIBRARY_HELPERS.items() if re.search(p, name)), None)
            if where is None and _is_column_type(node):
                where = "tukiverkko_common.columns"
            if where:
                problems.append(f"{path.relative_to(service)} defines {name} (use {where})")
    return problems


def migration_problems(folder: Path) -> list[str]:
    """Return what is wrong with the initial migration's messaging tables: it must call the helper."""
    initial = sorted((folder / "migrations" / "versions").glob("0001_*.py"))
    if not initial:
        return ["migrations/versions/0001_*.py missing"]
    text = initial[0].read_text()
    problems = [
        f"{initial[0].name} creates {table} itself (use create_messaging_tables)"
        for table in MESSAGING_TABLES
        if re.search(rf"create_table\(\s*[\"']{table}[\"']", text)
    ]
    if "create_messaging_tables(" not in text:
        problems.append(f"{initial[0].name} does not call create_messaging_tables")
    return problems


def layout_report(root: Path, service: Path) -> list[str]:
    """Return every departure of one service from the layout, each naming the part."""
    report = [f"missing {part}" for part in missing_parts(service)]
    if (service / "pyproject.toml").exists():
        report += dependency_problems(root, service)
    report += import_problems(root, service)
    report += helper_problems(service)
    if (service / "migrations" / "versions").is_dir():
        report += migration_problems(service)
    return report
