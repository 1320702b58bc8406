#!/bin/bash
# Times jpegx's hot paths against libjpeg-turbo (djpeg/cjpeg of
# libjpeg-turbo-progs) on the same photo in the same run, and prints CPU
# milliseconds per operation and the ratio jpegx / libjpeg-turbo. Peers are
# timed twice: as installed (SIMD) and with JSIMD_FORCENONE=1 (plain C).
#
#   bench/jpeg/run.sh [photo.jpg]       env: N (iterations, default 10),
#                                       BASELINE (a git revision: add a column
#                                       for jpegx as it was there)
#
# Without a photo it makes a 3000×4000 q88 one the way
# ../shared/bench/peers/make-evidence.sh does (ImageMagick gradient, noise,
# blur). What each row compares:
#   decode 1/1     jpegx → YCbCr planes   | djpeg -dct int -nosmooth → PPM (adds YCbCr→RGB)
#   decode 1/2…1/8 scaled IDCT            | djpeg -scale 1/n
#                  (1/8 is nearly all Huffman decoding in both)
#   encode q85     jpegx from the half-size | cjpeg -quality 85 -dct int from the
#                  decode's 4:2:0 planes     same pixels as PPM (adds PPM read,
#                  (bundle's case) or RGBA   RGB→YCbCr and chroma downsampling)
# Go's image/jpeg is timed beside jpegx for reference.
# Needs: go, djpeg, cjpeg, convert (ImageMagick), GNU time.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
N=${N:-10}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
photo=${1:-}
if [ -z "$photo" ]; then
  photo=$tmp/photo.jpg
  convert -size 3000x4000 gradient:'#7a9cc6-#c8a27a' -seed 3 -attenuate 0.8 +noise Gaussian -blur 0x0.4 \
    -quality 88 "$photo"
fi
(cd "$root" && go test -c -o "$tmp/jpegx.test" ./internal/imgload/jpegx)
if [ -n "${BASELINE:-}" ]; then
  mkdir -p "$tmp/base"
  git -C "$root" archive "$BASELINE" | tar -x -C "$tmp/base"
  # The baseline may predate the benchmark: use today's.
  cp "$root/internal/imgload/jpegx/peer_bench_test.go" "$tmp/base/internal/imgload/jpegx/"
  (cd "$tmp/base" && go test -c -o "$tmp/base.test" ./internal/imgload/jpegx)
fi
djpeg -scale 1/2 -nosmooth -outfile "$tmp/half.ppm" "$photo"

# go_ms NAME [FILE]: CPU ms/op of the jpegx benchmark NAME from the runs below.
JPEGX_BENCH_FILE=$photo "$tmp/jpegx.test" -test.run '^$' -test.bench '^BenchmarkPeer$' \
  -test.benchtime "${N}x" -test.count 1 >"$tmp/go.txt"
if [ -n "${BASELINE:-}" ]; then
  JPEGX_BENCH_FILE=$photo "$tmp/base.test" -test.run '^$' -test.bench '^BenchmarkPeer$/^(decode|encode-q85)$/^([1248]|ycbcr|rgba)$' \
    -test.benchtime "${N}x" -test.count 1 >"$tmp/base.txt"
fi
go_ms() { awk -v n="BenchmarkPeer/$1" '$1 ~ "^"n"(-[0-9]+)?$" {for (i=2;i<NF;i++) if ($(i+1)=="cpu-ms/op") print $i}' "${2:-$tmp/go.txt}"; }

# peer_ms CMD...: CPU ms per run of CMD, over N runs (user+sys of the loop).
peer_ms() {
  /usr/bin/time -f '%U %S' -o "$tmp/t" sh -c 'for i in $(seq '"$N"'); do "$@" >/dev/null; done' sh "$@"
  awk -v n="$N" '{printf "%.1f", ($1+$2)*1000/n}' "$tmp/t"
}
row() { # label benchmark stdlib-ms peer CMD...
  local label=$1 bench=$2 std=$3; shift 3
  local ours simd plain base=""
  ours=$(go_ms "$bench")
  [ -n "${BASELINE:-}" ] && base="$(go_ms "$bench" "$tmp/base.txt") | "
  simd=$(peer_ms "$@")
  plain=$(JSIMD_FORCENONE=1 peer_ms "$@")
  printf '| %s | %s%s | %s | %s | %s | %.2f× | %.2f× |\n' "$label" "$base" "$ours" "$std" "$simd" "$plain" \
    "$(awk -v a="$ours" -v b="$simd" 'BEGIN{print a/b}')" "$(awk -v a="$ours" -v b="$plain" 'BEGIN{print a/b}')"
}
size=$(identify -format '%wx%h' "$photo")
echo "photo: $size, $(stat -c %s "$photo") bytes; N=$N; CPU ms per operation (user+sys)"
echo
if [ -n "${BASELINE:-}" ]; then
  echo "| operation | jpegx at $BASELINE | jpegx | image/jpeg | libjpeg-turbo (SIMD) | libjpeg-turbo (no SIMD) | jpegx / SIMD | jpegx / no SIMD |"
  echo "|---|---|---|---|---|---|---|---|"
else
  echo "| operation | jpegx | image/jpeg | libjpeg-turbo (SIMD) | libjpeg-turbo (no SIMD) | jpegx / SIMD | jpegx / no SIMD |"
  echo "|---|---|---|---|---|---|---|"
fi
row "decode 1/1" decode/1 "$(go_ms decode/stdlib)" djpeg -dct int -nosmooth -outfile /dev/null "$photo"
for s in 2 4 8; do
  row "decode 1/$s" "decode/$s" "" djpeg -dct int -nosmooth -scale "1/$s" -outfile /dev/null "$photo"
done
row "encode q85, 4:2:0 planes" encode-q85/ycbcr "$(go_ms encode-q85/stdlib)" cjpeg -quality 85 -dct int -outfile /dev/null "$tmp/half.ppm"
row "encode q85, RGBA" encode-q85/rgba "" cjpeg -quality 85 -dct int -outfile /dev/null "$tmp/half.ppm"
echo
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
