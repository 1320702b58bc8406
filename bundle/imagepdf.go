package bundle

import (
	"bytes"
	"fmt"
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
	var b bytes.Buffer
	var offs []int
	obj := func(body func()) {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n", len(offs))
		body()
		b.WriteString("\nendobj\n")
	}
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	obj(func() { b.WriteString("<< /Type /Catalog /Pages 2 0 R >>") })
	obj(func() {
		b.WriteString("<< /Type /Pages /Kids [")
		for i := range pages {
			fmt.Fprintf(&b, " %d 0 R", 3+3*i)
		}
		fmt.Fprintf(&b, " ] /Count %d >>", len(pages))
	})
	for i, p := range pages {
		content, img := 4+3*i, 5+3*i // the page itself is object 3+3*i
		obj(func() {
			fmt.Fprintf(&b, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources << /XObject << /Im0 %d 0 R >> /ProcSet [/PDF /ImageC /ImageB] >> /Contents %d 0 R >>",
				num(p.pw), num(p.ph), img, content)
		})
		cs := fmt.Sprintf("q %s 0 0 %s %s %s cm /Im0 Do Q", num(p.dw), num(p.dh), num(p.x), num(p.y))
		obj(func() { fmt.Fprintf(&b, "<< /Length %d >>\nstream\n%s\nendstream", len(cs), cs) })
		space := "/DeviceRGB"
		if p.gray {
			space = "/DeviceGray"
		}
		obj(func() {
			fmt.Fprintf(&b, "<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n",
				p.px, p.py, space, len(p.jpeg))
			b.Write(p.jpeg)
			b.WriteString("\nendstream")
		})
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, xref)
	return b.Bytes()
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
