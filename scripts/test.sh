#!/usr/bin/env bash
# The test command of the README: installs the Debian tools the tests run
# (when it can), then vet, tests, race tests and short fuzz runs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$HOME/go/bin:$PATH"

# Tools the tests call: pdftotext/pdftoppm/pdffonts (poppler-utils), qpdf,
# gs (ghostscript), fonts the tests load as user fonts and the scan simulator
# draws seal text with (LXGW WenKai, DejaVu).
need=()
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v qpdf >/dev/null || need+=(qpdf)
command -v gs >/dev/null || need+=(ghostscript)
command -v chromium >/dev/null || need+=(chromium) # batch: the HTML report in a real browser
command -v zbarimg >/dev/null || need+=(zbar-tools)
[ -x /usr/bin/convert ] || need+=(imagemagick) # a fresh machine may have a stand-in convert in /usr/local/bin
[ -f /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf ] || need+=(fonts-lxgw-wenkai)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "missing Debian packages: ${need[*]} (run: sudo apt-get install ${need[*]})" >&2
    exit 2
  fi
fi

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go') || true)
if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted" >&2; exit 1; fi
echo "== go vet"
go vet ./...
echo "== go test"
go test -count=1 ./...
echo "== go test -race (packages with concurrency or shared state)"
go test -count=1 -race ./form/... ./rules/... ./server/... ./pdfgen/... ./cmd/...
echo "== fuzz (bounded): the parsers of outside input"
# Every fuzz target's seed corpus already ran above as a test; these run the
# fuzzer itself for a short time. Minimising is capped: on multi-KB inputs it
# would otherwise stall the run.
for target in \
  "./form FuzzDecodeValidate" \
  "./edition FuzzRead" \
  "./rules FuzzReadDistricts" \
  "./bundle FuzzDecodeManifest" \
  "./batch FuzzReadList" \
  "./internal/ingest FuzzDecode" \
  "./internal/ingest FuzzPages" \
  "./internal/imgload/jpegx FuzzDecodeMatchesStdlib" \
  "./templates FuzzParse" \
  "./fonts/internal/fontfile FuzzParse" \
  "./server FuzzJSONRoutes" \
  "./verify FuzzScan"; do
  set -- $target
  go test "$1" -run '^$' -fuzz "^$2\$" -fuzztime 10s -fuzzminimizetime 2s
done
# The whole bundle path on PDFs from outside, under a 4 GiB address-space
# limit per process (the fuzzing engine itself maps ~1 GiB; bundle's own
# 2 GiB bound is asserted by TestHostileMemory): a Go out-of-memory is
# fatal, so an allocation sized by the input fails the run. The test
# binary is built first, outside the limit, instrumented as go test
# -fuzz would.
fuzzbin=$(mktemp -d)
go test -c -gcflags='github.com/bast-tools/shenbao/...=-d=libfuzzer' -o "$fuzzbin/bundle.test" ./bundle
(cd bundle && ulimit -v 4194304 && "$fuzzbin/bundle.test" -test.run '^$' -test.fuzz '^FuzzBuild$' \
  -test.fuzztime 10s -test.fuzzminimizetime 2s -test.fuzzcachedir "$fuzzbin/cache" -test.parallel 2)
rm -rf "$fuzzbin"
