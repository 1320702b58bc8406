package bundle

import (
	"bytes"
	"context"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/bast-tools/shenbao/internal/hostile"
)

// hostileFiles are uploads built to crash, exhaust or stall a reader
// (issue 9), each with the finding it must become.
func hostileFiles(t testing.TB) map[string]struct {
	data []byte
	cat  Category
	code string
} {
	type hf = struct {
		data []byte
		cat  Category
		code string
	}
	return map[string]hf{
		// Panics inside pdfcpu.
		"self-objstm.pdf":     {hostile.SelfObjStm(), Other, CodePDFCorrupt},
		"all-compressed.pdf":  {hostile.AllCompressed(4), Other, CodePDFCorrupt},
		"all-compressed5.pdf": {hostile.AllCompressed(5), Publication, CodePDFCorrupt},
		"objstm-range.pdf":    {hostile.ObjStmOutOfRange(), Other, CodePDFCorrupt},
		// Tables sized by what the file claims.
		"object-2147483647.pdf": {hostile.HugeObjectNumber(2147483647), Other, CodePDFCorrupt},
		"object-20000000.pdf":   {hostile.HugeObjectNumber(20_000_000), Other, CodePDFCorrupt},
		// Decompression bombs inside PDFs: the seal categories decode
		// page images, every category stamps page contents.
		"image-bomb.pdf":   {hostile.FlateImageBomb(100, 100, 1<<30, false), BusinessLicence, CodePDFStreamTooLarge},
		"smask-bomb.pdf":   {hostile.FlateImageBomb(100, 100, 1<<30, true), Other, CodePDFStreamTooLarge},
		"content-bomb.pdf": {hostile.ContentBomb(1 << 30), Other, CodePDFStreamTooLarge},
		"objstm-bomb.pdf":  {hostile.ObjStmBomb(256 << 20), Other, CodePDFStreamTooLarge},
		// Images whose cost the pixel count alone misjudges.
		"rgba16.png":     {hostile.PNGBomb(10000, 10000, 6, 16), Other, CodeImageTooLarge},
		"scans.jpg":      {hostile.RepeatedScans(512, 512, 5000), Other, CodeImageTooLarge},
		"4-pages.tif":    {hostile.TIFFPages(4, 3000, 3000), Other, ""}, // decoded one page at a time
		"pages-5000.pdf": {hostile.ManyPages(5000), Other, CodeTooManyPages},
		// Page sizes that are not sizes.
		"mediabox-huge.pdf": {hostile.MediaBox("[0 0 1e308 1e308]"), Other, CodePDFPageSize},
		"mediabox-zero.pdf": {hostile.MediaBox("[0 0 0 0]"), Other, CodePDFPageSize},
		"mediabox-nan.pdf":  {hostile.MediaBox("[0 0 -5 842]"), Other, CodePDFPageSize},
	}
}

// TestHostileFiles builds a dossier of one good file and every hostile
// one: each hostile file is its own finding (or, where the bomb is in a
// part never decoded, a good file), the good file is in the dossier, and
// nothing panics. TestHostileMemory runs it under an address-space limit.
func TestHostileFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds multi-GB bombs")
	}
	files := fstest.MapFS{"good.pdf": {Data: textPDF(t, 1, "正常的证明材料")}}
	m := Manifest{Files: []Entry{{Path: "good.pdf", Category: Diploma}}}
	cases := hostileFiles(t)
	for name, c := range cases {
		files[name] = &fstest.MapFile{Data: c.data}
		m.Files = append(m.Files, Entry{Path: name, Category: c.cat})
	}
	start := time.Now()
	var out bytes.Buffer
	rep, err := Build(context.Background(), files, m, &out, Options{Seals: RedSeals, Workers: 2})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	t.Logf("%d hostile files in %v", len(cases), time.Since(start))
	for _, f := range rep.Files {
		if f.File == "good.pdf" {
			if f.Status != StatusOK || f.FirstPage == 0 {
				t.Errorf("good file: %+v", f)
			}
			continue
		}
		want := cases[f.File].code
		if f.Code != want {
			t.Errorf("%s: code %q (%s), want %q", f.File, f.Code, f.Message, want)
		}
		if want != "" && !strings.Contains(f.Message, "请") {
			t.Errorf("%s: message %q says nothing to do", f.File, f.Message)
		}
	}
	if !rep.Findings() {
		t.Error("no findings")
	}
	if _, err := readPDF(out.Bytes()); err != nil {
		t.Errorf("dossier unreadable: %v", err)
	}
}

// TestHostileMemory runs TestHostileFiles in a child process limited to
// 2 GiB of address space (as a container would be): a Go out-of-memory is
// fatal, so an allocation sized by the input would kill the child.
func TestHostileMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds multi-GB bombs")
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	cmd := exec.Command("sh", "-c", `ulimit -v 2097152 && exec "$0" -test.run '^TestHostileFiles$' -test.v`, os.Args[0])
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("under a 2 GiB limit: %v\n%s", err, lastLines(out, 30))
	}
	if !bytes.Contains(out, []byte("--- PASS: TestHostileFiles")) {
		t.Fatalf("child did not pass:\n%s", lastLines(out, 30))
	}
	t.Logf("%s", lastLines(out, 4))
}

func lastLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// TestPanickingStep injects a panic into one file's processing (the seal
// finder, which runs on every page of the seal categories): that file is
// a finding, the others are in the dossier.
func TestPanickingStep(t *testing.T) {
	files := fstest.MapFS{
		"licence.jpg": {Data: encJPEG(t, pagePicture(480, 640), 85)},
		"diploma.pdf": {Data: textPDF(t, 1, "毕业证书")},
	}
	m := Manifest{Files: []Entry{{Path: "licence.jpg", Category: BusinessLicence}, {Path: "diploma.pdf", Category: Diploma}}}
	boom := func(context.Context, image.Image, SealKind) (SealVerdict, error) { panic("injected") }
	var out bytes.Buffer
	rep, err := Build(context.Background(), files, m, &out, Options{Seals: boom})
	if err != nil {
		t.Fatal(err)
	}
	if f := fileReport(t, rep, "licence.jpg"); f.Status != StatusError || f.Code != CodeImageCorrupt {
		t.Errorf("licence: %+v", f)
	}
	if f := fileReport(t, rep, "diploma.pdf"); f.Status != StatusOK || f.FirstPage == 0 {
		t.Errorf("diploma: %+v", f)
	}
}

// TestTooManyFiles: a manifest over the limit fails at once.
func TestTooManyFiles(t *testing.T) {
	m := Manifest{}
	for i := range 11 {
		m.Files = append(m.Files, Entry{Path: "f" + strconv.Itoa(i) + ".pdf", Category: Other})
	}
	_, err := Build(context.Background(), fstest.MapFS{}, m, &bytes.Buffer{}, Options{Limits: Limits{MaxFiles: 10}})
	var be *Error
	if !errorAs(err, &be) || be.Code != CodeTooManyFiles {
		t.Fatalf("got %v", err)
	}
}

func errorAs(err error, be **Error) bool {
	e, ok := err.(*Error)
	*be = e
	return ok
}

// TestSpecialFiles: a named pipe is reported, not skipped and not waited
// on; a symbolic link to nothing is named as such, one leaving the folder
// is refused.
func TestSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string][]byte{"good.pdf": textPDF(t, 1, "证书")})
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.pdf"), 0o600); err != nil {
		t.Skip(err)
	}
	os.Symlink("missing.pdf", filepath.Join(dir, "dangling.pdf"))
	os.Symlink("/etc/hostname", filepath.Join(dir, "outside.pdf"))
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	m, err := ScanDir(root.FS())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	rep, err := Build(ctx, root.FS(), m, &bytes.Buffer{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for file, code := range map[string]string{"pipe.pdf": CodeNotRegular, "dangling.pdf": CodeFileMissing, "outside.pdf": CodePathOutside, "good.pdf": ""} {
		f := fileReport(t, rep, file)
		if f.Code != code {
			t.Errorf("%s: %q %s, want %q", file, f.Code, f.Message, code)
		}
	}
	if f := fileReport(t, rep, "dangling.pdf"); !strings.Contains(f.Message, "符号链接") {
		t.Errorf("dangling link: %s", f.Message)
	}
}

// TestControlCharacters: control and bidi characters in file names,
// manifest titles, the cover and the watermark are left out of what is
// drawn and reported on the file, instead of failing the dossier (no
// font has a glyph for them).
func TestControlCharacters(t *testing.T) {
	pdf := textPDF(t, 1, "证书")
	files := fstest.MapFS{
		"tab\there.pdf":     {Data: pdf},
		"bell\a\x00.pdf":    {Data: pdf},
		"身份证\x01.pdf":       {Data: pdf},
		"plain.pdf":         {Data: pdf},
		"not-a-pdf\x1b.txt": {Data: []byte("text")},
	}
	m := Manifest{Files: []Entry{
		{Path: "tab\there.pdf", Category: Award},
		{Path: "bell\a\x00.pdf", Category: Award, Title: "获奖\u202e证书\x7f"},
		{Path: "身份证\x01.pdf", Category: IDCard},
		{Path: "plain.pdf", Category: Award},
		{Path: "not-a-pdf\x1b.txt", Category: Other},
	}}
	var out bytes.Buffer
	rep, err := Build(context.Background(), files, m, &out, Options{Cover: Cover{Applicant: "张\a明远\t", Date: "2026-04-20"}, Watermark: "仅供\x00申报"})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	for _, f := range rep.Files {
		if f.File == "not-a-pdf\x1b.txt" {
			if f.Code != CodeFormatUnknown {
				t.Errorf("%q: %s", f.File, f.Code)
			}
			continue
		}
		if f.Status != StatusOK {
			t.Errorf("%q: %s %s", f.File, f.Code, f.Message)
		}
		reported := slices.ContainsFunc(f.Actions, func(a string) bool { return strings.HasPrefix(a, "control_characters_not_drawn") })
		if reported != (f.File != "plain.pdf") {
			t.Errorf("%q: actions %v", f.File, f.Actions)
		}
	}
	text := pdfText(t, out.Bytes())
	if !strings.Contains(text, "张明远") || !strings.Contains(text, "tab here") || strings.ContainsAny(text, "\a\x00\u202e") {
		t.Errorf("drawn text: %q", text)
	}
}

// pdfText is the text pdftotext extracts from pdf.
func pdfText(t testing.TB, pdf []byte) string {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestManyPages: a dossier of several 1000-page files is stamped in time
// linear in its pages (a balanced page tree), and files past the total
// page limit are findings.
func TestManyPages(t *testing.T) {
	files := fstest.MapFS{}
	m := Manifest{}
	for i := range 3 {
		name := "p" + strconv.Itoa(i) + ".pdf"
		files[name] = &fstest.MapFile{Data: hostile.ManyPages(1000)}
		m.Files = append(m.Files, Entry{Path: name, Category: Other})
	}
	var out bytes.Buffer
	rep, err := Build(context.Background(), files, m, &out, Options{Limits: Limits{MaxTotalPages: 2500}})
	if err != nil {
		t.Fatal(err)
	}
	if f := fileReport(t, rep, "p2.pdf"); f.Code != CodeTotalPages {
		t.Errorf("third file: %+v", f)
	}
	pc, err := readPDF(out.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if pc.PageCount != rep.Pages || rep.Pages < 2000 {
		t.Errorf("%d pages, report %d", pc.PageCount, rep.Pages)
	}
}
