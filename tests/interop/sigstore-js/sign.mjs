// sigstore-js (@sigstore/sign) makes key-based Sigstore bundles offline, for `proofctl verify` to
// check (tests/interop_sigstore_js.rs).
//
//   node sign.mjs keygen ed25519|p256 KEY.pem PUB.pem   a key pair (Node crypto): PKCS#8, SPKI PEM
//   node sign.mjs dsse KEY.pem OUT.json FILE…           in-toto Statement v1 over the FILEs
//   node sign.mjs message KEY.pem OUT.json FILE         a message signature over FILE
//
// Who does what: @sigstore/sign's DSSEBundleBuilder / MessageSignatureBundleBuilder compute what
// is signed (DSSE PAE of the payload, or the file's bytes), and assemble the bundle (envelope,
// messageDigest, publicKey hint, media type: v0.3 for DSSE; v0.2 for message signatures, as
// @sigstore/sign 4.1.1 writes them) and @sigstore/bundle's bundleToJSON writes it. With no
// witnesses there is no Rekor or TSA call: nothing goes over the network. The Signer (a few lines
// below, Node's crypto.sign: pure Ed25519, ECDSA P-256 with SHA-256 in DER) and the in-toto
// statement (subjects named by base name, sha256 hex) are this script's. The hint is the
// base64 SHA-256 of the key's SPKI DER, as cosign makes it. Prints one JSON line; exit 0.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { bundleToJSON } from '@sigstore/bundle';
import { DSSEBundleBuilder, MessageSignatureBundleBuilder } from '@sigstore/sign';

function usage() {
  process.stderr.write(
    'usage: node sign.mjs keygen ed25519|p256 KEY.pem PUB.pem | dsse KEY.pem OUT.json FILE… | message KEY.pem OUT.json FILE\n',
  );
  process.exit(2);
}

const [command, ...args] = process.argv.slice(2);

if (command === 'keygen') {
  const [type, keyPath, pubPath] = args;
  if (!pubPath || !['ed25519', 'p256'].includes(type)) usage();
  const { privateKey, publicKey } =
    type === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(pubPath, publicKey.export({ type: 'spki', format: 'pem' }));
  process.stdout.write(`${JSON.stringify({ keygen: type })}\n`);
  process.exit(0);
}

const [keyPath, outPath, ...files] = args;
if (!['dsse', 'message'].includes(command) || files.length === 0) usage();
if (command === 'message' && files.length !== 1) usage();

const privateKey = createPrivateKey(readFileSync(keyPath));
const publicKey = createPublicKey(privateKey);
const spki = publicKey.export({ type: 'spki', format: 'der' });
const hint = createHash('sha256').update(spki).digest('base64');
const signer = {
  async sign(data) {
    // Ed25519 takes no digest (null); ECDSA P-256 is over SHA-256, its signature DER.
    const digest = publicKey.asymmetricKeyType === 'ed25519' ? null : 'sha256';
    return {
      signature: sign(digest, data, privateKey),
      key: {
        $case: 'publicKey',
        publicKey: publicKey.export({ type: 'spki', format: 'pem' }),
        hint,
      },
    };
  },
};

let bundle;
if (command === 'dsse') {
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: files.map((f) => ({
      name: basename(f),
      digest: { sha256: createHash('sha256').update(readFileSync(f)).digest('hex') },
    })),
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: { buildDefinition: { buildType: 'https://proofctl.test/sigstore-js' } },
  };
  bundle = await new DSSEBundleBuilder({ signer, witnesses: [] }).create({
    data: Buffer.from(JSON.stringify(statement)),
    type: 'application/vnd.in-toto+json',
  });
} else {
  bundle = await new MessageSignatureBundleBuilder({ signer, witnesses: [] }).create({
    data: readFileSync(files[0]),
  });
}
writeFileSync(outPath, `${JSON.stringify(bundleToJSON(bundle), null, 2)}\n`);
process.stdout.write(
  `${JSON.stringify({ signed: command, mediaType: bundle.mediaType, hint, keyType: publicKey.asymmetricKeyType })}\n`,
);
