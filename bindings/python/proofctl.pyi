"""proofctl's offline licence and proof checks, for Python applications.

The checks are the proofctl library's own (the Rust code `proofctl license verify` and
`proofctl verify` run); every call releases the GIL while it checks.

Arguments that name keys, tokens and files:

- ``keys``: the vendor's (or signer's) public keys. PEM text (a str holding ``-----BEGIN``), a
  path (str or os.PathLike) to a public key file (SPKI PEM, an OpenSSH ``ssh-ed25519`` line or a
  minisign public key) or to a folder whose ``*.pub`` files are all trusted, or a list of those.
  Only these keys are trusted: never a proofctl home's own keys or trust store.
- ``token`` and each of ``revocations``: a str is the token itself (or a file's text: its first
  non-empty line is taken); a ``pathlib.Path`` (any os.PathLike) is a file holding it.
"""

import os
from datetime import datetime
from typing import Any, Dict, List, Optional, Sequence, TypedDict, Union

__version__: str

_Path = Union[str, "os.PathLike[str]"]
_Keys = Union[_Path, Sequence[_Path]]
_Token = Union[str, "os.PathLike[str]"]
_Strings = Union[str, Sequence[str]]

class Entitlements(TypedDict):
    product: str
    versions: List[str]
    modules: List[str]
    features: List[str]

class License(TypedDict, total=False):
    """A licence that passed every check: its claims, plus what the verifier found (kid,
    in_grace, grace_until). Optional claims (exp, seats, machine, grace_days) are absent when the
    licence does not carry them."""

    iss: str
    aud: str
    sub: str
    jti: str
    iat: int
    nbf: int
    exp: int
    license_version: int
    license_type: str
    customer_name: str
    entitlements: Entitlements
    seats: int
    machine: str
    grace_days: int
    kid: str
    """The kid of the vendor key that signed it."""
    in_grace: bool
    """Past ``exp`` but within ``grace_days``: still honoured; tell the user to renew."""
    grace_until: Optional[int]
    """When the grace period ends (unix seconds), for licences with grace days."""

class LicenseError(ValueError):
    """A licence was refused. ``str(e)`` says why, for people."""

    reason: str
    """The reason code, as ``proofctl license verify --json`` gives it: ``malformed``,
    ``unreadable``, ``bad_algorithm``, ``wrong_type``, ``no_kid``, ``unknown_kid``,
    ``bad_signature``, ``not_yet_valid``, ``issued_in_future``, ``expired``, ``missing_expiry``,
    ``perpetual_with_expiry``, ``demo_too_long``, ``wrong_product``, ``wrong_version``,
    ``missing_module``, ``missing_feature``, ``wrong_machine``, ``revoked``, ``revoked_key`` or
    ``clock_rolled_back``."""

class ProofError(ValueError):
    """A proof did not verify. ``str(e)`` says why, for people."""

    reason: str
    """The reason code of ``proofctl verify --json`` (e.g. ``untrusted``, ``file_modified``,
    ``bad_signature``, ``file_not_found``, ``malformed``)."""
    status: str
    """``untrusted``, ``invalid`` or ``error`` (the proof or file could not be checked)."""
    report: Dict[str, Any]
    """The whole report, as one entry of ``proofctl verify --json``'s ``results``."""

def verify_license(
    token: _Token,
    keys: _Keys,
    product: Optional[str] = None,
    version: Optional[str] = None,
    modules: Optional[_Strings] = None,
    features: Optional[_Strings] = None,
    fingerprint: Optional[str] = None,
    revocations: Optional[Union[_Token, Sequence[_Token]]] = None,
    now: Optional[Union[datetime, int, float]] = None,
    clock_mark: Optional[_Path] = None,
) -> License:
    """Checks a licence offline and returns its claims; raises LicenseError when it is refused.

    The checks and their order are ``proofctl license verify``'s: header, vendor key, signature,
    clock mark, time (``nbf``/``iat`` with 60 s leeway, ``exp``, grace), entitlements (each given
    ``product``, ``version``, ``modules`` and ``features`` must be licensed), machine binding,
    revocation.

    - ``fingerprint``: this machine's fingerprint, for licences bound to one. None: read this
      machine's (as ``machine_fingerprint()``), when it can be.
    - ``revocations``: the vendor's signed revocation lists. Each is checked against ``keys``
      (a bad or foreign list raises ValueError). Lists are not stored: keep the newest yourself.
    - ``now``: the time to check at: an aware datetime or unix seconds. None: this machine's
      clock.
    - ``clock_mark``: a file keeping this installation's clock high-water mark (the latest
      licence and revocation list ``iat`` seen and the last successful check). A clock more than
      a day before it is refused (``clock_rolled_back``). Read, then raised after the check.

    Raises LicenseError (a ValueError) with ``.reason`` when the licence is refused;
    ValueError when a key or revocation list is unusable; OSError (FileNotFoundError,
    PermissionError) when a key file, revocation list file or the clock mark cannot be read or
    written; TypeError for arguments of the wrong type.
    """

def verify_proof(
    proof_path: _Path, file_path: Optional[_Path], keys: _Keys
) -> Dict[str, Any]:
    """Verifies a signature of a file, as ``proofctl verify PROOF --file FILE --key KEY`` does, and
    returns the report (one entry of its ``--json`` ``results``); raises ProofError unless the
    status is ``valid``.

    Any format ``proofctl verify`` reads: POP proofs, SSH signatures, minisign, DSSE envelopes;
    with no TSA roots, no revocation lists and no Sigstore trusted root. ``file_path`` None: the
    file the proof names, beside it. ``keys``: public key files or folders (not PEM text: the
    report names the key file that made its signer trusted).

    Raises ProofError (a ValueError) with ``.reason``, ``.status`` and ``.report``; ValueError or
    OSError when a key cannot be used or read.
    """

def machine_fingerprint() -> str:
    """This machine's fingerprint (``mfp1-`` and 32 hex digits), as ``proofctl fingerprint``
    prints it. Raises OSError when the machine id cannot be read."""
