"""Regenerate the README's API entry points from the gateway's OpenAPI: uv run python scripts/readme_api.py"""

import pathlib
import re

from gateway.main import create_app

METHODS = ("get", "post", "put", "patch", "delete")


def table() -> str:
    spec = create_app().openapi()
    by_tag: dict[str, list[str]] = {}
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                tag = (op.get("tags") or ["other"])[0]
                by_tag.setdefault(tag, []).append(
                    f"| `{method.upper()} {path}` | {op.get('summary', '')} |"
                )
    parts = []
    for tag, rows in by_tag.items():
        parts.append(f"**{tag}**\n\n| operation | what |\n|---|---|\n" + "\n".join(rows))
    return "\n\n".join(parts)


def main() -> None:
    readme = pathlib.Path(__file__).resolve().parents[1] / "README.md"
    text = readme.read_text()
    block = "<!-- api:start -->\n" + table().replace("\\", "\\\\") + "\n<!-- api:end -->"
    readme.write_text(
        re.sub(
            r"<!-- api:start -->.*<!-- api:end -->|API_ENTRY_POINTS", block, text, flags=re.DOTALL
        )
    )


if __name__ == "__main__":
    main()
