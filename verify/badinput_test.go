package verify_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/verify"
)

// hugePNG is a PNG header claiming width×height pixels, with no pixels.
func hugePNG(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func src(name string, b []byte) verify.Source {
	return verify.Source{Name: name, R: bytes.NewReader(b), Size: int64(len(b))}
}

// TestBadInput: what cannot be verified is a typed error with a Chinese
// message naming the file, never a panic or a hang.
func TestBadInput(t *testing.T) {
	f := sampleFixture(t, form.KindIndividual)
	page := pdfSource(t, "scan.pdf", f.pages[0])
	pageBytes := make([]byte, page.Size)
	page.R.ReadAt(pageBytes, 0)
	zeroPages := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	cases := []struct {
		name string
		src  verify.Source
		code string
		msg  string
	}{
		{"text file", src("notes.txt", []byte("这不是扫描件")), verify.CodeUnsupported, "notes.txt：不是 PDF 或支持的图片格式"},
		{"empty file", src("empty.pdf", nil), verify.CodeUnsupported, "empty.pdf：文件是空的"},
		{"truncated PDF", src("cut.pdf", pageBytes[:len(pageBytes)/2]), "", "cut.pdf："},
		{"zero pages", src("zero.pdf", zeroPages), "", "zero.pdf："},
		{"30000×30000 image", src("huge.png", hugePNG(30000, 30000)), verify.CodeTooLarge, "huge.png：图像过大（30000×30000 像素）"},
		{"JPEG 2000", src("scan.jp2", []byte("\x00\x00\x00\x0cjP  \r\n\x87\n\x00\x00\x00\x14ftypjp2 ")), verify.CodeUnsupported, "JPEG 2000"},
		{"HEIC", src("IMG_0001.HEIC", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")), verify.CodeUnsupported, "HEIC"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := verify.Scan(context.Background(), f.doc, []verify.Source{c.src}, verify.Options{})
			var ve *verify.Error
			if !errors.As(err, &ve) {
				t.Fatalf("got %v, %v; want a *verify.Error", r, err)
			}
			if (c.code != "" && ve.Code != c.code) || !strings.Contains(ve.Error(), c.msg) {
				t.Errorf("got %s %q; want %s containing %q", ve.Code, ve.Error(), c.code, c.msg)
			}
		})
	}

	t.Run("encrypted PDF", func(t *testing.T) {
		if _, err := exec.LookPath("qpdf"); err != nil {
			t.Skip("qpdf not installed")
		}
		dir := t.TempDir()
		in, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "out.pdf")
		os.WriteFile(in, pageBytes, 0o644)
		if b, err := exec.Command("qpdf", "--encrypt", "user", "owner", "256", "--", in, out).CombinedOutput(); err != nil {
			t.Fatalf("qpdf: %v %s", err, b)
		}
		b, _ := os.ReadFile(out)
		_, err := verify.Scan(context.Background(), f.doc, []verify.Source{src("locked.pdf", b)}, verify.Options{})
		var ve *verify.Error
		if !errors.As(err, &ve) || ve.Code != verify.CodeEncrypted || !strings.Contains(ve.Error(), "已加密") {
			t.Errorf("got %v", err)
		}
	})

	t.Run("invalid record", func(t *testing.T) {
		data, _ := form.Sample(form.KindIndividual, false)
		doc, _ := form.DecodeBytes(bytes.Replace(data, []byte(`"name": "张明远"`), []byte(`"name": ""`), 1))
		_, err := verify.Scan(context.Background(), doc, []verify.Source{page}, verify.Options{})
		var ve *verify.Error
		if !errors.As(err, &ve) || ve.Code != verify.CodeInvalidRecord || !strings.Contains(ve.Error(), "电子数据未通过校验") {
			t.Errorf("got %v", err)
		}
	})

	t.Run("no scan", func(t *testing.T) {
		_, err := verify.Scan(context.Background(), f.doc, nil, verify.Options{})
		var ve *verify.Error
		if !errors.As(err, &ve) || ve.Code != verify.CodeNoPages {
			t.Errorf("got %v", err)
		}
	})

	t.Run("timeout", func(t *testing.T) {
		imgs := make([]image.Image, 6)
		for i := range imgs {
			imgs[i] = f.pages[i%len(f.pages)]
		}
		many := pdfSource(t, "many.pdf", imgs...)
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := verify.Scan(ctx, f.doc, []verify.Source{many}, verify.Options{})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("got %v, want the deadline", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("stopped after %v", d)
		}
	})
}

// FuzzScan feeds arbitrary bytes as a scan file: never a panic, always a
// report or a *verify.Error.
func FuzzScan(f *testing.F) {
	fx := sampleFixture(f, form.KindLetter)
	page := jpegSources(f, fx.pages[0])[0]
	b := make([]byte, page.Size)
	page.R.ReadAt(b, 0)
	f.Add(b[:min(len(b), 4096)])
	f.Add(hugePNG(100, 100))
	f.Add([]byte("%PDF-1.4\n%%EOF"))
	f.Add([]byte("II*\x00\x08\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		r, err := verify.Scan(ctx, fx.doc, []verify.Source{src("fuzz", data)}, verify.Options{Workers: 1})
		var ve *verify.Error
		if err != nil && !errors.As(err, &ve) && !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("untyped error %v", err)
		}
		if err == nil && r == nil {
			t.Fatal("no report and no error")
		}
	})
}
