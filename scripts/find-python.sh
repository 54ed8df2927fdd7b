#!/usr/bin/env bash
# Prints the path of a Python that Rasa 3.6 supports (3.8, 3.9 or 3.10), or explains what is missing.
# Looks at $PYTHON, then python3.10/3.9/3.8 on PATH, then pyenv's installed versions.
set -u
supported() { "$1" -c 'import sys; sys.exit(0 if (3, 8) <= sys.version_info[:2] <= (3, 10) else 1)' 2>/dev/null; }
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
for name in python3.10 python3.9 python3.8; do
  command -v "$name" >/dev/null 2>&1 && candidates+=("$(command -v "$name")")
done
pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
for dir in "$pyenv_root"/versions/3.10.* "$pyenv_root"/versions/3.9.* "$pyenv_root"/versions/3.8.*; do
  [ -x "$dir/bin/python" ] && candidates+=("$dir/bin/python")
done
for candidate in "${candidates[@]}"; do
  if supported "$candidate"; then echo "$candidate"; exit 0; fi
done
echo "error: Rasa 3.6 needs Python 3.8, 3.9 or 3.10 and none was found; install one (e.g. 'pyenv install 3.10') or set PYTHON=/path/to/python3.10" >&2
exit 1
