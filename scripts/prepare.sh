#!/usr/bin/env bash
# Everything `npm test` and `npm run demo` need: system packages, node modules, and the compiled CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# A fresh clone has no node_modules; `npm ci` installs exactly the lock file.
[[ -d node_modules/ssh2 ]] || npm ci --no-audit --no-fund
# The bin runs compiled JavaScript, bundled (start-up speed): tsc (~10 s), then scripts/bundle.mjs (~2 s).
npm run --silent build
