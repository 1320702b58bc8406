package bundle

import (
	"context"
	"image"
	"image/color"
	"testing"
)

// redFinder stands in for verify/seal: a page is judgeable when it has
// colour, and bears a seal when enough pixels are strongly red.
func redFinder(_ context.Context, img image.Image, _ SealKind) (SealVerdict, error) {
	b := img.Bounds()
	var red, colour, n int
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			if max(r, g, bl)-min(r, g, bl) > 30 {
				colour++
			}
			if r > 150 && g < 100 && bl < 100 {
				red++
			}
			n++
		}
	}
	if colour*1000 < n {
		return SealVerdict{Reason: "grayscale"}, nil
	}
	return SealVerdict{Judgeable: true, Found: red*100 > n, Reason: "test finder"}, nil
}

func grayPicture(w, h int) *image.Gray {
	src := pagePicture(w, h)
	g := image.NewGray(src.Rect)
	for y := range h {
		for x := range w {
			g.Set(x, y, color.GrayModel.Convert(src.At(x, y)))
		}
	}
	return g
}

func noSealPicture(w, h int) *image.NRGBA {
	m := pagePicture(w, h)
	for i := 0; i < len(m.Pix); i += 4 {
		if m.Pix[i] == red.R && m.Pix[i+1] == red.G {
			m.Pix[i], m.Pix[i+1], m.Pix[i+2] = ink.R, ink.G, ink.B
		}
	}
	return m
}

func TestSealChecks(t *testing.T) {
	dir := t.TempDir()
	scan := encJPEG(t, pagePicture(300, 420), 85)
	writeFiles(t, dir, map[string][]byte{
		"licence.jpg":        scan,
		"licence-scan.pdf":   writeImagePDF([]imagePage{{jpeg: scan, px: 300, py: 420, pw: a4W, ph: a4H, dw: 300, dh: 420, x: 100, y: 100}}),
		"benefit-gray.png":   encPNG(t, grayPicture(300, 420)),
		"benefit-noseal.jpg": encJPEG(t, noSealPicture(300, 420), 85),
		"benefit-text.pdf":   textPDF(t, 1, "经济效益证明"),
		"other.jpg":          scan,
	})
	m := Manifest{Files: []Entry{
		{Path: "licence.jpg", Category: BusinessLicence},
		{Path: "licence-scan.pdf", Category: BusinessLicence},
		{Path: "benefit-gray.png", Category: BenefitProof},
		{Path: "benefit-noseal.jpg", Category: BenefitProof},
		{Path: "benefit-text.pdf", Category: BenefitProof},
		{Path: "other.jpg", Category: Other},
	}}
	rep, _ := buildDir(t, dir, m, Options{Seals: redFinder})
	want := map[string]struct {
		kind   SealKind
		status string
	}{
		"licence.jpg":        {EmployerSeal, SealFound},
		"licence-scan.pdf":   {EmployerSeal, SealFound},
		"benefit-gray.png":   {FinanceSeal, SealCannotJudge},
		"benefit-noseal.jpg": {FinanceSeal, SealNotFound},
		"benefit-text.pdf":   {FinanceSeal, SealCannotJudge},
	}
	if !rep.Checks.SealsChecked || len(rep.Checks.Seals) != len(want) {
		t.Fatalf("seal checks %+v", rep.Checks.Seals)
	}
	for _, s := range rep.Checks.Seals {
		w, ok := want[s.File]
		if !ok || s.Kind != w.kind || s.Status != w.status {
			t.Errorf("%s: %s %s (%s), want %s %s", s.File, s.Kind, s.Status, s.Reason, w.kind, w.status)
		}
	}
	if !rep.Findings() {
		t.Error("missing and unjudgeable seals are findings")
	}
}
