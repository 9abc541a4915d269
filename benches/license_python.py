#!/usr/bin/env python3
"""Licence checks per second from Python: proofctl.verify_license beside PyJWT's jwt.decode
(EdDSA, cryptography backend) of the same token, in the same run.

    pip install -r benches/requirements-license-python.txt ./bindings/python   # release wheel
    python3 benches/license_python.py -o benches/results/license_python.md

The token is a subscription licence the proofctl CLI issues (the binary is $PROOFCTL_BIN, else
target/release/proofctl, else target/debug/proofctl, else `proofctl` on PATH). Both sides are
given the vendor's public key as PEM text on every call, as an application holding the key in its
source would; PyJWT is also timed with the key parsed once. They do not do the same work:
PyJWT checks the signature, exp, nbf, iat and aud; proofctl also checks typ, kid, the claims'
shape, the licence type, entitlements (product and version here), machine binding and
revocation (none given), so the comparison is of what an application calls, not of equal work.
One thread; each figure is the best of 5 rounds of about a second, the calls taking turns.
"""

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import jwt
from cryptography.hazmat.primitives.serialization import load_pem_public_key

import proofctl

REPO = Path(__file__).resolve().parents[1]
ROUNDS = 5


def proofctl_bin() -> str:
    for p in (os.environ.get("PROOFCTL_BIN"), REPO / "target/release/proofctl",
              REPO / "target/debug/proofctl", shutil.which("proofctl")):
        if p and Path(p).is_file():
            return str(p)
    sys.exit("no proofctl binary: build it (cargo build --release --locked) or set PROOFCTL_BIN")


def make_licence(work: Path):
    """A vendor key and a one-year subscription licence for acme-cad 17.0 and 18.0."""
    env = dict(os.environ, PROOFCTL_HOME=str(work / "home"))
    env.pop("PROOFCTL_NOW", None)
    run = lambda *a: subprocess.run([proofctl_bin(), *a], env=env, check=True,  # noqa: E731
                                    capture_output=True, text=True).stdout
    run("keygen", "-q", "--no-passphrase", "--name", "acme")
    pem = run("key", "export", "acme")
    run("license", "issue", "-q", "--key", "acme", "--customer", "cust-42",
        "--customer-name", "Globex", "--product", "acme-cad", "--versions", "17.0,18.0",
        "--type", "subscription", "--days", "365", "-o", str(work / "lic.jwt"))
    return (work / "lic.jwt").read_text().strip(), pem


def batch(fn) -> int:
    """Calls per batch: enough for a batch to take at least 0.1 s."""
    n = 1
    while True:
        t = time.perf_counter()
        for _ in range(n):
            fn()
        if time.perf_counter() - t >= 0.1:
            return n
        n *= 2


def rates(fns) -> list:
    """Calls per second of each of `fns`: the best of ROUNDS rounds of about a second each, the
    functions taking turns within each round, so a busy spell on the machine falls on all alike."""
    sizes = [batch(fn) for fn in fns]
    best = [0.0] * len(fns)
    for _ in range(ROUNDS):
        for i, (fn, n) in enumerate(zip(fns, sizes)):
            calls, start = 0, time.perf_counter()
            while time.perf_counter() - start < 1.0:
                for _ in range(n):
                    fn()
                calls += n
            best[i] = max(best[i], calls / (time.perf_counter() - start))
    return best


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
            f"load average at the end {load}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--out", type=Path, help="also write the results as Markdown here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        token, pem = make_licence(Path(d))
    key = load_pem_public_key(pem.encode())
    fp = proofctl.machine_fingerprint()

    def ours():
        proofctl.verify_license(token, pem, product="acme-cad", version="18.0")

    def ours_fp():
        proofctl.verify_license(token, pem, product="acme-cad", version="18.0", fingerprint=fp)

    def pyjwt_pem():
        jwt.decode(token, pem, algorithms=["EdDSA"], audience="acme-cad", leeway=60)

    def pyjwt_key():
        jwt.decode(token, key, algorithms=["EdDSA"], audience="acme-cad", leeway=60)

    # Both accept the token before anything is timed (each raises otherwise).
    ours(), ours_fp(), pyjwt_pem(), pyjwt_key()
    names = [
        "proofctl.verify_license(token, pem, product=, version=)",
        "proofctl.verify_license(…, fingerprint=fp)",
        'jwt.decode(token, pem, algorithms=["EdDSA"], audience=, leeway=60)',
        "jwt.decode(token, key, …), key parsed once",
    ]
    rows = list(zip(names, rates([ours, ours_fp, pyjwt_pem, pyjwt_key])))
    ratio = rows[0][1] / rows[2][1]
    versions = {p: metadata.version(p) for p in ("proofctl", "PyJWT", "cryptography")}
    lines = [
        "# Licence checks per second from Python",
        "",
        f"Run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: `python3 benches/license_python.py"
        + (f" -o {args.out}`" if args.out else "`"),
        "",
        f"Machine: {machine()}; Python {platform.python_version()}; "
        + ", ".join(f"{k} {v}" for k, v in versions.items()) + ".",
        "",
        "| call | calls/s |",
        "|---|---:|",
        *[f"| `{name}` | {r:,.0f} |" for name, r in rows],
        "",
        f"proofctl's full check runs at {ratio:.2f}× PyJWT's `jwt.decode` of the same token "
        "(both given PEM text). PyJWT checks the signature, exp, nbf, iat and aud only; "
        "proofctl also checks typ, kid, the claims, the licence type, entitlements, machine "
        "binding and revocation. One thread, best of 5 rounds of about a second, the four taking turns.",
    ]
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
