package pdfobj_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/bast-tools/shenbao/internal/pdfobj"
)

// pdfcpu would otherwise create a configuration directory in $HOME.
func init() { model.ConfigPath = "disable" }

// onePage writes a one-page PDF whose page tree is reserved first and
// written last, as the scan simulator does.
func onePage() []byte {
	w := pdfobj.New("1.4", 0)
	w.Add("<< /Type /Catalog /Pages 2 0 R >>", nil)
	tree := w.Reserve()
	content := []byte("0 0 1 rg 100 100 200 300 re f")
	c := w.Add(fmt.Sprintf("<< /Length %d >>", len(content)), content)
	page := w.Add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>", tree, c), nil)
	w.Put(tree, fmt.Sprintf("<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", page), nil)
	return w.Finish("/Root 1 0 R")
}

// xrefOffsets returns the in-use offsets of the last cross-reference table.
func xrefOffsets(t *testing.T, pdf []byte) map[int]int {
	t.Helper()
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindSubmatch(pdf)
	if m == nil {
		t.Fatalf("no startxref at the end:\n%s", pdf[max(0, len(pdf)-200):])
	}
	at, _ := strconv.Atoi(string(m[1]))
	if !bytes.HasPrefix(pdf[at:], []byte("xref\n0 ")) {
		t.Fatalf("startxref %d does not point at the table", at)
	}
	offs := map[int]int{}
	for i, e := range regexp.MustCompile(`(\d{10}) (\d{5}) ([nf]) \n`).FindAllSubmatch(pdf[at:], -1) {
		if string(e[3]) == "n" {
			off, _ := strconv.Atoi(string(e[1]))
			offs[i] = off
		}
	}
	return offs
}

func TestWriterOffsetsAndValidity(t *testing.T) {
	pdf := onePage()
	offs := xrefOffsets(t, pdf)
	if len(offs) != 4 {
		t.Fatalf("%d objects in use, want 4", len(offs))
	}
	for n, off := range offs {
		if want := fmt.Sprintf("%d 0 obj\n", n); !bytes.HasPrefix(pdf[off:], []byte(want)) {
			t.Errorf("object %d: offset %d points at %q", n, off, pdf[off:off+10])
		}
	}
	if !bytes.Equal(pdf, onePage()) {
		t.Error("the same calls gave different bytes")
	}
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	if err := api.Validate(bytes.NewReader(pdf), conf); err != nil {
		t.Errorf("pdfcpu validate: %v", err)
	}
	if qpdf, err := exec.LookPath("qpdf"); err == nil {
		p := filepath.Join(t.TempDir(), "a.pdf")
		if err := os.WriteFile(p, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(qpdf, "--check", p).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check: %v\n%s", err, out)
		}
	}
}

// TestAppendRebuildsTable breaks a file's table and rebuilds it from the
// object positions, as the dossier's repair of broken uploads does.
func TestAppendRebuildsTable(t *testing.T) {
	good := onePage()
	offs := xrefOffsets(t, good)
	broken := good[:bytes.LastIndex(good, []byte("xref\n"))]
	w := pdfobj.Append(broken)
	for n, off := range offs {
		w.Locate(n, off, 0)
	}
	fixed := w.Finish("/Root 1 0 R")
	for n, off := range xrefOffsets(t, fixed) {
		if off != offs[n] {
			t.Errorf("object %d at %d, want %d", n, off, offs[n])
		}
	}
	conf := model.NewDefaultConfiguration()
	if err := api.Validate(bytes.NewReader(fixed), conf); err != nil {
		t.Errorf("pdfcpu validate: %v", err)
	}
}
