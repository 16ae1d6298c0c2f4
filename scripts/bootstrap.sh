#!/usr/bin/env bash
# Make sure uv is available; print its path. Only Python, make and apt are assumed.
set -euo pipefail

find_uv() {
  for candidate in "$(command -v uv 2>/dev/null || true)" "$HOME/.local/bin/uv" ".tools/bin/uv"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if find_uv; then exit 0; fi
PY="$(command -v python3 || command -v python)"
echo "installing uv …" >&2
# 1) pip into the user site (Debian's PEP 668 guard needs --break-system-packages for --user installs).
"$PY" -m pip install --user --quiet uv >&2 2>/dev/null \
  || "$PY" -m pip install --user --quiet --break-system-packages uv >&2 2>/dev/null \
  || true
if find_uv; then exit 0; fi
# 2) a private tools venv in the checkout.
if ! "$PY" -m venv .tools >/dev/null 2>&1 && command -v apt-get >/dev/null; then
  as_root apt-get update -qq >&2 && as_root apt-get install -y -qq python3-venv python3-pip >&2
  rm -rf .tools && "$PY" -m venv .tools >&2
fi
.tools/bin/pip install --quiet uv >&2
find_uv || { echo "could not install uv" >&2; exit 1; }
