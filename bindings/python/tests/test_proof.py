"""proofctl.verify_proof against proofs the real CLI signs: the report is the one
`proofctl verify --json` gives, and refusals raise ProofError with its reason code."""

import json
import sys
import threading

import pytest

import proofctl


@pytest.fixture
def signed(vendor, tmp_path, monkeypatch):
    """report.pdf and its proof, signed by the vendor's key, in a dir the test runs in."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7 quarterly figures\n")
    vendor.cli.run("sign", "--key", "acme", tmp_path / "report.pdf")
    return tmp_path


def run_cli_in(vendor, cwd, *args) -> dict:
    """`proofctl verify --json ARGS` in `cwd`, as a customer with no keys of their own."""
    r = vendor.cli.run("verify", "--json", *args, check=False, cwd=cwd, home=cwd / "customer")
    return json.loads(r.stdout)["results"][0]


def test_a_valid_proof_returns_the_cli_report(vendor, signed):
    got = proofctl.verify_proof("report.pdf.proof", "report.pdf", [str(vendor.pub)])
    cli = run_cli_in(vendor, signed, "report.pdf.proof", "--file", "report.pdf", "--key", vendor.pub)
    assert got["status"] == "valid" and got["signer"]["kid"] == vendor.kid
    assert got == cli
    # No file given: the one the proof names, beside it.
    assert proofctl.verify_proof(signed / "report.pdf.proof", None, vendor.pub)["status"] == "valid"


def test_a_changed_file_raises_with_the_cli_reason(vendor, signed):
    (signed / "report.pdf").write_bytes(b"%PDF-1.7 quarterly figures, revised\n")
    with pytest.raises(proofctl.ProofError) as e:
        proofctl.verify_proof("report.pdf.proof", "report.pdf", vendor.pub)
    cli = run_cli_in(vendor, signed, "report.pdf.proof", "--file", "report.pdf", "--key", vendor.pub)
    assert isinstance(e.value, ValueError)
    assert (e.value.status, e.value.reason) == ("invalid", cli["reason"])
    assert cli["reason"] in ("size_mismatch", "hash_mismatch")
    assert e.value.report["status"] == "invalid" and str(e.value) == cli["message"]


def test_an_untrusted_signer_and_missing_files(vendor, signed, tmp_path_factory):
    other = tmp_path_factory.mktemp("other")
    (other / "x.pub").write_text(
        "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n"
    )
    with pytest.raises(proofctl.ProofError) as e:
        proofctl.verify_proof("report.pdf.proof", "report.pdf", other)
    assert (e.value.status, e.value.reason) == ("untrusted", "untrusted")
    assert e.value.report["signer"]["kid"] == vendor.kid
    with pytest.raises(proofctl.ProofError) as e:
        proofctl.verify_proof("missing.proof", "report.pdf", vendor.pub)
    assert (e.value.status, e.value.reason) == ("error", "proof_not_found")
    cli = run_cli_in(vendor, signed, "missing.proof", "--file", "report.pdf", "--key", vendor.pub)
    assert cli["reason"] == "proof_not_found"
    with pytest.raises(proofctl.ProofError) as e:
        proofctl.verify_proof("report.pdf.proof", "gone.pdf", vendor.pub)
    assert (e.value.status, e.value.reason) == ("error", "file_not_found")
    with pytest.raises(ValueError, match="not PEM text"):
        proofctl.verify_proof("report.pdf.proof", "report.pdf", vendor.pub.read_text())
    with pytest.raises(FileNotFoundError):
        proofctl.verify_proof("report.pdf.proof", "report.pdf", "nope.pub")


def test_the_gil_is_released_while_a_proof_is_checked(vendor, tmp_path):
    """A Python thread runs while verify_proof hashes a large file. The switch interval is
    raised so that the only way the thread gets the GIL while the main thread is in the call is
    the call releasing it (held, the thread takes no step at all: measured, 0 steps)."""
    big = tmp_path / "big.bin"
    with open(big, "wb") as f:
        for _ in range(64):
            f.write(b"\x5a" * (1 << 20))
    vendor.cli.run("sign", "--key", "acme", big)
    steps, stop = [0], threading.Event()

    def count():
        while not stop.is_set():
            steps[0] += 1

    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.5)
    t = threading.Thread(target=count)
    t.start()
    try:
        before = steps[0]
        report = proofctl.verify_proof(tmp_path / "big.bin.proof", big, vendor.pub)
        during = steps[0] - before
    finally:
        stop.set()
        t.join()
        sys.setswitchinterval(interval)
    assert report["subject"]["size"] == 64 << 20
    assert during > 1000, f"the other thread took {during} steps during the call"
