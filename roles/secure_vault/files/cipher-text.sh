#!/bin/sh
# secure_vault role: writes cipher-text.properties as WSO2's cipher tool does: each secret encrypted with the public key of the key store's
# key pair (keytool, openssl), base64. A value already there that decrypts to the same secret is kept, so a second run
# changes nothing. Secrets come on stdin, never in arguments or the environment of other processes:
#   line 1: the key store password, line 2: the key's password, then one "alias<TAB>secret" per line.
# Environment: KEYSTORE, KEYSTORE_TYPE, KEY_ALIAS, TRANSFORMATION (RSA, or RSA/ECB/OAEPWith<digest>AndMGF1Padding), OUT.
# Prints "cipher-text.properties written" when it wrote OUT. Not a bare word such as "changed": the output of a
# no_log task counts as a secret, so carbon-play masks it wherever it shows later (result lines included).
set -eu
umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

IFS= read -r SV_STORE_PASS
IFS= read -r SV_KEY_PASS
export SV_STORE_PASS SV_KEY_PASS

# Java's names for the padding, in openssl's words; OAEP's MGF1 stays SHA-1 as in the JDK's RSACipher.
case "$TRANSFORMATION" in
  RSA|RSA/ECB/PKCS1Padding) set -- -pkeyopt rsa_padding_mode:pkcs1 ;;
  RSA/ECB/OAEPPadding|RSA/ECB/OAEPWithSHA-1AndMGF1Padding|RSA/ECB/OAEPWithSHA1AndMGF1Padding)
    set -- -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha1 -pkeyopt rsa_mgf1_md:sha1 ;;
  RSA/ECB/OAEPWithSHA-256AndMGF1Padding) set -- -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha1 ;;
  *) echo "cipher-text.sh: transformation $TRANSFORMATION is not one this script speaks" >&2; exit 2 ;;
esac

# The key pair out of the Java key store (PKCS12 in between: openssl does not read JKS).
keytool -importkeystore -noprompt -srckeystore "$KEYSTORE" -srcstoretype "$KEYSTORE_TYPE" -srcalias "$KEY_ALIAS" \
  -srcstorepass:env SV_STORE_PASS -srckeypass:env SV_KEY_PASS \
  -destkeystore "$work/k.p12" -deststoretype PKCS12 -deststorepass:env SV_STORE_PASS -destkeypass:env SV_STORE_PASS >/dev/null 2>"$work/err" \
  || { sed 's/^keytool error: //' "$work/err" >&2; exit 1; }
openssl pkcs12 -in "$work/k.p12" -passin env:SV_STORE_PASS -nocerts -nodes -out "$work/key.pem" 2>"$work/err" \
  || { cat "$work/err" >&2; exit 1; }
openssl pkey -in "$work/key.pem" -pubout -out "$work/pub.pem"

: > "$work/out"
while IFS="$(printf '\t')" read -r alias secret; do
  [ -n "$alias" ] || continue
  old=""
  [ -f "$OUT" ] && old=$(sed -n "s/^$(printf '%s' "$alias" | sed 's/[.[\*^$/]/\\&/g')=//p" "$OUT" | head -n 1)
  if [ -n "$old" ] && [ "$(printf '%s' "$old" | base64 -d 2>/dev/null | openssl pkeyutl -decrypt -inkey "$work/key.pem" "$@" 2>/dev/null | base64 -w0)" = "$(printf '%s' "$secret" | base64 -w0)" ]; then
    value=$old
  else
    value=$(printf '%s' "$secret" | openssl pkeyutl -encrypt -pubin -inkey "$work/pub.pem" "$@" | base64 -w0)
  fi
  printf '%s=%s\n' "$alias" "$value" >> "$work/out"
done

if [ -f "$OUT" ] && cmp -s "$work/out" "$OUT"; then exit 0; fi
# Written beside and renamed over: a reader never sees half a file.
cp "$work/out" "$OUT.tmp.$$"
chmod 600 "$OUT.tmp.$$"
mv "$OUT.tmp.$$" "$OUT"
echo cipher-text.properties written
