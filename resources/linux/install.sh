#!/bin/sh
# Install planner for this user only (never needs root). Run it from the unpacked archive:
#   ./install.sh
# It puts the app under ~/.local/share/planner-app/<version>/ (XDG_DATA_HOME if set; not
# planner/, the app's own folder for the person's plans and logs), a launcher
# at ~/.local/bin/planner, the menu entry in ~/.local/share/applications/ and the icon in
# ~/.local/share/icons/hicolor/. Every file and folder it creates is listed in
# <app folder>/installed-files, so uninstall.sh (also copied there) removes exactly those.
# A planner already installed, this version or another, is uninstalled first.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
version=$(cat "$here/VERSION")
data=${XDG_DATA_HOME:-$HOME/.local/share}
bindir=$HOME/.local/bin
appdir=$data/planner-app/$version
launcher=$bindir/planner
applications=$data/applications
hicolor=$data/icons/hicolor
manifest=$appdir/installed-files
mark="written by planner's install.sh"

if [ ! -x "$here/planner/planner" ]; then
    echo "install.sh: no app at $here/planner/planner; run it from the unpacked archive" >&2
    exit 1
fi
if [ -e "$launcher" ] && ! grep -q "$mark" "$launcher" 2>/dev/null; then
    echo "install.sh: $launcher exists and is not planner's launcher; move it away first" >&2
    exit 1
fi
case $appdir$launcher in  # they are written into a shell script, a sed command, Exec=
    *[\"\'\`\$\\%\|\&]*)
        echo "install.sh: cannot install under a path with any of \" ' \` \$ \\ % | &: $appdir" >&2
        exit 1 ;;
esac

for old in "$data"/planner-app/*/uninstall.sh; do
    if [ -f "$old" ]; then
        sh "$old"
    fi
done

# mkdir -p that lists each folder it creates, parents first, for uninstall.sh to remove
# (those for the app folder itself wait in $pending until the list exists).
pending=""
make_dir() {
    missing=""
    d=$1
    while [ ! -d "$d" ]; do
        missing="dir $d
$missing"
        d=$(dirname "$d")
    done
    mkdir -p "$1"
    if [ -f "$manifest" ]; then
        printf '%s' "$missing" >> "$manifest"
    else
        pending=$missing
    fi
}
record() {  # record KIND PATH
    printf '%s %s\n' "$1" "$2" >> "$manifest"
}

make_dir "$appdir"
printf '%s' "$pending" > "$manifest"
record file "$manifest"

cp -R "$here/planner" "$appdir/planner"
record tree "$appdir/planner"
for f in uninstall.sh VERSION; do
    cp "$here/$f" "$appdir/$f"
    record file "$appdir/$f"
done
chmod +x "$appdir/uninstall.sh"

make_dir "$bindir"
printf '#!/bin/sh\n# planner launcher, %s (uninstall: %s)\nexec '"'"'%s'"'"' "$@"\n' \
    "$mark" "$appdir/uninstall.sh" "$appdir/planner/planner" > "$launcher"
chmod +x "$launcher"
record file "$launcher"

make_dir "$applications"
sed -e "s|^Exec=.*|Exec=\"$launcher\"|" -e "s|^TryExec=.*|TryExec=$launcher|" \
    "$here/planner.desktop" > "$applications/planner.desktop"
record file "$applications/planner.desktop"

for png in "$here"/icons/planner-*.png; do
    size=${png##*/planner-}
    size=${size%.png}
    make_dir "$hicolor/${size}x${size}/apps"
    cp "$png" "$hicolor/${size}x${size}/apps/planner.png"
    record file "$hicolor/${size}x${size}/apps/planner.png"
done

# The desktop's caches, if its tools are here. A cache this run creates is listed too.
refresh() {  # refresh TOOL CACHEFILE ARGS...
    tool=$1
    cache=$2
    shift 2
    if command -v "$tool" > /dev/null 2>&1; then
        existed=no
        [ -e "$cache" ] && existed=yes
        "$tool" "$@" > /dev/null 2>&1 || true
        if [ "$existed" = no ] && [ -e "$cache" ]; then
            record file "$cache"
        fi
    fi
}
refresh update-desktop-database "$applications/mimeinfo.cache" "$applications"
refresh gtk-update-icon-cache "$hicolor/icon-theme.cache" -f -t "$hicolor"

echo "planner $version installed: $launcher, and in your applications menu."
case ":$PATH:" in
    *":$bindir:"*) ;;
    *) echo "Note: $bindir is not on your PATH; the menu entry works regardless." ;;
esac
echo "To remove it: $appdir/uninstall.sh"
