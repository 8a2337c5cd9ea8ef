#!/usr/bin/env bash
# Make a development CA and certificates for mutual TLS between silos and for Orleans gateway clients (SiloTls).
# Idempotent: the CA is made once; a certificate is made again only when it is missing, no longer signed by that CA,
# or expires within a day.
#
#   deploy/local/dev-ca.sh                   # ca.crt, silo-1..silo-$SILOS and client under $TLS_DIR
#   deploy/local/dev-ca.sh silo-4 my-tool    # (also) these names
#
# Files in $TLS_DIR (deploy/local/run/tls): ca.crt and ca.key (the CA; keep ca.key private), NAME.crt and NAME.key
# (mode 600) per name. Every certificate has the SANs 127.0.0.1 and localhost and allows server and client
# authentication (a silo is both), except "client" and names starting with "client-" (client authentication only).
# A silo uses them with
#   --SiloTls:Enabled=true --SiloTls:CertificatePath=$TLS_DIR/silo-1.crt --SiloTls:KeyPath=$TLS_DIR/silo-1.key
#   --SiloTls:CaCertificatePath=$TLS_DIR/ca.crt
# and deploy/local/start.sh does that with TLS=1. Kubernetes: the Secret refundcluster-silo-tls wants tls.crt, tls.key
# and ca.crt (deploy/kubernetes/README.md). For development only: the CA key lies next to the certificates.
#
# Environment: TLS_DIR (deploy/local/run/tls), SILOS (3), TLS_DAYS (825, a certificate's lifetime).
set -euo pipefail
me="dev-ca.sh"
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ "${1:-}" == -h || "${1:-}" == --help ]] && { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0; }

command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"
tls_dir="${TLS_DIR:-$run_dir/tls}"
silos="${SILOS:-3}"
days="${TLS_DAYS:-825}"
[[ "$silos" =~ ^[0-9]+$ ]] || die "SILOS must be a number, got '$silos'"
if [[ ! "$days" =~ ^[0-9]+$ ]] || (( days < 2 )); then die "TLS_DAYS must be a number of days (at least 2), got '$days'"; fi

names=("$@")
if (( ${#names[@]} == 0 )); then
    for (( i = 1; i <= silos; i++ )); do names+=("silo-$i"); done
    names+=(client)
fi
for name in "${names[@]}"; do
    [[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || die "'$name' is not a usable name (letters, digits, . _ -)"
    [[ "$name" != ca ]] || die "'ca' is the CA's own file name"
done

mkdir -p "$tls_dir"
chmod 700 "$tls_dir"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/refundcluster-dev-ca.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

ca_crt="$tls_dir/ca.crt" ca_key="$tls_dir/ca.key"
if [[ ! -s "$ca_crt" || ! -s "$ca_key" ]]; then
    rm -f "$ca_crt" "$ca_key"
    (umask 077; openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$ca_key" 2>/dev/null)
    openssl req -x509 -new -key "$ca_key" -sha256 -days 3650 -subj "/CN=RefundCluster development CA $(hostname -s 2>/dev/null || echo local)" \
        -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -addext "subjectKeyIdentifier=hash" -out "$ca_crt" 2>/dev/null || die "making the CA failed"
    echo "$me: made the CA ${ca_crt#"$root"/}"
fi

for name in "${names[@]}"; do
    crt="$tls_dir/$name.crt" key="$tls_dir/$name.key"
    if [[ -s "$crt" && -s "$key" ]] \
        && openssl verify -CAfile "$ca_crt" "$crt" >/dev/null 2>&1 \
        && openssl x509 -in "$crt" -noout -checkend 86400 >/dev/null 2>&1; then
        continue
    fi
    usage="serverAuth,clientAuth"
    [[ "$name" == client || "$name" == client-* ]] && usage="clientAuth"
    cat >"$scratch/$name.ext" <<EOF
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=$usage
subjectAltName=IP:127.0.0.1,DNS:localhost
authorityKeyIdentifier=keyid
subjectKeyIdentifier=hash
EOF
    rm -f "$crt" "$key"
    (umask 077; openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$key" 2>/dev/null)
    openssl req -new -key "$key" -subj "/CN=$name" -out "$scratch/$name.csr" 2>/dev/null || die "making the request for $name failed"
    openssl x509 -req -in "$scratch/$name.csr" -CA "$ca_crt" -CAkey "$ca_key" -CAcreateserial -CAserial "$scratch/ca.srl" \
        -days "$days" -sha256 -extfile "$scratch/$name.ext" -out "$crt" 2>/dev/null || die "signing $name failed"
    echo "$me: made ${crt#"$root"/} ($usage)"
done
crts=("$tls_dir"/*.crt)
echo "$me: certificates in ${tls_dir#"$root"/}: ${crts[*]##*/}"
