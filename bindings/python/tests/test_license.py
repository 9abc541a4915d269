"""proofctl.verify_license against licences the real CLI issues and revokes: every reason code
the library has is reached from Python, each verdict is the one `proofctl license verify --json`
gives for the same licence, keys and clock, and bad inputs fail with the documented exceptions.

Tokens the CLI refuses to issue (a wrong alg or typ, no kid, a perpetual licence with an expiry,
...) are signed here with a key of our own (cryptography), trusted as PEM text.
"""

import base64
import hashlib
import json
import os
import re
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

import proofctl
from conftest import DAY, NOW, Vendor

# Every reason code the library gives (src/license/mod.rs, LicenseError::code), and `unreadable`
# for a licence file that cannot be read (as `license verify`).
ALL_REASONS = {
    "malformed", "unreadable", "bad_algorithm", "wrong_type", "no_kid", "unknown_kid",
    "bad_signature", "not_yet_valid", "issued_in_future", "expired", "missing_expiry",
    "perpetual_with_expiry", "demo_too_long", "wrong_product", "wrong_version",
    "missing_module", "missing_feature", "wrong_machine", "revoked", "revoked_key",
    "clock_rolled_back",
}
OTHER_MACHINE = "mfp1-" + "0" * 32


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class OwnKey:
    """An Ed25519 key made here, signing JWTs by hand (any header, any claims)."""

    def __init__(self):
        self.key = Ed25519PrivateKey.generate()
        raw = self.key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.pem = self.key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()
        # RFC 7638 thumbprint of the OKP JWK: proofctl's kid.
        jwk = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": b64(raw)}, separators=(",", ":"))
        self.kid = b64(hashlib.sha256(jwk.encode()).digest())

    def sign(self, claims: dict, **header) -> str:
        h = {"alg": "EdDSA", "typ": "proofctl-license+jwt", "kid": self.kid}
        h.update(header)
        h = {k: v for k, v in h.items() if v is not None}
        signing_input = f"{b64(json.dumps(h).encode())}.{b64(json.dumps(claims).encode())}"
        return f"{signing_input}.{b64(self.key.sign(signing_input.encode()))}"


def claims(**over) -> dict:
    c = {
        "iss": "own", "aud": "acme-cad", "sub": "c", "jti": "0" * 32,
        "iat": NOW, "nbf": NOW, "exp": NOW + 10 * DAY,
        "license_version": 1, "license_type": "subscription", "customer_name": "C",
        "entitlements": {"product": "acme-cad", "versions": ["*"], "modules": [], "features": []},
    }
    c.update(over)
    return {k: v for k, v in c.items() if v is not None}


@pytest.fixture(scope="module")
def shop(vendor):
    """Licences the CLI made, by name."""
    v = vendor
    v.issue("sub.lic", "--type", "subscription", "--days", "365", "--grace-days", "7", "--seats", "5")
    v.issue("perp.lic", "--type", "perpetual")
    v.issue("demo.lic", "--type", "demo")
    v.issue("bound.lic", "--type", "perpetual", "--bind", OTHER_MACHINE)
    v.issue("here.lic", "--type", "perpetual", "--bind", proofctl.machine_fingerprint())
    jti = v.issue("revoked.lic", "--type", "perpetual")["claims"]["jti"]
    v.revoke("jti.rev", jti)
    return v


def reason_of(**kw):
    with pytest.raises(proofctl.LicenseError) as e:
        proofctl.verify_license(**kw)
    assert isinstance(e.value, ValueError)
    assert str(e.value), "a refusal says why"
    return e.value.reason


def test_a_valid_licence_returns_the_claims_the_cli_reports(shop):
    lic = shop.root / "sub.lic"
    got = proofctl.verify_license(
        lic, shop.pub, product="acme-cad", version="18.0", modules=["render"],
        features="export-pdf", now=NOW,
    )
    cli = shop.verify_cli(lic, "--key", shop.pub, "--product", "acme-cad", "--version", "18.0",
                          "--module", "render", "--feature", "export-pdf")
    assert cli["status"] == "valid"
    extras = {k: got.pop(k) for k in ("kid", "in_grace", "grace_until")}
    assert got == cli["claims"]
    assert extras == {"kid": shop.kid, "in_grace": False, "grace_until": NOW + 372 * DAY}
    assert got["seats"] == 5 and got["exp"] == NOW + 365 * DAY
    # The token as text (a str), the key as PEM text, a folder of keys: the same licence.
    token = lic.read_text()
    assert proofctl.verify_license(token, shop.pub.read_text(), now=NOW)["jti"] == got["jti"]
    keys_dir = shop.root / "keys-dir"
    keys_dir.mkdir(exist_ok=True)
    (keys_dir / "acme.pub").write_text(shop.pub.read_text())
    assert proofctl.verify_license(token, [str(keys_dir)], now=NOW)["jti"] == got["jti"]


def test_grace_is_honoured_and_reported(shop):
    exp = NOW + 365 * DAY
    got = proofctl.verify_license(shop.root / "sub.lic", shop.pub, now=exp)
    assert (got["in_grace"], got["grace_until"]) == (True, exp + 7 * DAY)
    assert shop.verify_cli(shop.root / "sub.lic", "--key", shop.pub, now=exp)["status"] == "grace"
    assert reason_of(token=shop.root / "sub.lic", keys=shop.pub, now=exp + 7 * DAY) == "expired"


def test_now_takes_an_aware_datetime_or_epoch_seconds(shop):
    lic = shop.root / "sub.lic"
    before = datetime.fromtimestamp(NOW, timezone.utc) - timedelta(hours=1)
    assert reason_of(token=lic, keys=shop.pub, now=before) == "not_yet_valid"
    assert reason_of(token=lic, keys=shop.pub, now=float(NOW - 3600)) == "not_yet_valid"
    later = datetime.fromtimestamp(NOW + DAY, timezone(timedelta(hours=5)))
    assert proofctl.verify_license(lic, shop.pub, now=later)["jti"]
    with pytest.raises(ValueError, match="naive datetime"):
        proofctl.verify_license(lic, shop.pub, now=datetime(2027, 1, 1))
    with pytest.raises(ValueError, match="before 1970"):
        proofctl.verify_license(lic, shop.pub, now=-1)
    with pytest.raises(TypeError):
        proofctl.verify_license(lic, shop.pub, now="tomorrow")
    # No `now`: this machine's clock.
    def verdict(**now):
        try:
            return proofctl.verify_license(lic, shop.pub, **now)["jti"]
        except proofctl.LicenseError as e:
            return e.reason
    assert verdict() == verdict(now=int(time.time()))


def cases(shop, own: OwnKey, tmp: Path):
    """(reason, python kwargs, CLI args): each a refusal, with the arguments for both."""
    lic = lambda n: shop.root / n  # noqa: E731
    sub_claims = json.loads(base64.urlsafe_b64decode(lic("sub.lic").read_text().split(".")[1] + "=="))
    h, _, s = lic("perp.lic").read_text().strip().split(".")
    forged = f"{h}.{b64(json.dumps(dict(sub_claims, seats=500)).encode())}.{s}"
    crafted = {
        "bad_algorithm": own.sign(claims(), alg="none"),
        "wrong_type": own.sign(claims(), typ="JWT"),
        "no_kid": own.sign(claims(), kid=None),
        "issued_in_future": own.sign(claims(nbf=NOW - 10, iat=NOW + 3600)),
        "missing_expiry": own.sign(claims(exp=None)),
        "perpetual_with_expiry": own.sign(claims(license_type="perpetual")),
        "demo_too_long": own.sign(claims(license_type="demo", exp=NOW + 31 * DAY)),
        "bad_signature": forged,
    }
    own_pub = tmp / "own.pub"
    own_pub.write_text(own.pem)
    out = []
    for reason, token in crafted.items():
        path = tmp / f"{reason}.lic"
        path.write_text(token + "\n")
        keys = shop.pub if reason == "bad_signature" else own.pem
        cli_key = shop.pub if reason == "bad_signature" else own_pub
        out.append((reason, dict(token=token, keys=keys), [path, "--key", cli_key], NOW))
    garbage = tmp / "garbage.lic"
    garbage.write_text("this is not a licence\n")
    acme = dict(keys=shop.pub)
    k = ["--key", shop.pub]
    out += [
        ("malformed", dict(token=garbage, **acme), [garbage, *k], NOW),
        ("unreadable", dict(token=tmp / "missing.lic", **acme), [tmp / "missing.lic", *k], NOW),
        ("unknown_kid", dict(token=lic("perp.lic"), keys=own.pem), [lic("perp.lic"), "--key", own_pub], NOW),
        ("not_yet_valid", dict(token=lic("sub.lic"), **acme), [lic("sub.lic"), *k], NOW - 3600),
        ("expired", dict(token=lic("demo.lic"), **acme), [lic("demo.lic"), *k], NOW + 30 * DAY),
        ("wrong_product", dict(token=lic("perp.lic"), product="other", **acme),
         [lic("perp.lic"), *k, "--product", "other"], NOW),
        ("wrong_version", dict(token=lic("perp.lic"), version="19.0", **acme),
         [lic("perp.lic"), *k, "--version", "19.0"], NOW),
        ("missing_module", dict(token=lic("perp.lic"), modules=["render", "cam"], **acme),
         [lic("perp.lic"), *k, "--module", "render", "--module", "cam"], NOW),
        ("missing_feature", dict(token=lic("perp.lic"), features=["export-dwg"], **acme),
         [lic("perp.lic"), *k, "--feature", "export-dwg"], NOW),
        ("wrong_machine", dict(token=lic("bound.lic"), fingerprint="mfp1-" + "1" * 32, **acme),
         [lic("bound.lic"), *k, "--fingerprint", "mfp1-" + "1" * 32], NOW),
        ("revoked", dict(token=lic("revoked.lic"), revocations=[lic("jti.rev")], **acme),
         [lic("revoked.lic"), *k, "--revocations", lic("jti.rev")], NOW),
    ]
    return out


def test_every_refusal_has_the_cli_reason_code(shop, tmp_path):
    own = OwnKey()
    seen = set()
    for reason, kw, cli_args, now in cases(shop, own, tmp_path):
        got = reason_of(now=now, **kw)
        cli = shop.verify_cli(*cli_args, now=now)
        assert (got, cli["reason"]) == (reason, reason), (reason, cli)
        seen.add(got)
    seen |= {"revoked_key", "clock_rolled_back"}  # the two tests below
    assert seen == ALL_REASONS


def test_a_revoked_vendor_key_refuses_all_its_licences(tmp_path):
    # A vendor of its own: once its key revoked itself, every list it signs revokes it too.
    vendor = Vendor(tmp_path)
    lic = tmp_path / "k.lic"
    vendor.issue(str(lic), "--type", "perpetual")
    rev = vendor.revoke(f"{tmp_path}/kid.rev", "--kid", vendor.kid)
    # The list as text (a str) works as a file does.
    assert reason_of(token=lic, keys=vendor.pub, revocations=rev.read_text(), now=NOW) == "revoked_key"
    assert reason_of(token=lic, keys=vendor.pub, revocations=[rev], now=NOW) == "revoked_key"
    cli = vendor.verify_cli(lic, "--key", vendor.pub, "--revocations", rev)
    assert cli["reason"] == "revoked_key"
    # A list not signed by a trusted key is no list at all: a ValueError, not a verdict.
    with pytest.raises(ValueError, match=r"revocations\[0\]: not a usable revocation list") as e:
        proofctl.verify_license(lic, vendor.pub, revocations=["garbage"], now=NOW)
    assert not isinstance(e.value, proofctl.LicenseError)


def test_a_clock_set_back_before_the_mark_is_refused(shop, tmp_path):
    mark = tmp_path / "state" / "clock.json"
    lic = shop.root / "perp.lic"
    later = NOW + 100 * DAY
    assert proofctl.verify_license(lic, shop.pub, now=later, clock_mark=mark)
    assert json.loads(mark.read_text())["high_water"] == later
    # Within a day of the mark: a clock a little off is not locked out.
    assert proofctl.verify_license(lic, shop.pub, now=later - DAY + 1, clock_mark=mark)
    assert reason_of(token=lic, keys=shop.pub, now=later - 2 * DAY, clock_mark=mark) == "clock_rolled_back"
    # The CLI keeps its mark in the home: the same sequence there gives the same verdict.
    home = tmp_path / "cli-home"
    assert shop.verify_cli(lic, "--key", shop.pub, now=later, home=home)["status"] == "valid"
    assert shop.verify_cli(lic, "--key", shop.pub, now=later - 2 * DAY, home=home)["reason"] == "clock_rolled_back"
    # Without a mark, nothing is remembered.
    assert proofctl.verify_license(lic, shop.pub, now=later - 2 * DAY)


def test_machine_binding_uses_this_machine_by_default(shop):
    assert proofctl.verify_license(shop.root / "here.lic", shop.pub, now=NOW)["machine"] == (
        proofctl.machine_fingerprint()
    )
    assert reason_of(token=shop.root / "bound.lic", keys=shop.pub, now=NOW) == "wrong_machine"
    assert proofctl.verify_license(
        shop.root / "bound.lic", shop.pub, fingerprint=OTHER_MACHINE, now=NOW
    )["machine"] == OTHER_MACHINE


def test_machine_fingerprint_is_the_clis(cli):
    out = cli.run("fingerprint").stdout.strip()
    assert out.startswith("mfp1-") and len(out) == 37
    assert proofctl.machine_fingerprint() == out


def test_bad_keys_and_arguments_raise_clear_errors(shop, tmp_path):
    lic = shop.root / "perp.lic"
    missing = tmp_path / "nope.pub"
    with pytest.raises(FileNotFoundError, match=re.escape(str(missing))):
        proofctl.verify_license(lic, missing, now=NOW)
    unreadable = tmp_path / "locked.pub"
    unreadable.write_text(shop.pub.read_text())
    unreadable.chmod(0)
    if os.geteuid() != 0:  # root reads any file
        with pytest.raises(PermissionError, match=re.escape(str(unreadable))):
            proofctl.verify_license(lic, unreadable, now=NOW)
    not_a_key = tmp_path / "notes.pub"
    not_a_key.write_text("hello\n")
    with pytest.raises(ValueError, match="notes.pub: not a PEM public key") as e:
        proofctl.verify_license(lic, not_a_key, now=NOW)
    assert not isinstance(e.value, proofctl.LicenseError)
    private = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n"
    with pytest.raises(ValueError, match="private key; give its public half"):
        proofctl.verify_license(lic, private, now=NOW)
    with pytest.raises(ValueError, match="keys is empty"):
        proofctl.verify_license(lic, [], now=NOW)
    with pytest.raises(TypeError, match="keys"):
        proofctl.verify_license(lic, 42, now=NOW)
    with pytest.raises(TypeError, match="token"):
        proofctl.verify_license(b"bytes", shop.pub, now=NOW)
    with pytest.raises(TypeError, match="modules"):
        proofctl.verify_license(lic, shop.pub, modules=[1], now=NOW)


def test_checks_run_in_threads(shop):
    """Calls from several threads at once give the answers one thread gets."""
    lic = (shop.root / "sub.lic").read_text()
    pem = shop.pub.read_text()
    results, errors = [], []

    def work():
        try:
            for _ in range(50):
                results.append(proofctl.verify_license(lic, pem, product="acme-cad", now=NOW)["jti"])
            reason_of(token=lic, keys=pem, product="other", now=NOW)
        except BaseException as e:  # reported below, not lost in the thread
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 200 and len(set(results)) == 1
