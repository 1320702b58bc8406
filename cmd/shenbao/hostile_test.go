package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bast-tools/shenbao/internal/hostile"
	"github.com/bast-tools/shenbao/internal/ingest"
)

// TestBundleHostile: files that crash or exhaust a naive reader are each
// their own finding; the dossier of the others is written and the exit
// code is 1 (findings), never a crash.
func TestBundleHostile(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"其他/good.pdf":              hostile.Plain(),
		"其他/self-objstm.pdf":       hostile.SelfObjStm(),
		"其他/all-compressed.pdf":    hostile.AllCompressed(4),
		"其他/object-2147483647.pdf": hostile.HugeObjectNumber(2147483647),
		"其他/pages.pdf":             hostile.ManyPages(12),
	}
	for name, b := range files {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "dossier.pdf")
	t.Setenv("SHENBAO_MAX_PAGES", "10") // the limit from the environment
	stdout, stderr, code := runSealsCmd(t, "bundle", "--dir", dir, "--out", out, "--json", "--no-progress")
	if code != exitFindings {
		t.Fatalf("exit %d, want %d\n%s", code, exitFindings, stderr)
	}
	var rep struct {
		Files []struct{ File, Status, Code string }
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"其他/good.pdf": "", "其他/self-objstm.pdf": "pdf_corrupt", "其他/all-compressed.pdf": "pdf_corrupt",
		"其他/object-2147483647.pdf": "pdf_corrupt", "其他/pages.pdf": "too_many_pages"}
	for _, f := range rep.Files {
		if f.Code != want[f.File] {
			t.Errorf("%s: %s %q, want %q", f.File, f.Status, f.Code, want[f.File])
		}
	}
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		t.Errorf("no dossier: %v", err)
	}
}

// TestSealsHostile: seals names an encrypted PDF as encrypted and a
// hostile one as damaged, and goes on with the other files.
func TestSealsHostile(t *testing.T) {
	t.Chdir(t.TempDir())
	enc, err := hostile.Encrypted(hostile.Plain(), "secret", ingest.Config(ingest.Limits{}))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile("enc.pdf", enc, 0o644)
	os.WriteFile("panic.pdf", hostile.AllCompressed(5), 0o644)
	os.WriteFile("plain.pdf", hostile.Plain(), 0o644)
	stdout, stderr, code := runSealsCmd(t, "seals", "--json", "enc.pdf", "panic.pdf", "plain.pdf")
	if code != exitUsage {
		t.Errorf("exit %d", code)
	}
	for _, s := range []string{`"code": "pdf_encrypted"`, `"code": "corrupt"`, `"reason": "no-image"`} {
		if !strings.Contains(stdout, s) {
			t.Errorf("no %s in\n%s", s, stdout)
		}
	}
	if !strings.Contains(stderr, "enc.pdf：PDF 设有打开密码") {
		t.Errorf("stderr: %s", stderr)
	}
}

// TestWriteFileAtomicNoEarlyTemp: while the output is being made nothing
// is on disk, so a run killed then (kill -9 mid-bundle) leaves no empty
// temporary file; a leftover from a run killed while writing is removed
// by the next run for the same output.
func TestWriteFileAtomicNoEarlyTemp(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "dossier.pdf")
	stale := filepath.Join(dir, ".dossier.pdf.123.tmp")
	os.WriteFile(stale, nil, 0o644)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(stale, old, old)
	err := writeFileAtomic(out, func(w io.Writer) error {
		if es, _ := os.ReadDir(dir); len(es) != 0 {
			t.Errorf("before the first byte: %v on disk", es)
		}
		_, err := w.Write([]byte("%PDF-"))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	es, _ := os.ReadDir(dir)
	if len(es) != 1 || es[0].Name() != "dossier.pdf" {
		t.Errorf("left: %v", es)
	}
}
