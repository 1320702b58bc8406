package main

import (
	"bytes"
	"errors"
	"flag"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/bast-tools/shenbao/internal/scansim"
)

// The golden files of this package are refreshed with -update; the flag
// is shared with other commands' tests, whichever file defines it first.
var (
	updateGolden = func() flag.Value {
		if f := flag.Lookup("update"); f != nil {
			return f.Value
		}
		flag.Bool("update", false, "rewrite golden files under testdata/")
		return flag.Lookup("update").Value
	}()
	sealsGoldenDir = func() string {
		wd, _ := os.Getwd()
		return filepath.Join(wd, "testdata")
	}()
)

// runSealsCmd runs the CLI with args and returns its output and exit code.
func runSealsCmd(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	root := newRootCmd()
	var o, e bytes.Buffer
	root.SetOut(&o)
	root.SetErr(&e)
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		code = exitUsage
		var ee exitError
		if errors.As(err, &ee) {
			code = ee.code
		}
	}
	return o.String(), e.String(), code
}

// sealsFixtures writes the sample scans into the current directory.
func sealsFixtures(t *testing.T) {
	t.Helper()
	f, err := scansim.LoadFont()
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	gen := func(k scansim.Kind, seed uint64) image.Image {
		return scansim.Generate(f, k, seed, scansim.Options{DPI: 150, Quality: 85}).Image
	}
	write := func(name string, enc func(*os.File) error) {
		fo, err := os.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := enc(fo); err != nil {
			t.Fatal(err)
		}
		if err := fo.Close(); err != nil {
			t.Fatal(err)
		}
	}
	sealed := gen(scansim.Sealed, 1)
	write("sealed.jpg", func(fo *os.File) error { return jpeg.Encode(fo, sealed, &jpeg.Options{Quality: 85}) })
	write("gray.png", func(fo *os.File) error { return png.Encode(fo, gen(scansim.Gray, 2)) })
	write("two.tif", func(fo *os.File) error {
		return scansim.EncodeTIFF(fo, []image.Image{gen(scansim.SealedTwo, 3), gen(scansim.Blank, 4)})
	})
	write("scan.pdf", func(fo *os.File) error {
		return scansim.EncodePDF(fo, []image.Image{gen(scansim.SealedEdge, 5), nil, gen(scansim.RedHeading, 6)})
	})
	if err := os.WriteFile("notes.txt", []byte("这不是图片\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSealsCommand(t *testing.T) {
	t.Chdir(t.TempDir())
	sealsFixtures(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"text", []string{"seals", "sealed.jpg", "gray.png", "two.tif", "scan.pdf"}, 0},
		{"json", []string{"seals", "--json", "sealed.jpg", "gray.png", "two.tif", "scan.pdf"}, 0},
		{"unusable", []string{"seals", "--json", "missing.png", "notes.txt", "sealed.jpg"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runSealsCmd(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit code %d, want %d; stderr: %s", code, tc.code, errOut)
			}
			sealsGolden(t, filepath.Join("seals", tc.name+".golden"), out+"--- stderr\n"+errOut)
		})
	}
}

// sealsGolden compares got with testdata/name, or rewrites it under -update.
func sealsGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(sealsGoldenDir, name)
	if updateGolden.String() == "true" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if string(want) != got {
		t.Errorf("output differs from %s (run with -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
