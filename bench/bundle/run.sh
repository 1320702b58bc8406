#!/bin/bash
# Times `shenbao bundle` against the pdfcpu peer (pdfcpu v0.15.0 CLI: import per photo +
# merge -b) on the same 20 evidence files: 10 PDFs of 1-3 pages and 10 JPEG photos of
# 3000x4000 px (~3 MB each), made by ../shared/bench/peers/make-evidence.sh.
# Prints median wall seconds and peak RSS (GNU time) of each, the time ratio, and the
# dossier size against the inputs' total.
# Usage: bench/bundle/run.sh            (RUNS=5, PEERS_TMP=/tmp/peers, EVIDENCE=…)
# Needs: go, GNU time, and what make-evidence.sh needs (qpdf, poppler-utils, img2pdf,
# imagemagick, fonts-lxgw-wenkai); pdfcpu is installed with `go install` when missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
peers=${PEERS:-$repo/../shared/bench/peers}
T=${PEERS_TMP:-/tmp/peers}
ev=${EVIDENCE:-$T/evidence}
runs=${RUNS:-5}
export PDFCPU=${PDFCPU:-$T/bin/pdfcpu}
mkdir -p "$T/bin" "$T/out"
if [ ! -x "$PDFCPU" ]; then
  GOBIN="$T/bin" go install github.com/pdfcpu/pdfcpu/cmd/pdfcpu@v0.15.0
fi
if [ "$(ls "$ev"/*.pdf "$ev"/*.jpg 2>/dev/null | wc -l)" -ne 20 ]; then
  EVIDENCE="$ev" "$peers/make-evidence.sh" >/dev/null
fi
(cd "$repo" && go build -o "$T/bin/shenbao" ./cmd/shenbao)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# Both commands run alternately ($runs times each, after one warm-up each) so that they
# share whatever else the machine is doing. GNU time records wall, user+sys CPU and
# peak RSS of each run.
ours=("$T/bin/shenbao" bundle --dir "$ev" --out "$T/out/dossier-shenbao.pdf" --no-progress)
peer=("$peers/merge-pdfcpu.sh" "$T/out/merged-pdfcpu.pdf")
timed() { # FILE CMD...: append "wall cpu rss" to FILE; shenbao exits 1 for findings
  local f=$1; shift
  /usr/bin/time -f "%e %U %S %M" -a -o "$f" "$@" >/dev/null 2>&1 || [ $? -eq 1 ]
}
"${ours[@]}" >/dev/null 2>&1 || [ $? -eq 1 ]
"${peer[@]}" >/dev/null 2>&1
for _ in $(seq "$runs"); do
  timed "$tmp/ours" "${ours[@]}"
  timed "$tmp/peer" "${peer[@]}"
done
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
# stats FILE: median wall, median CPU (user+sys), max RSS KiB
stats() {
  local rows; rows=$(grep '^[0-9]' "$1")
  echo "$(awk '{print $1}' <<<"$rows" | median) $(awk '{print $2+$3}' <<<"$rows" | median)" \
    "$(awk '$4>m {m=$4} END {print m}' <<<"$rows")"
}
read -r ours_wall ours_cpu ours_rss < <(stats "$tmp/ours")
read -r peer_wall peer_cpu peer_rss < <(stats "$tmp/peer")
ours_out=$T/out/dossier-shenbao.pdf

in_bytes=$(cat "$ev"/*.pdf "$ev"/*.jpg | wc -c)
out_bytes=$(wc -c <"$ours_out")
peer_bytes=$(wc -c <"$T/out/merged-pdfcpu.pdf")
printf '%-32s %8s %8s %10s %12s\n' tool "wall s" "CPU s" "peak MiB" "output bytes"
printf '%-32s %8s %8s %10d %12d\n' "shenbao bundle (200 dpi, q85)" "$ours_wall" "$ours_cpu" $((ours_rss / 1024)) "$out_bytes"
printf '%-32s %8s %8s %10d %12d\n' "pdfcpu import + merge -b" "$peer_wall" "$peer_cpu" $((peer_rss / 1024)) "$peer_bytes"
awk -v a="$ours_wall" -v b="$peer_wall" -v c="$ours_cpu" -v d="$peer_cpu" 'BEGIN {
  printf "time ratio shenbao/pdfcpu: wall %.2f (target <= 1.5), CPU %.2f\n", a/b, c/d }'
awk -v o="$out_bytes" -v i="$in_bytes" 'BEGIN {printf "dossier size: %.1f MB of %.1f MB input (%.0f%%)\n", o/1048576, i/1048576, 100*o/i}'
echo "peak RSS target: < 500 MiB; shenbao $((ours_rss / 1024)) MiB"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
qpdf --check "$ours_out" >/dev/null && echo "qpdf --check: ok"
