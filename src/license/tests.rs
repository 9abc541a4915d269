//! Every licence rule, positive and negative, against an exact clock.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::SigningKey;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::revocation::{RevocationError, RevocationStore, verify_list};
use super::*;
use crate::home::Home;
use crate::keys::public_key_pem;

const NOW: u64 = 1_800_000_000;

fn vendor(n: u8) -> SigningKey {
    SigningKey::from_bytes(&[n; 32])
}

fn request(t: LicenseType, expires: Option<u64>) -> IssueRequest {
    IssueRequest {
        issuer: "Acme Software".into(),
        customer: "cust-42".into(),
        customer_name: "Globex".into(),
        product: "acme-cad".into(),
        versions: vec!["17.0".into(), "18.0".into()],
        modules: vec!["render".into()],
        features: vec!["export-pdf".into()],
        license_type: t,
        expires,
        seats: Some(5),
        machine: None,
        grace_days: 0,
    }
}

fn expect() -> Expectations {
    Expectations {
        product: Some("acme-cad".into()),
        version: Some("18.0".into()),
        ..Default::default()
    }
}

fn subscription(exp: u64, grace: u32) -> String {
    let mut r = request(LicenseType::Subscription, Some(exp));
    r.grace_days = grace;
    issue(&r, &vendor(1), NOW).unwrap().0
}

fn code(r: Result<Verified, LicenseError>) -> &'static str {
    match r {
        Ok(v) if v.in_grace => "grace",
        Ok(_) => "valid",
        Err(e) => e.code(),
    }
}

/// Re-encodes a token with its header or claims changed, keeping the old signature.
fn tamper(token: &str, part: usize, f: impl Fn(&mut serde_json::Value)) -> String {
    let mut parts: Vec<String> = token.split('.').map(String::from).collect();
    let mut v: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[part]).unwrap()).unwrap();
    f(&mut v);
    parts[part] = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&v).unwrap());
    parts.join(".")
}

#[test]
fn perpetual_has_no_exp_and_is_valid_for_ever() {
    let (token, claims) = issue(&request(LicenseType::Perpetual, None), &vendor(1), NOW).unwrap();
    assert_eq!(claims.exp, None);
    let (_, payload) = inspect(&token).unwrap();
    assert!(payload.get("exp").is_none(), "perpetual must carry no exp at all: {payload}");
    let keys = [vendor(1).verifying_key()];
    assert_eq!(code(verify(&token, &keys, &expect(), NOW)), "valid");
    assert_eq!(code(verify(&token, &keys, &expect(), u64::MAX - 1)), "valid");
    let v = verify(&token, &keys, &expect(), NOW).unwrap();
    assert_eq!(v.claims.entitlements.modules, ["render"]);
    assert_eq!(v.kid, crate::keys::kid(&vendor(1).verifying_key()));
}

#[test]
fn issue_rules() {
    let k = vendor(1);
    assert!(issue(&request(LicenseType::Perpetual, Some(NOW + 10)), &k, NOW).is_err());
    assert!(issue(&request(LicenseType::Subscription, None), &k, NOW).is_err());
    let (_, demo) = issue(&request(LicenseType::Demo, None), &k, NOW).unwrap();
    assert_eq!(demo.exp, Some(NOW + DEMO_MAX_DAYS * 86_400));
    let err = issue(&request(LicenseType::Demo, Some(NOW + 31 * 86_400)), &k, NOW).unwrap_err();
    assert!(err.0.contains("at most 30 days"), "{err}");
    assert!(issue(&request(LicenseType::Demo, Some(NOW + 30 * 86_400)), &k, NOW).is_ok());
    assert!(issue(&request(LicenseType::Subscription, Some(NOW)), &k, NOW).is_err());
}

#[test]
fn time_rules_are_exact() {
    let keys = [vendor(1).verifying_key()];
    let token = subscription(NOW + 1000, 0);
    assert_eq!(code(verify(&token, &keys, &expect(), NOW + 999)), "valid");
    assert_eq!(
        code(verify(&token, &keys, &expect(), NOW + 1000)),
        "expired",
        "now == exp is expired"
    );
    assert_eq!(code(verify(&token, &keys, &expect(), NOW + 5000)), "expired");
    // nbf and iat tolerate LEEWAY_SECS of clock skew, not more.
    assert_eq!(code(verify(&token, &keys, &expect(), NOW - LEEWAY_SECS)), "valid");
    assert_eq!(code(verify(&token, &keys, &expect(), NOW - LEEWAY_SECS - 1)), "not_yet_valid");
    let future_iat = tamper(&token, 1, |c| c["iat"] = (NOW + 500).into());
    // (Tampering breaks the signature, so check the rule on re-signed claims.)
    let mut claims: Claims = serde_json::from_value(inspect(&future_iat).unwrap().1).unwrap();
    claims.nbf = NOW - 100;
    let resigned = sign_jwt(LICENSE_TYP, &claims, &vendor(1));
    assert_eq!(code(verify(&resigned, &keys, &expect(), NOW)), "issued_in_future");
}

#[test]
fn grace_is_a_distinct_result() {
    let keys = [vendor(1).verifying_key()];
    let token = subscription(NOW + 1000, 3);
    assert_eq!(code(verify(&token, &keys, &expect(), NOW + 999)), "valid");
    assert_eq!(code(verify(&token, &keys, &expect(), NOW + 1000)), "grace");
    assert_eq!(code(verify(&token, &keys, &expect(), NOW + 1000 + 3 * 86_400 - 1)), "grace");
    assert_eq!(code(verify(&token, &keys, &expect(), NOW + 1000 + 3 * 86_400)), "expired");
}

#[test]
fn expiry_rules_per_type() {
    let keys = [vendor(1).verifying_key()];
    let mut c: Claims =
        serde_json::from_value(inspect(&subscription(NOW + 1000, 0)).unwrap().1).unwrap();
    c.exp = None;
    assert_eq!(
        code(verify(&sign_jwt(LICENSE_TYP, &c, &vendor(1)), &keys, &expect(), NOW)),
        "missing_expiry"
    );
    c.license_type = LicenseType::Perpetual;
    c.exp = Some(NOW + 1000);
    assert_eq!(
        code(verify(&sign_jwt(LICENSE_TYP, &c, &vendor(1)), &keys, &expect(), NOW)),
        "perpetual_with_expiry"
    );
    // "exp": null is not "no expiry".
    let mut v = serde_json::to_value(&c).unwrap();
    v["license_type"] = "perpetual".into();
    v["exp"] = serde_json::Value::Null;
    assert_eq!(
        code(verify(&sign_jwt(LICENSE_TYP, &v, &vendor(1)), &keys, &expect(), NOW)),
        "malformed"
    );
}

#[test]
fn header_rules_follow_rfc_7515() {
    let keys = [vendor(1).verifying_key()];
    let c: Claims =
        serde_json::from_value(inspect(&subscription(NOW + 1000, 0)).unwrap().1).unwrap();
    let with_header = |f: &dyn Fn(&mut Header)| {
        let mut h = Header::new(Algorithm::EdDSA);
        h.kid = Some(crate::keys::kid(&keys[0]));
        h.typ = Some(LICENSE_TYP.into());
        f(&mut h);
        provider::ensure_installed();
        let der = crate::keys::pkcs8_v1_der(&vendor(1));
        jsonwebtoken::encode(&h, &c, &EncodingKey::from_ed_der(&der)).unwrap()
    };
    let typ =
        |t: &str| code(verify(&with_header(&|h| h.typ = Some(t.into())), &keys, &expect(), NOW));
    assert_eq!(typ("application/proofctl-license+JWT"), "valid");
    assert_eq!(typ("JWT"), "wrong_type");
    let crit = with_header(&|h| h.crit = Some(vec!["x-must-understand".into()]));
    assert_eq!(code(verify(&crit, &keys, &expect(), NOW)), "malformed");
    let err = verify(&with_header(&|h| h.typ = None), &keys, &expect(), NOW).unwrap_err();
    assert_eq!(
        err.to_string(),
        "header typ is missing, not \"proofctl-license+jwt\": this token is not a proofctl licence"
    );
    // aud must name the licensed product.
    let mut odd = c.clone();
    odd.aud = "other-product".into();
    assert_eq!(
        code(verify(&sign_jwt(LICENSE_TYP, &odd, &vendor(1)), &keys, &expect(), NOW)),
        "malformed"
    );
}

#[test]
fn header_and_signature_tampering() {
    let keys = [vendor(1).verifying_key()];
    let token = subscription(NOW + 1000, 0);
    assert_eq!(
        code(verify(&tamper(&token, 0, |h| h["typ"] = "JWT".into()), &keys, &expect(), NOW)),
        "wrong_type"
    );
    assert_eq!(
        code(verify(&tamper(&token, 0, |h| h["extra"] = 1.into()), &keys, &expect(), NOW)),
        "bad_signature"
    );
    let no_kid = tamper(&token, 0, |h| {
        h.as_object_mut().unwrap().remove("kid");
    });
    assert_eq!(code(verify(&no_kid, &keys, &expect(), NOW)), "no_kid");
    assert_eq!(
        code(verify(&tamper(&token, 1, |c| c["seats"] = 500.into()), &keys, &expect(), NOW)),
        "bad_signature"
    );
    assert_eq!(
        code(verify(
            &tamper(&token, 1, |c| c["exp"] = (NOW + 10_000_000).into()),
            &keys,
            &expect(),
            NOW
        )),
        "bad_signature"
    );
    let mut parts: Vec<&str> = token.split('.').collect();
    let mut sig = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
    sig[5] ^= 1;
    let sig = URL_SAFE_NO_PAD.encode(sig);
    parts[2] = &sig;
    assert_eq!(code(verify(&parts.join("."), &keys, &expect(), NOW)), "bad_signature");
    assert_eq!(code(verify("not a jwt", &keys, &expect(), NOW)), "malformed");
}

#[test]
fn alg_none_and_hs256_with_the_public_key_are_refused() {
    let keys = [vendor(1).verifying_key()];
    let token = subscription(NOW + 1000, 0);
    let payload = token.split('.').nth(1).unwrap();
    let header = |alg: &str| {
        URL_SAFE_NO_PAD.encode(
            serde_json::json!({"alg": alg, "typ": LICENSE_TYP, "kid": crate::keys::kid(&keys[0])})
                .to_string(),
        )
    };
    let none = format!("{}.{payload}.", header("none"));
    assert_eq!(code(verify(&none, &keys, &expect(), NOW)), "bad_algorithm");
    // The classic confusion attack: HMAC keyed with the (public) verification key.
    let signing_input = format!("{}.{payload}", header("HS256"));
    let mut mac = Hmac::<Sha256>::new_from_slice(public_key_pem(&keys[0]).as_bytes()).unwrap();
    mac.update(signing_input.as_bytes());
    let hs = format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()));
    assert_eq!(code(verify(&hs, &keys, &expect(), NOW)), "bad_algorithm");
}

#[test]
fn unknown_kid_and_rotation() {
    let old = vendor(1);
    let new = vendor(2);
    let token_old = subscription(NOW + 1000, 0);
    let token_new = issue(&request(LicenseType::Perpetual, None), &new, NOW).unwrap().0;
    assert_eq!(code(verify(&token_new, &[old.verifying_key()], &expect(), NOW)), "unknown_kid");
    // Both keys trusted during a rotation: the kid picks the key.
    let both = [old.verifying_key(), new.verifying_key()];
    assert_eq!(code(verify(&token_old, &both, &expect(), NOW)), "valid");
    assert_eq!(code(verify(&token_new, &both, &expect(), NOW)), "valid");
    // A licence whose kid names the new key but signed by the old one.
    let forged =
        tamper(&token_old, 0, |h| h["kid"] = crate::keys::kid(&new.verifying_key()).into());
    assert_eq!(code(verify(&forged, &both, &expect(), NOW)), "bad_signature");
}

#[test]
fn entitlements() {
    let keys = [vendor(1).verifying_key()];
    let token = subscription(NOW + 1000, 0);
    let with = |f: &dyn Fn(&mut Expectations)| {
        let mut e = expect();
        f(&mut e);
        code(verify(&token, &keys, &e, NOW))
    };
    assert_eq!(with(&|e| e.product = Some("other".into())), "wrong_product");
    assert_eq!(with(&|e| e.version = Some("19.0".into())), "wrong_version");
    assert_eq!(with(&|e| e.modules = vec!["render".into(), "cam".into()]), "missing_module");
    assert_eq!(with(&|e| e.features = vec!["export-dwg".into()]), "missing_feature");
    assert_eq!(with(&|e| e.features = vec!["export-pdf".into()]), "valid");
    assert_eq!(with(&|e| e.version = None), "valid");
}

#[test]
fn machine_binding() {
    let keys = [vendor(1).verifying_key()];
    let mut r = request(LicenseType::Perpetual, None);
    r.machine = Some(fingerprint::from_machine_id("machine-a"));
    let token = issue(&r, &vendor(1), NOW).unwrap().0;
    let mut e = expect();
    assert_eq!(
        code(verify(&token, &keys, &e, NOW)),
        "wrong_machine",
        "a bound licence needs a fingerprint"
    );
    e.fingerprint = Some(fingerprint::from_machine_id("machine-b"));
    assert_eq!(code(verify(&token, &keys, &e, NOW)), "wrong_machine");
    e.fingerprint = Some(fingerprint::from_machine_id("machine-a"));
    assert_eq!(code(verify(&token, &keys, &e, NOW)), "valid");
}

#[test]
fn revocation_by_jti_and_kid_and_no_rollback() {
    let dir = tempfile::tempdir().unwrap();
    let vendor_home = Home::at(dir.path().join("vendor"));
    let customer_home = Home::at(dir.path().join("customer"));
    let key = vendor(1);
    let keys = [key.verifying_key()];
    let (token, claims) = issue(&request(LicenseType::Perpetual, None), &key, NOW).unwrap();
    let vendor_store = RevocationStore::new(&vendor_home);
    let (list1, l1) =
        vendor_store.revoke(&key, "Acme", &["someone-else".into()], &[], NOW).unwrap();
    let (list2, l2) =
        vendor_store.revoke(&key, "Acme", std::slice::from_ref(&claims.jti), &[], NOW + 1).unwrap();
    assert_eq!((l1.seq, l2.seq), (1, 2));
    assert!(l2.revoked_jtis.contains(&"someone-else".to_string()), "lists accumulate");

    let store = RevocationStore::new(&customer_home);
    let p = std::path::Path::new("list.jwt");
    store.accept(&list1, p, &keys).unwrap();
    let mut e = expect();
    e.revocations = store.all(&keys).unwrap();
    assert_eq!(code(verify(&token, &keys, &e, NOW)), "valid");
    store.accept(&list2, p, &keys).unwrap();
    e.revocations = store.all(&keys).unwrap();
    assert_eq!(code(verify(&token, &keys, &e, NOW)), "revoked");
    // Going back to list 1 (which does not name this licence) is refused, and says so.
    let err = store.accept(&list1, p, &keys).unwrap_err();
    assert!(matches!(err, RevocationError::RolledBack { seen: 2, got: 1, .. }), "{err}");
    assert!(err.to_string().contains("refusing to roll back"));
    // Revoking the key revokes every licence it signed.
    let (list3, _) = vendor_store
        .revoke(&key, "Acme", &[], &[crate::keys::kid(&key.verifying_key())], NOW + 2)
        .unwrap();
    store.accept(&list3, p, &keys).unwrap();
    let other = issue(&request(LicenseType::Perpetual, None), &key, NOW).unwrap().0;
    e.revocations = store.all(&keys).unwrap();
    assert_eq!(code(verify(&other, &keys, &e, NOW)), "revoked_key");
    // A licence is not a revocation list, nor the other way round.
    assert_eq!(verify_list(&token, &keys).unwrap_err().code(), "wrong_type");
    assert_eq!(code(verify(&list3, &keys, &expect(), NOW)), "wrong_type");
}

#[test]
fn a_leaked_key_cannot_undo_or_freeze_revocation() {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path().join("customer"));
    let (acme, other) = (vendor(1), vendor(2));
    let keys = [acme.verifying_key(), other.verifying_key()];
    let (token, claims) = issue(&request(LicenseType::Perpetual, None), &acme, NOW).unwrap();
    let p = std::path::Path::new("list.jwt");
    let store = RevocationStore::new(&home);
    let list = |seq: u64, jtis: Vec<String>, kids: Vec<String>, key: &SigningKey| {
        let l = revocation::RevocationList {
            iss: "x".into(),
            iat: NOW,
            seq,
            list_version: revocation::LIST_VERSION,
            key_details: Default::default(),
            revoked_jtis: jtis,
            revoked_kids: kids,
        };
        sign_jwt(revocation::REVOCATIONS_TYP, &l, key)
    };
    store.accept(&list(1, vec![claims.jti.clone()], vec![], &acme), p, &keys).unwrap();
    let mut e = expect();
    e.revocations = store.all(&keys).unwrap();
    assert_eq!(code(verify(&token, &keys, &e, NOW)), "revoked");
    // A newer list from the same key that drops the revocation is refused.
    let err = store.accept(&list(u64::MAX, vec![], vec![], &acme), p, &keys).unwrap_err();
    assert!(matches!(err, RevocationError::Shrinks { .. }), "{err}");
    // Once a key is revoked (here by another trusted key of the vendor), its lists are refused.
    let akid = crate::keys::kid(&acme.verifying_key());
    store.accept(&list(1, vec![], vec![akid.clone()], &other), p, &keys).unwrap();
    let err =
        store.accept(&list(2, vec![claims.jti.clone()], vec![], &acme), p, &keys).unwrap_err();
    assert!(matches!(err, RevocationError::RevokedSigner { .. }), "{err}");
}

#[test]
fn licence_ids_are_revoked_only_by_their_signers_list() {
    let dir = tempfile::tempdir().unwrap();
    let store = RevocationStore::new(&Home::at(dir.path().join("c")));
    let (acme, other) = (vendor(1), vendor(2));
    let keys = [acme.verifying_key(), other.verifying_key()];
    let (token, claims) = issue(&request(LicenseType::Perpetual, None), &acme, NOW).unwrap();
    let l = revocation::RevocationList {
        iss: "other".into(),
        iat: NOW,
        seq: 1,
        list_version: revocation::LIST_VERSION,
        key_details: Default::default(),
        revoked_jtis: vec![claims.jti.clone()],
        revoked_kids: vec![],
    };
    store
        .accept(
            &sign_jwt(revocation::REVOCATIONS_TYP, &l, &other),
            std::path::Path::new("l"),
            &keys,
        )
        .unwrap();
    let mut e = expect();
    e.revocations = store.all(&keys).unwrap();
    assert_eq!(code(verify(&token, &keys, &e, NOW)), "valid");
}

#[test]
fn demo_cap_holds_at_verify_and_bound_licences_need_a_fingerprint() {
    let keys = [vendor(1).verifying_key()];
    let mut c: Claims =
        serde_json::from_value(inspect(&subscription(NOW + 1000, 0)).unwrap().1).unwrap();
    c.license_type = LicenseType::Demo;
    c.exp = Some(NOW + 3650 * DAY);
    assert_eq!(
        code(verify(&sign_jwt(LICENSE_TYP, &c, &vendor(1)), &keys, &expect(), NOW)),
        "demo_too_long"
    );
    c.exp = Some(NOW + 10 * DAY);
    c.grace_days = 400;
    assert_eq!(
        code(verify(&sign_jwt(LICENSE_TYP, &c, &vendor(1)), &keys, &expect(), NOW)),
        "demo_too_long"
    );
    c.grace_days = 0;
    assert_eq!(
        code(verify(&sign_jwt(LICENSE_TYP, &c, &vendor(1)), &keys, &expect(), NOW)),
        "valid"
    );
    c.machine = Some(String::new());
    assert_eq!(
        code(verify(&sign_jwt(LICENSE_TYP, &c, &vendor(1)), &keys, &expect(), NOW)),
        "wrong_machine"
    );
}

#[test]
fn a_hostile_kid_is_refused_before_it_is_printed() {
    let keys = [vendor(1).verifying_key()];
    let token = tamper(&subscription(NOW + 1000, 0), 0, |h| h["kid"] = "x\n\u{1b}[32mVALID".into());
    assert_eq!(code(verify(&token, &keys, &expect(), NOW)), "malformed");
}

/// A key anywhere (a token) signs licences exactly as jsonwebtoken does with a key in memory.
#[test]
fn signing_through_a_key_signer_gives_jsonwebtokens_token() {
    let key = vendor(7);
    let claims = serde_json::json!({"sub": "c", "n": 1});
    let ours = super::sign_jwt_with("proofctl-license+jwt", &claims, &key).unwrap();
    assert_eq!(ours, super::sign_jwt("proofctl-license+jwt", &claims, &key));
}
