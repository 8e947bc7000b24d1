#!/usr/bin/env python3
"""Checks the licence of every package in the dependency graph against deny.toml's allow-list.

Usage: scripts/licenses.py [manifest-path]   (run from anywhere inside the repository)
Reads `cargo metadata --locked` (the versions Cargo.lock pins; cargo fetches any crate not yet
in its cache from the registry). Exit status 1 lists each package whose licence expression
cannot be satisfied with allowed licences.
"""
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(subprocess.check_output(["git", "rev-parse", "--show-toplevel"], text=True).strip())


def allowed_licences():
    with open(ROOT / "deny.toml", "rb") as f:
        return set(tomllib.load(f)["licenses"]["allow"])


def tokens(expression):
    # Old crates write "MIT/Apache-2.0" for "MIT OR Apache-2.0".
    expression = expression.replace("/", " OR ")
    return re.findall(r"\(|\)|[A-Za-z0-9.+\-]+", expression)


def satisfiable(expression, allowed):
    """SPDX: OR needs one side allowed, AND both; `X WITH exception` only adds permissions."""
    items = tokens(expression)
    position = 0

    def term():
        nonlocal position
        if items[position] == "(":
            position += 1
            value = disjunction()
            position += 1  # ")"
            return value
        licence = items[position]
        position += 1
        if position < len(items) and items[position] == "WITH":
            exception = items[position + 1]
            position += 2
            return f"{licence} WITH {exception}" in allowed or licence in allowed
        return licence in allowed

    def conjunction():
        nonlocal position
        value = term()
        while position < len(items) and items[position] == "AND":
            position += 1
            value = term() and value
        return value

    def disjunction():
        nonlocal position
        value = conjunction()
        while position < len(items) and items[position] == "OR":
            position += 1
            value = conjunction() or value
        return value

    return disjunction()


def main():
    manifest = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "Cargo.toml")
    metadata = json.loads(
        subprocess.check_output(
            ["cargo", "metadata", "--format-version", "1", "--locked", "--manifest-path", manifest]
        )
    )
    allowed = allowed_licences()
    local = {p["id"] for p in metadata["packages"] if p["source"] is None}
    problems = []
    for package in metadata["packages"]:
        if package["id"] in local:
            continue
        licence = package.get("license")
        if not licence:
            problems.append(f"{package['name']} {package['version']}: no licence expression (license-file only?)")
        elif not satisfiable(licence, allowed):
            problems.append(f"{package['name']} {package['version']}: {licence}")
    checked = len(metadata["packages"]) - len(local)
    if problems:
        print(f"licences not in deny.toml's allow-list ({len(problems)} of {checked} packages):")
        print("\n".join(f"  {p}" for p in sorted(problems)))
        return 1
    print(f"licences: {checked} packages, all allowed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
