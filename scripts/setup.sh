#!/usr/bin/env bash
# Installs everything the project needs on Debian 12, non-interactively and idempotently:
#   1. the Debian packages of the real components (browser, PKCS#11 modules, MHonArc, PDF tools,
#      compiler), with sudo when not root;
#   2. the npm dependencies, exactly as locked (npm ci), skipped when the lock is unchanged since
#      the last install (pass --force to reinstall).
# Node.js >= 20.19 and npm come with the machine; never apt-install nodejs or npm (Debian 12's are 18).
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  chromium fonts-dejavu-core fonts-liberation
  softhsm2 libsofthsm2 p11-kit p11-kit-modules libp11-kit-dev libnss3 libnss3-tools
  libssl-dev openssl mhonarc poppler-utils qpdf gcc make git util-linux procps
  pcscd opensc opensc-pkcs11 vsmartcard-vpcd libcacard-dev pkg-config
  libtpm2-pkcs11-1 libtpm2-pkcs11-tools swtpm swtpm-tools tpm2-abrmd libtss2-tcti-tabrmd0 tpm2-tools dbus-daemon libglib2.0-bin
  python3 python3-pykcs11 libengine-pkcs11-openssl
)

log() { printf '[setup] %s\n' "$*"; }
fail() {
  printf '[setup] error: %s\n' "$*" >&2
  exit 2
}

force=0
for argument in "$@"; do
  case "$argument" in
    --force) force=1 ;;
    -h | --help)
      sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
      echo "Usage: scripts/setup.sh [--force]"
      exit 0
      ;;
    *) fail "unknown option $argument (expected --force or --help)" ;;
  esac
done

# --- Debian packages -------------------------------------------------------------------------
command -v dpkg-query >/dev/null || fail "this script installs Debian packages; run it on Debian 12"
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null; then
    as_root=(sudo)
  else
    fail "missing Debian packages (${missing[*]}) and neither root nor sudo to install them"
  fi
  log "installing Debian packages: ${missing[*]}"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "Debian packages: all ${#PACKAGES[@]} present"
fi

# --- Node.js ---------------------------------------------------------------------------------
command -v node >/dev/null || fail "Node.js not found; this project needs Node.js 20.19 or newer with npm"
node -e '
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`[setup] error: Node.js ${process.versions.node} is too old; this project needs 20.19 or newer`);
    process.exit(2);
  }'

# --- npm dependencies ------------------------------------------------------------------------
stamp=node_modules/.setup-lock.sha256
wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$force" -eq 0 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  log "npm dependencies: up to date with package-lock.json"
else
  log "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
  echo "$wanted" >"$stamp"
fi
log "done"
