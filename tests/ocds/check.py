"""Validates kanmin's OCDS packages against the official OCDS 1.1.5 schemas, offline, and
checks that ocdskit compiles the same records from the releases.

    python3 tests/ocds/check.py SCHEMA_DIR RELEASE_PACKAGE RECORD_PACKAGE

SCHEMA_DIR is ../shared/ocds-1.1.5 (the package schemas `$ref` the release schema by its
public URL; a `referencing` registry maps it to the local file). Prints the problems and
exits 1 if there are any.
"""
import json
import subprocess
import sys

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

schema_dir, release_path, record_path = sys.argv[1:4]
URL = "https://standard.open-contracting.org/schema/1__1__5/"


def load(name):
    with open(f"{schema_dir}/{name}", encoding="utf-8") as f:
        return json.load(f)


resources = []
for name in ["release-schema.json", "release-package-schema.json", "record-package-schema.json",
             "versioned-release-validation-schema.json"]:
    schema = load(name)
    resource = Resource.from_contents(schema, default_specification=DRAFT4)
    resources.append((URL + name, resource))
    if schema.get("id"):
        resources.append((schema["id"], resource))
registry = Registry().with_resources(resources)

problems = []
for path, name in [(release_path, "release-package-schema.json"), (record_path, "record-package-schema.json")]:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    validator = jsonschema.Draft4Validator(load(name), registry=registry,
                                           format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    for error in validator.iter_errors(data):
        problems.append(f"{path}: {'/'.join(map(str, error.absolute_path))}: {error.message[:300]}")

compiled = subprocess.run(
    [sys.executable, "-m", "ocdskit.__main__", "compile", "--schema", f"{schema_dir}/release-schema.json"],
    stdin=open(release_path, "rb"), capture_output=True, check=False)
if compiled.returncode != 0:
    problems.append("ocdskit compile failed: " + compiled.stderr.decode()[-2000:])
else:
    ours = {r["ocid"]: r["compiledRelease"] for r in json.load(open(record_path, encoding="utf-8"))["records"]}
    theirs = {}
    for line in compiled.stdout.decode().splitlines():
        if line.strip():
            item = json.loads(line)
            theirs[item["ocid"]] = item
    if set(ours) != set(theirs):
        problems.append(f"ocids differ: ours {sorted(ours)[:5]} ocdskit {sorted(theirs)[:5]}")
    for ocid in sorted(set(ours) & set(theirs)):
        if ours[ocid] != theirs[ocid]:
            a = json.dumps(ours[ocid], ensure_ascii=False, sort_keys=True)
            b = json.dumps(theirs[ocid], ensure_ascii=False, sort_keys=True)
            problems.append(f"compiled release of {ocid} differs:\n ours    {a[:1500]}\n ocdskit {b[:1500]}")
            break

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
