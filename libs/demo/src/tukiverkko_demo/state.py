"""What the generator has created, keyed by natural keys, so an interrupted run resumes.

An append-only journal of JSON lines: each created object is written (and flushed) the moment
the API answers, so an interrupt loses at most the one request in flight, and a large region
costs one short line per object. The file holds the demo's API client secrets (needed to
resume), so it is created owner-only under the local data folder.
"""

import json
import os
from pathlib import Path
from typing import Any, TextIO


class State:
    def __init__(self, path: Path, seed: int, size: str) -> None:
        self.path = path
        self.created: dict[str, Any] = {}
        header = {"seed": seed, "size": size}
        if path.exists():
            lines = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
            if lines and lines[0] != header:
                raise SystemExit(
                    f"{path} holds a region made with {lines[0]}; pass those options,"
                    " or remove the file to start a new region"
                )
            self.created = {entry["k"]: entry["v"] for entry in lines[1:] if "k" in entry}
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not path.exists() or path.stat().st_size == 0
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self._out: TextIO = os.fdopen(fd, "a")
        if fresh:
            self._write(header)

    def get(self, key: str) -> Any:
        return self.created.get(key)

    def put(self, key: str, value: Any) -> Any:
        self.created[key] = value
        self._write({"k": key, "v": value})
        return value

    def _write(self, entry: dict[str, Any]) -> None:
        self._out.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._out.flush()

    def close(self) -> None:
        self._out.close()
