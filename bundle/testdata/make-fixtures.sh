#!/bin/bash
# Makes the image fixtures Go's encoders cannot write (progressive and CMYK
# JPEG, WebP, multi-page TIFF, JPEG 2000, HEIC). Needs ImageMagick 6 with
# libwebp, libtiff, openjpeg and libheif. Run from this folder; the outputs
# are committed, so tests do not need ImageMagick.
set -euo pipefail
cd "$(dirname "$0")"
# A page-like picture: light background, dark bar at the top, red disc
# lower right, so orientation and colour survive any re-encoding.
page() {
  convert -size 240x320 xc:'#f4f1e8' -fill '#203050' -draw 'rectangle 20,20 220,60' \
    -fill '#c81e1e' -draw 'circle 170,250 200,250' -fill '#555' -draw 'rectangle 20,90 200,100' \
    -draw 'rectangle 20,120 180,130' -draw 'rectangle 20,150 210,160' "$@"
}
page -interlace JPEG -quality 70 progressive.jpg
page -colorspace CMYK -quality 70 cmyk.jpg
page -quality 60 -define webp:method=6 photo.webp
convert \( -size 240x320 xc:'#e8f0f8' -fill '#203050' -draw 'rectangle 20,20 220,60' \) \
        \( -size 240x320 xc:'#f8e8e8' -fill '#502030' -draw 'rectangle 20,260 220,300' \) \
        -compress lzw multipage.tif
page -resize 50% scan.jp2
page -resize 50% -quality 50 photo.heic
ls -l progressive.jpg cmyk.jpg photo.webp multipage.tif scan.jp2 photo.heic
