package scansim

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"strings"

	"github.com/bast-tools/shenbao/internal/pdfobj"
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
	pw := pdfobj.New("1.4", 0)
	pw.Add("<< /Type /Catalog /Pages 2 0 R >>", nil)
	tree := pw.Reserve() // the page tree, written once the pages are
	const width, height = 595.28, 841.89
	var kids strings.Builder
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
			im := pw.Add(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>", b.Dx(), b.Dy(), cs, jb.Len()), jb.Bytes())
			res = fmt.Sprintf("<< /XObject << /Im0 %d 0 R >> >>", im)
			content = fmt.Appendf(nil, "q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q", width, height)
		}
		c := pw.Add(fmt.Sprintf("<< /Length %d >>", len(content)), content)
		fmt.Fprintf(&kids, "%d 0 R ", pw.Add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] /Resources %s /Contents %d 0 R >>", tree, width, height, res, c), nil))
	}
	pw.Put(tree, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids.String(), len(pages)), nil)
	out := pw.Finish("/Root 1 0 R")
	bw := bufio.NewWriter(w)
	if _, err := bw.Write(out); err != nil {
		return err
	}
	return bw.Flush()
}
