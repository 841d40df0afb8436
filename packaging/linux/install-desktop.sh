#!/usr/bin/env bash
# Add mxdesk to the desktop's application menu for this user (no root needed):
# the .desktop launcher, the AppStream metainfo and the icon at every size.
#   bash packaging/linux/install-desktop.sh [PREFIX]      (default ~/.local)
# Uses the `mxdesk` command on the PATH, or dist/mxdesk/mxdesk when a bundle was built.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
prefix="${1:-$HOME/.local}"
share="$prefix/share"
exec_line="mxdesk"
if [ -x "$root/dist/mxdesk/mxdesk" ]; then
  exec_line="$root/dist/mxdesk/mxdesk"
fi
install -d "$share/applications" "$share/metainfo"
sed "s|^Exec=.*|Exec=$exec_line|" "$here/io.github.mxdesk.Mxdesk.desktop" \
  > "$share/applications/io.github.mxdesk.Mxdesk.desktop"
install -m 644 "$here/io.github.mxdesk.Mxdesk.metainfo.xml" "$share/metainfo/"
for png in "$root"/resources/icons/hicolor/*/apps/mxdesk.png; do
  size="$(basename "$(dirname "$(dirname "$png")")")"
  install -D -m 644 "$png" "$share/icons/hicolor/$size/apps/mxdesk.png"
done
install -D -m 644 "$root/resources/mxdesk.svg" "$share/icons/hicolor/scalable/apps/mxdesk.svg"
command -v update-desktop-database >/dev/null && update-desktop-database "$share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q "$share/icons/hicolor" || true
echo "installed the mxdesk launcher into $share (Exec=$exec_line)"
