package scansim

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"
	"io"
)

// EncodeTIFF writes the images as one uncompressed multi-page RGB TIFF, as
// a document scanner's "multi-page TIFF" output.
func EncodeTIFF(w io.Writer, pages []image.Image) error {
	var buf bytes.Buffer
	le := binary.LittleEndian
	buf.WriteString("II*\x00")
	next := buf.Len()
	buf.Write([]byte{0, 0, 0, 0})
	for _, img := range pages {
		b := img.Bounds()
		pix := make([]byte, 0, 3*b.Dx()*b.Dy())
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bb, _ := img.At(x, y).RGBA()
				pix = append(pix, byte(r>>8), byte(g>>8), byte(bb>>8))
			}
		}
		pixOff := buf.Len()
		buf.Write(pix)
		if buf.Len()%2 == 1 {
			buf.WriteByte(0)
		}
		bpsOff := buf.Len()
		for range 3 {
			buf.Write(le.AppendUint16(nil, 8))
		}
		ifd := buf.Len()
		le.PutUint32(buf.Bytes()[next:], uint32(ifd))
		type entry struct {
			tag, typ uint16
			val      uint32
		}
		const short, long = 3, 4
		es := []entry{
			{256, long, uint32(b.Dx())}, {257, long, uint32(b.Dy())}, {258, short, uint32(bpsOff)},
			{259, short, 1}, {262, short, 2}, {273, long, uint32(pixOff)}, {277, short, 3},
			{278, long, uint32(b.Dy())}, {279, long, uint32(len(pix))}, {284, short, 1},
		}
		buf.Write(le.AppendUint16(nil, uint16(len(es))))
		for _, e := range es {
			buf.Write(le.AppendUint16(nil, e.tag))
			buf.Write(le.AppendUint16(nil, e.typ))
			cnt := uint32(1)
			if e.tag == 258 {
				cnt = 3
			}
			buf.Write(le.AppendUint32(nil, cnt))
			if e.typ == short && cnt == 1 {
				buf.Write(le.AppendUint16(nil, uint16(e.val)))
				buf.Write([]byte{0, 0})
			} else {
				buf.Write(le.AppendUint32(nil, e.val))
			}
		}
		next = buf.Len()
		buf.Write([]byte{0, 0, 0, 0})
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// EncodePDF writes a PDF with one A4 page per image, each image JPEG-encoded
// (DCTDecode) and filling its page, as a scanner's "scan to PDF" does. A
// nil image makes a page with no image.
func EncodePDF(w io.Writer, pages []image.Image) error {
	var out bytes.Buffer
	var offs []int
	obj := func(body string, stream []byte) int {
		offs = append(offs, out.Len())
		n := len(offs)
		fmt.Fprintf(&out, "%d 0 obj\n%s", n, body)
		if stream != nil {
			out.WriteString("\nstream\n")
			out.Write(stream)
			out.WriteString("\nendstream")
		}
		out.WriteString("\nendobj\n")
		return n
	}
	out.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	// Objects 1 and 2 are the catalog and page tree; pages follow.
	obj("<< /Type /Catalog /Pages 2 0 R >>", nil)
	offs = append(offs, 0) // page tree, written last
	const pw, ph = 595.28, 841.89
	var kids []int
	for _, img := range pages {
		res := "<< >>"
		content := []byte{}
		if img != nil {
			var jb bytes.Buffer
			if err := jpeg.Encode(&jb, img, &jpeg.Options{Quality: 90}); err != nil {
				return err
			}
			b := img.Bounds()
			cs := "/DeviceRGB"
			if _, ok := img.(*image.Gray); ok {
				cs = "/DeviceGray"
			}
			im := obj(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>", b.Dx(), b.Dy(), cs, jb.Len()), jb.Bytes())
			res = fmt.Sprintf("<< /XObject << /Im0 %d 0 R >> >>", im)
			content = fmt.Appendf(nil, "q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q", pw, ph)
		}
		c := obj(fmt.Sprintf("<< /Length %d >>", len(content)), content)
		kids = append(kids, obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources %s /Contents %d 0 R >>", pw, ph, res, c), nil))
	}
	offs[1] = out.Len()
	var kb bytes.Buffer
	for _, k := range kids {
		fmt.Fprintf(&kb, "%d 0 R ", k)
	}
	fmt.Fprintf(&out, "2 0 obj\n<< /Type /Pages /Kids [%s] /Count %d >>\nendobj\n", kb.String(), len(kids))
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&out, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, xref)
	bw := bufio.NewWriter(w)
	if _, err := bw.Write(out.Bytes()); err != nil {
		return err
	}
	return bw.Flush()
}
