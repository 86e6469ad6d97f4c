#!/usr/bin/env bash
# Draws the two app icons and writes them in the three formats jpackage wants: PNG (Linux), ICO (Windows),
# ICNS (macOS). The results are committed; run this again only to change the design.
# Needs ImageMagick and png2icns (Debian: apt-get install -y imagemagick icnsutils).
# A rounded square with a gradient and a white "queue" glyph: three lines and, for the host, a play triangle,
# for the guest, an up-vote triangle.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

draw() { # name top-colour bottom-colour triangle window-icon-resource
  convert -size 512x512 gradient:"$2"-"$3" \
    \( -size 512x512 xc:none -fill white -draw "roundrectangle 24,24 487,487 112,112" \) \
    -compose DstIn -composite \
    -fill white -stroke none \
    -draw "roundrectangle 112,118 400,158 20,20" \
    -draw "roundrectangle 112,202 400,242 20,20" \
    -draw "roundrectangle 112,286 256,326 20,20" \
    -stroke white -strokewidth 22 \
    -draw "stroke-linejoin round $4" \
    -depth 8 -strip "$1.png"
  sizes=()
  for s in 16 32 48 128 256; do
    convert "$1.png" -resize "${s}x${s}" -depth 8 -strip "$tmp/$1-$s.png"
    sizes+=("$tmp/$1-$s.png")
  done
  convert "${sizes[@]}" "$1.ico"
  png2icns "$1.icns" "$1.png" "${sizes[@]}" >/dev/null
  cp "$tmp/$1-256.png" "$5"   # the app's window icon (Stage.getIcons)
}

draw queued-host '#7B4DFF' '#E0459B' "polygon 311,287 311,385 392,336" \
  ../../host-app/src/main/resources/app/queued/host/app/icon.png
draw queued-guest '#16B3A8' '#2D6BF0' "polygon 301,385 389,385 345,300" \
  ../../guest-app/src/main/resources/app/queued/guest/app/icon.png
ls -la queued-*
