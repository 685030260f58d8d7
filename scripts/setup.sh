#!/usr/bin/env bash
# Makes sure the Debian packages the sandbox and the tests need are installed (apt as root, else prints the command).
set -euo pipefail

# curl, socat, openssl: used by the roles (verify, lb_nginx) and the tests; a minimal Debian has none of them.
# default-jre-headless: keytool, for lb_nginx's trust-store import. ansible-core: the reference the inventory
# comparison test and bench/playbook.ts measure against.
packages=(openssh-server openssh-client mariadb-server mariadb-client nginx iproute2 rsync libmariadb-java unzip zip
  util-linux sudo curl socat openssl default-jre-headless ansible-core)

# One dpkg-query for all of them: this runs before every `npm test`, so the common case must be instant.
missing=()
while read -r name status; do
  [[ "$status" == "installed" ]] || missing+=("$name")
done < <(for p in "${packages[@]}"; do
  s=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  echo "$p ${s:-absent}"
done)

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "carbon-play: missing system packages: ${missing[*]}" >&2
  echo "carbon-play: run as root: apt-get update && $cmd" >&2
  exit 1
fi

echo "carbon-play: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# No systemd here: policy-rc.d keeps the packages' services from starting; the sandbox starts its own servers.
$cmd
