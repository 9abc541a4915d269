#!/usr/bin/env bash
# Makes the TSA fixtures of the POP-1.1 vectors (docs/pop-1.1.md section 11) with OpenSSL: run ONCE,
# output checked in. Re-running makes new keys, certificates and tokens (then regenerate the vectors:
# PROOFCTL_REGENERATE=1 cargo test --test vectors_pop11).
#
# Input:  requests.txt, written by tests/vectors_pop11.rs: one line per token,
#         "NAME TSA ESS ALG IMPRINT_HEX" (TSA: rsa, p256, p384, expired, other, noeku, nocert,
#         fixed (genTime 2026-06-01T00:00:00Z, signed with CMS);
#         ESS: sha1 = ESSCertID, sha256 = ESSCertIDv2; ALG: the message imprint's hash).
# Output: root.pem (the trusted root), other-root.pem (a root the vectors do not trust),
#         certs/*.pem (TSA certificates), tokens/NAME.der (DER TimeStampToken) and
#         tokens.txt ("NAME GENTIME IMPRINT_HEX", genTime as YYYY-MM-DDThh:mm:ssZ, read by OpenSSL).
#
# Certificates are only required to be valid at genTime, so the TSA certificates deliberately
# expire 30 days after this script runs: the vectors stay valid for ever. "expired" ended the
# day before, so it was not valid at its tokens' genTime.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf work certs tokens tokens.txt root.pem other-root.pem
mkdir -p work certs tokens
now=$(date -u +%s)
# A date for openssl ca: days from now, or a fixed YYYYMMDDhhmmssZ as is.
at() { case $1 in *Z) echo "$1" ;; *) date -u -d "@$(( now + $1 * 86400 ))" +%Y%m%d%H%M%SZ ;; esac; }
# The genTime of the "fixed" tokens, which tests/vectors_pop11.rs signs proofs around.
fixed_gen_time=20260601000000Z

cat > work/ca.cnf <<'EOF'
[ ca ]
default_ca = vec
[ vec ]
database = work/index.txt
new_certs_dir = work
serial = work/serial
default_md = sha256
policy = any
email_in_dn = no
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
[ root_ext ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ tsa_ext ]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ noeku_ext ]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF

ca() { # ca ISSUER(root|other) CSR OUT EXT START_DAYS END_DAYS [-selfsign]
    local issuer=$1 csr=$2 out=$3 ext=$4 start=$5 end=$6
    shift 6
    : > work/index.txt
    [ -f work/serial ] || echo 1000 > work/serial
    if [ "${1:-}" = -selfsign ]; then
        openssl ca -batch -config work/ca.cnf -selfsign -keyfile "work/$issuer.key" -in "$csr" \
            -out "$out" -extensions "$ext" -startdate "$(at "$start")" -enddate "$(at "$end")" \
            -notext 2>/dev/null
    else
        openssl ca -batch -config work/ca.cnf -cert "$issuer.pem" -keyfile "work/$issuer.key" \
            -in "$csr" -out "$out" -extensions "$ext" -startdate "$(at "$start")" \
            -enddate "$(at "$end")" -notext 2>/dev/null
    fi
}

key() { # key NAME rsa|p256|p384
    case $2 in
        rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "work/$1.key" ;;
        p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "work/$1.key" ;;
        p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "work/$1.key" ;;
    esac
}

# Two roots, valid 2025 to 2045 (so at the fixed genTime as well).
for r in root:"POP-1.1 Vector TSA Root" other-root:"POP-1.1 Vector Other Root"; do
    name=${r%%:*}
    key "$name" rsa
    openssl req -new -key "work/$name.key" -subj "/CN=${r#*:}" -out "work/$name.csr" 2>/dev/null
    ca "$name" "work/$name.csr" "$name.pem" root_ext 20250101000000Z 20451231235959Z -selfsign
done

# TSA certificates: name, key type, issuer, extensions, validity (days from now).
while read -r name alg issuer ext start end; do
    key "tsa-$name" "$alg"
    openssl req -new -key "work/tsa-$name.key" -subj "/CN=POP-1.1 Vector TSA $name" \
        -out "work/tsa-$name.csr" 2>/dev/null
    ca "$issuer" "work/tsa-$name.csr" "certs/$name.pem" "$ext" "$start" "$end"
done <<'EOF'
rsa rsa root tsa_ext -1 30
p256 p256 root tsa_ext -1 30
p384 p384 root tsa_ext -1 30
expired p256 root tsa_ext -60 -1
other p256 other-root tsa_ext -1 30
noeku p256 root noeku_ext -1 30
fixed p256 root tsa_ext 20260101000000Z 20261231235959Z
EOF

tsa_cnf() { # tsa_cnf ESS HASH
    cat > work/tsa.cnf <<EOF
[ tsa ]
default_tsa = t
[ t ]
serial = ./work/tsaserial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384
accuracy = secs:1
ess_cert_id_alg = $1
ordering = no
tsa_name = no
ess_cert_id_chain = no
EOF
}
echo 01 > work/tsaserial

reply() { # reply TSA_CERT_NAME ESS ALG IMPRINT OUT [nocert]
    local cert=$1 ess=$2 alg=$3 imprint=$4 out=$5 issuer=root
    [ "$cert" = other ] && issuer=other-root
    tsa_cnf "$ess"
    if [ "${6:-}" = nocert ]; then
        openssl ts -query -digest "$imprint" "-$alg" -out work/q.tsq 2>/dev/null
    else
        openssl ts -query -digest "$imprint" "-$alg" -cert -out work/q.tsq 2>/dev/null
    fi
    openssl ts -reply -config work/tsa.cnf -queryfile work/q.tsq -signer "certs/$cert.pem" \
        -inkey "work/tsa-$cert.key" -chain "$issuer.pem" -token_out -out "$out" 2>/dev/null
}

tst_of() { # tst_of TSA ESS ALG IMPRINT: work/tst.der, the TSTInfo of a token by OpenSSL's TSA
    reply "$@" work/good.der
    openssl cms -verify -noverify -inform DER -in work/good.der -binary -out work/tst.der 2>/dev/null
}

cms_sign() { # cms_sign TSA_CERT_NAME OUT: a token over work/tst.der signed with CMS
    openssl cms -sign -binary -nodetach -cades -nosmimecap \
        -econtent_type 1.2.840.113549.1.9.16.1.4 -md sha256 -signer "certs/$1.pem" \
        -inkey "work/tsa-$1.key" -certfile root.pem -in work/tst.der -outform DER -out "$2"
}

: > tokens.txt
while read -r name tsa ess alg imprint; do
    case $tsa in
        noeku)
            # OpenSSL's TSA refuses a certificate without the timeStamping EKU: sign the TSTInfo
            # of a good token with CMS (-cades adds ESSCertIDv2), as tests/timestamp.rs does.
            tst_of p256 "$ess" "$alg" "$imprint"
            cms_sign noeku "tokens/$name.der"
            ;;
        fixed)
            # OpenSSL's TSA stamps the current time: put the fixed genTime into a good token's
            # TSTInfo (same length, so still DER) and sign that with CMS.
            tst_of p256 "$ess" "$alg" "$imprint"
            perl -0777 -pi -e "s/\x18\x0f\d{14}Z/\x18\x0f$fixed_gen_time/" work/tst.der
            cms_sign fixed "tokens/$name.der"
            ;;
        nocert) reply rsa "$ess" "$alg" "$imprint" "tokens/$name.der" nocert ;;
        *) reply "$tsa" "$ess" "$alg" "$imprint" "tokens/$name.der" ;;
    esac
    stamp=$(openssl ts -reply -in "tokens/$name.der" -token_in -text | sed -n 's/^Time stamp: //p')
    echo "$name $(date -u -d "$stamp" +%Y-%m-%dT%H:%M:%SZ) $imprint" >> tokens.txt
    # Tokens made in the same second would tie for the earliest; keep them apart.
    sleep 1
done < requests.txt

rm -rf work
echo "made $(wc -l < tokens.txt) tokens"
