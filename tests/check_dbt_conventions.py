#!/usr/bin/env python3
"""Convention check over dbt's manifest (a small stand-in for dbt-bouncer).

    python tests/check_dbt_conventions.py target/manifest.json

Fails, listing every offence, when a model or seed has no description, a documented
column has no description, or a model or seed has no primary-key test (a `unique`
test on one of its columns, or a `unique_combination` test on it). `make test` runs
it after `dbt build`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def offences(manifest: dict) -> list[str]:
    nodes = manifest["nodes"]
    keyed: set[str] = set()
    for node in nodes.values():
        if node["resource_type"] != "test":
            continue
        name = (node.get("test_metadata") or {}).get("name")
        if name in ("unique", "unique_combination"):
            keyed.update(node["depends_on"]["nodes"][:1])
    found = []
    for unique_id, node in sorted(nodes.items()):
        if node["resource_type"] not in ("model", "seed"):
            continue
        if node["package_name"] != manifest["metadata"].get(
            "project_name", "paperscope"
        ):
            continue
        if not node.get("description", "").strip():
            found.append(f"{unique_id}: no description")
        if not node.get("columns"):
            found.append(f"{unique_id}: no columns documented")
        for column, spec in node.get("columns", {}).items():
            if not spec.get("description", "").strip():
                found.append(f"{unique_id}.{column}: no description")
        if unique_id not in keyed:
            found.append(
                f"{unique_id}: no primary-key test (unique / unique_combination)"
            )
    return found


def main() -> int:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "target/manifest.json")
    found = offences(json.loads(path.read_text(encoding="utf-8")))
    for line in found:
        print(line)
    print(f"dbt conventions: {len(found)} offences")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
