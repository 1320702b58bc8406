#!/bin/bash
# Times `shenbao render` (a fresh process per run, fonts embedded) on the
# 8-page individual sample against every installed peer renderer of
# ../shared/bench/peers (each rendering its own 8–9 page form.json), in one
# run, and prints a markdown table with the ratio peer / shenbao.
#
# Usage: bench/render/compare.sh        env: RUNS (default 7), PEERS (peer dir),
#                                        PEERS_TMP (default /tmp/peers),
#                                        BASELINE (a git revision: also time
#                                        shenbao as built from it, a before/after
#                                        in the same run), PEER_LIST (peers to
#                                        run, default all)
# Needs: go, GNU time (/usr/bin/time), pdfinfo (poppler-utils); the peers as
# installed by $PEERS/install-peers.sh (missing ones are listed as such).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
PEERS=${PEERS:-$root/../shared/bench/peers}
[ -d "$PEERS" ] || PEERS=/work/shared/bench/peers
export PEERS_TMP=${PEERS_TMP:-/tmp/peers}
RUNS=${RUNS:-7}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$PEERS_TMP/out"

(cd "$root" && go build -o "$tmp/shenbao" ./cmd/shenbao) || { echo "go build failed" >&2; exit 2; }
"$tmp/shenbao" sample --kind individual >"$tmp/individual.json"
if [ -n "${BASELINE:-}" ]; then
  mkdir -p "$tmp/base"
  git -C "$root" archive "$BASELINE" | tar -x -C "$tmp/base" &&
    (cd "$tmp/base" && go build -o "$tmp/shenbao-base" ./cmd/shenbao) || { echo "cannot build $BASELINE" >&2; exit 2; }
fi

# measure OUT CMD... : runs once to warm caches, then RUNS timed runs;
# prints "median min max rss_mib bytes pages cpu" or "failed: …". CPU is
# the median user+system seconds of the whole process tree: on a busy
# machine it says more than wall time.
measure() {
  local out=$1; shift
  if ! "$@" >"$tmp/warm.log" 2>&1; then echo "failed: $(tail -1 "$tmp/warm.log")"; return 1; fi
  : >"$tmp/times"
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %M %U %S' -o "$tmp/t" "$@" >/dev/null 2>&1
    tail -1 "$tmp/t" >>"$tmp/times"
  done
  local cpu
  cpu=$(awk '{print $3+$4}' "$tmp/times" | sort -n | awk '{c[NR]=$1} END{printf "%.3f", c[int((NR+1)/2)]}')
  sort -n "$tmp/times" | awk -v bytes="$(stat -c %s "$out")" -v cpu="$cpu" \
    -v pages="$(pdfinfo "$out" 2>/dev/null | awk '/^Pages:/{print $2}')" \
    '{w[NR]=$1; r[NR]=$2} END{printf "%.3f %.3f %.3f %.0f %s %s %s\n", w[int((NR+1)/2)], w[1], w[NR], r[int((NR+1)/2)]/1024, bytes, pages, cpu}'
}

ours=$(measure "$tmp/ours.pdf" "$tmp/shenbao" render --data "$tmp/individual.json" --out "$tmp/ours.pdf")
read -r base _ _ _ _ _ cbase <<<"$ours"
echo "| renderer | wall s, median (min–max) | CPU s | peak RSS MiB | bytes | pages | wall ratio | CPU ratio |"
echo "|---|---|---|---|---|---|---|---|"
row() { # name result
  local name=$1 res=$2
  case $res in
    failed*|"not installed") echo "| $name | $res | | | | | | |"; return ;;
  esac
  read -r med lo hi rss bytes pages cpu <<<"$res"
  printf '| %s | %s (%s–%s) | %s | %s | %s | %s | %.1f× | %.1f× |\n' "$name" "$med" "$lo" "$hi" "$cpu" "$rss" "$bytes" "$pages" \
    "$(awk -v a="$med" -v b="$base" 'BEGIN{print (b>0)?a/b:0}')" "$(awk -v a="$cpu" -v b="$cbase" 'BEGIN{print (b>0)?a/b:0}')"
}
row "shenbao render (fresh process)" "$ours"
if [ -n "${BASELINE:-}" ]; then
  row "shenbao render at $BASELINE" "$(measure "$tmp/base.pdf" "$tmp/shenbao-base" render --data "$tmp/individual.json" --out "$tmp/base.pdf")"
fi
declare -A need=([gopdf]=go [typst]=node [xelatex]=xelatex [chromium]=chromium [libreoffice]=soffice)
for p in ${PEER_LIST:-gopdf typst xelatex libreoffice chromium}; do
  script=$PEERS/render-$p.sh
  if [ ! -x "$script" ] || ! command -v "${need[$p]}" >/dev/null; then row "$p" "not installed"; continue; fi
  if [ "$p" = typst ] && [ ! -d "${TYPST_NODE_MODULES:-$PEERS_TMP/typst/node_modules}" ]; then row "$p" "not installed"; continue; fi
  row "$p" "$(measure "$PEERS_TMP/out/form-$p.pdf" "$script" "$PEERS_TMP/out/form-$p.pdf")"
done
echo
echo "runs: $RUNS per renderer after one warm-up; machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
