//! The key lifecycle as `verify` sees it: which trusted keys are revoked (since when, by whom)
//! and which keys trust reaches through rotation statements. The rules are docs/key-lifecycle.md
//! §4; this module applies them to the lists and statements the caller found, and never adds
//! trust that the verifier's own trust set does not start from.

pub mod rotation;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use ed25519_dalek::VerifyingKey;

use crate::keys::kid;
use crate::proof::verify::{KeyLifecycle, Revocation, Rotated};
use crate::revocation::{RevocationList, verify_list};
pub use rotation::{RotationError, RotationStatement};

/// A key the verifier trusts directly, and whether it is one of the verifier's own keys (own
/// keys may revoke each other: they have one owner, the verifier).
#[derive(Debug, Clone, Copy)]
pub struct Root {
    pub key: VerifyingKey,
    pub own: bool,
}

/// A revocation list as found, for notes: where it came from, and its token.
#[derive(Debug, Clone)]
pub struct FoundList {
    pub label: String,
    pub token: String,
    /// Given on the command line: what is ignored in it is said, not silently dropped.
    pub explicit: bool,
}

/// How trust reaches a key that is not trusted directly.
#[derive(Debug, Clone)]
struct Reach {
    /// From the directly trusted key to the one before this key.
    chain: Vec<String>,
    /// The latest rotation time along the chain: proofs before it are not covered.
    after: u64,
}

/// The judgement of every key the caller's lists and statements speak of.
#[derive(Debug, Default)]
pub struct Lifecycle {
    revoked: HashMap<String, Revocation>,
    reach: HashMap<String, Reach>,
    /// What was ignored and why (lists by keys not trusted, revocations a key may not make).
    pub notes: Vec<String>,
}

/// One directed rotation: `from` handed over to `to` at `time`.
#[derive(Debug, Clone)]
struct Edge {
    from: String,
    to: String,
    time: u64,
}

impl Lifecycle {
    /// Applies `lists` and `statements` (already verified) to the trust that starts at `roots`.
    pub fn build(roots: &[Root], lists: &[FoundList], statements: &[RotationStatement]) -> Self {
        let direct: BTreeMap<String, bool> = roots.iter().map(|r| (kid(&r.key), r.own)).collect();
        let edges: Vec<Edge> = statements
            .iter()
            .map(|s| Edge { from: s.from.clone(), to: s.to.clone(), time: s.time })
            .collect();
        // Keys a list may be signed by: the trusted ones and those the statements name (whether
        // their lists count is decided below, by how trust reaches them).
        let mut candidates: Vec<VerifyingKey> = roots.iter().map(|r| r.key).collect();
        for s in statements {
            for (id, b64) in [(&s.from, &s.from_public_key), (&s.to, &s.to_public_key)] {
                if !direct.contains_key(id)
                    && let Some(k) = decode(b64)
                {
                    candidates.push(k);
                }
            }
        }
        let mut me = Lifecycle::default();
        let mut parsed: Vec<(&FoundList, String, RevocationList)> = Vec::new();
        for found in lists {
            match verify_list(&found.token, &candidates) {
                Ok((signer, list)) => parsed.push((found, signer, list)),
                Err(crate::license::LicenseError::UnknownKid(k)) => {
                    if found.explicit {
                        me.notes.push(format!(
                            "{}: signed by kid {k}, which is not trusted; ignored (a revocation list never adds trust)",
                            found.label
                        ));
                    }
                }
                Err(e) => {
                    if found.explicit {
                        me.notes.push(format!(
                            "{}: not a usable revocation list ({e}); ignored",
                            found.label
                        ));
                    }
                }
            }
        }
        // Round 1: lists by directly trusted keys. Round 2: lists by keys that trust reaches
        // through rotations those left standing. Then the final reach, with every revocation.
        let mut counted = vec![false; parsed.len()];
        for (i, (_, signer, list)) in parsed.iter().enumerate() {
            if direct.contains_key(signer) {
                me.apply(signer, list, &direct, &edges, parsed[i].0);
                counted[i] = true;
            }
        }
        let reach1 = reach(&direct, &edges, &me.revoked);
        for (i, (found, signer, list)) in parsed.iter().enumerate() {
            if counted[i] {
                continue;
            }
            if reach1.contains_key(signer) {
                me.apply(signer, list, &direct, &edges, found);
            } else if found.explicit {
                me.notes.push(format!(
                    "{}: signed by kid {signer}, which is not trusted; ignored (a revocation list never adds trust)",
                    found.label
                ));
            }
        }
        me.reach = reach(&direct, &edges, &me.revoked);
        me
    }

    /// Takes the key revocations of `list` (signed by `signer`) that the same-owner rule allows.
    fn apply(
        &mut self,
        signer: &str,
        list: &RevocationList,
        direct: &BTreeMap<String, bool>,
        edges: &[Edge],
        found: &FoundList,
    ) {
        for k in &list.revoked_kids {
            let own_pair = direct.get(signer) == Some(&true) && direct.get(k) == Some(&true);
            if k != signer && !own_pair && !precedes(edges, k, signer) {
                if found.explicit {
                    self.notes.push(format!(
                        "{}: kid {signer} may not revoke kid {k} (not the same key, a key it rotated from, nor both your own keys); that revocation is ignored",
                        found.label
                    ));
                }
                continue;
            }
            let new = Revocation {
                since: list.since(k),
                reason: list.reason(k).map(str::to_string),
                by: signer.to_string(),
            };
            match self.revoked.get(k) {
                // The earliest revocation wins: None (all time) is the earliest.
                Some(old) if !earlier(new.since, old.since) => {}
                _ => {
                    self.revoked.insert(k.clone(), new);
                }
            }
        }
    }
}

fn earlier(a: Option<u64>, b: Option<u64>) -> bool {
    match (a, b) {
        (None, None) => false,
        (None, Some(_)) => true,
        (Some(_), None) => false,
        (Some(a), Some(b)) => a < b,
    }
}

fn decode(b64: &str) -> Option<VerifyingKey> {
    use base64::Engine;
    let raw: [u8; 32] =
        base64::engine::general_purpose::STANDARD.decode(b64).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&raw).ok()
}

/// Whether `older` handed over, through one or more statements, to `newer`.
fn precedes(edges: &[Edge], older: &str, newer: &str) -> bool {
    let mut seen = BTreeSet::from([older.to_string()]);
    let mut todo = vec![older.to_string()];
    while let Some(k) = todo.pop() {
        for e in edges.iter().filter(|e| e.from == k) {
            if e.to == newer {
                return true;
            }
            if seen.insert(e.to.clone()) {
                todo.push(e.to.clone());
            }
        }
    }
    false
}

/// Whether a revocation voids a rotation its key made at `time`: revoked for all time, or since
/// a time at or before the rotation.
fn voids(r: Option<&Revocation>, time: u64) -> bool {
    r.is_some_and(|r| r.since.is_none_or(|since| since <= time))
}

/// Every key trust reaches only through rotations, with the chain that reaches it soonest.
fn reach(
    direct: &BTreeMap<String, bool>,
    edges: &[Edge],
    revoked: &HashMap<String, Revocation>,
) -> HashMap<String, Reach> {
    let mut best: HashMap<String, Reach> = HashMap::new();
    // Relaxation until nothing improves: each pass can only lower some `after`, and a chain
    // never needs more links than there are statements.
    for _ in 0..=edges.len() {
        let mut changed = false;
        for e in edges {
            if direct.contains_key(&e.to) || voids(revoked.get(&e.from), e.time) {
                continue;
            }
            let (chain, after) = if direct.contains_key(&e.from) {
                (vec![e.from.clone()], e.time)
            } else if let Some(r) = best.get(&e.from) {
                let mut chain = r.chain.clone();
                if chain.contains(&e.to) {
                    continue;
                }
                chain.push(e.from.clone());
                (chain, r.after.max(e.time))
            } else {
                continue;
            };
            if best.get(&e.to).is_none_or(|r| after < r.after) {
                best.insert(e.to.clone(), Reach { chain, after });
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    best
}

impl KeyLifecycle for Lifecycle {
    fn rotated(&self, kid: &str, time: Option<u64>) -> Option<Rotated> {
        let r = self.reach.get(kid)?;
        Some(Rotated {
            chain: r.chain.clone(),
            after: r.after,
            covers: time.is_some_and(|t| t >= r.after),
        })
    }

    fn revoked(&self, kid: &str) -> Option<&Revocation> {
        self.revoked.get(kid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::revocation::{KeyDetail, LIST_VERSION, REVOCATIONS_TYP};
    use ed25519_dalek::SigningKey;

    fn key(n: u8) -> SigningKey {
        SigningKey::from_bytes(&[n; 32])
    }

    fn list_by(signer: &SigningKey, kids: &[(&SigningKey, Option<u64>)]) -> FoundList {
        let mut l = RevocationList {
            iss: "t".into(),
            iat: 1,
            seq: 1,
            list_version: LIST_VERSION,
            revoked_jtis: vec![],
            revoked_kids: kids.iter().map(|(k, _)| kid(&k.verifying_key())).collect(),
            key_details: Default::default(),
        };
        for (k, since) in kids {
            if since.is_some() {
                let d = KeyDetail { since: *since, reason: None };
                l.key_details.insert(kid(&k.verifying_key()), d);
            }
        }
        l.list_version = l.version_for();
        let token = crate::license::sign_jwt(REVOCATIONS_TYP, &l, signer);
        FoundList { label: "l".into(), token, explicit: true }
    }

    fn root(k: &SigningKey, own: bool) -> Root {
        Root { key: k.verifying_key(), own }
    }

    #[test]
    fn chains_reach_and_revocation_voids_later_rotations() {
        let (a, b, c, evil) = (key(1), key(2), key(3), key(4));
        let ab = RotationStatement::sign(&a, &b, 100).unwrap();
        let bc = RotationStatement::sign(&b, &c, 200).unwrap();
        let bevil = RotationStatement::sign(&b, &evil, 300).unwrap();
        let stmts = [ab, bc, bevil];
        let lc = Lifecycle::build(&[root(&a, false)], &[], &stmts);
        let c_kid = kid(&c.verifying_key());
        let r = lc.rotated(&c_kid, Some(250)).unwrap();
        assert_eq!(r.chain, [kid(&a.verifying_key()), kid(&b.verifying_key())]);
        assert_eq!(r.after, 200);
        assert!(r.covers);
        assert!(!lc.rotated(&c_kid, Some(150)).unwrap().covers);
        assert!(lc.rotated(&kid(&evil.verifying_key()), Some(400)).unwrap().covers);

        // C (B's successor) revokes B since 250: B->C (200) stands, B->EVIL (300) is void.
        let lists = [list_by(&c, &[(&b, Some(250))])];
        let lc = Lifecycle::build(&[root(&a, false)], &lists, &stmts);
        assert!(lc.rotated(&c_kid, Some(400)).is_some());
        assert!(lc.rotated(&kid(&evil.verifying_key()), Some(400)).is_none());
        let rev = lc.revoked(&kid(&b.verifying_key())).unwrap();
        assert_eq!((rev.since, rev.by.as_str()), (Some(250), c_kid.as_str()));
        // EVIL may not revoke C (siblings), nor may anyone untrusted.
        let lists = [list_by(&evil, &[(&c, None)]), list_by(&key(9), &[(&a, None)])];
        let lc = Lifecycle::build(&[root(&a, false)], &lists, &stmts);
        assert!(lc.revoked(&c_kid).is_none());
        assert!(lc.revoked(&kid(&a.verifying_key())).is_none());
        assert_eq!(lc.notes.len(), 2, "{:?}", lc.notes);
    }

    #[test]
    fn who_may_revoke_whom() {
        let (a, b, other) = (key(1), key(2), key(5));
        let (ak, bk, ok) =
            (kid(&a.verifying_key()), kid(&b.verifying_key()), kid(&other.verifying_key()));
        // Someone else's trusted key may not revoke yours.
        let lc = Lifecycle::build(
            &[root(&a, false), root(&other, false)],
            &[list_by(&other, &[(&a, None)]), list_by(&a, &[(&a, Some(7))])],
            &[],
        );
        assert_eq!(lc.revoked(&ak).map(|r| r.since), Some(Some(7)));
        assert!(lc.revoked(&ok).is_none());
        // Two of the verifier's own keys may.
        let lc =
            Lifecycle::build(&[root(&a, true), root(&b, true)], &[list_by(&b, &[(&a, None)])], &[]);
        assert_eq!(lc.revoked(&ak).map(|r| r.by.clone()), Some(bk));
        // The earliest revocation wins.
        let lc = Lifecycle::build(
            &[root(&a, true), root(&b, true)],
            &[list_by(&b, &[(&a, Some(9))]), list_by(&a, &[(&a, Some(3))])],
            &[],
        );
        assert_eq!(lc.revoked(&ak).map(|r| r.since), Some(Some(3)));
    }
}
