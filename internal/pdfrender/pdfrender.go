// Package pdfrender draws the pages of a PDF into images in process, for
// scans that are not one image per page: vector pages (the unsigned PDF
// itself submitted as the "scan"), several images on a page, an image with
// vector text or annotations drawn over it.
//
// The renderer is PDFium, the PDF engine of Chromium, compiled to
// WebAssembly (github.com/klippa-app/go-pdfium) and run by wazero, a
// WebAssembly runtime written in Go: no cgo, no external program, one
// static binary. It was chosen over writing a small renderer on pdfcpu's
// content-stream parser because PDFium already draws everything scanners
// and office programs put in a PDF (embedded TrueType, CFF and Type 1
// fonts, CID fonts, every image filter including JBIG2 and CCITT, shadings,
// transparency, clipping, annotations), and draws our own PDFs like
// poppler does; a home-made renderer would cover only what we thought of.
// The price: the binary grows by about 6 MB (the WebAssembly module), the
// first Open in a process compiles that module (about a second or two on
// a busy machine; later Opens reuse it), and each open document holds a
// WebAssembly instance of some tens of MB.
//
// PDFium sees only the bytes given to Open: the WebAssembly sandbox is
// given no file system and no network.
package pdfrender

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"io"
	"runtime"
	"sync"

	"github.com/klippa-app/go-pdfium"
	pdfiumerr "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
)

// MaxPixels bounds one rendered page: an A4 page at 600 dpi is 35 million
// pixels (139 MB as RGBA).
const MaxPixels = 40_000_000

// Error is a failure with a stable code.
type Error struct {
	Code string // "pdf_unreadable", "pdf_encrypted", "page_out_of_range", "page_too_large", "renderer"
	Msg  string
	Err  error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return "pdfrender: " + e.Msg + ": " + e.Err.Error()
	}
	return "pdfrender: " + e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

var (
	poolOnce sync.Once
	thePool  pdfium.Pool
	poolErr  error
)

// pool starts the WebAssembly runtime on first use. Instances are not safe
// for concurrent use; each open Document holds one.
func pool() (pdfium.Pool, error) {
	poolOnce.Do(func() {
		n := min(runtime.GOMAXPROCS(0), 4)
		thePool, poolErr = webassembly.Init(webassembly.Config{
			MinIdle:  0,
			MaxIdle:  n,
			MaxTotal: n,
			// No mounts: PDFium reads only the bytes handed to it.
			FSConfig: wazero.NewFSConfig(),
			Stdout:   io.Discard,
			Stderr:   io.Discard,
		})
	})
	if poolErr != nil {
		return nil, &Error{Code: "renderer", Msg: "starting the PDF renderer", Err: poolErr}
	}
	return thePool, nil
}

// Document is an open PDF. It is not safe for concurrent use.
type Document struct {
	inst  pdfium.Pdfium
	doc   references.FPDF_DOCUMENT
	pages int
	data  []byte // kept alive while PDFium reads it
}

// Open opens a PDF held in memory. Close releases it.
func Open(ctx context.Context, pdf []byte) (*Document, error) {
	p, err := pool()
	if err != nil {
		return nil, err
	}
	inst, err := p.GetInstanceWithContext(ctx)
	if err != nil {
		return nil, &Error{Code: "renderer", Msg: "waiting for the PDF renderer", Err: err}
	}
	d := &Document{inst: inst, data: pdf}
	res, err := inst.OpenDocument(&requests.OpenDocument{File: &d.data})
	if err != nil {
		inst.Close()
		code, msg := "pdf_unreadable", "the file is not a PDF that can be read"
		if errors.Is(err, pdfiumerr.ErrPassword) || errors.Is(err, pdfiumerr.ErrSecurity) {
			code, msg = "pdf_encrypted", "the PDF is encrypted"
		}
		return nil, &Error{Code: code, Msg: msg, Err: err}
	}
	d.doc = res.Document
	n, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: d.doc})
	if err != nil {
		d.Close()
		return nil, &Error{Code: "pdf_unreadable", Msg: "counting pages", Err: err}
	}
	d.pages = n.PageCount
	return d, nil
}

// NumPages is the number of pages.
func (d *Document) NumPages() int { return d.pages }

// Render draws page n (1-based) at dpi on white and returns it as RGBA.
func (d *Document) Render(ctx context.Context, n int, dpi float64) (*image.RGBA, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if n < 1 || n > d.pages {
		return nil, &Error{Code: "page_out_of_range", Msg: fmt.Sprintf("page %d of %d", n, d.pages)}
	}
	if dpi < 1 || dpi > 1200 {
		return nil, &Error{Code: "page_too_large", Msg: fmt.Sprintf("%g dpi: want 1 to 1200", dpi)}
	}
	page := requests.Page{ByIndex: &requests.PageByIndex{Document: d.doc, Index: n - 1}}
	size, err := d.inst.GetPageSizeInPixels(&requests.GetPageSizeInPixels{Page: page, DPI: int(dpi + 0.5)})
	if err != nil {
		return nil, &Error{Code: "pdf_unreadable", Msg: fmt.Sprintf("page %d", n), Err: err}
	}
	if size.Width <= 0 || size.Height <= 0 || size.Width*size.Height > MaxPixels {
		return nil, &Error{Code: "page_too_large", Msg: fmt.Sprintf("page %d is %d×%d pixels at %g dpi (limit %d pixels)", n, size.Width, size.Height, dpi, MaxPixels)}
	}
	res, err := d.inst.RenderPageInDPI(&requests.RenderPageInDPI{Page: page, DPI: int(dpi + 0.5), RenderForm: true, Document: &d.doc})
	if err != nil {
		return nil, &Error{Code: "pdf_unreadable", Msg: fmt.Sprintf("rendering page %d", n), Err: err}
	}
	defer res.Cleanup()
	// The pixels live in the WebAssembly memory until Cleanup: copy them,
	// flattening onto white (PDFium leaves the page background
	// transparent where nothing is drawn).
	src := res.Result.RenderedImage
	out := image.NewRGBA(image.Rect(0, 0, src.Bounds().Dx(), src.Bounds().Dy()))
	draw.Draw(out, out.Rect, image.White, image.Point{}, draw.Src)
	draw.Draw(out, out.Rect, src, src.Bounds().Min, draw.Over)
	return out, nil
}

// Close releases the document and its renderer instance.
func (d *Document) Close() error {
	if d.inst == nil {
		return nil
	}
	_, err := d.inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: d.doc})
	if cerr := d.inst.Close(); err == nil {
		err = cerr
	}
	d.inst = nil
	return err
}
