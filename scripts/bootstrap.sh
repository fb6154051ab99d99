#!/usr/bin/env bash
# Creates .venv with Python >= 3.12 from requirements.lock and compiles the translations.
# Re-running is a fast no-op while requirements.lock is unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

python_ok() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
    local candidates=()
    [ -n "${KRING_PYTHON:-}" ] && candidates+=("$KRING_PYTHON")
    candidates+=(python3.13 python3.12 python3)
    local pyenv_root
    pyenv_root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
    for dir in "$pyenv_root"/versions/3.13* "$pyenv_root"/versions/3.12*; do
        [ -d "$dir" ] && candidates+=("$dir/bin/python3")
    done
    candidates+=(/usr/bin/python3.13 /usr/bin/python3.12 /usr/local/bin/python3.13 /usr/local/bin/python3.12)
    for candidate in "${candidates[@]}"; do
        local path
        path=$(command -v "$candidate" 2>/dev/null) || continue
        if python_ok "$path"; then
            echo "$path"
            return 0
        fi
    done
    return 1
}

lock_hash=$(sha256sum requirements.lock | cut -d' ' -f1)
stamp=.venv/.installed-lock

if [ ! -x .venv/bin/python ] || ! python_ok .venv/bin/python; then
    if ! python=$(find_python); then
        cat >&2 <<'MSG'
Kring needs Python 3.12 or newer, and none was found
(looked for $KRING_PYTHON, python3.13, python3.12, python3 and pyenv's versions).
Install one, for example:   pyenv install 3.12     or   apt-get install python3.12 python3.12-venv
then run this command again, or point KRING_PYTHON at the interpreter.
MSG
        exit 1
    fi
    echo "Creating .venv with $python ($("$python" --version))"
    rm -rf .venv
    "$python" -m venv .venv
fi

if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]; then
    echo "Installing the locked dependencies (requirements.lock)"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
    echo "$lock_hash" > "$stamp"
fi

if [ ! -f .env ]; then
    printf '# Local development settings (git ignores this file). See README.md, "Configuration".\nDEBUG=true\n' > .env
fi

# Compiled catalogues are build output (git ignores *.mo); rebuild when a .po is newer.
for po in $(find locale -name '*.po' 2>/dev/null); do
    mo="${po%.po}.mo"
    if [ ! -f "$mo" ] || [ "$po" -nt "$mo" ]; then
        msgfmt --check-format -o "$mo" "$po"
    fi
done
