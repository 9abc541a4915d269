"""An Odoo module's licence check with the proofctl Python package: a `pre_init_hook` that
refuses to install the module unless a licence from the vendor covers this product, this Odoo
version, this module and this machine.

Copy it into your module (say as `hooks.py`), put the vendor's public key in `data/vendor.pub`,
and name the hook in `__manifest__.py`:

    "pre_init_hook": "pre_init_hook",

The customer's licence is looked up, first found wins, in:

1. the system parameter `<module>.license` (Settings > Technical > System Parameters), holding
   the token;
2. the Odoo configuration file option `<module>_license_file`, a path to the licence file;
3. the module's own `data/license.jwt`, for licences shipped inside a customer's build.

Revocation lists the vendor ships go in `data/revocations/*.jwt`. With a `data_dir` configured,
the installation's clock mark is kept in `<data_dir>/proofctl/<module>-clock.json`, so a clock set
back before the last check is refused.

Odoo 17 and later call the hook with `env`; Odoo 16 and earlier with a cursor (`cr`), from which
`odoo.api.Environment` makes one: both work. The same `check_license(env)` can run again at
start-up (in a model's `_register_hook`) to notice a licence that has since expired.
"""

from pathlib import Path
from typing import Any, Mapping, Optional, Tuple

import proofctl

try:  # Inside Odoo: its own error dialog, and its configuration.
    from odoo.exceptions import UserError
    from odoo.tools import config as CONFIG
except ImportError:  # Outside Odoo (tests, tools): the same behaviour without it.

    class UserError(Exception):
        """Odoo's UserError: an error the user sees as a dialog, not a traceback."""

    CONFIG = {}

MODULE = "acme_cad"
PRODUCT = "acme-cad"
# The Odoo series this build of the module is for; the licence must list it (or "*").
VERSION = "17.0"
DATA = Path(__file__).resolve().parent / "data"

# What the customer is told to do, per refusal.
ADVICE = {
    "expired": "renew the subscription with your vendor",
    "wrong_machine": "this licence is for another server; ask your vendor to re-issue it for "
    "this one (its fingerprint is {fingerprint})",
    "wrong_version": "this licence does not cover Odoo {version}; ask your vendor for an upgrade",
    "missing_module": "this licence does not include the {module} module",
    "wrong_product": "this is a licence for another product",
    "revoked": "this licence was revoked; contact your vendor",
    "clock_rolled_back": "this server's clock is wrong; set it to the right time",
}


def _find_license(env: Any, config: Mapping[str, Any]) -> Optional[Tuple[Any, str]]:
    """The licence (a token str, or a Path) and where it came from, or None."""
    token = env["ir.config_parameter"].sudo().get_param(f"{MODULE}.license")
    if token and token.strip():
        return token, f"system parameter {MODULE}.license"
    path = config.get(f"{MODULE}_license_file")
    if path:
        return Path(path), f"{path} (option {MODULE}_license_file)"
    shipped = DATA / "license.jwt"
    if shipped.is_file():
        return shipped, str(shipped)
    return None


def check_license(env: Any, config: Optional[Mapping[str, Any]] = None) -> dict:
    """The licence's claims when it covers this installation; raises UserError otherwise."""
    config = CONFIG if config is None else config
    found = _find_license(env, config)
    if found is None:
        raise UserError(
            f"The {MODULE} module cannot be installed: no licence found. Put the licence you "
            f"received in the system parameter {MODULE}.license, or set {MODULE}_license_file "
            "in the Odoo configuration file."
        )
    token, source = found
    revocations = sorted((DATA / "revocations").glob("*.jwt"))
    data_dir = config.get("data_dir")
    mark = Path(data_dir) / "proofctl" / f"{MODULE}-clock.json" if data_dir else None
    try:
        return proofctl.verify_license(
            token,
            DATA / "vendor.pub",
            product=PRODUCT,
            version=VERSION,
            modules=[MODULE],
            revocations=revocations,
            clock_mark=mark,
        )
    except proofctl.LicenseError as e:
        advice = ADVICE.get(e.reason, "contact your vendor").format(
            fingerprint=_fingerprint(), version=VERSION, module=MODULE
        )
        raise UserError(
            f"The {MODULE} module cannot be installed: the licence ({source}) is refused: "
            f"{e} [{e.reason}]. To fix: {advice}."
        ) from e
    except (OSError, ValueError) as e:
        # The module's own files (vendor key, revocation lists) are broken: the vendor's to fix.
        raise UserError(f"The {MODULE} module is damaged ({e}); reinstall it from your vendor.") from e


def _fingerprint() -> str:
    try:
        return proofctl.machine_fingerprint()
    except OSError as e:
        return f"unknown: {e}"


def pre_init_hook(env_or_cr: Any) -> None:
    """Odoo's pre_init_hook: refuse to install without a licence covering this installation."""
    env = env_or_cr
    if not hasattr(env, "__getitem__"):  # Odoo <= 16 passes a cursor.
        from odoo import SUPERUSER_ID, api

        env = api.Environment(env_or_cr, SUPERUSER_ID, {})
    check_license(env)
