#!/usr/bin/env bash
# Render Textual snapshot SVGs to PNG the way a terminal shows their cells.
#
# Textual's SVG export puts each run of cells in a <text> element; an SVG viewer
# then applies the Unicode bidi algorithm to it and reverses Arabic that Marsad has
# already put in visual order (rsvg-convert also drops a run's leading spaces).
# This forces every run left to right (unicode-bidi: bidi-override) and renders it
# in headless Chromium (Debian package `chromium`).
#
#   tools/snapshot_png.sh OUT_DIR SNAPSHOT.svg...
set -euo pipefail
out="$1"; shift
mkdir -p "$out"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
for svg in "$@"; do
  name="$(basename "$svg" .svg)"
  fixed="$profile/$name.svg"
  sed 's#<style>#<style> text, tspan { unicode-bidi: bidi-override; direction: ltr; }#' "$svg" > "$fixed"
  size="$(grep -o 'viewBox="0 0 [0-9.]* [0-9.]*"' "$svg" | head -1 | awk '{printf "%d,%d", $3+1, $4+1}' | tr -d '"')"
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --user-data-dir="$profile/chromium" --hide-scrollbars \
    --window-size="$size" --screenshot="$out/$name.png" "file://$fixed" >/dev/null 2>&1
  echo "$out/$name.png"
done
