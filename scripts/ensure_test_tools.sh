#!/usr/bin/env bash
# The Nu HTML Checker for tests/browser/test_accessibility.py: vnu-jar from npm into .venv/vnu/
# (git ignores .venv), run on Java 17 or newer.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=.venv/vnu/vnu.jar
if ! command -v java >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing Java (headless) for the HTML checker"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
    else
        echo "The HTML checker needs Java 17 or newer: sudo apt-get install default-jre-headless" >&2
        exit 1
    fi
fi
if [ ! -f "$JAR" ]; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "The HTML checker is fetched with npm: install Node.js and npm, then run the tests again." >&2
        exit 1
    fi
    echo "Fetching the Nu HTML Checker (vnu-jar)"
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent vnu-jar >/dev/null && tar xzf vnu-jar-*.tgz)
    mkdir -p "$(dirname "$JAR")"
    mv "$tmp/package/build/dist/vnu.jar" "$JAR"
    rm -rf "$tmp"
fi
