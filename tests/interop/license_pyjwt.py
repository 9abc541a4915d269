#!/usr/bin/env python3
"""Licence interop with PyJWT: proofctl's licences are ordinary EdDSA JWTs, both ways round.

    python3 tests/interop/license_pyjwt.py [PATH/TO/proofctl]     (default: $PROOFCTL)

(a) Licences proofctl issues verify with PyJWT (`jwt.decode`, EdDSA, audience and issuer
    checked), and PyJWT refuses a tampered one and an expired one.
(b) Licences PyJWT makes with the vendor's private key verify with `proofctl license verify`;
    one signed by another key under the same kid is bad_signature, and an HS256 token keyed with
    the public PEM (the classic algorithm-confusion attack) is bad_algorithm.

Prints one line per check and ends with "N passed, M failed"; exit 0 only if every check passed.
Needs Python 3.11+ and `pyjwt[crypto]` (pip install -r tests/interop/requirements.txt).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any, Callable

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_public_key,
)

TYP = "proofctl-license+jwt"
VENDOR = "acme"
PRODUCT = "acme-cad"
DAY = 86_400
ISSUE_ARGS = [
    "--customer", "cust-42",
    "--customer-name", "Globex",
    "--product", PRODUCT,
    "--versions", "17.0,18.0",
    "--modules", "render",
    "--features", "export-pdf",
]  # fmt: skip


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def rfc7638_kid(public_pem: bytes) -> str:
    """The JWK thumbprint (RFC 7638, SHA-256) of an Ed25519 key: required members, sorted."""
    raw = load_pem_public_key(public_pem).public_bytes(Encoding.Raw, PublicFormat.Raw)
    jwk = {"crv": "Ed25519", "kty": "OKP", "x": b64url(raw)}
    canonical = json.dumps(jwk, separators=(",", ":"), sort_keys=True).encode()
    return b64url(hashlib.sha256(canonical).digest())


class Checks:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def run(self, name: str, fn: Callable[[], str | None]) -> None:
        """Runs one check: it passes unless it raises (an AssertionError says why)."""
        try:
            detail = fn()
        except Exception as e:  # noqa: BLE001 - every failure is reported, none aborts the run
            self.failed += 1
            if isinstance(e, AssertionError):
                print(f"FAIL {name}: {e}")
            elif isinstance(e, KeyError):  # state an earlier, failed step should have set up
                print(f"FAIL {name}: skipped, an earlier step it needs failed (no {e})")
            else:
                print(f"FAIL {name}: {type(e).__name__}: {e}")
                traceback.print_exc(limit=3, file=sys.stdout)
        else:
            self.passed += 1
            print(f"ok   {name}" + (f" ({detail})" if detail else ""))
        sys.stdout.flush()


class Proofctl:
    """The binary under test, run in the temp dir with a clean environment."""

    def __init__(self, binary: str, work: Path) -> None:
        self.binary = binary
        self.work = work
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PROOFCTL_")}
        self.env["NO_COLOR"] = "1"

    def __call__(self, *args: str, now: int | None = None) -> subprocess.CompletedProcess[str]:
        env = dict(self.env)
        if now is not None:
            env["PROOFCTL_NOW"] = str(now)
        return subprocess.run(
            [self.binary, *args], cwd=self.work, env=env, capture_output=True, text=True, timeout=60
        )

    def ok(self, *args: str, now: int | None = None) -> str:
        p = self(*args, now=now)
        assert p.returncode == 0, f"proofctl {' '.join(args)} exited {p.returncode}: {p.stderr.strip()}"
        return p.stdout

    def issue(self, out: str, *extra: str, now: int | None = None) -> tuple[str, dict[str, Any]]:
        """Issues a licence to `out`; returns the token and the claims proofctl reports."""
        report = json.loads(
            self.ok("--home", "vendor", "--json", "license", "issue", "--key", VENDOR,
                    *ISSUE_ARGS, *extra, "-o", out, now=now)  # fmt: skip
        )
        token = (self.work / out).read_text().strip()
        assert report["token"] == token, "--json reports a different token than it wrote"
        return token, report["claims"]

    def verify(self, token: str, *extra: str) -> tuple[int, dict[str, Any]]:
        """`license verify` in an empty home, trusting only acme.pub; (exit code, JSON)."""
        path = self.work / f"check-{secrets.token_hex(4)}.jwt"
        path.write_text(token + "\n")
        p = self("--home", "customer", "license", "verify", str(path), "--key", "acme.pub",
                 "--product", PRODUCT, "--version", "18.0", *extra, "--json")  # fmt: skip
        try:
            result = json.loads(p.stdout)
        except json.JSONDecodeError:
            raise AssertionError(
                f"exit {p.returncode}, no JSON on stdout: {p.stdout!r} {p.stderr.strip()!r}"
            ) from None
        return p.returncode, result


def expect_verdict(got: tuple[int, dict[str, Any]], code: int, status: str, reason: str | None) -> str:
    rc, result = got
    assert (rc, result.get("status"), result.get("reason")) == (code, status, reason), (
        f"expected exit {code} {status}/{reason}, got exit {rc} "
        f"{result.get('status')}/{result.get('reason')}: {result.get('message')}"
    )
    return f"exit {rc}, {status}" + (f", {reason}" if reason else "")


def expect_raises(exc: type[Exception], fn: Callable[[], Any]) -> str:
    try:
        value = fn()
    except exc as e:
        return f"{type(e).__name__}: {e}"
    except Exception as e:  # noqa: BLE001
        raise AssertionError(f"expected {exc.__name__}, got {type(e).__name__}: {e}") from None
    raise AssertionError(f"expected {exc.__name__}, but it succeeded: {value!r}")


def main() -> int:
    binary = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("PROOFCTL")
    if not binary:
        print("usage: license_pyjwt.py PATH/TO/proofctl   (or set $PROOFCTL)", file=sys.stderr)
        return 2
    binary = str(Path(binary).resolve())
    checks = Checks()
    with tempfile.TemporaryDirectory(prefix="proofctl-pyjwt-") as tmp:
        run_all(checks, Proofctl(binary, Path(tmp)))
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 0 if checks.failed == 0 else 1


def run_all(checks: Checks, proofctl: Proofctl) -> None:
    work = proofctl.work
    s: dict[str, Any] = {}  # what earlier checks set up for later ones

    # --- Setup: a vendor key, its public and private PEM, its kid. ---
    def setup() -> str:
        proofctl.ok("--home", "vendor", "keygen", "-q", "--name", VENDOR, "--no-passphrase")
        s["public_pem"] = proofctl.ok("--home", "vendor", "key", "export", VENDOR).encode()
        s["private_pem"] = proofctl.ok("--home", "vendor", "key", "export", VENDOR, "--pkcs8").encode()
        (work / "acme.pub").write_bytes(s["public_pem"])
        keys = json.loads(proofctl.ok("--home", "vendor", "--json", "key", "list"))["keys"]
        listed = [k["kid"] for k in keys if k["name"] == VENDOR]
        s["kid"] = rfc7638_kid(s["public_pem"])
        assert listed == [s["kid"]], f"key list says {listed}, RFC 7638 says {s['kid']}"
        return f"kid {s['kid']}"

    checks.run("setup: keygen, export SPKI/PKCS#8, kid = RFC 7638 thumbprint", setup)

    def pyjwt_jwk_agrees() -> None:
        # PyJWT's own JWK of the key, thumbprinted per RFC 7638, gives the same kid.
        jwk = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(load_pem_public_key(s["public_pem"])))
        required = {k: jwk[k] for k in ("crv", "kty", "x")}
        canonical = json.dumps(required, separators=(",", ":"), sort_keys=True).encode()
        assert b64url(hashlib.sha256(canonical).digest()) == s["kid"], "thumbprints differ"

    checks.run("kid from PyJWT's to_jwk matches", pyjwt_jwk_agrees)

    # --- (a) proofctl issues, PyJWT verifies. ---
    def pyjwt_decode(token: str, **kw: Any) -> dict[str, Any]:
        return jwt.decode(
            token, s["public_pem"], algorithms=["EdDSA"], audience=PRODUCT, issuer=VENDOR, **kw
        )

    def header_is_licence(token: str) -> str:
        header = jwt.get_unverified_header(token)
        assert header.get("typ") == TYP, f"typ {header.get('typ')!r}"
        assert header.get("kid") == s["kid"], f"kid {header.get('kid')!r} is not {s['kid']}"
        assert header.get("alg") == "EdDSA", f"alg {header.get('alg')!r}"
        assert set(header) == {"alg", "typ", "kid"}, f"unexpected header members {sorted(header)}"
        return f"typ {TYP}, kid matches"

    def issue_subscription() -> str:
        s["sub"], s["sub_claims"] = proofctl.issue("sub.jwt", "--type", "subscription",
                                                   "--days", "30", "--seats", "5", "--grace-days", "7")  # fmt: skip
        return "--days 30 --seats 5 --grace-days 7"

    checks.run("proofctl issues a subscription licence", issue_subscription)
    checks.run("subscription: header has typ and kid", lambda: header_is_licence(s["sub"]))

    def pyjwt_verifies_subscription() -> str:
        claims = pyjwt_decode(
            s["sub"], options={"require": ["iss", "aud", "sub", "jti", "iat", "nbf", "exp"]}
        )
        assert claims == s["sub_claims"], f"PyJWT read {claims}, proofctl issued {s['sub_claims']}"
        assert claims["license_type"] == "subscription" and claims["license_version"] == 1
        assert claims["seats"] == 5 and claims["grace_days"] == 7
        assert len(claims["jti"]) == 32 and int(claims["jti"], 16) >= 0
        return f"exp - iat = {(claims['exp'] - claims['iat']) // DAY} days"

    checks.run("subscription: PyJWT jwt.decode verifies it (aud, iss, exp)", pyjwt_verifies_subscription)

    def issue_perpetual() -> None:
        s["perp"], s["perp_claims"] = proofctl.issue("perp.jwt", "--type", "perpetual")

    checks.run("proofctl issues a perpetual licence", issue_perpetual)
    checks.run("perpetual: header has typ and kid", lambda: header_is_licence(s["perp"]))

    def pyjwt_verifies_perpetual() -> str:
        claims = pyjwt_decode(s["perp"], options={"require": ["iss", "aud", "sub", "jti", "iat", "nbf"]})
        assert claims == s["perp_claims"], f"PyJWT read {claims}, proofctl issued {s['perp_claims']}"
        assert "exp" not in claims, f"a perpetual licence carries exp {claims['exp']!r}"
        assert "grace_days" not in claims and "seats" not in claims and "machine" not in claims
        return "no exp claim at all"

    checks.run("perpetual: PyJWT jwt.decode verifies it", pyjwt_verifies_perpetual)

    def tampered() -> str:
        h, p, sig = s["sub"].split(".")
        claims = json.loads(b64url_decode(p))
        claims["seats"] = 500
        s["tampered"] = ".".join([h, b64url(json.dumps(claims, separators=(",", ":")).encode()), sig])
        return expect_raises(jwt.InvalidSignatureError, lambda: pyjwt_decode(s["tampered"]))

    checks.run("tampered payload (seats 5 -> 500): PyJWT raises InvalidSignatureError", tampered)
    checks.run(
        "tampered payload: proofctl agrees (bad_signature)",
        lambda: expect_verdict(proofctl.verify(s["tampered"]), 1, "invalid", "bad_signature"),
    )

    def expired() -> str:
        s["expired"], claims = proofctl.issue("expired.jwt", "--type", "subscription", "--days", "1",
                                              now=int(time.time()) - 10 * DAY)  # fmt: skip
        assert claims["exp"] < time.time(), "the licence is not expired"
        return expect_raises(jwt.ExpiredSignatureError, lambda: pyjwt_decode(s["expired"]))

    checks.run("expired (issued 10 days ago, --days 1): PyJWT raises ExpiredSignatureError", expired)
    checks.run(
        "expired: proofctl agrees (expired)",
        lambda: expect_verdict(proofctl.verify(s["expired"]), 1, "invalid", "expired"),
    )

    def wrong_audience() -> str:
        return expect_raises(
            jwt.InvalidAudienceError,
            lambda: jwt.decode(s["sub"], s["public_pem"], algorithms=["EdDSA"], audience="other"),
        )

    checks.run("PyJWT refuses the licence for another audience", wrong_audience)

    # --- (b) PyJWT issues, proofctl verifies. ---
    def claim_set(**overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": VENDOR,
            "aud": PRODUCT,
            "sub": "cust-42",
            "jti": secrets.token_hex(16),
            "iat": now,
            "nbf": now,
            "exp": now + 30 * DAY,
            "license_version": 1,
            "license_type": "subscription",
            "customer_name": "Globex",
            "entitlements": {
                "product": PRODUCT,
                "versions": ["17.0", "18.0"],
                "modules": ["render"],
                "features": ["export-pdf"],
            },
            "seats": 5,
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def pyjwt_encode(claims: dict[str, Any], key: bytes, kid: str | None = None) -> str:
        return jwt.encode(claims, key, algorithm="EdDSA", headers={"typ": TYP, "kid": kid or s["kid"]})

    def pyjwt_subscription() -> str:
        claims = claim_set()
        token = pyjwt_encode(claims, s["private_pem"])
        header = jwt.get_unverified_header(token)
        assert header == {"alg": "EdDSA", "typ": TYP, "kid": s["kid"]}, f"PyJWT wrote header {header}"
        got = proofctl.verify(token, "--module", "render", "--feature", "export-pdf")
        detail = expect_verdict(got, 0, "valid", None)
        assert got[1]["kid"] == s["kid"], f"proofctl reports kid {got[1]['kid']}"
        assert got[1]["claims"] == claims, f"proofctl read {got[1]['claims']}, PyJWT wrote {claims}"
        return detail

    checks.run("PyJWT-made subscription licence: proofctl verify says valid", pyjwt_subscription)

    def pyjwt_perpetual() -> str:
        claims = claim_set(exp=None, seats=None, license_type="perpetual")
        return expect_verdict(proofctl.verify(pyjwt_encode(claims, s["private_pem"])), 0, "valid", None)

    checks.run("PyJWT-made perpetual licence (no exp): proofctl verify says valid", pyjwt_perpetual)

    def other_key_same_kid() -> str:
        other = Ed25519PrivateKey.generate().private_bytes(
            Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
        )
        token = pyjwt_encode(claim_set(), other, kid=s["kid"])
        assert jwt.get_unverified_header(token)["kid"] == s["kid"]
        return expect_verdict(proofctl.verify(token), 1, "invalid", "bad_signature")

    checks.run("PyJWT licence signed by another key, same kid: bad_signature", other_key_same_kid)

    def pyjwt_refuses_pem_as_hmac_key() -> str:
        return expect_raises(
            jwt.InvalidKeyError,
            lambda: jwt.encode(claim_set(), s["public_pem"], algorithm="HS256", headers={"typ": TYP}),
        )

    checks.run("PyJWT refuses the public PEM as an HS256 key", pyjwt_refuses_pem_as_hmac_key)

    def hs256_confusion() -> str:
        header = {"alg": "HS256", "typ": TYP, "kid": s["kid"]}
        signing_input = ".".join(
            b64url(json.dumps(part, separators=(",", ":")).encode()) for part in (header, claim_set())
        )
        mac = hmac.new(s["public_pem"], signing_input.encode("ascii"), hashlib.sha256).digest()
        s["hs256"] = f"{signing_input}.{b64url(mac)}"
        return expect_verdict(proofctl.verify(s["hs256"]), 1, "invalid", "bad_algorithm")

    checks.run("hand-made HS256 token keyed with the public PEM: bad_algorithm", hs256_confusion)
    checks.run(
        "hand-made HS256 token: PyJWT (algorithms=[EdDSA]) refuses it too",
        lambda: expect_raises(jwt.InvalidAlgorithmError, lambda: pyjwt_decode(s["hs256"])),
    )


if __name__ == "__main__":
    sys.exit(main())
