// Package hostile builds the malicious uploads of issue 9 for tests and
// fuzz corpora: PDFs that crash, exhaust or stall a naive reader, and
// images whose headers lie about their cost. Every builder is small and
// deterministic; the bombs are a few MB on disk and many GB decoded.
package hostile

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// Object is one indirect object of a PDF built by PDF: its number and its
// body (what goes between "n 0 obj" and "endobj").
type Object struct {
	Nr   int
	Body string
}

// PDF writes objs with a classic cross-reference table and the trailer
// entries given (e.g. "/Root 1 0 R"). Size, when 0, is one more than the
// highest object number.
func PDF(trailer string, size int, objs ...Object) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offs := map[int]int{}
	maxNr := 0
	for _, o := range objs {
		offs[o.Nr] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", o.Nr, o.Body)
		maxNr = max(maxNr, o.Nr)
	}
	if size == 0 {
		size = maxNr + 1
	}
	xref := b.Len()
	// Sections only for the objects present, so that a huge object number
	// costs nothing on disk.
	b.WriteString("xref\n0 1\n0000000000 65535 f \n")
	for _, o := range objs {
		fmt.Fprintf(&b, "%d 1\n%010d 00000 n \n", o.Nr, offs[o.Nr])
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n", size, trailer, xref)
	return b.Bytes()
}

// Stream is the body of a stream object with dictionary entries dict.
func Stream(dict string, data []byte) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

// Page objects of a one-page document: 1 catalog, 2 pages, 3 page with
// the given resources and content object 4.
func onePage(resources string, content []byte, more ...Object) []byte {
	objs := []Object{
		{1, "<< /Type /Catalog /Pages 2 0 R >>"},
		{2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"},
		{3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + resources + " /Contents 4 0 R >>"},
		{4, Stream("", content)},
	}
	return PDF("/Root 1 0 R", 0, append(objs, more...)...)
}

// Plain is a valid one-page PDF drawing a line of text-free graphics.
func Plain() []byte {
	return onePage("<< >>", []byte("0 0 m 100 100 l S"))
}

// MediaBox is a one-page PDF whose page has the given MediaBox array, e.g.
// "[0 0 1e308 1e308]" or "[0 0 0 0]".
func MediaBox(box string) []byte {
	return PDF("/Root 1 0 R", 0,
		Object{1, "<< /Type /Catalog /Pages 2 0 R >>"},
		Object{2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"},
		Object{3, "<< /Type /Page /Parent 2 0 R /MediaBox " + box + " /Contents 4 0 R >>"},
		Object{4, Stream("", []byte("0 0 m 10 10 l S"))},
	)
}

// HugeObjectNumber holds an object numbered nr (2147483647 in the issue)
// and a trailer /Size to match, in under 1 KB: readers that size tables
// by /Size allocate gigabytes.
func HugeObjectNumber(nr int) []byte {
	return PDF("/Root 1 0 R", nr+1,
		Object{1, "<< /Type /Catalog /Pages 2 0 R >>"},
		Object{2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"},
		Object{3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"},
		Object{4, Stream("", []byte("0 0 m 10 10 l S"))},
		Object{nr, "<< /Junk true >>"},
	)
}

// ManyPages is an n-page document with every page a direct kid of one
// Pages node (a flat tree) sharing one small content stream: about 100
// bytes per page.
func ManyPages(n int) []byte {
	objs := []Object{
		{1, "<< /Type /Catalog /Pages 2 0 R >>"},
		{3, Stream("", []byte("0 0 m 10 10 l S"))},
	}
	var kids strings.Builder
	for i := range n {
		nr := 4 + i
		fmt.Fprintf(&kids, "%d 0 R ", nr)
		objs = append(objs, Object{nr, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"})
	}
	objs = append(objs, Object{2, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids.String(), n)})
	return PDF("/Root 1 0 R", 0, objs...)
}

// xrefStreamPDF writes objs, then an xref stream (object xrefNr) whose
// rows are given by row(nr) for nr in 0..size-1 as (type, field2, field3).
func xrefStreamPDF(objs []Object, xrefNr, size int, row func(nr int, offs map[int]int, xrefOff int) (byte, uint32, uint16)) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offs := map[int]int{}
	for _, o := range objs {
		offs[o.Nr] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", o.Nr, o.Body)
	}
	xrefOff := b.Len()
	var rows bytes.Buffer
	for nr := range size {
		t, f2, f3 := row(nr, offs, xrefOff)
		rows.WriteByte(t)
		binary.Write(&rows, binary.BigEndian, f2)
		binary.Write(&rows, binary.BigEndian, f3)
	}
	fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", xrefNr,
		Stream(fmt.Sprintf("/Type /XRef /Size %d /W [1 4 2] /Root 1 0 R", size), rows.Bytes()))
	fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", xrefOff)
	return b.Bytes()
}

// objStm is the body of an object stream holding objs.
func objStm(objs ...Object) string {
	var head, body strings.Builder
	for _, o := range objs {
		fmt.Fprintf(&head, "%d %d ", o.Nr, body.Len())
		body.WriteString(o.Body)
		body.WriteString("\n")
	}
	return Stream(fmt.Sprintf("/Type /ObjStm /N %d /First %d", len(objs), head.Len()), []byte(head.String()+body.String()))
}

// pagesInObjStm is the xref rows of a file whose objects 1–3 (catalog,
// pages, page) are in object stream 4 and whose xref stream is object 5;
// the row of object 4 itself is what self gives.
func pagesInObjStm(self func(offs map[int]int) (byte, uint32, uint16)) func(int, map[int]int, int) (byte, uint32, uint16) {
	return func(nr int, offs map[int]int, xrefOff int) (byte, uint32, uint16) {
		switch nr {
		case 0:
			return 0, 0, 65535
		case 1, 2, 3:
			return 2, 4, uint16(nr - 1)
		case 4:
			return self(offs)
		}
		return 1, uint32(xrefOff), 0
	}
}

// SelfObjStm is a PDF whose object stream (object 4) is listed in the
// xref stream as compressed inside itself.
func SelfObjStm() []byte {
	objs := []Object{
		{4, objStm(Object{1, "<< /Type /Catalog /Pages 2 0 R >>"}, Object{2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"}, Object{3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"})},
	}
	return xrefStreamPDF(objs, 5, 6, pagesInObjStm(func(map[int]int) (byte, uint32, uint16) {
		return 2, 4, 3 // the object stream inside itself
	}))
}

// AllCompressed is a PDF whose xref stream lists every object, itself and
// the object stream included, as type 2 (compressed) entries of object
// stream objStmNr.
func AllCompressed(objStmNr int) []byte {
	objs := []Object{
		{4, objStm(Object{1, "<< /Type /Catalog /Pages 2 0 R >>"}, Object{2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"}, Object{3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"})},
	}
	return xrefStreamPDF(objs, 5, 6, func(nr int, _ map[int]int, _ int) (byte, uint32, uint16) {
		return 2, uint32(objStmNr), uint16(nr)
	})
}

// ObjStmOutOfRange lists objects at indexes past the object stream's /N
// and an object stream number no object has.
func ObjStmOutOfRange() []byte {
	objs := []Object{
		{4, objStm(Object{1, "<< /Type /Catalog /Pages 2 0 R >>"}, Object{2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"})},
	}
	return xrefStreamPDF(objs, 5, 7, func(nr int, offs map[int]int, xrefOff int) (byte, uint32, uint16) {
		switch nr {
		case 0:
			return 0, 0, 65535
		case 1, 2:
			return 2, 4, uint16(nr - 1)
		case 3:
			return 2, 4, 60000
		case 4:
			return 1, uint32(offs[4]), 0
		case 6:
			return 2, 99999, 0
		}
		return 1, uint32(xrefOff), 0
	})
}

// ZerosZlib is a zlib stream that inflates to n zero bytes (n a multiple
// of 1 MiB), about 1 KB per MiB: deflate blocks after the first refer only
// to the zeros before them, so one block repeated makes any length.
func ZerosZlib(n int64) []byte {
	const mib = 1 << 20
	var first, rest bytes.Buffer
	zw, _ := flate.NewWriter(&first, flate.BestCompression)
	zero := make([]byte, mib)
	zw.Write(zero)
	zw.Flush()
	zw.Reset(&rest)
	// A fresh writer has no history; prime it with zeros whose output is
	// discarded, so the next block is the steady-state repeatable one.
	var sink bytes.Buffer
	zw.Reset(&sink)
	zw.Write(zero)
	zw.Flush()
	start := sink.Len()
	zw.Write(zero)
	zw.Flush()
	block := bytes.Clone(sink.Bytes()[start:])
	var out bytes.Buffer
	out.Write([]byte{0x78, 0xda})
	out.Write(first.Bytes())
	for range n/mib - 1 {
		out.Write(block)
	}
	out.Write([]byte{0x01, 0x00, 0x00, 0xff, 0xff}) // final empty stored block
	// Adler-32 of n zeros: a = 1, b = n mod 65521.
	binary.Write(&out, binary.BigEndian, uint32((n%65521)<<16|1))
	return out.Bytes()
}

// FlateImageBomb is a one-page PDF showing a w×h RGB image whose Flate
// stream inflates to decoded bytes (the header claims w×h×3); with smask
// the image has a soft mask that is the bomb instead.
func FlateImageBomb(w, h int, decoded int64, smask bool) []byte {
	bomb := ZerosZlib(decoded)
	small := ZerosZlib(1 << 20)
	img, mask := bomb, small
	if smask {
		img, mask = small, bomb
	}
	return onePage("<< /XObject << /Im0 5 0 R >> >>", []byte("q 500 0 0 700 50 50 cm /Im0 Do Q"),
		Object{5, Stream(fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /SMask 6 0 R", w, h), img)},
		Object{6, Stream(fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", w, h), mask)},
	)
}

// ContentBomb is a one-page PDF whose content stream inflates to decoded
// bytes of zeros.
func ContentBomb(decoded int64) []byte {
	return PDF("/Root 1 0 R", 0,
		Object{1, "<< /Type /Catalog /Pages 2 0 R >>"},
		Object{2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"},
		Object{3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"},
		Object{4, Stream("/Filter /FlateDecode", ZerosZlib(decoded))},
	)
}

// ObjStmBomb is a PDF whose pages live in an object stream that inflates
// to decoded bytes (the objects, then zeros).
func ObjStmBomb(decoded int64) []byte {
	// The objects come first in the decoded data, so a reader that stops
	// early would find them; the zeros after them are the bomb.
	head := "1 0 2 48 3 96 "
	body := fmt.Sprintf("%-48s%-48s%-48s", "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
	prefix := []byte(head + body)
	// Deflate the prefix, then the zeros, as one zlib stream.
	var b bytes.Buffer
	b.Write([]byte{0x78, 0xda})
	zw, _ := flate.NewWriter(&b, flate.BestCompression)
	zw.Write(prefix)
	zw.Flush()
	zeros := ZerosZlib(decoded)
	b.Write(zeros[2 : len(zeros)-4-5]) // the zero blocks, without zlib header, final block and checksum
	b.Write([]byte{0x01, 0x00, 0x00, 0xff, 0xff})
	binary.Write(&b, binary.BigEndian, uint32(0)) // wrong checksum: the reader must stop long before it
	objs := []Object{{4, Stream(fmt.Sprintf("/Type /ObjStm /N 3 /First %d /Filter /FlateDecode", len(head)), b.Bytes())}}
	return xrefStreamPDF(objs, 5, 6, pagesInObjStm(func(offs map[int]int) (byte, uint32, uint16) {
		return 1, uint32(offs[4]), 0
	}))
}

// PNGBomb is a PNG of w×h pixels with the given colour type and bit depth
// (6 and 16: RGBA, 8 bytes a pixel) whose pixels are all zero, about 1 KB
// per decoded MiB. w×h×bytes per pixel, plus one filter byte per row,
// must be a multiple of 1 MiB for the size to be exact; the decoder fails
// (or stops) at the end either way.
func PNGBomb(w, h int, colorType, depth byte) []byte {
	bpp := map[byte]int{0: 1, 2: 3, 4: 2, 6: 4}[colorType] * int(depth) / 8
	raw := int64(h) * int64(1+w*bpp)
	n := (raw + 1<<20 - 1) &^ (1<<20 - 1)
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		c := crc32.NewIEEE()
		c.Write([]byte(typ))
		c.Write(data)
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, c.Sum32())
	}
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = depth, colorType
	chunk("IHDR", ihdr[:])
	chunk("IDAT", ZerosZlib(n))
	chunk("IEND", nil)
	return b.Bytes()
}

// RepeatedScans is a progressive JPEG of w×h whose last refinement scan
// is repeated n times: each scan costs a pass over every block.
func RepeatedScans(w, h, n int) []byte {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	var b bytes.Buffer
	jpeg.Encode(&b, img, &jpeg.Options{Quality: 90})
	base := b.Bytes()
	// The baseline JPEG becomes progressive by rewriting SOF0 to SOF2 and
	// its one full scan to a DC-first scan; then AC refinement scans of
	// zeros (no coefficient changes) are added, n of them.
	sof := bytes.Index(base, []byte{0xff, 0xc0})
	sos := bytes.Index(base, []byte{0xff, 0xda})
	out := bytes.Clone(base[:sos])
	out[sof+1] = 0xc2
	// DC first scan: Ss=0 Se=0 Ah=0 Al=0, one component, DC table 0. The
	// entropy data of a baseline scan is not valid for it, but a decoder
	// reads it as DC data and stops at the next marker.
	out = append(out, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00)
	out = append(out, 0x00) // a little entropy data
	// AC first scans with EOB runs covering all blocks need an AC table;
	// the baseline's table 0 holds code 0x00 (EOB), so every block is one
	// EOB: a scan of cheap but complete passes.
	eobs := bytes.Repeat([]byte{0x00}, (w/8)*(h/8)/8+1)
	for range n {
		out = append(out, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x01, 0x3f, 0x00)
		out = append(out, eobs...)
	}
	return append(out, 0xff, 0xd9)
}

// TIFFPages is a classic little-endian TIFF of n pages, each w×h 8-bit
// gray, all pages sharing one strip of zeros compressed with Deflate: a
// few KB on disk whatever the page size.
func TIFFPages(n, w, h int) []byte {
	strip := ZerosZlib(int64((w*h + 1<<20 - 1) &^ (1<<20 - 1)))
	var b bytes.Buffer
	le := binary.LittleEndian
	b.WriteString("II*\x00")
	binary.Write(&b, le, uint32(8+len(strip)))
	b.Write(strip)
	const entries = 9
	ifdSize := 2 + 12*entries + 4
	for p := range n {
		off := b.Len()
		next := uint32(0)
		if p < n-1 {
			next = uint32(off + ifdSize)
		}
		binary.Write(&b, le, uint16(entries))
		tag := func(t, typ uint16, v uint32) {
			binary.Write(&b, le, t)
			binary.Write(&b, le, typ)
			binary.Write(&b, le, uint32(1))
			if typ == 3 {
				binary.Write(&b, le, uint16(v))
				binary.Write(&b, le, uint16(0))
			} else {
				binary.Write(&b, le, v)
			}
		}
		tag(256, 4, uint32(w))
		tag(257, 4, uint32(h))
		tag(258, 3, 8)
		tag(259, 3, 8) // Deflate
		tag(262, 3, 1) // BlackIsZero
		tag(273, 4, 8) // strip offset
		tag(277, 3, 1)
		tag(278, 4, uint32(h))
		tag(279, 4, uint32(len(strip)))
		binary.Write(&b, le, next)
	}
	return b.Bytes()
}

// Encrypted is pdf encrypted (AES-128) with the given open password,
// by pdfcpu configured with conf (e.g. ingest.Config).
func Encrypted(pdf []byte, user string, conf *model.Configuration) ([]byte, error) {
	c := *conf
	c.UserPW, c.OwnerPW = user, user+"-owner"
	c.EncryptUsingAES, c.EncryptKeyLength = true, 128
	var b bytes.Buffer
	err := api.Encrypt(bytes.NewReader(pdf), &b, &c)
	return b.Bytes(), err
}
