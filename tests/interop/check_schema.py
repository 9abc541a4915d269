#!/usr/bin/env python3
"""Checks schema/pop-1.0.schema.json against the vectors and the spec (docs/pop-1.0.md section 11).

    python3 tests/interop/check_schema.py [schema/pop-1.0.schema.json] [tests/vectors/pop-1.0/]

The schema is necessary, not sufficient: every document that passes verification steps 4 to 10
must pass it. So every vector whose expected status is valid, untrusted or invalid (all of which
got past step 10) must pass the schema. For the other fail_* vectors it reports whether the
schema alone catches them; most failures are only caught by a verifier. It also checks the
`created` pattern against the rule of spec section 4.5 (as implemented by verify_pop.py) over
every month and day of a spread of years. Exits 0 when the schema is itself valid, every vector
that must pass it does, and the `created` pattern agrees with the rule.
"""

import json
import re
import sys
from pathlib import Path

from jsonschema import Draft202012Validator

sys.path.insert(0, str(Path(__file__).resolve().parent))
from verify_pop import created_ok  # noqa: E402

root = Path(__file__).resolve().parents[2]
schema_path = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "schema/pop-1.0.schema.json"
vectors = Path(sys.argv[2]) if len(sys.argv) > 2 else root / "tests/vectors/pop-1.0"

schema = json.loads(schema_path.read_text(encoding="utf-8"))
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)
bad = 0
caught, missed = [], []
for path in sorted(vectors.glob("*.json")):
    v = json.loads(path.read_text(encoding="utf-8"))
    try:
        # json.loads keeps the last of duplicate members: the schema cannot see them. A
        # proof_base64 vector's bytes are not UTF-8, so not a JSON text.
        doc = json.loads(v["proof"])
    except (KeyError, ValueError):
        print(f"{path.stem}: not JSON, schema not applicable")
        continue
    errors = [e.message for e in validator.iter_errors(doc)]
    if v["expect"] != "error":  # passed steps 1 to 10: must pass the schema
        bad += bool(errors)
        print(f"{path.stem}: {'FAILS the schema: ' + errors[0][:100] if errors else 'passes'}")
    else:
        (caught if errors else missed).append(path.stem)
        print(f"{path.stem}: {'caught by the schema: ' + errors[0][:80] if errors else 'passes the schema'}")
print(f"error vectors caught by the schema alone: {', '.join(caught) or 'none'}")
print(f"error vectors only a verifier catches: {', '.join(missed) or 'none'}")

# The created pattern against spec 4.5, on a fixed time and then on times of a fixed date.
created = re.compile(schema["properties"]["created"]["pattern"])
years = {*range(1960, 2500), *range(0, 10000, 100), *range(9900, 10000)}
samples = [f"{y:04d}-{m:02d}-{d:02d}T12:34:56Z" for y in years for m in range(14) for d in range(33)]
samples += [f"2024-02-29T{h:02d}:{mi:02d}:{s:02d}Z" for h in range(25) for mi in (0, 59, 60) for s in (0, 59, 60)]
disagree = [s for s in samples if bool(created.search(s)) != created_ok(s)]
for s in disagree[:10]:
    print(f"created pattern disagrees with spec 4.5 on {s}")
bad += bool(disagree)
print(f"created pattern: {len(samples) - len(disagree)} of {len(samples)} samples agree with spec 4.5")

print("schema OK" if bad == 0 else f"schema NOT OK: {bad} problems")
sys.exit(1 if bad else 0)
