package ingest

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/filter"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

var configOnce sync.Once

// Config returns the pdfcpu configuration for reading uploads: relaxed
// validation, as viewers read, and pdfcpu's own resource limits set from
// lim (defaults applied).
//
// pdfcpu's default configuration lives in a folder it creates under the
// user's configuration directory on first use; a library must not write
// outside what it is asked to write. The first call therefore disables
// that folder the way pdfcpu documents for libraries, unless the program
// chose a folder itself. Nothing happens at import.
func Config(lim Limits) *model.Configuration {
	configOnce.Do(func() {
		if model.ConfigPath == "default" {
			api.DisableConfigDir()
		}
	})
	lim = lim.WithDefaults()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	conf.Limits.MaxStreamBytes = lim.MaxFileBytes
	// What pdfcpu decodes while reading: object streams and metadata,
	// which hold small objects; a bomb among them is decoded again for
	// every object looked up in it, so the cap is kept low.
	conf.Limits.MaxDecodeBytes = min(lim.MaxStreamBytes, 16<<20)
	conf.Limits.MaxImagePixels = lim.MaxPixels
	conf.Limits.MaxImageBytes = lim.MaxImageBytes
	conf.Limits.MaxObjectCount = lim.MaxObjects
	conf.Limits.MaxXRefEntries = lim.MaxObjects
	conf.Limits.MaxObjectStreamCount = min(conf.Limits.MaxObjectStreamCount, lim.MaxObjects)
	return conf
}

// Guard runs fn, which works on PDF data from outside through pdfcpu, and
// turns a panic in it into an *Error with CodeInternalError: pdfcpu has
// panicked on malformed files (an object stream listed inside itself, an
// xref stream of compressed entries only), and one upload must never take
// the process down. Every pdfcpu call on outside data goes through it.
func Guard(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &Error{Code: CodeInternalError, Format: PDF, Err: fmt.Errorf("pdfcpu panicked: %v", p)}
		}
	}()
	return fn()
}

// ReadPDF reads and validates a PDF leniently, as viewers do, after
// checking what it claims against its size, and repairs a broken
// cross-reference table when it can (repaired is then true and the
// returned bytes are the repaired file, to be used instead of data).
// The model it returns has every page size checked and no stream other
// than an image that inflates beyond lim.MaxStreamBytes.
func ReadPDF(ctx context.Context, data []byte, lim Limits) (pc *model.Context, fixed []byte, err error) {
	lim = lim.WithDefaults()
	if int64(len(data)) > lim.MaxFileBytes {
		return nil, nil, &Error{Code: CodeFileTooLarge, Format: PDF, Err: fmt.Errorf("%d bytes, limit %d", len(data), lim.MaxFileBytes)}
	}
	// pdfcpu quietly reads what is left of a cut-off file and drops the
	// references to the lost objects (fonts, images), so the cut must be
	// caught here: a complete file ends with startxref and %%EOF.
	if truncated(data) {
		return nil, nil, &Error{Code: CodePDFCorrupt, Format: PDF, Err: ErrTruncated}
	}
	if err := checkClaims(data, lim); err != nil {
		return nil, nil, err
	}
	pc, err = readPDF(ctx, data, lim)
	if errors.Is(err, filter.ErrDecodeLimitExceeded) {
		return nil, nil, &Error{Code: CodePDFBomb, Format: PDF, Err: err}
	}
	if err != nil && !isPasswordError(err) && ctx.Err() == nil {
		if rebuilt := rebuildXref(data); rebuilt != nil && checkClaims(rebuilt, lim) == nil {
			if c, err2 := readPDF(ctx, rebuilt, lim); err2 == nil && c.PageCount > 0 && missingObjects(c) == 0 {
				pc, fixed, err = c, rebuilt, nil
			}
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		return nil, nil, pdfError(err)
	}
	if pc.PageCount == 0 {
		return nil, nil, &Error{Code: CodePDFCorrupt, Format: PDF, Err: errors.New("no pages")}
	}
	if pc.PageCount > lim.MaxPages {
		return nil, nil, &Error{Code: CodeTooManyPages, Format: PDF, Err: fmt.Errorf("%d pages, limit %d", pc.PageCount, lim.MaxPages)}
	}
	if err := Guard(func() error { return checkPageSizes(pc) }); err != nil {
		return nil, nil, err
	}
	if err := checkStreams(ctx, pc, lim); err != nil {
		return nil, nil, err
	}
	return pc, fixed, nil
}

// readPDF is pdfcpu's read and relaxed validation, guarded, with the
// object count checked before anything sizes a table by it.
func readPDF(ctx context.Context, data []byte, lim Limits) (pc *model.Context, err error) {
	err = Guard(func() error {
		c, err := pdfcpu.ReadWithContext(ctx, bytes.NewReader(data), Config(lim))
		if err != nil {
			return err
		}
		if n := *c.Size; n > objectLimit(len(data), lim) {
			return &Error{Code: CodePDFObjects, Format: PDF, Err: fmt.Errorf("/Size %d for a file of %d bytes", n, len(data))}
		}
		if err := api.ValidateContext(c); err != nil {
			return err
		}
		pc = c
		return nil
	})
	return pc, err
}

var ErrTruncated = errors.New("file ends before startxref and %%EOF")

func isPasswordError(err error) bool {
	return errors.Is(err, pdfcpu.ErrWrongPassword) || strings.Contains(err.Error(), "password")
}

// pdfError types a pdfcpu failure.
func pdfError(err error) error {
	var ie *Error
	if errors.As(err, &ie) {
		return ie
	}
	if isPasswordError(err) || strings.Contains(err.Error(), "encrypt") {
		return &Error{Code: CodePDFEncrypted, Format: PDF, Err: err}
	}
	return &Error{Code: CodePDFCorrupt, Format: PDF, Err: err}
}

// objectLimit is the highest /Size a file of n bytes may claim: an object
// takes at least a few bytes even inside a compressed object stream, so
// more objects than bytes is a lie meant to make readers allocate tables
// sized by it.
func objectLimit(n int, lim Limits) int {
	return min(lim.MaxObjects, max(n, 1024))
}

var (
	// Each is matched only in a small window after (or before) a keyword
	// found with bytes.Index: regular expressions over hundreds of MB of
	// image data take minutes.
	sizeEntry    = regexp.MustCompile(`^/Size\s+(\d{1,20})`)
	objBefore    = regexp.MustCompile(`(?:^|[\r\n])[ \t]*(\d{1,20})[ \t]+\d{1,5}[ \t]+$`)
	xrefSection  = regexp.MustCompile(`(?m)^[ \t]*(\d{1,20})[ \t]+(\d{1,20})[ \t]*\r?$`)
	indexEntry   = regexp.MustCompile(`^/Index\s*\[([\d\s]*)\]`)
	pageTypeTail = regexp.MustCompile(`^\s*/Page(?:[^A-Za-z0-9]|$)`)
)

// eachIndex calls fn with the offset of every occurrence of key in data
// until fn returns false.
func eachIndex(data []byte, key string, fn func(i int) bool) {
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte(key))
		if i < 0 || !fn(off+i) {
			return
		}
		off += i + len(key)
	}
}

// checkClaims refuses a file whose trailer /Size, object headers, xref
// subsections or xref stream /Index claim more objects than objectLimit,
// or that has more page objects than lim.MaxPages, before pdfcpu reads
// it: pdfcpu sizes tables by these numbers and reads every page. It
// reads the file once per keyword, in time linear in its size.
func checkClaims(data []byte, lim Limits) (err error) {
	limit := int64(objectLimit(len(data), lim))
	bad := func(what string, n int64) error {
		return &Error{Code: CodePDFObjects, Format: PDF, Err: fmt.Errorf("%s %d for a file of %d bytes", what, n, len(data))}
	}
	num := func(b []byte) int64 {
		n, err := strconv.ParseInt(string(b), 10, 64)
		if err != nil {
			return math.MaxInt64
		}
		return n
	}
	window := func(i, n int) []byte { return data[i:min(len(data), i+n)] }
	eachIndex(data, "/Size", func(i int) bool {
		if m := sizeEntry.FindSubmatch(window(i, 64)); m != nil && num(m[1]) > limit {
			err = bad("/Size", num(m[1]))
		}
		return err == nil
	})
	eachIndex(data, "obj", func(i int) bool {
		if m := objBefore.FindSubmatch(data[max(0, i-48):i]); m != nil && num(m[1]) >= limit {
			err = bad("object number", num(m[1]))
		}
		return err == nil
	})
	// Classic xref subsections are "first count" lines between "xref" and
	// "trailer"; entries have a letter (n, f) and are not matched.
	eachIndex(data, "xref", func(i int) bool {
		end := bytes.Index(data[i:], []byte("trailer"))
		if end < 0 {
			end = len(data) - i
		}
		for _, m := range xrefSection.FindAllSubmatch(data[i:i+end], -1) {
			if n := num(m[1]) + num(m[2]); n > limit || n < 0 {
				err = bad("xref subsection ending at", n)
				return false
			}
		}
		return true
	})
	eachIndex(data, "/Index", func(i int) bool {
		m := indexEntry.FindSubmatch(window(i, 1024))
		if m == nil {
			return true
		}
		f := strings.Fields(string(m[1]))
		for j := 0; j+1 < len(f); j += 2 {
			if n := num([]byte(f[j])) + num([]byte(f[j+1])); n > limit || n < 0 {
				err = bad("xref stream /Index ending at", n)
			}
		}
		return err == nil
	})
	if err != nil {
		return err
	}
	// Page objects in plain sight are counted before pdfcpu reads and
	// validates them all (seconds for many thousands); those inside
	// object streams are counted after reading.
	pages := 0
	eachIndex(data, "/Type", func(i int) bool {
		if pageTypeTail.Match(window(i+5, 32)) {
			pages++
		}
		return pages <= lim.MaxPages
	})
	if pages > lim.MaxPages {
		return &Error{Code: CodeTooManyPages, Format: PDF, Err: fmt.Errorf("more than %d page objects", lim.MaxPages)}
	}
	return nil
}

// maxPageSide is the largest page side PDF allows (ISO 32000-1 annex C:
// 14,400 units, 200 inches).
const maxPageSide = 14400

// checkPageSizes refuses pages whose MediaBox is not a finite, positive
// size within PDF's limits: a 0×0 page, or 1e308 wide, which turns into
// NaN when drawn on.
func checkPageSizes(pc *model.Context) error {
	dims, err := pc.PageDims()
	if err != nil {
		return &Error{Code: CodePDFPageSize, Format: PDF, Err: err}
	}
	for i, d := range dims {
		for _, v := range []float64{d.Width, d.Height} {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 1 || v > maxPageSide {
				return &Error{Code: CodePDFPageSize, Format: PDF, Page: i + 1, Err: fmt.Errorf("page is %g × %g points", d.Width, d.Height)}
			}
		}
	}
	return nil
}

// checkStreams inflates every stream of pc, counting bytes and keeping
// none, and refuses the file when one goes past its budget: later steps
// (stamping page contents, reading fonts, extracting a scan, any viewer
// of the dossier) would decode it whole. An image may inflate to what its
// size says and no more; any other stream to lim.MaxStreamBytes.
func checkStreams(ctx context.Context, pc *model.Context, lim Limits) error {
	keys := make([]int, 0, len(pc.Table))
	for k := range pc.Table {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if err := ctx.Err(); err != nil {
			return err
		}
		e := pc.Table[k]
		if e == nil || e.Free {
			continue
		}
		sd, ok := e.Object.(types.StreamDict)
		if !ok {
			continue
		}
		budget := lim.MaxStreamBytes
		if isImage(sd) {
			budget = imageBudget(sd, lim)
		}
		if err := checkStream(ctx, sd, budget); err != nil {
			return err
		}
	}
	return nil
}

// imageBudget is what an image stream may inflate to: its pixels at up to
// 4 components of its bit depth, a predictor byte per row and some
// slack, never more than lim.MaxImageBytes.
func imageBudget(sd types.StreamDict, lim Limits) int64 {
	w, h, bpc := sd.IntEntry("Width"), sd.IntEntry("Height"), sd.IntEntry("BitsPerComponent")
	if w == nil || h == nil || *w <= 0 || *h <= 0 {
		return lim.MaxImageBytes
	}
	bits := int64(8)
	if bpc != nil && *bpc > 8 {
		bits = 16
	}
	return min(lim.MaxImageBytes, int64(*w)*int64(*h)*4*bits/8+int64(*h)+1<<16)
}

func isImage(sd types.StreamDict) bool {
	st := sd.Subtype()
	return st != nil && *st == "Image"
}

// checkStream inflates sd up to budget bytes and fails if there is more.
// Flate, nearly every stream, is counted as it streams past; other filter
// chains are decoded by pdfcpu into a copy with budget as its limit.
// Streams that are merely broken pass: pdfcpu copies them as they are.
func checkStream(ctx context.Context, sd types.StreamDict, budget int64) error {
	over := func(n int64) error {
		return &Error{Code: CodePDFBomb, Format: PDF, Err: fmt.Errorf("a stream inflates to more than %d bytes (%d read)", budget, n)}
	}
	fp := sd.FilterPipeline
	switch {
	case len(fp) == 0:
		if int64(len(sd.Raw)) > budget {
			return over(int64(len(sd.Raw)))
		}
		return nil
	case len(fp) == 1 && fp[0].Name == filter.Flate:
		zr, err := zlib.NewReader(bytes.NewReader(sd.Raw))
		if err != nil {
			return nil
		}
		n, _ := io.Copy(io.Discard, &ctxReader{ctx: ctx, r: io.LimitReader(zr, budget+1)})
		if n > budget {
			return over(n)
		}
		return ctx.Err()
	}
	c := sd
	c.Content = nil
	if _, err := c.DecodeLengthWithLimit(-1, budget); errors.Is(err, filter.ErrDecodeLimitExceeded) {
		return over(budget)
	}
	return nil
}

// ctxReader stops a long read when ctx ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
