package bundle

import (
	"bytes"
	"crypto/sha256"
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// writePDF serialises a renumbered context (see renumber) in object-number
// order with a classic cross-reference table. pdfcpu's own writer emits
// objects in Go map order and stamps the clock into the file; this one is
// a function of the objects alone. The file identifier is a digest of the
// body (PDF 32000-1 14.4 suggests MD5; the first 16 bytes of SHA-256 are as
// unique and, with the CPU's SHA instructions, three times faster).
func writePDF(ctx *model.Context) ([]byte, error) {
	size := *ctx.Size
	// Size the buffer once: the dossier is mostly image streams, and
	// letting it double its way up to tens of MB copies them repeatedly.
	total := 64 + 20*size // header, xref and trailer
	for n := 1; n < size; n++ {
		if e := ctx.Table[n]; e != nil {
			if sd, ok := e.Object.(types.StreamDict); ok {
				// Raw is what gets written; Content (decoded pixels for
				// images) is not, unless Raw is still to be encoded.
				if sd.Raw != nil {
					total += len(sd.Raw)
				} else {
					total += len(sd.Content)
				}
			}
			total += 256
		}
	}
	var body bytes.Buffer
	body.Grow(total)
	body.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, size)
	for n := 1; n < size; n++ {
		e := ctx.Table[n]
		if e == nil || e.Object == nil {
			return nil, fmt.Errorf("object %d missing after renumbering", n)
		}
		offsets[n] = body.Len()
		fmt.Fprintf(&body, "%d 0 obj\n", n)
		switch o := e.Object.(type) {
		case types.StreamDict:
			if o.Raw == nil && o.Content != nil {
				if err := o.Encode(); err != nil {
					return nil, fmt.Errorf("object %d: encode stream: %w", n, err)
				}
			}
			o.Dict["Length"] = types.Integer(len(o.Raw))
			body.WriteString(o.Dict.PDFString())
			body.WriteString("\nstream\n")
			body.Write(o.Raw)
			body.WriteString("\nendstream")
		default:
			body.WriteString(e.Object.PDFString())
		}
		body.WriteString("\nendobj\n")
	}
	sum := sha256.Sum256(body.Bytes())
	id := fmt.Sprintf("%x", sum[:16])
	xref := body.Len()
	fmt.Fprintf(&body, "xref\n0 %d\n0000000000 65535 f \n", size)
	for n := 1; n < size; n++ {
		fmt.Fprintf(&body, "%010d 00000 n \n", offsets[n])
	}
	fmt.Fprintf(&body, "trailer\n<</Size %d/Root %d 0 R", size, ctx.Root.ObjectNumber.Value())
	if ctx.Info != nil {
		fmt.Fprintf(&body, "/Info %d 0 R", ctx.Info.ObjectNumber.Value())
	}
	fmt.Fprintf(&body, "/ID[<%s><%s>]>>\nstartxref\n%d\n%%%%EOF\n", id, id, xref)
	return body.Bytes(), nil
}
