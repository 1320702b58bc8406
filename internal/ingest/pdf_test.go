package ingest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/bast-tools/shenbao/internal/hostile"
	. "github.com/bast-tools/shenbao/internal/ingest"
)

// TestNoConfigDir: reading PDFs writes nothing under the user's
// configuration folder (pdfcpu's default would create pdfcpu/ there).
func TestNoConfigDir(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	if _, _, err := ReadPDF(context.Background(), hostile.Plain(), Limits{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(home, ".config", "pdfcpu")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("pdfcpu configuration folder written: %v", err)
	}
}

// TestReadPDFHostile: each hostile PDF is a typed error, read within the
// limits, never a panic.
func TestReadPDFHostile(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		code string
	}{
		{"object stream inside itself", hostile.SelfObjStm(), CodeInternalError},
		{"all entries compressed", hostile.AllCompressed(4), CodeInternalError},
		{"object 2147483647", hostile.HugeObjectNumber(2147483647), CodePDFObjects},
		{"object 2147483647, small /Size", hostile.PDF("/Root 1 0 R", 4,
			hostile.Object{Nr: 1, Body: "<< /Type /Catalog /Pages 2 0 R >>"},
			hostile.Object{Nr: 2, Body: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"},
			hostile.Object{Nr: 3, Body: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"},
			hostile.Object{Nr: 2147483647, Body: "null"}), CodePDFObjects},
		{"content bomb", hostile.ContentBomb(128 << 20), CodePDFBomb},
		{"image bomb", hostile.FlateImageBomb(100, 100, 128<<20, false), CodePDFBomb},
		{"soft mask bomb", hostile.FlateImageBomb(100, 100, 128<<20, true), CodePDFBomb},
		{"object stream bomb", hostile.ObjStmBomb(64 << 20), CodePDFBomb},
		{"pages", hostile.ManyPages(1001), CodeTooManyPages},
		{"huge page", hostile.MediaBox("[0 0 1e308 1e308]"), CodePDFPageSize},
		{"empty page", hostile.MediaBox("[0 0 0 0]"), CodePDFPageSize},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ReadPDF(context.Background(), tc.data, Limits{})
			var e *Error
			if !errors.As(err, &e) || e.Code != tc.code {
				t.Errorf("got %v, want %s", err, tc.code)
			}
		})
	}
}
