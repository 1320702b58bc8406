package jpegx

import (
	"bytes"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// seeds returns image/jpeg's test images and two of photo's.
func seeds(tb testing.TB) [][]byte {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.jpeg"))
	var out [][]byte
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, b)
	}
	return append(out, photo(tb, 61, 35, &jpeg.Options{Quality: 97}, false),
		photo(tb, 23, 40, &jpeg.Options{Quality: 20}, true))
}

// matchStdlib fails t unless jpegx decodes data as image/jpeg does.
func matchStdlib(t *testing.T, data []byte) {
	t.Helper()
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width*cfg.Height > 1<<18 {
		return
	}
	want, werr := jpeg.Decode(bytes.NewReader(data))
	got, gerr := Decode(bytes.NewReader(data))
	if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
		t.Fatalf("error %v, image/jpeg says %v", gerr, werr)
	}
	if werr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("decoded %T %v differs from image/jpeg's %T %v", got, got.Bounds(), want, want.Bounds())
	}
}

// TestDecodeMatchesStdlibMutated runs FuzzDecodeMatchesStdlib's check over
// seeded random mutations of its seeds (bytes replaced, bits flipped,
// 0xff planted, truncation), so every test run covers corrupt files even
// where the fuzzer does not run. Scaled decodes of the same files must not
// panic.
func TestDecodeMatchesStdlibMutated(t *testing.T) {
	in := seeds(t)
	rounds := 3000
	if testing.Short() {
		rounds = 300
	}
	rng := rand.New(rand.NewPCG(7, 9))
	for range rounds {
		data := append([]byte(nil), in[rng.IntN(len(in))]...)
		for k := rng.IntN(4) + 1; k > 0; k-- {
			switch i := rng.IntN(len(data)); rng.IntN(4) {
			case 0:
				data[i] = byte(rng.IntN(256))
			case 1:
				data[i] ^= 1 << rng.IntN(8)
			case 2:
				data[i] = 0xff
			case 3:
				data = data[:i+1]
			}
		}
		matchStdlib(t, data)
		for shift := 1; shift <= 3; shift++ {
			DecodeScaled(bytes.NewReader(data), shift)
		}
	}
}

// FuzzDecodeMatchesStdlib holds jpegx's full-size decode to image/jpeg's on
// any input: the same image (type, bounds, planes, strides) or the same
// error. The speed work in this package must never show in its output.
func FuzzDecodeMatchesStdlib(f *testing.F) {
	for _, b := range seeds(f) {
		f.Add(b)
	}
	f.Fuzz(matchStdlib)
}
