package bundle

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// bombPNG is a valid 8-bit gray PNG of w×h black pixels: a few hundred
// kilobytes that would inflate to w·h bytes.
func bombPNG(t testing.TB, w, h int) []byte {
	var idat bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	row := make([]byte, w+1)
	for range h {
		zw.Write(row)
	}
	zw.Close()
	return rawPNG(w, h, 0, idat.Bytes()) // 8-bit gray
}

// brokenXref garbles every offset of the cross-reference table.
func brokenXref(pdf []byte) []byte {
	b := bytes.Clone(pdf)
	i := bytes.LastIndex(b, []byte("\nxref"))
	for j := i + 20; j < len(b) && !bytes.HasPrefix(b[j:], []byte("trailer")); j++ {
		if b[j] >= '0' && b[j] <= '9' {
			b[j] = '7'
		}
	}
	return b
}

func TestBadInputs(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "uploads")
	good := textPDF(t, 2, "正常的证明材料")
	files := map[string][]byte{
		"ok.pdf":                  good,
		"empty.pdf":               {},
		"text-renamed.pdf":        []byte("这不是PDF，只是改了扩展名的文本。\n"),
		"truncated.pdf":           good[:len(good)/3],
		"broken-xref.pdf":         brokenXref(good),
		"encrypted.pdf":           encryptPDF(t, good, "user-secret", "owner-secret"),
		"scan.jp2":                fixture(t, "scan.jp2"),
		"photo.heic":              fixture(t, "photo.heic"),
		"huge.png":                pngHeader(30000, 30000),
		"bomb.png":                bombPNG(t, 12000, 12000),
		"tiny.png":                encPNG(t, pagePicture(20, 20)),
		"lying.jpg":               encPNG(t, pagePicture(200, 280)),
		"中文文件名 证书（副本）.pdf":        good,
		"corrupt.jpg":             encJPEG(t, pagePicture(200, 280), 80)[:400],
		"../outside.pdf":          good, // exists, but must not be read
		"sub/../../outside-2.pdf": good,
	}
	writeFiles(t, dir, files)
	if err := os.Symlink(filepath.Join(base, "outside.pdf"), filepath.Join(dir, "link.pdf")); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		file, code string
		pages      int
		action     string
	}{
		{"ok.pdf", "", 2, ""},
		{"empty.pdf", CodeFileEmpty, 0, ""},
		{"text-renamed.pdf", CodeFormatUnknown, 0, ""},
		{"truncated.pdf", CodePDFCorrupt, 0, ""},
		{"broken-xref.pdf", "", 2, "xref_rebuilt"},
		{"encrypted.pdf", CodePDFEncrypted, 0, ""},
		{"scan.jp2", CodeFormatJPEG2000, 0, ""},
		{"photo.heic", CodeFormatHEIC, 0, ""},
		{"huge.png", CodeImageTooLarge, 0, ""},
		{"bomb.png", CodeImageTooLarge, 0, ""},
		{"tiny.png", CodeImageTooSmall, 0, ""},
		{"lying.jpg", "", 1, "format_from_content: extension says jpeg, content is png"},
		{"中文文件名 证书（副本）.pdf", "", 2, ""},
		{"corrupt.jpg", CodeImageCorrupt, 0, ""},
		{"../outside.pdf", CodePathOutside, 0, ""},
		{"sub/../../outside-2.pdf", CodePathOutside, 0, ""},
		{"/etc/passwd", CodePathOutside, 0, ""},
		{"link.pdf", CodePathOutside, 0, ""},
		{"missing.pdf", CodeFileMissing, 0, ""},
	}
	var m Manifest
	for _, c := range cases {
		m.Files = append(m.Files, Entry{Path: c.file, Category: Other})
	}
	rep, pdf := buildDir(t, dir, m, Options{})
	for i, c := range cases {
		f := rep.Files[i]
		if f.File != c.file {
			t.Fatalf("report row %d is %s, want %s", i, f.File, c.file)
		}
		if f.Code != c.code || f.Pages != c.pages {
			t.Errorf("%s: code %q pages %d (%s), want code %q pages %d", c.file, f.Code, f.Pages, f.Message, c.code, c.pages)
		}
		if (f.Status == StatusOK) != (c.code == "") {
			t.Errorf("%s: status %s with code %q", c.file, f.Status, f.Code)
		}
		if c.code != "" && f.Message == "" {
			t.Errorf("%s: no message for %s", c.file, c.code)
		}
		if c.action != "" && !slices.Contains(f.Actions, c.action) {
			t.Errorf("%s: actions %v, want %q", c.file, f.Actions, c.action)
		}
	}
	ctx, err := readPDF(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if ctx.PageCount != rep.Pages || rep.Pages < 2+2+2+1+2 {
		t.Errorf("dossier %d pages, report %d", ctx.PageCount, rep.Pages)
	}
	if !rep.Findings() {
		t.Error("bad input gave no findings")
	}
	if want := [][]string{{"ok.pdf", "中文文件名 证书（副本）.pdf"}}; len(rep.Checks.Duplicates) != 1 || !slices.Equal(rep.Checks.Duplicates[0], want[0]) {
		t.Errorf("duplicates %v, want %v", rep.Checks.Duplicates, want)
	}

	t.Run("strict", func(t *testing.T) {
		root, _ := os.OpenRoot(dir)
		defer root.Close()
		var out bytes.Buffer
		_, err := Build(context.Background(), root.FS(), m, &out, Options{Strict: true})
		var be *Error
		if !errors.As(err, &be) || be.Code != CodeStrict || out.Len() != 0 {
			t.Errorf("strict build: %v, %d bytes written", err, out.Len())
		}
	})

	t.Run("nothing usable", func(t *testing.T) {
		root, _ := os.OpenRoot(dir)
		defer root.Close()
		_, err := Build(context.Background(), root.FS(), Manifest{Files: []Entry{{Path: "empty.pdf"}}}, &bytes.Buffer{}, Options{})
		var be *Error
		if !errors.As(err, &be) || be.Code != CodeNoUsableFiles {
			t.Errorf("got %v", err)
		}
	})
}
