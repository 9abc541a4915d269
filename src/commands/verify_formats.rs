//! What `verify` passes to the verifiers of the other signature formats (src/formats/): one
//! block per format, from its command-line options and the home.

use crate::cli::VerifyArgs;
use crate::error::Error;
use crate::formats::{Context, dsse, minisign, sigstore, sshsig};
use crate::home::Home;
use crate::proof::verify::Policy;
use crate::trust::TrustSet;

pub(super) fn context<'a>(
    args: &VerifyArgs,
    home: &Home,
    policy: Policy<'a>,
    trust: &'a TrustSet,
) -> Result<Context<'a>, Error> {
    // SSH signatures.
    let allowed_signers = match &args.allowed_signers {
        Some(p) => Some(
            sshsig::read_allowed_signers(p)
                .map_err(|message| Error::Input { path: p.clone(), message })?,
        ),
        None => None,
    };
    let sshsig = sshsig::Options { namespace: args.namespace.clone(), allowed_signers };
    // minisign.
    let minisign = minisign::Options::default();
    // DSSE envelopes and in-toto statements.
    let dsse = dsse::Options { predicate_type: args.predicate_type.clone(), dir: args.dir.clone() };
    // Sigstore bundles.
    let mut sigstore = sigstore::Options::default();
    let home_root = home.root().join("sigstore").join("trusted_root.json");
    if let Some(p) = &args.trusted_root {
        sigstore.trusted_root = Some(p.clone());
        sigstore.trusted_root_source = "command_line";
    } else if home_root.is_file() {
        // Whoever may write it decides which certificates and logs count, as for trust/.
        crate::home::check_not_shared(&home_root)?;
        sigstore.trusted_root = Some(home_root);
        sigstore.trusted_root_source = "trust_store";
    }
    if let Some(p) = &sigstore.trusted_root {
        sigstore.load_root().map_err(|message| Error::Input { path: p.clone(), message })?;
    }
    sigstore.identity = args.certificate_identity.clone();
    sigstore.issuer = args.certificate_oidc_issuer.clone();
    if let Some(re) = &args.certificate_identity_regexp {
        // Anchored: a pattern that matched anywhere in the SAN would let
        // `https://github.com/org/` accept `https://evil.example/?https://github.com/org/`.
        let re = regex::Regex::new(&format!("^(?:{re})$")).map_err(|e| {
            Error::Usage(format!(
                "--certificate-identity-regexp {re:?} is not a valid regular expression: {e}"
            ))
        })?;
        sigstore.identity_regexp = Some(re);
    }
    Ok(Context { policy, trust, sshsig, minisign, dsse, sigstore })
}
