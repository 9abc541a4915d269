//! Offline activation: the request an air-gapped installation hands its vendor (this machine's
//! fingerprint, and which product and customer it is for), from which `license issue --request`
//! makes a licence bound to that machine.
//!
//! The request is not signed: the customer has no key the vendor knows, and nothing in it is
//! taken on trust. The vendor decides what to issue; the request only saves typing the
//! fingerprint, and a licence bound to the wrong machine simply does not work elsewhere.

use serde::{Deserialize, Serialize};

/// The `format` of a request.
pub const REQUEST_FORMAT: &str = "proofctl-activation-request-1";

/// The largest request read: it is a few hundred bytes.
pub const MAX_REQUEST_BYTES: u64 = 64 * 1024;

/// An activation request (JSON, members in this order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivationRequest {
    pub format: String,
    /// `proofctl fingerprint` of the machine: `mfp1-` and 32 lowercase hex digits.
    pub fingerprint: String,
    /// The product the licence is for, when the customer said.
    pub product: Option<String>,
    /// The customer id the vendor gave them, when the customer said.
    pub customer: Option<String>,
    pub customer_name: Option<String>,
    /// When the request was made (unix seconds), for the vendor's records.
    pub created: u64,
}

impl ActivationRequest {
    pub fn new(
        fingerprint: String,
        product: Option<String>,
        customer: Option<String>,
        customer_name: Option<String>,
        now: u64,
    ) -> ActivationRequest {
        ActivationRequest {
            format: REQUEST_FORMAT.into(),
            fingerprint,
            product,
            customer,
            customer_name,
            created: now,
        }
    }

    /// Parses and checks a request: its format, a well-formed fingerprint, and text fields that
    /// are non-empty single lines of at most 256 bytes.
    pub fn parse(bytes: &[u8]) -> Result<ActivationRequest, String> {
        let r: ActivationRequest = serde_json::from_slice(bytes)
            .map_err(|e| format!("not an activation request ({e})"))?;
        if r.format != REQUEST_FORMAT {
            return Err(format!("format {:?} is not {REQUEST_FORMAT:?}", r.format));
        }
        if !is_fingerprint(&r.fingerprint) {
            return Err(format!(
                "fingerprint {:?} is not a proofctl machine fingerprint (mfp1- and 32 hex digits)",
                r.fingerprint
            ));
        }
        for (name, v) in [
            ("product", &r.product),
            ("customer", &r.customer),
            ("customer_name", &r.customer_name),
        ] {
            if let Some(v) = v
                && (v.trim().is_empty() || v.len() > 256 || v.chars().any(char::is_control))
            {
                return Err(format!("{name} must be one line of 1 to 256 bytes"));
            }
        }
        Ok(r)
    }

    pub fn to_json_pretty(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a request always serialises");
        s.push('\n');
        s
    }
}

/// Whether `s` is a machine fingerprint as [`super::fingerprint`] makes them.
pub fn is_fingerprint(s: &str) -> bool {
    s.strip_prefix("mfp1-").is_some_and(|h| {
        h.len() == 32 && h.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_round_trip_and_bad_ones_are_refused() {
        let fp = format!("mfp1-{}", "0a".repeat(16));
        let r = ActivationRequest::new(fp.clone(), Some("cad".into()), None, None, 5);
        assert_eq!(ActivationRequest::parse(r.to_json_pretty().as_bytes()).unwrap(), r);
        let bad = r.to_json_pretty().replace(&fp, "mfp1-XYZ");
        assert!(ActivationRequest::parse(bad.as_bytes()).unwrap_err().contains("fingerprint"));
        let extra = r.to_json_pretty().replace("\"created\"", "\"x\": 1, \"created\"");
        assert!(ActivationRequest::parse(extra.as_bytes()).is_err());
        let ctl = r.to_json_pretty().replace("\"cad\"", "\"c\\nad\"");
        assert!(ActivationRequest::parse(ctl.as_bytes()).unwrap_err().contains("one line"));
    }
}
