"""examples/odoo_license_hook.py, called as Odoo would call it, with a minimal stand-in for
Odoo's `env` (Odoo itself is not installed): licences the CLI issued install or are refused
with a message that says what is wrong and what to do."""

import importlib.util
import json

import pytest

import proofctl
from conftest import DAY, NOW, REPO


def load_hook():
    spec = importlib.util.spec_from_file_location(
        "odoo_license_hook", REPO / "examples" / "odoo_license_hook.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Params:
    """Odoo's ir.config_parameter model, as far as the hook uses it."""

    def __init__(self, values):
        self.values = values

    def sudo(self):
        return self

    def get_param(self, key, default=False):
        return self.values.get(key, default)


def env(**params):
    return {"ir.config_parameter": Params(params)}


@pytest.fixture
def hook(vendor, tmp_path, monkeypatch):
    """The hook with its module's data/ in tmp_path, holding the vendor's key."""
    h = load_hook()
    data = tmp_path / "module" / "data"
    data.mkdir(parents=True)
    (data / "vendor.pub").write_text(vendor.pub.read_text())
    monkeypatch.setattr(h, "DATA", data)
    monkeypatch.setattr(h, "CONFIG", {})
    return h


def issue(vendor, tmp_path, name, *extra):
    lic = tmp_path / name
    vendor.issue(str(lic), *extra, product="acme-cad", versions="16.0,17.0")
    return lic


@pytest.fixture
def at_licence_time(hook, monkeypatch):
    """Checks run at NOW + 1 day (the CLI issued its licences at NOW): the hook, like an
    application, passes no `now`, so the clock is the one thing put in front of it."""
    real = proofctl.verify_license
    monkeypatch.setattr(proofctl, "verify_license", lambda *a, **kw: real(*a, now=NOW + DAY, **kw))


def test_a_licence_in_a_system_parameter_installs(hook, vendor, tmp_path, at_licence_time):
    lic = tmp_path / "ok.lic"
    vendor.cli.run(
        "license", "issue", "--key", "acme", "--customer", "c", "--customer-name", "C",
        "--product", "acme-cad", "--versions", "17.0", "--modules", "acme_cad",
        "--type", "subscription", "--days", "365", "-o", lic,
    )
    assert hook.pre_init_hook(env(**{"acme_cad.license": lic.read_text()})) is None
    claims = hook.check_license(env(**{"acme_cad.license": lic.read_text()}))
    assert claims["entitlements"]["modules"] == ["acme_cad"] and claims["sub"] == "c"
    # Not for this Odoo: the version is named, and what to do.
    hook.VERSION = "18.0"
    with pytest.raises(hook.UserError, match=r"licence \(system parameter acme_cad.license\) is refused: version \"18.0\" is not licensed \[wrong_version\]. To fix: this licence does not cover Odoo 18.0"):
        hook.pre_init_hook(env(**{"acme_cad.license": lic.read_text()}))


def test_refusals_name_the_problem_and_the_fix(hook, vendor, tmp_path, at_licence_time):
    no_module = issue(vendor, tmp_path, "render-only.lic", "--type", "perpetual")
    with pytest.raises(hook.UserError, match=r"module \"acme_cad\" is not licensed \[missing_module\]. To fix: this licence does not include the acme_cad module"):
        hook.pre_init_hook(env(**{"acme_cad.license": no_module.read_text()}))
    # From the configuration file's option, and bound to another server.
    other = tmp_path / "other.lic"
    vendor.cli.run(
        "license", "issue", "--key", "acme", "--customer", "c", "--customer-name", "C",
        "--product", "acme-cad", "--versions", "*", "--modules", "acme_cad",
        "--type", "perpetual", "--bind", "mfp1-" + "0" * 32, "-o", other,
    )
    hook.CONFIG = {"acme_cad_license_file": str(other)}
    fp = proofctl.machine_fingerprint()
    with pytest.raises(hook.UserError, match=rf"\[wrong_machine\]. To fix: this licence is for another server; .*its fingerprint is {fp}"):
        hook.pre_init_hook(env())
    hook.CONFIG = {}
    with pytest.raises(hook.UserError, match="no licence found"):
        hook.pre_init_hook(env())


def test_a_shipped_licence_and_revocation_list_and_clock_mark(hook, vendor, tmp_path, at_licence_time):
    lic = tmp_path / "shipped.lic"
    r = vendor.cli.run(
        "license", "issue", "--json", "--key", "acme", "--customer", "c", "--customer-name", "C",
        "--product", "acme-cad", "--versions", "17.0", "--modules", "acme_cad",
        "--type", "perpetual", "-o", lic,
    )
    (hook.DATA / "license.jwt").write_text(lic.read_text())
    hook.CONFIG = {"data_dir": str(tmp_path / "odoo-data")}
    hook.pre_init_hook(env())
    mark = tmp_path / "odoo-data" / "proofctl" / "acme_cad-clock.json"
    assert json.loads(mark.read_text())["high_water"] == NOW + DAY
    jti = json.loads(r.stdout)["claims"]["jti"]
    (hook.DATA / "revocations").mkdir()
    vendor.revoke(str(hook.DATA / "revocations" / "acme.jwt"), jti)
    with pytest.raises(hook.UserError, match=r"\[revoked\]. To fix: this licence was revoked"):
        hook.pre_init_hook(env())
    # A damaged module (its vendor key gone) is the vendor's to fix, said so.
    (hook.DATA / "vendor.pub").unlink()
    with pytest.raises(hook.UserError, match="module is damaged .*vendor.pub"):
        hook.pre_init_hook(env())
