// sigstore-js (@sigstore/verify, @sigstore/bundle: the npm CLI's own verifier) verifies a
// key-based Sigstore bundle against one public key, offline. Run by tests/interop_sigstore_js.rs.
//
//   node verify.mjs [--hint HINT] BUNDLE PUBKEY.pem [ARTIFACT…]
//
// Prints one JSON line ({"verified":true,…} or {"verified":false,"code":…,"error":…}: code is
// @sigstore/verify's VerificationError code, BUNDLE_INVALID for @sigstore/bundle's shape rules,
// SUBJECT_MISMATCH for this script's own check); exit 0 when verified, 1 when refused, 2 on bad
// usage.
//
// What is checked, and by whom (read from @sigstore/verify 3.1.1's and @sigstore/bundle 4.0.0's
// source):
// - @sigstore/bundle `bundleFromJSON`: sigstore's protobuf model of the bundle (protobuf-specs'
//   Bundle.fromJSON, base64 fields decoded) and its shape rules: a bundle media type; DSSE content
//   with a non-empty payload and exactly one non-empty signature (or a message signature with a
//   digest and a signature); a key hint, a certificate or (v0.1/v0.2 only) a chain; tlog entries,
//   if any, with logId, kindVersion and (v0.2+) an inclusion proof with a checkpoint.
// - @sigstore/verify `toTrustMaterial(emptyRoot, {HINT: key})` and `Verifier.verify(entity)` with
//   tlogThreshold, ctlogThreshold and timestampThreshold 0 (no transparency log, certificate log
//   or timestamp authority: the bundle has none, and none is trusted): the key is found by the
//   bundle's `verificationMaterial.publicKey.hint`, which must equal HINT (default: the bundle's
//   own hint, so only --hint makes this a check); any timestamp or tlog entry the bundle carries
//   is verified and, against this empty root, refused; the signature is verified with Node's
//   crypto (OpenSSL): for DSSE over PAE(payloadType, payload) with `signatures[0].sig` (pure
//   Ed25519; ECDSA with SHA-256), for a message signature over ARTIFACT's bytes with the hash
//   messageDigest.algorithm names (so @sigstore/verify 3.1.1 refuses pure Ed25519 message
//   signatures: Node's crypto takes no digest for Ed25519 and the call fails). Not checked
//   without a tlog entry: messageDigest against ARTIFACT (the signature over ARTIFACT is); the
//   key's validity window (only checked at timestamps, and there are none); DSSE `keyid`.
// - This script, not sigstore-js: for DSSE bundles with ARTIFACTs, the payload is parsed as an
//   in-toto Statement v1 and each ARTIFACT's SHA-256 (Node crypto) must equal the digest of the
//   subject named as the file's base name. sigstore-js does not read DSSE payloads.
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ValidationError, bundleFromJSON } from '@sigstore/bundle';
import { PublicKeyDetails } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

function done(result, code) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(code);
}

const args = process.argv.slice(2);
let hint;
if (args[0] === '--hint') {
  hint = args[1];
  args.splice(0, 2);
}
if (args.length < 2 || hint === undefined && args[0].startsWith('-')) {
  process.stderr.write('usage: node verify.mjs [--hint HINT] BUNDLE PUBKEY.pem [ARTIFACT…]\n');
  process.exit(2);
}
const [bundlePath, keyPath, ...artifacts] = args;

try {
  const bundle = bundleFromJSON(JSON.parse(readFileSync(bundlePath, 'utf8')));
  const material = bundle.verificationMaterial.content;
  if (material?.$case !== 'publicKey') {
    done({ verified: false, code: 'NOT_KEY_BASED', error: 'the bundle names no public key' }, 1);
  }
  const key = createPublicKey(readFileSync(keyPath));
  const details = {
    ed25519: PublicKeyDetails.PKIX_ED25519,
    ec: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
  }[key.asymmetricKeyType];
  const trusted = {
    [hint ?? material.publicKey.hint]: {
      rawBytes: key.export({ type: 'spki', format: 'der' }),
      keyDetails: details,
    },
  };
  const emptyRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [],
    certificateAuthorities: [],
    ctlogs: [],
    timestampAuthorities: [],
  };
  const verifier = new Verifier(toTrustMaterial(emptyRoot, trusted), {
    tlogThreshold: 0,
    ctlogThreshold: 0,
    timestampThreshold: 0,
  });
  const isDsse = bundle.content.$case === 'dsseEnvelope';
  const artifact = !isDsse && artifacts.length > 0 ? readFileSync(artifacts[0]) : undefined;
  verifier.verify(toSignedEntity(bundle, artifact));

  const result = {
    verified: true,
    by: '@sigstore/verify',
    mediaType: bundle.mediaType,
    content: bundle.content.$case,
    hint: material.publicKey.hint,
    keyType: key.asymmetricKeyType,
  };
  if (isDsse && artifacts.length > 0) {
    const env = bundle.content.dsseEnvelope;
    const statement = JSON.parse(env.payload.toString('utf8'));
    if (statement._type !== 'https://in-toto.io/Statement/v1') {
      done({ verified: false, code: 'NOT_IN_TOTO', error: `payload _type ${statement._type}` }, 1);
    }
    result.subjectsCheckedByScript = [];
    for (const file of artifacts) {
      const name = basename(file);
      const subject = (statement.subject ?? []).find((s) => s.name === name);
      const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
      if (!subject || subject.digest?.sha256 !== sha256) {
        done({
          verified: false,
          code: 'SUBJECT_MISMATCH',
          error: subject ? `${name}: sha256 ${sha256} is not the subject's` : `no subject ${name}`,
        }, 1);
      }
      result.subjectsCheckedByScript.push(name);
    }
  }
  done(result, 0);
} catch (e) {
  if (e instanceof ValidationError) {
    // @sigstore/bundle's shape rules; `fields` names the ones broken.
    done({ verified: false, code: 'BUNDLE_INVALID', error: e.message, fields: e.fields }, 1);
  }
  done({ verified: false, code: e.code ?? e.name, error: String(e.message ?? e) }, 1);
}
