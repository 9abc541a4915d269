"""Fixtures for the Python package's tests: the real proofctl binary, a vendor home with a key,
and helpers that run the CLI for what it makes (licences, revocation lists, proofs) and for the
verdicts the Python module must match.

The binary is $PROOFCTL_BIN, else the repository's target/debug/proofctl: a debug build, which
honours PROOFCTL_NOW (the tests' exact clock). A missing binary fails the tests, never skips them.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
NOW = 1_800_000_000
DAY = 86_400
PASSPHRASE = "correct horse battery staple"


def proofctl_bin() -> Path:
    p = Path(os.environ.get("PROOFCTL_BIN") or REPO / "target" / "debug" / "proofctl")
    if not p.is_file():
        pytest.fail(
            f"{p}: no proofctl binary; build it with `cargo build --locked` "
            "(a debug build: the tests set its clock with PROOFCTL_NOW) or set PROOFCTL_BIN",
            pytrace=False,
        )
    return p.resolve()


class Cli:
    """Runs proofctl in `cwd` with the home `home`, at the time `now`."""

    def __init__(self, cwd: Path, home: Path):
        self.bin = proofctl_bin()
        self.cwd = cwd
        self.home = home

    def run(self, *args, now=NOW, home=None, check=True, cwd=None):
        env = dict(os.environ)
        env.update(
            PROOFCTL_HOME=str(home or self.home),
            PROOFCTL_PASSPHRASE=PASSPHRASE,
            PROOFCTL_NOW=str(now),
            NO_COLOR="1",
        )
        r = subprocess.run(
            [str(self.bin), *map(str, args)],
            cwd=cwd or self.cwd,
            env=env,
            capture_output=True,
            text=True,
        )
        if check and r.returncode != 0:
            raise AssertionError(f"proofctl {' '.join(map(str, args))}: exit {r.returncode}\n{r.stderr}")
        return r


class Vendor:
    """A vendor home with the key `acme`, its public half in `acme.pub`, in a temp dir."""

    def __init__(self, root: Path):
        self.root = root
        self.cli = Cli(root, root / "vendor-home")
        self.cli.run("keygen", "-q", "--name", "acme")
        self.pub = root / "acme.pub"
        self.pub.write_text(self.cli.run("key", "export", "acme").stdout)
        self.kid = json.loads(self.cli.run("key", "list", "--json").stdout)["keys"][0]["kid"]

    def issue(self, out: str, *extra, product="acme-cad", versions="17.0,18.0", now=NOW) -> dict:
        """`license issue` into `out` (under the vendor's dir); returns its --json."""
        r = self.cli.run(
            "license", "issue", "--json", "--key", "acme",
            "--customer", "cust-42", "--customer-name", "Globex",
            "--product", product, "--versions", versions,
            "--modules", "render", "--features", "export-pdf",
            "-o", out, *extra, now=now,
        )
        return json.loads(r.stdout)

    def revoke(self, out: str, *args) -> Path:
        self.cli.run("license", "revoke", "--key", "acme", "-o", out, *args)
        return self.root / out

    def verify_cli(self, lic, *args, now=NOW, home=None) -> dict:
        """`license verify --json` as a customer with a fresh home (or `home`)."""
        home = home or self.root / f"customer-{os.urandom(4).hex()}"
        r = self.cli.run("license", "verify", "--json", str(lic), *args, now=now, home=home, check=False)
        return json.loads(r.stdout)


@pytest.fixture(scope="session")
def vendor(tmp_path_factory) -> Vendor:
    return Vendor(tmp_path_factory.mktemp("vendor"))


@pytest.fixture
def cli(tmp_path) -> Cli:
    return Cli(tmp_path, tmp_path / "home")
