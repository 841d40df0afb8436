#!/usr/bin/env bash
# Build the one-folder desktop bundle in dist/mxdesk/ and check it: selftest, size, start-up.
#   bash packaging/build.sh            (from the project's virtual environment)
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet "pyinstaller>=6.5"
python packaging/make_icons.py >/dev/null
pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/mxdesk.spec
QT_QPA_PLATFORM=offscreen MXDESK_DATA_DIR="$(mktemp -d)" dist/mxdesk/mxdesk selftest
echo "bundle size: $(du -sh dist/mxdesk | cut -f1)"
