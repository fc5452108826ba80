#!/bin/sh
# Adds Отчётность ОМСУ to the desktop menu of the current user (Astra Linux, RED OS, ALT and others).
# Run it from the unpacked folder: sh install-desktop.sh
set -e
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
mkdir -p "$apps" "$icons"
cp "$here/_internal/resources/icons/omsu-report.png" "$icons/omsu-report.png"
sed "s|^Exec=.*|Exec=\"$here/omsu-report\"|" "$here/omsu-report.desktop" > "$apps/omsu-report.desktop"
chmod 644 "$apps/omsu-report.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
echo "Готово: «Отчётность ОМСУ» появится в меню (раздел «Офис»)."
