package bundle

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"image"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bast-tools/shenbao/internal/ingest"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// everyKind is one file of each supported kind, with the pages it yields.
func everyKind(t testing.TB) (map[string][]byte, []Entry, map[string]int) {
	files := map[string][]byte{
		"id/身份证正反面.jpg":          encJPEG(t, pagePicture(480, 300), 85),
		"edu/毕业证书.pdf":           textPDF(t, 1, "毕业证书"),
		"edu/学位证书.png":           png16(t),
		"licence/营业执照.pdf":       textPDF(t, 2, "营业执照副本"),
		"photos/现场照片-旋转.jpg":     exifJPEG(t, 300, 400, 6),
		"photos/progressive.jpg": fixture(t, "progressive.jpg"),
		"photos/cmyk.jpg":        fixture(t, "cmyk.jpg"),
		"photos/alpha.png":       pngAlpha(t),
		"photos/palette.png":     encPNG(t, paletted(200, 280)),
		"photos/photo.webp":      fixture(t, "photo.webp"),
		"photos/scan-bmp.bmp":    encBMP(t),
		"photos/scan-gif.gif":    encGIF(t),
		"photos/scan-tif.tif":    encTIFF(t),
		"photos/multipage.tif":   fixture(t, "multipage.tif"),
		"papers/论文.pdf":          textPDF(t, 3, "代表性论文"),
		"papers/owner-only.pdf":  encryptPDF(t, textPDF(t, 1, "仅设权限密码"), "", "owner-secret"),
		"papers/letter.pdf":      letterPDF(t),
	}
	entries := []Entry{
		{Path: "papers/论文.pdf", Category: Publication, Title: "一种配电终端的论文"},
		{Path: "id/身份证正反面.jpg", Category: IDCard},
		{Path: "edu/毕业证书.pdf", Category: Diploma},
		{Path: "edu/学位证书.png", Category: Degree},
		{Path: "licence/营业执照.pdf", Category: BusinessLicence},
		{Path: "photos/现场照片-旋转.jpg", Category: Other},
		{Path: "photos/progressive.jpg", Category: Other},
		{Path: "photos/cmyk.jpg", Category: Other},
		{Path: "photos/alpha.png", Category: Other},
		{Path: "photos/palette.png", Category: Other},
		{Path: "photos/photo.webp", Category: Other},
		{Path: "photos/scan-bmp.bmp", Category: Other},
		{Path: "photos/scan-gif.gif", Category: Other},
		{Path: "photos/scan-tif.tif", Category: Other},
		{Path: "photos/multipage.tif", Category: Other},
		{Path: "papers/owner-only.pdf", Category: Publication},
		{Path: "papers/letter.pdf", Category: Award},
	}
	pages := map[string]int{"edu/毕业证书.pdf": 1, "licence/营业执照.pdf": 2, "papers/论文.pdf": 3, "photos/multipage.tif": 2}
	return files, entries, pages
}

func buildDir(t testing.TB, dir string, m Manifest, opt Options) (*Report, []byte) {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	var out bytes.Buffer
	rep, err := Build(context.Background(), root.FS(), m, &out, opt)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return rep, out.Bytes()
}

func TestBuildEveryKind(t *testing.T) {
	dir := t.TempDir()
	files, entries, pages := everyKind(t)
	writeFiles(t, dir, files)
	cover := Cover{Applicant: "陈立航", Organisation: "北京华晟智能装备有限公司", Programme: "2026年卓越工程师成长计划", Date: "2026-04-20"}
	links := []Link{{Row: "论文著作 第1行", File: "论文.pdf"}, {Row: "专利 第2行", File: "不存在.pdf"}}
	rep, pdf := buildDir(t, dir, Manifest{Files: entries}, Options{Cover: cover, Links: links})

	for _, f := range rep.Files {
		if f.Status != StatusOK {
			t.Errorf("%s: %s %s", f.File, f.Code, f.Message)
		}
		if want := max(1, pages[f.File]); f.Pages != want {
			t.Errorf("%s: %d pages, want %d", f.File, f.Pages, want)
		}
	}
	want := 0
	for _, f := range rep.Files {
		want += f.Pages
	}
	ctx, err := readPDF(pdf)
	if err != nil {
		t.Fatal(err)
	}
	// cover + index + files
	if ctx.PageCount != want+2 || rep.Pages != ctx.PageCount {
		t.Errorf("dossier has %d pages (report %d), want %d", ctx.PageCount, rep.Pages, want+2)
	}

	t.Run("bookmarks", func(t *testing.T) {
		bms, err := api.Bookmarks(bytes.NewReader(pdf), pdfConfig())
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		var cats []string
		for _, b := range bms {
			if len(b.Kids) > 0 {
				cats = append(cats, b.Title)
			}
			for _, k := range b.Kids {
				got[b.Title+"/"+k.Title] = k.PageFrom
			}
		}
		wantCats := []string{"身份证复印件", "最高学历证书", "最高学位证书", "营业执照/法人登记证书", "获奖", "论文著作", "其他"}
		if !slices.Equal(cats, wantCats) {
			t.Errorf("category bookmarks %v, want %v", cats, wantCats)
		}
		for _, f := range rep.Files {
			title := f.Title
			if strings.Contains(title, ".") {
				t.Errorf("bookmark title %q keeps an extension", title)
			}
			if p, ok := got[string(f.Category)+"/"+title]; !ok || p != f.FirstPage {
				t.Errorf("bookmark %s/%s → page %d, want %d", f.Category, title, p, f.FirstPage)
			}
		}
		if got["论文著作/一种配电终端的论文"] == 0 {
			t.Error("manifest title not used as bookmark")
		}
	})

	t.Run("attachment checksums", func(t *testing.T) {
		aa, err := api.ExtractAttachmentsRaw(bytes.NewReader(pdf), "", nil, pdfConfig())
		if err != nil || len(aa) != 1 || aa[0].FileName != "manifest.json" {
			t.Fatalf("attachments %v, %v", aa, err)
		}
		data, _ := io.ReadAll(aa[0])
		if !bytes.Equal(data, rep.Manifest()) {
			t.Error("embedded manifest differs from the one written beside the dossier")
		}
		var prov struct {
			Format string
			Files  []FileReport
		}
		if err := json.Unmarshal(data, &prov); err != nil {
			t.Fatal(err)
		}
		if prov.Format != ManifestFormat || len(prov.Files) != len(entries) {
			t.Fatalf("manifest format %q with %d files", prov.Format, len(prov.Files))
		}
		for _, f := range prov.Files {
			sum := sha256.Sum256(files[f.File])
			if f.SHA256 != hex.EncodeToString(sum[:]) || f.Size != int64(len(files[f.File])) {
				t.Errorf("%s: manifest sha256 %s size %d do not match the input", f.File, f.SHA256, f.Size)
			}
			if len(f.Actions) == 0 && !strings.HasSuffix(f.File, ".pdf") {
				t.Errorf("%s: no actions recorded", f.File)
			}
		}
	})

	t.Run("exif-6 photo is upright", func(t *testing.T) {
		f := fileReport(t, rep, "photos/现场照片-旋转.jpg")
		if !slices.Contains(f.Actions, "rotated_upright: exif_orientation=6") {
			t.Errorf("actions %v", f.Actions)
		}
		img, w, h := pageImage(t, ctx, f.FirstPage)
		if w >= h {
			t.Errorf("page is %v×%v, want portrait", w, h)
		}
		if b := img.Bounds(); b.Dx() >= b.Dy() {
			t.Fatalf("page image %v is landscape", b)
		}
		// The dark bar is at the top of the upright picture, the red disc
		// in the lower right.
		if l := lum(img, 0.5, 0.05); l > 90 {
			t.Errorf("top of page is light (%d): photo not turned upright", l)
		}
		if l := lum(img, 0.5, 0.95); l < 180 {
			t.Errorf("bottom of page is dark (%d): photo upside down or sideways", l)
		}
		if r, g, _, _ := img.At(img.Bounds().Dx()*3/4, img.Bounds().Dy()*3/4).RGBA(); r>>8 < 150 || g>>8 > 90 {
			t.Errorf("red disc not lower right")
		}
	})

	t.Run("transparent png on white", func(t *testing.T) {
		img, _, _ := pageImage(t, ctx, fileReport(t, rep, "photos/alpha.png").FirstPage)
		if l := lum(img, 0.5, 0.5); l < 240 {
			t.Errorf("transparent paper became %d, want white", l)
		}
	})

	t.Run("cmyk colour kept", func(t *testing.T) {
		img, _, _ := pageImage(t, ctx, fileReport(t, rep, "photos/cmyk.jpg").FirstPage)
		r, g, b, _ := img.At(img.Bounds().Dx()*170/240, img.Bounds().Dy()*250/320).RGBA()
		if r>>8 < 150 || g>>8 > 100 || b>>8 > 100 {
			t.Errorf("red disc of CMYK JPEG is %d,%d,%d", r>>8, g>>8, b>>8)
		}
	})

	t.Run("links", func(t *testing.T) {
		if f := fileReport(t, rep, "papers/论文.pdf"); !slices.Equal(f.Links, []string{"论文著作 第1行"}) {
			t.Errorf("links %v", f.Links)
		}
		if len(rep.Checks.BrokenLinks) != 1 || rep.Checks.BrokenLinks[0].File != "不存在.pdf" {
			t.Errorf("broken links %v", rep.Checks.BrokenLinks)
		}
	})

	t.Run("checks", func(t *testing.T) {
		if len(rep.Checks.MissingRequired) != 0 || len(rep.Checks.Duplicates) != 0 || rep.Checks.SealsChecked {
			t.Errorf("checks %+v", rep.Checks)
		}
		if f := fileReport(t, rep, "papers/owner-only.pdf"); !slices.Contains(f.Actions, "owner_password_removed") {
			t.Errorf("owner-password PDF actions %v", f.Actions)
		}
	})

	t.Run("pdfcpu strict validation", func(t *testing.T) {
		conf := pdfConfig()
		conf.ValidationMode = model.ValidationStrict
		if err := api.Validate(bytes.NewReader(pdf), conf); err != nil {
			t.Error(err)
		}
	})

	t.Run("qpdf --check", func(t *testing.T) {
		qpdf, err := exec.LookPath("qpdf")
		if err != nil {
			t.Fatal("qpdf not installed (Debian: apt-get install qpdf)")
		}
		p := filepath.Join(t.TempDir(), "d.pdf")
		os.WriteFile(p, pdf, 0o644)
		if out, err := exec.Command(qpdf, "--check", p).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check: %v\n%s", err, out)
		}
	})

	t.Run("deterministic, inputs untouched", func(t *testing.T) {
		_, again := buildDir(t, dir, Manifest{Files: entries}, Options{Cover: cover, Links: links, Workers: 1})
		if !bytes.Equal(pdf, again) {
			os.WriteFile("/tmp/det1.pdf", pdf, 0o644)
			os.WriteFile("/tmp/det2.pdf", again, 0o644)
			t.Error("two builds of the same input differ")
		}
		for name, data := range files {
			got, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
			if !bytes.Equal(got, data) {
				t.Errorf("%s was modified", name)
			}
		}
	})

	t.Run("fit A4", func(t *testing.T) {
		_, fitted := buildDir(t, dir, Manifest{Files: []Entry{{Path: "papers/letter.pdf", Category: Award}}}, Options{FitA4: true})
		c, err := readPDF(fitted)
		if err != nil {
			t.Fatal(err)
		}
		dims, err := c.PageDims()
		if err != nil {
			t.Fatal(err)
		}
		last := dims[len(dims)-1]
		if d := last.Width - a4W; d*d > 1 || (last.Height-a4H)*(last.Height-a4H) > 1 {
			t.Errorf("letter page is %.1f×%.1f after fitting, want A4", last.Width, last.Height)
		}
	})
}

func fileReport(t testing.TB, rep *Report, name string) FileReport {
	for _, f := range rep.Files {
		if f.File == name {
			return f
		}
	}
	t.Fatalf("%s not in report", name)
	return FileReport{}
}

// pageImage returns the largest image on page p of the dossier and the
// page size in points.
func pageImage(t testing.TB, ctx *model.Context, p int) (image.Image, float64, float64) {
	t.Helper()
	if err := api.OptimizeContext(ctx); err != nil {
		t.Fatal(err)
	}
	imgs, err := pdfcpu.ExtractPageImages(ctx, p, false)
	if err != nil || len(imgs) == 0 {
		t.Fatalf("page %d: no image (%v)", p, err)
	}
	var best image.Image
	for _, im := range imgs {
		data, _ := io.ReadAll(im)
		img, _, err := ingest.Decode(data, 0, ingest.Limits{MinSide: 1})
		if err != nil {
			t.Fatalf("page %d image: %v", p, err)
		}
		if best == nil || img.Bounds().Dx() > best.Bounds().Dx() {
			best = img
		}
	}
	dims, err := ctx.PageDims()
	if err != nil {
		t.Fatal(err)
	}
	return best, dims[p-1].Width, dims[p-1].Height
}

// lum is the 0–255 luminance at relative position (fx, fy).
func lum(img image.Image, fx, fy float64) int {
	b := img.Bounds()
	r, g, bl, _ := img.At(b.Min.X+int(fx*float64(b.Dx()-1)), b.Min.Y+int(fy*float64(b.Dy()-1))).RGBA()
	return int((299*r + 587*g + 114*bl) / 1000 >> 8)
}
