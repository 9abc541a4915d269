//! The stored form of an RFC 3161 token: `SignedData.certificates` put in DER SET OF order, every
//! other byte of the token kept as the TSA wrote it.
//!
//! Why: OpenSSL-style TSAs (`openssl ts -reply`, and services built on it) list their own
//! certificate first and the chain after it, whatever the encodings. When the TSA certificate's
//! DER sorts after its issuer's, the SET OF is not DER (X.690 11.6), and strict DER peers such as
//! PyPI `rfc3161-client` refuse the whole token ("InvalidSetOrdering") that proofctl and OpenSSL
//! accept. The certificates are not signed (the CMS signature covers `signedAttrs`, which carry
//! the digest of the TSTInfo), so their order can be fixed without touching any signature.
//!
//! How: only the content octets of the `[0] certificates` field are rewritten, and a permutation
//! of its elements has the same length, so no length around it changes and every other byte
//! (version, digestAlgorithms, encapContentInfo, crls, signerInfos with their signedAttrs and
//! signature) stays byte for byte. A full decode/re-encode would instead sort every other SET OF
//! a TSA wrote out of order too (signedAttrs among them) and break its signature.

use std::ops::Range;

use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use const_oid::db::rfc5911::ID_SIGNED_DATA;
use der::asn1::{AnyRef, SetOfVec};
use der::{Decode, Encode, Header, Reader, SliceReader, Tag, TagNumber};

use super::{TokenError, malformed};

/// The token with `SignedData.certificates` in DER order (see the module doc), or the input
/// unchanged when it already is in order, has no certificates, or cannot be reordered without
/// changing anything else. Err when the token is not a ContentInfo holding SignedData (the same
/// decoding [`super::verify_token`] starts with).
pub fn canonical_token(der: &[u8]) -> Result<Vec<u8>, TokenError> {
    let ci = ContentInfo::from_der(der).map_err(|e| malformed("ContentInfo", e))?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err(TokenError::NotSignedData(ci.content_type.to_string()));
    }
    let _: SignedData = ci.content.decode_as().map_err(|e| malformed("SignedData", e))?;
    let Some(range) = certificates_content(der).map_err(|e| malformed("SignedData", e))? else {
        return Ok(der.to_vec());
    };
    let sorted = der_sorted(&der[range.clone()]).map_err(|e| malformed("certificates", e))?;
    let mut out = der.to_vec();
    // Equal lengths keep every enclosing length valid; der's decoder only takes minimal headers,
    // so this holds for any token that decoded above. Unequal would mean re-encoding changed
    // an element: keep the TSA's bytes rather than store something else.
    if sorted.len() != range.len() {
        return Ok(out);
    }
    out[range].copy_from_slice(&sorted);
    Ok(out)
}

/// Where the content octets of `SignedData.certificates` lie in the token, if it has the field.
fn certificates_content(der: &[u8]) -> der::Result<Option<Range<usize>>> {
    let mut r = SliceReader::new(der)?;
    Header::decode(&mut r)?; // ContentInfo SEQUENCE
    AnyRef::decode(&mut r)?; // contentType
    Header::decode(&mut r)?; // content [0] EXPLICIT
    Header::decode(&mut r)?; // SignedData SEQUENCE
    AnyRef::decode(&mut r)?; // version
    AnyRef::decode(&mut r)?; // digestAlgorithms
    AnyRef::decode(&mut r)?; // encapContentInfo
    if r.is_finished() {
        return Ok(None);
    }
    let h = Header::decode(&mut r)?;
    let certificates = Tag::ContextSpecific { constructed: true, number: TagNumber::N0 };
    if h.tag != certificates {
        return Ok(None);
    }
    let start = usize::try_from(r.position())?;
    let end = start + usize::try_from(h.length)?;
    if end > der.len() {
        return Err(
            der::ErrorKind::Incomplete { expected_len: h.length, actual_len: 0u8.into() }.into()
        );
    }
    Ok(Some(start..end))
}

/// The TLVs in `content` (the content octets of a SET OF), concatenated in DER order: ascending
/// encodings, as der's `SetOfVec` sorts them. Each element's own bytes are kept.
fn der_sorted(content: &[u8]) -> der::Result<Vec<u8>> {
    let mut r = SliceReader::new(content)?;
    let mut items = Vec::new();
    while !r.is_finished() {
        items.push(AnyRef::decode(&mut r)?);
    }
    let set = SetOfVec::try_from(items)?;
    let mut out = Vec::with_capacity(content.len());
    for item in set.iter() {
        item.encode_to_vec(&mut out)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One DER TLV (short or long form length).
    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut v = vec![tag];
        let n = content.len();
        if n < 0x80 {
            v.push(n as u8);
        } else if n < 0x100 {
            v.extend([0x81, n as u8]);
        } else {
            v.extend([0x82, (n >> 8) as u8, n as u8]);
        }
        v.extend_from_slice(content);
        v
    }

    /// An `other` CertificateChoices ([3] OtherCertificateFormat) carrying `n` bytes of `fill`.
    fn other_cert(n: usize, fill: u8) -> Vec<u8> {
        let oid = [0x06, 0x03, 0x2a, 0x03, 0x04];
        let body = [&oid[..], &tlv(0x04, &vec![fill; n])].concat();
        tlv(0xa3, &tlv(0x30, &body))
    }

    /// A ContentInfo/SignedData with the given digestAlgorithms content, certificates (elements
    /// in the order given; None: no field), crls content, and no signers.
    fn token(digest_algs: &[u8], certs: Option<&[Vec<u8>]>, crls: Option<&[u8]>) -> Vec<u8> {
        let oid_tst =
            [0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01, 0x04];
        let mut sd = tlv(0x02, &[3]);
        sd.extend(tlv(0x31, digest_algs));
        sd.extend(tlv(0x30, &oid_tst));
        if let Some(certs) = certs {
            sd.extend(tlv(0xa0, &certs.concat()));
        }
        if let Some(crls) = crls {
            sd.extend(tlv(0xa1, crls));
        }
        sd.extend(tlv(0x31, &[]));
        let oid_sd = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
        tlv(0x30, &[&oid_sd[..], &tlv(0xa0, &tlv(0x30, &sd))].concat())
    }

    /// An `other` RevocationInfoChoice ([1] OtherRevocationInfoFormat).
    fn other_crl() -> Vec<u8> {
        let format = tlv(0x30, &[0x06, 0x03, 0x2a, 0x03, 0x05]);
        tlv(0xa1, &[format, tlv(0x04, b"crl")].concat())
    }

    fn sha256_alg() -> Vec<u8> {
        tlv(0x30, &[0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01])
    }
    fn sha384_alg() -> Vec<u8> {
        tlv(0x30, &[0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02])
    }

    #[test]
    fn certificates_out_of_order_are_sorted_and_nothing_else_moves() {
        let (long, short) = (other_cert(300, 0x11), other_cert(20, 0x22));
        // digestAlgorithms also out of DER order: a full re-encode would sort it too.
        let algs = [sha384_alg(), sha256_alg()].concat();
        let crl = other_crl();
        let input = token(&algs, Some(&[long.clone(), short.clone()]), Some(&crl));
        let out = canonical_token(&input).unwrap();
        assert_eq!(out, token(&algs, Some(&[short, long]), Some(&crl)));
        assert_eq!(out.len(), input.len());
        // Idempotent: the canonical form is its own canonical form.
        assert_eq!(canonical_token(&out).unwrap(), out);
    }

    #[test]
    fn a_token_already_in_order_or_without_certificates_comes_back_unchanged() {
        let algs = sha256_alg();
        let sorted =
            token(&algs, Some(&[other_cert(20, 1), other_cert(20, 2), other_cert(300, 0)]), None);
        assert_eq!(canonical_token(&sorted).unwrap(), sorted);
        let none = token(&algs, None, Some(&other_crl()));
        assert_eq!(canonical_token(&none).unwrap(), none);
        let empty = token(&algs, Some(&[]), None);
        assert_eq!(canonical_token(&empty).unwrap(), empty);
    }

    #[test]
    fn same_length_certificates_sort_by_content() {
        let (a, b, c) = (other_cert(40, 1), other_cert(40, 2), other_cert(40, 3));
        let input = token(&sha256_alg(), Some(&[c.clone(), a.clone(), b.clone()]), None);
        assert_eq!(canonical_token(&input).unwrap(), token(&sha256_alg(), Some(&[a, b, c]), None));
    }

    #[test]
    fn what_is_not_a_signed_data_token_is_an_error() {
        assert!(matches!(canonical_token(b"not der"), Err(TokenError::Malformed(_))));
        assert!(matches!(canonical_token(&[]), Err(TokenError::Malformed(_))));
        // ContentInfo of type id-data.
        let oid_data = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
        let data = tlv(0x30, &[&oid_data[..], &tlv(0xa0, &tlv(0x04, b"x"))].concat());
        assert!(matches!(canonical_token(&data), Err(TokenError::NotSignedData(_))));
        // Trailing bytes after the ContentInfo.
        let mut trailing = token(&sha256_alg(), None, None);
        trailing.push(0);
        assert!(matches!(canonical_token(&trailing), Err(TokenError::Malformed(_))));
    }

    #[test]
    fn the_same_certificate_twice_is_refused_as_der_decoding_refuses_it() {
        let c = other_cert(20, 1);
        let input = token(&sha256_alg(), Some(&[c.clone(), c]), None);
        assert!(matches!(canonical_token(&input), Err(TokenError::Malformed(_))));
    }
}
