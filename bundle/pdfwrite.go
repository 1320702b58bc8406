package bundle

import (
	"crypto/sha256"
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/bast-tools/shenbao/internal/pdfobj"
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
	w := pdfobj.New("1.7", total)
	for n := 1; n < size; n++ {
		e := ctx.Table[n]
		if e == nil || e.Object == nil {
			return nil, fmt.Errorf("object %d missing after renumbering", n)
		}
		switch o := e.Object.(type) {
		case types.StreamDict:
			if o.Raw == nil && o.Content != nil {
				if err := o.Encode(); err != nil {
					return nil, fmt.Errorf("object %d: encode stream: %w", n, err)
				}
			}
			o.Dict["Length"] = types.Integer(len(o.Raw))
			raw := o.Raw
			if raw == nil {
				raw = []byte{}
			}
			w.Put(n, o.Dict.PDFString(), raw)
		default:
			w.Put(n, e.Object.PDFString(), nil)
		}
	}
	sum := sha256.Sum256(w.Body())
	id := fmt.Sprintf("%x", sum[:16])
	trailer := fmt.Sprintf("/Root %d 0 R", ctx.Root.ObjectNumber.Value())
	if ctx.Info != nil {
		trailer += fmt.Sprintf(" /Info %d 0 R", ctx.Info.ObjectNumber.Value())
	}
	return w.Finish(trailer + fmt.Sprintf(" /ID [<%s><%s>]", id, id)), nil
}
