"""proofctl.verify_proof against proofs the real CLI signs: the report is the one
`proofctl verify --json` gives, and refusals raise ProofError with its reason code."""

import json

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
