package jpegx

import (
	"bytes"
	"image/jpeg"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzDecodeMatchesStdlib holds jpegx's full-size decode to image/jpeg's on
// any input: the same image (type, bounds, planes, strides) or the same
// error. The speed work in this package must never show in its output.
func FuzzDecodeMatchesStdlib(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.jpeg"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(photo(f, 61, 35, &jpeg.Options{Quality: 97}, false))
	f.Add(photo(f, 23, 40, &jpeg.Options{Quality: 20}, true))
	f.Fuzz(func(t *testing.T, data []byte) {
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
	})
}
