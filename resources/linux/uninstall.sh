#!/bin/sh
# Remove planner as install.sh put it there: exactly the files and folders it listed in
# <app folder>/installed-files, and nothing else (a folder it created goes only if empty).
# Run the copy in the app folder (~/.local/share/planner-app/<version>/uninstall.sh) or the one
# in the unpacked archive of the same version.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
version=$(cat "$here/VERSION")
data=${XDG_DATA_HOME:-$HOME/.local/share}
appdir=$data/planner-app/$version
manifest=$appdir/installed-files

if [ ! -f "$manifest" ]; then
    echo "uninstall.sh: planner $version is not installed here (no $manifest)" >&2
    exit 1
fi

# Only paths inside the places install.sh writes to are ever removed, whatever the list says.
inside() {
    case $1 in
        "$data"/* | "$HOME"/.local/bin/*) return 0 ;;
        *) return 1 ;;
    esac
}

list=$(cat "$manifest")
printf '%s\n' "$list" | while IFS= read -r line; do
    kind=${line%% *}
    path=${line#* }
    inside "$path" || continue
    case $kind in
        file) rm -f "$path" ;;
        tree) rm -rf "$path" ;;
    esac
done
# Folders last, deepest (listed last) first; rmdir leaves any that hold something else.
printf '%s\n' "$list" | sed -n 's/^dir //p' | sed -n '1!G;h;$p' | while IFS= read -r path; do
    case $path in  # also the parents install.sh may have made: ~/.local, ~/.local/share
        "$data" | "$data"/* | "$HOME"/.local | "$HOME"/.local/*)
            rmdir "$path" 2> /dev/null || true ;;
    esac
done

# The desktop's caches that other apps' files still need are brought up to date.
applications=$data/applications
hicolor=$data/icons/hicolor
if [ -f "$applications/mimeinfo.cache" ] && command -v update-desktop-database > /dev/null 2>&1; then
    update-desktop-database "$applications" > /dev/null 2>&1 || true
fi
if [ -f "$hicolor/icon-theme.cache" ] && command -v gtk-update-icon-cache > /dev/null 2>&1; then
    gtk-update-icon-cache -f -t "$hicolor" > /dev/null 2>&1 || true
fi
echo "planner $version uninstalled."
