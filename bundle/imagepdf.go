package bundle

import (
	"fmt"
	"strings"

	"github.com/bast-tools/shenbao/internal/pdfobj"
)

// imagePage is one raster page: a JPEG placed at (x, y) with size w×h in
// points on a page of pw×ph points.
type imagePage struct {
	jpeg         []byte
	px, py       int // pixel size
	gray         bool
	pw, ph       float64
	x, y, dw, dh float64
}

// writeImagePDF writes a minimal PDF holding one page per image, the JPEG
// data embedded unchanged (DCTDecode). pdfcpu reads it back for merging;
// writing it by hand keeps image pages cheap and byte-for-byte stable.
func writeImagePDF(pages []imagePage) []byte {
	w := pdfobj.New("1.4", 0)
	w.Add("<< /Type /Catalog /Pages 2 0 R >>", nil)
	var kids strings.Builder
	for i := range pages {
		fmt.Fprintf(&kids, " %d 0 R", 3+3*i)
	}
	w.Add(fmt.Sprintf("<< /Type /Pages /Kids [%s ] /Count %d >>", kids.String(), len(pages)), nil)
	for i, p := range pages {
		content, img := 4+3*i, 5+3*i // the page itself is object 3+3*i
		w.Add(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources << /XObject << /Im0 %d 0 R >> /ProcSet [/PDF /ImageC /ImageB] >> /Contents %d 0 R >>",
			num(p.pw), num(p.ph), img, content), nil)
		cs := fmt.Sprintf("q %s 0 0 %s %s %s cm /Im0 Do Q", num(p.dw), num(p.dh), num(p.x), num(p.y))
		w.Add(fmt.Sprintf("<< /Length %d >>", len(cs)), []byte(cs))
		space := "/DeviceRGB"
		if p.gray {
			space = "/DeviceGray"
		}
		w.Add(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>",
			p.px, p.py, space, len(p.jpeg)), p.jpeg)
	}
	return w.Finish("/Root 1 0 R")
}

// num formats a coordinate with at most 3 decimals and no trailing zeros.
func num(f float64) string {
	s := fmt.Sprintf("%.3f", f)
	for len(s) > 1 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}
