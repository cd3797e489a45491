#!/usr/bin/env bash
# Installs the Debian packages FBSS Desktop needs when they are missing, and does nothing when they are there.
#   tools/system-deps.sh qt        libraries Qt 6 loads (offscreen and X11), fonts, python3-venv
#   tools/system-deps.sh postgres  a PostgreSQL server for the storage tests
#   tools/system-deps.sh review    pdftoppm, to turn rendered PDFs into PNG pages for review
# Runs apt-get as root, or through sudo when that works without a password; otherwise it prints what to install.
set -euo pipefail

qt_packages=(
  libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libegl1 libgl1 libopengl0 libxkbcommon0
  libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxrender1
  libnss3 libasound2 fonts-dejavu-core
)
postgres_packages=(postgresql)
review_packages=(poppler-utils)

missing=()
want() {
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
}

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian system; install Qt 6's runtime libraries and PostgreSQL yourself." >&2
  exit 0
fi

for group in "$@"; do
  case "$group" in
    qt)
      want "${qt_packages[@]}"
      # Debian's own python3 needs python3-venv for `python3 -m venv`; other Pythons bring ensurepip.
      if ! "${PYTHON:-python3}" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        want python3-venv
      fi
      ;;
    postgres)
      if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then want "${postgres_packages[@]}"; fi
      ;;
    review)
      command -v pdftoppm >/dev/null 2>&1 || want "${review_packages[@]}"
      ;;
    *) echo "system-deps: unknown group '$group'" >&2; exit 2 ;;
  esac
done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  apt=(apt-get)
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  apt=(sudo apt-get)
else
  echo "system-deps: these Debian packages are missing: ${missing[*]}" >&2
  echo "system-deps: install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${apt[@]}" update -qq
"${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
