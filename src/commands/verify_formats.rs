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
    _home: &Home,
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
    let sigstore = sigstore::Options::default();
    Ok(Context { policy, trust, sshsig, minisign, dsse, sigstore })
}
