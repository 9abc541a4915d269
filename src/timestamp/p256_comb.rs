//! ECDSA P-256 verification for a key that signs many tokens: u1·G + u2·Q from tables of
//! multiples of G and of that key (a byte-wise comb), in variable time on p256's field arithmetic.
//!
//! ring computes u2·Q with a constant-time windowed multiplication that rebuilds its table of Q on
//! every call: two thirds of an ECDSA check, and half of verifying a timestamped proof when the TSA
//! key is P-256 (benches/results/timestamp_verify_profile.md). Everything here is public (key,
//! signature, message), so variable time is fine, and a TSA signs every token of a batch with
//! one key: its table, built once, turns each check into 64 mixed additions and no inversion.
//!
//! Like the Ed25519 table of POP proofs, this path only ever confirms a signature: the caller
//! takes a `false` to ring, so every refusal (and every odd encoding) is ring's own verdict.

use p256::ecdsa::Signature;
use p256::elliptic_curve::Curve as _;
use p256::elliptic_curve::bigint::{Limb, U256};
use p256::elliptic_curve::ff::PrimeField as _;
use p256::elliptic_curve::ops::{Invert as _, Reduce};
use p256::elliptic_curve::sec1::ToEncodedPoint as _;
use p256::{AffinePoint, FieldBytes, FieldElement, NistP256, Scalar};

/// Multiples j·256^i·P (j = 1..=255, i = 0..32) of one point, affine: 8,160 points, 510 KiB.
pub struct Table(Vec<Affine>);

const WINDOWS: usize = 32;
const ROW: usize = 255;

#[derive(Clone, Copy)]
struct Affine {
    x: FieldElement,
    y: FieldElement,
}

/// Jacobian coordinates (x = X/Z², y = Y/Z³); Z = 0 is the point at infinity.
#[derive(Clone, Copy)]
struct Jacobian {
    x: FieldElement,
    y: FieldElement,
    z: FieldElement,
}

impl Jacobian {
    const INFINITY: Self =
        Self { x: FieldElement::ONE, y: FieldElement::ONE, z: FieldElement::ZERO };

    fn is_infinity(&self) -> bool {
        self.z.is_zero().into()
    }

    fn from_affine(p: &Affine) -> Self {
        Self { x: p.x, y: p.y, z: FieldElement::ONE }
    }

    /// dbl-2001-b (a = -3). P-256 has no point of order two, so Y is never 0 here.
    fn double(&self) -> Self {
        if self.is_infinity() {
            return *self;
        }
        let delta = self.z.square();
        let gamma = self.y.square();
        let beta = self.x * gamma;
        let t = (self.x - delta) * (self.x + delta);
        let alpha = t + t.double();
        let beta4 = beta.double().double();
        let x3 = alpha.square() - beta4.double();
        let z3 = (self.y + self.z).square() - gamma - delta;
        let gamma2 = gamma.square();
        let y3 = alpha * (beta4 - x3) - gamma2.double().double().double();
        Self { x: x3, y: y3, z: z3 }
    }

    /// madd-2007-bl, with the cases its formula does not cover (infinity, P + P, P - P).
    fn add_affine(&self, q: &Affine) -> Self {
        if self.is_infinity() {
            return Self::from_affine(q);
        }
        let z1z1 = self.z.square();
        let u2 = q.x * z1z1;
        let s2 = q.y * self.z * z1z1;
        let h = u2 - self.x;
        let r = (s2 - self.y).double();
        if bool::from(h.is_zero()) {
            return if bool::from(r.is_zero()) { self.double() } else { Self::INFINITY };
        }
        let hh = h.square();
        let i = hh.double().double();
        let j = h * i;
        let v = self.x * i;
        let x3 = r.square() - j - v.double();
        let y3 = r * (v - x3) - (self.y * j).double();
        let z3 = (self.z + h).square() - z1z1 - hh;
        Self { x: x3, y: y3, z: z3 }
    }
}

/// Affine forms of `points` (none at infinity) with one inversion (Montgomery's trick).
fn normalize(points: &[Jacobian]) -> Vec<Affine> {
    let mut prefix = Vec::with_capacity(points.len());
    let mut acc = FieldElement::ONE;
    for p in points {
        prefix.push(acc);
        acc *= p.z;
    }
    let mut inv = acc.invert().expect("no point at infinity in a table");
    let mut out = vec![Affine { x: FieldElement::ZERO, y: FieldElement::ZERO }; points.len()];
    for (k, p) in points.iter().enumerate().rev() {
        let zinv = inv * prefix[k];
        inv *= p.z;
        let zinv2 = zinv.square();
        out[k] = Affine { x: p.x * zinv2, y: p.y * zinv2 * zinv };
    }
    out
}

impl Table {
    /// The table of `point`, which must not be the identity (a parsed public key never is).
    pub fn new(point: &AffinePoint) -> Option<Self> {
        let encoded = point.to_encoded_point(false);
        let x = Option::from(FieldElement::from_bytes(encoded.x()?))?;
        let y = Option::from(FieldElement::from_bytes(encoded.y()?))?;
        let mut base = Affine { x, y };
        let mut all = Vec::with_capacity(WINDOWS * ROW);
        for _ in 0..WINDOWS {
            // j·base for j = 1..=255, then 256·base, the next window's base. None of these is
            // infinity: j·256^i < 2^256 stays below the group order, which is prime.
            let mut row = Vec::with_capacity(ROW + 1);
            let mut acc = Jacobian::from_affine(&base);
            row.push(acc);
            for _ in 1..=ROW {
                acc = acc.add_affine(&base);
                row.push(acc);
            }
            let next = row.pop().expect("256·base");
            all.extend(row);
            base = normalize(&[next])[0];
        }
        Some(Self(normalize(&all)))
    }

    /// The table of the generator, built once per process.
    pub fn generator() -> &'static Self {
        static G: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
        G.get_or_init(|| Table::new(&AffinePoint::GENERATOR).expect("the generator"))
    }

    /// Adds k·P to `acc`, byte by byte of k (big-endian).
    fn add_multiple(&self, acc: Jacobian, k: &FieldBytes) -> Jacobian {
        let mut acc = acc;
        for (n, &b) in k.iter().enumerate() {
            if b != 0 {
                let window = WINDOWS - 1 - n;
                acc = acc.add_affine(&self.0[window * ROW + usize::from(b) - 1]);
            }
        }
        acc
    }
}

/// Whether `sig_der` is a valid ECDSA signature over a message whose SHA-256 is `digest`, by
/// the key whose table is `q`. `false` means "not confirmed here": ask ring.
pub fn confirms(q: &Table, digest: &[u8; 32], sig_der: &[u8]) -> bool {
    let Ok(sig) = Signature::from_der(sig_der) else { return false };
    // ring reads strict DER only: an encoding that does not round-trip is left to ring.
    if sig.to_der().as_bytes() != sig_der {
        return false;
    }
    let (r, s) = sig.split_scalars();
    let e = <Scalar as Reduce<U256>>::reduce_bytes(&(*digest).into());
    let Some(w) = Option::<Scalar>::from(s.as_ref().invert_vartime()) else { return false };
    let u1 = e * w;
    let u2 = *r.as_ref() * w;
    let point = Table::generator().add_multiple(Jacobian::INFINITY, &u1.to_repr());
    let point = q.add_multiple(point, &u2.to_repr());
    if point.is_infinity() {
        return false;
    }
    // x(R) mod n == r, where x(R) < p < 2n: x(R) is r or r + n. x(R) = X/Z², so compare
    // X with r·Z², no inversion.
    let z2 = point.z.square();
    let r_bytes = r.as_ref().to_repr();
    let Some(r_fe) = Option::<FieldElement>::from(FieldElement::from_bytes(&r_bytes)) else {
        return false;
    };
    if r_fe * z2 == point.x {
        return true;
    }
    let (r_plus_n, carry) = U256::from_be_slice(&r_bytes).adc(&NistP256::ORDER, Limb::ZERO);
    if carry != Limb::ZERO {
        return false;
    }
    Option::<FieldElement>::from(FieldElement::from_uint(r_plus_n))
        .is_some_and(|f| f * z2 == point.x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::signature::hazmat::PrehashSigner as _;
    use p256::ecdsa::{SigningKey, VerifyingKey};
    use sha2::{Digest as _, Sha256};

    fn ring_verifies(key: &VerifyingKey, msg: &[u8], sig: &[u8]) -> bool {
        use ring::signature as rs;
        let point = key.to_encoded_point(false);
        rs::UnparsedPublicKey::new(&rs::ECDSA_P256_SHA256_ASN1, point.as_bytes())
            .verify(msg, sig)
            .is_ok()
    }

    /// Every verdict of the comb agrees with ring's on valid signatures (and their high-s twins)
    /// and on signatures altered in each byte, over another message or by another key.
    #[test]
    fn agrees_with_ring() {
        let mut rng = rand_core::OsRng;
        let keys: Vec<SigningKey> = (0..3).map(|_| SigningKey::random(&mut rng)).collect();
        let tables: Vec<Table> =
            keys.iter().map(|k| Table::new(k.verifying_key().as_affine()).unwrap()).collect();
        for round in 0..40u32 {
            let msg = format!("token {round}").into_bytes();
            let digest: [u8; 32] = Sha256::digest(&msg).into();
            let k = round as usize % keys.len();
            let sig: Signature = keys[k].sign_prehash(&digest).unwrap();
            let der = sig.to_der().as_bytes().to_vec();
            let vk = keys[k].verifying_key();
            assert!(ring_verifies(vk, &msg, &der));
            assert!(confirms(&tables[k], &digest, &der), "valid signature {round}");
            // s and n - s both verify in ECDSA (ring accepts both).
            let (r, s) = sig.split_scalars();
            let twin = Signature::from_scalars(r.to_repr(), (-*s.as_ref()).to_repr()).unwrap();
            let twin_der = twin.to_der().as_bytes().to_vec();
            assert!(ring_verifies(vk, &msg, &twin_der));
            assert!(confirms(&tables[k], &digest, &twin_der));
            // Another key's table, another message: refused.
            let other = (k + 1) % keys.len();
            assert!(!confirms(&tables[other], &digest, &der));
            let digest2: [u8; 32] = Sha256::digest(b"another message").into();
            assert!(!confirms(&tables[k], &digest2, &der));
            // Every byte of the DER altered: the comb never says yes where ring says no.
            for i in 0..der.len() {
                let mut bad = der.clone();
                bad[i] ^= 1 << (round % 8);
                let ours = confirms(&tables[k], &digest, &bad);
                assert!(!ours || ring_verifies(vk, &msg, &bad), "byte {i} of signature {round}");
            }
        }
    }

    /// The generator as the key: table rows and sums run into P + P (the doubling case).
    #[test]
    fn key_equal_to_generator() {
        let one = SigningKey::from_bytes(&Scalar::ONE.to_repr()).unwrap();
        let table = Table::new(one.verifying_key().as_affine()).unwrap();
        for m in [b"a".as_slice(), b"b", b"c"] {
            let digest: [u8; 32] = Sha256::digest(m).into();
            let sig: Signature = one.sign_prehash(&digest).unwrap();
            assert!(confirms(&table, &digest, sig.to_der().as_bytes()));
        }
    }

    #[test]
    fn tables_match_scalar_multiplication() {
        let g = Table::generator();
        for k in [1u64, 2, 255, 256, 257, 65_535, 1 << 40, u64::MAX] {
            let scalar = Scalar::from(k);
            let ours = g.add_multiple(Jacobian::INFINITY, &scalar.to_repr());
            let expected = (p256::ProjectivePoint::GENERATOR * scalar).to_affine();
            let mine = normalize(&[ours])[0];
            let enc = expected.to_encoded_point(false);
            assert_eq!(mine.x.to_repr(), *enc.x().unwrap(), "k = {k}");
            assert_eq!(mine.y.to_repr(), *enc.y().unwrap(), "k = {k}");
        }
    }
}
