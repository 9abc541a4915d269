#!/usr/bin/env python3
"""Checks the POP JSON Schemas against the vectors and the specs (docs/pop-1.0.md section 11,
docs/pop-1.1.md section 12).

    python3 tests/interop/check_schema.py [SCHEMA VECTOR_DIR]

Without arguments it checks schema/pop-1.0.schema.json against tests/vectors/pop-1.0/ and
schema/pop-1.1.schema.json against tests/vectors/pop-1.1/. A document whose format is POP-1.0 is
always checked against the POP-1.0 schema (a POP-1.1 verifier reads both versions; the POP-1.1
vectors include POP-1.0 proofs), every other document against the given schema.

The schema is necessary, not sufficient: every document that passes verification steps 4 to 10
must pass it. So every vector whose expected status is valid, untrusted or invalid (all of which
got past step 10) must pass the schema. For the other fail_* vectors it reports whether the
schema alone catches them; most failures are only caught by a verifier. It also checks the
`created` pattern against the rule of spec section 4.5 (as implemented by verify_pop.py) over
every month and day of a spread of years, and that the POP-1.1 schema is the POP-1.0 schema plus
`anchors` and nothing else. Exits 0 when the schemas are themselves valid, every vector that
must pass them does, and those two checks agree.
"""

import json
import re
import sys
from pathlib import Path

from jsonschema import Draft202012Validator

sys.path.insert(0, str(Path(__file__).resolve().parent))
from verify_pop import created_ok  # noqa: E402

root = Path(__file__).resolve().parents[2]
if len(sys.argv) > 2:
    pairs = [(Path(sys.argv[1]), Path(sys.argv[2]))]
else:
    pairs = [
        (root / "schema/pop-1.0.schema.json", root / "tests/vectors/pop-1.0"),
        (root / "schema/pop-1.1.schema.json", root / "tests/vectors/pop-1.1"),
    ]


def load(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return schema


bad = 0
pop10 = load(root / "schema/pop-1.0.schema.json")
for schema_path, vectors in pairs:
    schema = load(schema_path)
    print(f"== {schema_path.name} over {vectors}")
    validators = {"POP-1.0": Draft202012Validator(pop10)}
    default = Draft202012Validator(schema)
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
        fmt = doc.get("format") if isinstance(doc, dict) else None
        validator = validators.get(fmt, default) if isinstance(fmt, str) else default
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

    # POP-1.1 = POP-1.0 + anchors (docs/pop-1.1.md section 4.2): no other rule may drift apart.
    if schema.get("properties", {}).get("format", {}).get("const") == "POP-1.1":
        same = json.loads(json.dumps(schema))
        del same["properties"]["anchors"]
        same["required"].remove("anchors")
        for k in ("title", "description"):
            same[k] = pop10[k]
        same["properties"]["format"] = pop10["properties"]["format"]
        if same != pop10:
            bad += 1
            print("the POP-1.1 schema differs from the POP-1.0 schema in more than anchors and format")
        else:
            print("the POP-1.1 schema is the POP-1.0 schema plus anchors")

print("schema OK" if bad == 0 else f"schema NOT OK: {bad} problems")
sys.exit(1 if bad else 0)
