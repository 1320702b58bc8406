package pdfgen_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// importerMain is a Go backend that imports shenbao as a library and renders
// the individual sample, as the README tells one to.
const importerMain = `package main

import (
	"bytes"
	"context"
	"log"
	"os"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/pdfgen"
)

func main() {
	data, err := form.Sample(form.KindIndividual, false)
	if err != nil {
		log.Fatal(err)
	}
	doc, findings, err := form.Read(bytes.NewReader(data), form.Options{})
	if err != nil || len(findings) > 0 {
		log.Fatal(err, findings)
	}
	var out bytes.Buffer
	if _, err := pdfgen.Render(context.Background(), &out, doc, pdfgen.Options{}); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(os.Args[1], out.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}
`

// TestImporterModule builds a module outside the tree that requires
// shenbao (a replace in the importer's own go.mod points at this checkout)
// and checks the PDF it renders: what a library user gets, not what the
// CLI gets. A replace in shenbao's go.mod would not reach such a program,
// so fonts would go unsubsetted and text would not survive Ghostscript.
func TestImporterModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a separate module; not with -short")
	}
	goTool := lookTool(t, "go")
	pdffonts := lookTool(t, "pdffonts")
	pdftotext := lookTool(t, "pdftotext")
	gs := lookTool(t, "gs")

	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gomod := "module example.com/importer\n\ngo 1.26\n\n" +
		"require github.com/bast-tools/shenbao v0.0.0\n\n" +
		"replace github.com/bast-tools/shenbao => " + root + "\n"
	write(t, filepath.Join(dir, "go.mod"), gomod)
	write(t, filepath.Join(dir, "main.go"), importerMain)
	// shenbao's go.sum holds every checksum the importer needs.
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "go.sum"), string(sum))

	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run(goTool, "build", "-o", "importer", ".")
	pdf := filepath.Join(dir, "individual.pdf")
	run(filepath.Join(dir, "importer"), pdf)

	// Every font embedded as a tagged subset with a ToUnicode map.
	fontsOut := run(pdffonts, pdf)
	lines := strings.Split(strings.TrimSpace(fontsOut), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no fonts:\n%s", fontsOut)
	}
	tagged := regexp.MustCompile(`^[A-Z]{6}\+\S+\s.*\byes\s+yes\s+yes\s+\d+\s+\d+\s*$`)
	for _, l := range lines[2:] {
		if !tagged.MatchString(l) {
			t.Errorf("pdffonts: font not an embedded, tagged subset with ToUnicode (want ABCDEF+Name … emb yes sub yes uni yes):\n%s", l)
		}
	}

	// Chinese text survives Ghostscript's pdfwrite, with its new interpreter
	// and the legacy one (the new one mangles surrogate pairs in any
	// ToUnicode map, see internal/gopdf/PATCHES.md; the sample has none).
	text := run(pdftotext, pdf, "-")
	for _, want := range []string{"张明远", "集成电路", "申报书"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext of the importer's PDF lacks %q", want)
		}
	}
	for _, interp := range []string{"-dNEWPDF=true", "-dNEWPDF=false"} {
		rt := filepath.Join(dir, "roundtrip.pdf")
		run(gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", interp, "-sDEVICE=pdfwrite", "-sOutputFile="+rt, pdf)
		after := run(pdftotext, rt, "-")
		if got, want := hanSet(after), hanSet(text); got != want {
			t.Errorf("gs %s pdfwrite: the Chinese characters differ:\n got %s\nwant %s", interp, got, want)
		}
	}
}

// lookTool finds an external program or skips the test naming it.
func lookTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not installed (Debian: poppler-utils, ghostscript; Go on PATH)", name)
	}
	return p
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// hanSet returns the distinct Han characters of s in code point order.
func hanSet(s string) string {
	seen := map[rune]bool{}
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			seen[r] = true
		}
	}
	rs := make([]rune, 0, len(seen))
	for r := range seen {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	return string(rs)
}
