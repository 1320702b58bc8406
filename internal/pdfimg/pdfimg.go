// Package pdfimg turns an uploaded file, a scanned PDF or an image, into the
// page images it holds, checking sizes before anything is decoded.
//
// Images: JPEG, PNG, GIF (first frame), BMP, WebP and TIFF, every page of a
// multi-page TIFF. PDFs: the largest image drawn on each page, which for a
// scanned PDF is the scan; a page without one is returned with a Reason.
package pdfimg

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"io"
	"math"

	// Decoders for image.DecodeConfig and image.Decode.
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"

	_ "golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// Error is a failure with a stable code.
type Error struct {
	Code string
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// Errors Decode returns, wrapped with details.
var (
	ErrTooLarge    = &Error{Code: "too_large", Msg: "file or image too large"}
	ErrUnsupported = &Error{Code: "unsupported_format", Msg: "not a PDF or a supported image (JPEG, PNG, TIFF, WebP, BMP, GIF)"}
	ErrCorrupt     = &Error{Code: "corrupt", Msg: "file cannot be decoded"}
)

// Reasons a page has no image.
const (
	ReasonNoImage          = "no-image"          // the PDF page draws no image
	ReasonUnsupportedImage = "unsupported-image" // e.g. JPEG 2000, JBIG2
	ReasonTooLarge         = "image-too-large"
	ReasonCorruptImage     = "corrupt-image"
)

// Limits bound the work done on one file. Zero fields take the defaults.
type Limits struct {
	MaxBytes  int64 // default 512 MiB
	MaxPixels int64 // per page image; default 120 megapixels (A3 at 600 dpi)
	MaxPages  int   // default 1000
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes == 0 {
		l.MaxBytes = 512 << 20
	}
	if l.MaxPixels == 0 {
		l.MaxPixels = 120_000_000
	}
	if l.MaxPages == 0 {
		l.MaxPages = 1000
	}
	return l
}

// Page is one page of a file.
type Page struct {
	Number int         // from 1
	Image  image.Image // nil when the page has no usable image
	// DPI is the image's resolution when the file tells it (a PDF page's
	// size against its image's); 0 when unknown.
	DPI    float64
	Reason string // why Image is nil, one of the Reason constants
	Detail string // more about Reason, in English
}

// Decode reads the file in r (size bytes long).
func Decode(ctx context.Context, r io.ReaderAt, size int64, lim Limits) ([]Page, error) {
	lim = lim.withDefaults()
	if size > lim.MaxBytes {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, size, lim.MaxBytes)
	}
	head := make([]byte, 16)
	n, err := r.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return decodePDF(ctx, io.NewSectionReader(r, 0, size), lim)
	case bytes.HasPrefix(head, []byte("II*\x00")) || bytes.HasPrefix(head, []byte("MM\x00*")):
		return decodeTIFF(ctx, r, size, lim)
	}
	img, err := decodeImage(io.NewSectionReader(r, 0, size), lim)
	if err != nil {
		return nil, err
	}
	return []Page{{Number: 1, Image: img}}, nil
}

// decodeImage decodes one image after checking its header's dimensions.
func decodeImage(r io.ReadSeeker, lim Limits) (image.Image, error) {
	cfg, _, err := image.DecodeConfig(r)
	if errors.Is(err, image.ErrFormat) {
		return nil, ErrUnsupported
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if err := checkSize(cfg.Width, cfg.Height, lim); err != nil {
		return nil, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	img, _, err := image.Decode(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return img, nil
}

func checkSize(w, h int, lim Limits) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("%w: image is %d×%d", ErrCorrupt, w, h)
	}
	if int64(w)*int64(h) > lim.MaxPixels {
		return fmt.Errorf("%w: image is %d×%d pixels, limit %d", ErrTooLarge, w, h, lim.MaxPixels)
	}
	return nil
}

// tiffIFDs walks the chain of image directories of a TIFF file and returns
// their offsets. Loops and out-of-range offsets end the walk.
func tiffIFDs(r io.ReaderAt, size int64, maxPages int) ([]uint32, binary.ByteOrder, error) {
	var hdr [8]byte
	if _, err := r.ReadAt(hdr[:], 0); err != nil {
		return nil, nil, fmt.Errorf("%w: TIFF header: %v", ErrCorrupt, err)
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if hdr[0] == 'M' {
		bo = binary.BigEndian
	}
	var offs []uint32
	seen := map[uint32]bool{}
	off := bo.Uint32(hdr[4:])
	for off != 0 && !seen[off] && int64(off)+2 <= size {
		if len(offs) == maxPages {
			return nil, nil, fmt.Errorf("%w: more than %d pages", ErrTooLarge, maxPages)
		}
		seen[off] = true
		offs = append(offs, off)
		var cnt [2]byte
		if _, err := r.ReadAt(cnt[:], int64(off)); err != nil {
			break
		}
		var next [4]byte
		if _, err := r.ReadAt(next[:], int64(off)+2+12*int64(bo.Uint16(cnt[:]))); err != nil {
			break
		}
		off = bo.Uint32(next[:])
	}
	if len(offs) == 0 {
		return nil, nil, fmt.Errorf("%w: TIFF has no image directory", ErrCorrupt)
	}
	return offs, bo, nil
}

// ifdReader shows a TIFF file whose header points at another directory, so
// that the single-image TIFF decoder reads page n.
type ifdReader struct {
	r   io.ReaderAt
	hdr [8]byte
}

func (t *ifdReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := t.r.ReadAt(p, off)
	for i := off; i < 8 && i-off < int64(n); i++ {
		p[i-off] = t.hdr[i]
	}
	return n, err
}

// Read is never used by the TIFF decoder, which prefers ReadAt; it exists
// to satisfy io.Reader.
func (t *ifdReader) Read([]byte) (int, error) { return 0, io.EOF }

func decodeTIFF(ctx context.Context, r io.ReaderAt, size int64, lim Limits) ([]Page, error) {
	offs, bo, err := tiffIFDs(r, size, lim.MaxPages)
	if err != nil {
		return nil, err
	}
	var pages []Page
	for i, off := range offs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		tr := &ifdReader{r: r}
		if _, err := r.ReadAt(tr.hdr[:], 0); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		bo.PutUint32(tr.hdr[4:], off)
		cfg, err := tiff.DecodeConfig(tr)
		if err != nil {
			if i == 0 {
				return nil, fmt.Errorf("%w: TIFF page 1: %v", ErrCorrupt, err)
			}
			pages = append(pages, Page{Number: i + 1, Reason: ReasonCorruptImage, Detail: err.Error()})
			continue
		}
		if err := checkSize(cfg.Width, cfg.Height, lim); err != nil {
			if len(offs) == 1 {
				return nil, err
			}
			pages = append(pages, Page{Number: i + 1, Reason: ReasonTooLarge, Detail: err.Error()})
			continue
		}
		img, err := tiff.Decode(tr)
		if err != nil {
			if len(offs) == 1 {
				return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
			}
			pages = append(pages, Page{Number: i + 1, Reason: ReasonCorruptImage, Detail: err.Error()})
			continue
		}
		pages = append(pages, Page{Number: i + 1, Image: img})
	}
	return pages, nil
}

func decodePDF(ctx context.Context, rs io.ReadSeeker, lim Limits) (pages []Page, err error) {
	// pdfcpu has panicked on malformed input before; a bad upload must
	// come back as an error, never bring the caller down.
	defer func() {
		if p := recover(); p != nil {
			pages, err = nil, fmt.Errorf("%w: PDF: %v", ErrCorrupt, p)
		}
	}()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	conf.Cmd = model.EXTRACTIMAGES
	pc, err := api.ReadValidateAndOptimize(rs, conf)
	if err != nil {
		return nil, fmt.Errorf("%w: PDF: %v", ErrCorrupt, err)
	}
	if pc.PageCount > lim.MaxPages {
		return nil, fmt.Errorf("%w: %d pages, limit %d", ErrTooLarge, pc.PageCount, lim.MaxPages)
	}
	dims, _ := pc.PageDims()
	for n := 1; n <= pc.PageCount; n++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pg := pdfPage(pc, n, lim)
		if pg.Image != nil && n <= len(dims) {
			b := pg.Image.Bounds()
			if long := math.Max(dims[n-1].Width, dims[n-1].Height); long > 0 {
				pg.DPI = math.Round(float64(max(b.Dx(), b.Dy())) / (long / 72))
			}
		}
		pages = append(pages, pg)
	}
	return pages, nil
}

// pdfPage returns the largest image on page n.
func pdfPage(pc *model.Context, n int, lim Limits) Page {
	stubs, err := pdfcpu.ExtractPageImages(pc, n, true)
	if err != nil {
		return Page{Number: n, Reason: ReasonCorruptImage, Detail: err.Error()}
	}
	best, bestPx := -1, int64(0)
	for objNr, s := range stubs {
		px := int64(s.Width) * int64(s.Height)
		if s.Thumb || s.IsImgMask || px < bestPx || (px == bestPx && objNr > best) {
			continue
		}
		best, bestPx = objNr, px
	}
	if best < 0 {
		return Page{Number: n, Reason: ReasonNoImage}
	}
	s := stubs[best]
	if err := checkSize(s.Width, s.Height, lim); err != nil {
		return Page{Number: n, Reason: ReasonTooLarge, Detail: err.Error()}
	}
	obj := pc.Optimize.ImageObjects[best]
	if obj == nil {
		return Page{Number: n, Reason: ReasonCorruptImage, Detail: "missing image object"}
	}
	img, err := pdfcpu.ExtractImage(pc, obj.ImageDict, false, obj.ResourceNames[n-1], best, false)
	if err != nil || img == nil || img.Reader == nil {
		d := "image cannot be extracted"
		if err != nil {
			d = err.Error()
		}
		return Page{Number: n, Reason: ReasonUnsupportedImage, Detail: d}
	}
	switch img.FileType {
	case "jpg", "png", "tif", "tiff":
	default:
		return Page{Number: n, Reason: ReasonUnsupportedImage, Detail: "image format " + img.FileType}
	}
	data, err := io.ReadAll(img.Reader)
	if err != nil {
		return Page{Number: n, Reason: ReasonCorruptImage, Detail: err.Error()}
	}
	dec, err := decodeImage(bytes.NewReader(data), lim)
	if err != nil {
		return Page{Number: n, Reason: ReasonCorruptImage, Detail: err.Error()}
	}
	return Page{Number: n, Image: dec}
}
