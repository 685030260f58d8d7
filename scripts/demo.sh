#!/usr/bin/env bash
# npm run demo: builds carbon-play, brings up the EI + nginx sandbox (seed 004) and deploys the cluster into it.
set -euo pipefail
cd "$(dirname "$0")/.."

INVENTORY=inventory/ei-nginx
DIR=${CARBON_PLAY_SANDBOX_DIR:-.sandbox}
SUBNET=${CARBON_PLAY_SANDBOX_SUBNET:-10.200.0.0/24}
CLI=(node dist/src/cli/bin.cjs)
# The example inventories keep their passwords in ansible-vault files; this is the sandbox demo's password.
export ANSIBLE_VAULT_PASSWORD_FILE=${ANSIBLE_VAULT_PASSWORD_FILE:-inventory/.vault-pass}

if [ "$(id -u)" != 0 ]; then
  echo "demo: the sandbox needs root (network namespaces and mounts); run as root" >&2
  exit 1
fi

# Rebuild when any source is newer than the build.
if [ ! -f dist/src/cli/main.js ] || [ -n "$(find src sandbox -name '*.ts' -newer dist/src/cli/main.js -print -quit)" ]; then
  echo "==> building carbon-play"
  npm run --silent build
fi

echo "==> sandbox: one host per host of $INVENTORY (EI nodes, MariaDB, nginx) in $DIR"
"${CLI[@]}" sandbox up --like "$INVENTORY" --product ei --dir "$DIR" --subnet "$SUBNET"

echo "==> deploying: playbooks/site.yaml -i $INVENTORY -i $DIR/inventory"
"${CLI[@]}" playbooks/site.yaml -i "$INVENTORY" -i "$DIR/inventory" \
  -e "carbon_pack_dir=$(cd "$DIR" && pwd)/packs"

cat <<MSG

The EI cluster is up and verified. Try:
  ANSIBLE_VAULT_PASSWORD_FILE=$ANSIBLE_VAULT_PASSWORD_FILE ${CLI[*]} playbooks/site.yaml -i $INVENTORY -i $DIR/inventory -e carbon_pack_dir=$DIR/packs   # again: changed=0
  ${CLI[*]} sandbox status --dir $DIR
Tear down with:
  ${CLI[*]} sandbox down --dir $DIR     (or: npx carbon-play sandbox down)
MSG
