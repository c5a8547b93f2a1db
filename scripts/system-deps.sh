#!/usr/bin/env bash
# Debian packages İletişim uses outside Python, installed only when missing.
#   runtime: fonts with every Turkish letter (PDF letters and summaries), pango/harfbuzz
#            (WeasyPrint), Tesseract with its Turkish model and poppler-utils (OCR of print
#            clippings: pdftoppm turns a PDF scan into page images)
#   test:    chromium (browser tests), dovecot (a private IMAP server for intake tests),
#            redis-server (a private Redis for the cache's production choice);
#            the tests also use poppler's pdftotext to check the PDFs' text
set -euo pipefail
runtime=(fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 tesseract-ocr tesseract-ocr-tur poppler-utils)
test=(chromium dovecot-imapd redis-server)
case "${1:-runtime}" in
    runtime) wanted=("${runtime[@]}") ;;
    test) wanted=("${runtime[@]}" "${test[@]}") ;;
    *) echo "usage: $0 runtime|test" >&2; exit 2 ;;
esac
missing=()
for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Please install these packages with your system's package manager: ${missing[*]}" >&2
    exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" = 0 ]; then sudo=(); else sudo=(sudo); fi
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The tests start their own private dovecot; the system one is not wanted.
if printf '%s\n' "${missing[@]}" | grep -q dovecot && command -v systemctl >/dev/null 2>&1; then
    "${sudo[@]}" systemctl disable --now dovecot >/dev/null 2>&1 || true
fi
