package pdfgen_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/draw"
	"os"
	osexec "os/exec"
	"strconv"
	"testing"
)

// leafValues flattens a record's JSON into path → printed value, formatted
// as a reader of the form expects: strings and numbers as written, true
// and false as 是 and 否.
func leafValues(t *testing.T, data []byte) map[string]string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				walk(path+"."+k, x)
			}
		case []any:
			for i, x := range v {
				walk(fmt.Sprintf("%s[%d]", path, i), x)
			}
		case string:
			out[path] = v
		case json.Number:
			out[path] = v.String()
		case bool:
			out[path] = map[bool]string{true: "是", false: "否"}[v]
		}
	}
	walk("$", root)
	return out
}

func run(name string, args ...string) ([]byte, error) {
	return osexec.Command(name, args...).CombinedOutput()
}

func itoa(n int) string { return strconv.Itoa(n) }

// pad formats n as pdftoppm names its files: zero-padded to the width of
// the page count.
func pad(n, width int) string { return fmt.Sprintf("%0*d", width, n) }

// readImage decodes an image file (a pdftoppm page).
func readImage(t *testing.T, file string) image.Image {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func readGray(t *testing.T, file string) *image.Gray {
	t.Helper()
	img := readImage(t, file)
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
	return g
}
