package bundle

import (
	"context"
	"image"
	"image/color"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// noisyPhoto is a phone-photo stand-in: gradients plus noise, which JPEG
// cannot compress well, so size budgets bite.
func noisyPhoto(w, h int, seed uint64) *image.RGBA {
	rng := rand.New(rand.NewPCG(seed, 7))
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			n := uint8(rng.IntN(60))
			m.SetRGBA(x, y, color.RGBA{uint8(x*150/w) + n, uint8(y*150/h) + n, 90 + n, 255})
		}
	}
	return m
}

func TestMaxSize(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{}
	var m Manifest
	for i := range 3 {
		name := "photo" + string(rune('a'+i)) + ".jpg"
		files[name] = encJPEG(t, noisyPhoto(1200, 1600, uint64(i)), 92)
		m.Files = append(m.Files, Entry{Path: name})
	}
	writeFiles(t, dir, files)
	_, full := buildDir(t, dir, m, Options{})

	budget := int64(len(full)) * 6 / 10
	rep, small := buildDir(t, dir, m, Options{MaxSize: budget})
	b := rep.Checks.SizeBudget
	if b == nil || !b.Fits || int64(len(small)) > budget || b.Size != int64(len(small)) {
		t.Fatalf("budget %d: got %d bytes, %+v", budget, len(small), b)
	}
	if b.DPI == 200 && b.Quality == 85 {
		t.Error("budget met without recompressing")
	}

	rep, _ = buildDir(t, dir, m, Options{MaxSize: 1000})
	if b := rep.Checks.SizeBudget; b == nil || b.Fits || !rep.Findings() {
		t.Errorf("impossible budget reported as %+v", b)
	}
	var text strings.Builder
	rep.WriteText(&text)
	if !strings.Contains(text.String(), CodeOverBudget) {
		t.Errorf("text report does not say the budget failed:\n%s", text.String())
	}
}

// BenchmarkBuild bundles what the benchmark names: 10 PDFs of
// 1–3 pages and 10 phone photos of 3000×4000 pixels (about 3 MB each).
// bench/bundle/run.sh times the CLI against pdfcpu on the real inputs.
func BenchmarkBuild(b *testing.B) {
	dir := b.TempDir()
	files := map[string][]byte{}
	var m Manifest
	for i := range 10 {
		name := filepath.Join("pdf", string(rune('a'+i))+".pdf")
		files[name] = textPDF(b, 1+i%3, "证明材料")
		m.Files = append(m.Files, Entry{Path: filepath.ToSlash(name)})
	}
	photo := encJPEG(b, noisyPhoto(3000, 4000, 1), 88)
	for i := range 10 {
		name := "photo/" + string(rune('a'+i)) + ".jpg"
		// Same pixels, different bytes: a comment segment keeps the
		// duplicate check from short-cutting anything.
		files[name] = append([]byte{0xff, 0xd8, 0xff, 0xfe, 0, 4, 'p', byte(i)}, photo[2:]...)
		m.Files = append(m.Files, Entry{Path: name})
	}
	writeFiles(b, dir, files)
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	var total int64
	for _, d := range files {
		total += int64(len(d))
	}
	b.SetBytes(total)
	for b.Loop() {
		rep, err := Build(context.Background(), root.FS(), m, io.Discard, Options{})
		if err != nil || rep.Pages != 2+19+10 { // cover, index, 19 PDF pages, 10 photos
			b.Fatalf("%v, %d pages", err, rep.Pages)
		}
	}
}
