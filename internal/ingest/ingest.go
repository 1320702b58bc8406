// Package ingest is the one way outside files come in: it names a file's
// format from its content, checks every size before anything is decoded
// (file bytes, pages, pixels, decoded bytes of every image and of every
// stream inside a PDF), decodes images and walks the pages of TIFF and
// PDF files one at a time, and runs pdfcpu behind a guard that turns its
// panics into errors. bundle, the seal check and the CLI use it; nothing
// else imports pdfcpu's reader or the JPEG codec directly.
//
// Every failure is an *Error with a stable Code, so callers can attribute
// it to the file it concerns and word it for people.
package ingest

import (
	"fmt"
)

// Error codes carried by *Error.
const (
	CodeUnsupported   = "unsupported_format" // not a format this package reads
	CodeTooLarge      = "image_too_large"    // an image over Limits.MaxPixels or MaxImageBytes (checked before decoding)
	CodeTooSmall      = "image_too_small"    // an image side under Limits.MinSide
	CodeCorrupt       = "image_corrupt"      // an image header or its pixel data cannot be decoded
	CodeFileTooLarge  = "file_too_large"     // over Limits.MaxFileBytes
	CodeTooManyPages  = "too_many_pages"     // over Limits.MaxPages
	CodePDFCorrupt    = "pdf_corrupt"        // a PDF that cannot be read
	CodePDFEncrypted  = "pdf_encrypted"      // a PDF that needs a password to open
	CodePDFBomb       = "pdf_stream_too_large"
	CodePDFObjects    = "pdf_too_many_objects" // object numbers or /Size beyond what the file can hold
	CodePDFPageSize   = "pdf_page_size"        // a MediaBox that is not a usable page size
	CodeInternalError = "internal_error"       // a decoder panicked; the input is what caused it
	CodeTooManyScans  = "jpeg_too_many_scans"  // a progressive JPEG with more scans than any encoder writes
)

// Error is a typed failure with a stable Code.
type Error struct {
	Code          string
	Format        Format
	Width, Height int // image size, when known
	Page          int // page (from 1) the error concerns, when known
	Err           error
}

func (e *Error) Error() string {
	msg := e.Code
	if e.Format != Unknown {
		msg += " (" + string(e.Format) + ")"
	}
	if e.Page > 0 {
		msg += fmt.Sprintf(" page %d", e.Page)
	}
	if e.Width > 0 {
		msg += fmt.Sprintf(" %d×%d", e.Width, e.Height)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Limits bound the work done on one file. Zero fields take the defaults;
// every default fits the evidence people upload (an A3 page scanned at
// 600 dpi, a 500-page thesis) with room to spare.
type Limits struct {
	// MaxFileBytes bounds the file itself; default 200 MiB.
	MaxFileBytes int64
	// MaxPixels bounds each image, from its header; default 100 megapixels.
	MaxPixels int64
	// MaxImageBytes bounds the memory one decoded image takes, counting
	// the bytes of a pixel of its colour model (a 16-bit RGBA pixel is 8);
	// default 400 MB, 100 megapixels of 8-bit RGBA.
	MaxImageBytes int64
	// MinSide refuses images whose shorter side is smaller; default 64.
	MinSide int
	// MaxPages bounds the pages of a PDF or TIFF file; default 1000.
	MaxPages int
	// MaxStreamBytes bounds what one stream of a PDF other than an image
	// (a page's content, an object stream, a font) inflates to, checked
	// while inflating; default 64 MiB.
	MaxStreamBytes int64
	// MaxObjects bounds the object numbers and /Size a PDF may claim;
	// default 4,000,000 and never more than the file's length.
	MaxObjects int
}

// WithDefaults returns l with every zero field set to its default.
func (l Limits) WithDefaults() Limits {
	def := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.MaxFileBytes, 200<<20)
	def(&l.MaxPixels, 100_000_000)
	def(&l.MaxImageBytes, 400_000_000)
	def(&l.MaxStreamBytes, 64<<20)
	if l.MinSide <= 0 {
		l.MinSide = 64
	}
	if l.MaxPages <= 0 {
		l.MaxPages = 1000
	}
	if l.MaxObjects <= 0 {
		l.MaxObjects = 4_000_000
	}
	return l
}
