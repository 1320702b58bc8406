package ingest

import (
	"context"
	"fmt"
	"image"
	"io"
	"math"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Reasons a page has no image.
const (
	ReasonNoImage          = "no-image"          // the PDF page draws no image
	ReasonUnsupportedImage = "unsupported-image" // e.g. JPEG 2000, JBIG2
	ReasonTooLarge         = "image-too-large"
	ReasonCorruptImage     = "corrupt-image"
)

// Page is one page of a file as an image.
type Page struct {
	Number int         // from 1
	Image  image.Image // upright; nil when the page has no usable image
	// DPI is the image's resolution when the file tells it (a PDF page's
	// size against its image's); 0 when unknown.
	DPI    float64
	Reason string // why Image is nil, one of the Reason constants
	Detail string // more about Reason, in English
}

// Pages reads the file in r (size bytes long) and calls fn with each of
// its pages in order, one at a time, so that only one page image is held
// at once: an image file is one page, a TIFF or PDF file as many as it
// has (a PDF page's image is the largest drawn on it: a scan). A page that
// cannot be decoded is passed with a Reason; an error from fn stops the
// walk and is returned. Images smaller than lim.MinSide are kept (default
// 1 here, not 64).
func Pages(ctx context.Context, r io.ReaderAt, size int64, lim Limits, fn func(Page) error) error {
	if lim.MinSide == 0 {
		lim.MinSide = 1
	}
	lim = lim.WithDefaults()
	if size > lim.MaxFileBytes {
		return &Error{Code: CodeFileTooLarge, Err: fmt.Errorf("%d bytes, limit %d", size, lim.MaxFileBytes)}
	}
	data := make([]byte, size)
	if _, err := r.ReadAt(data, 0); err != nil && err != io.EOF {
		return err
	}
	switch f := Sniff(data); f {
	case PDF:
		pc, _, err := ReadPDF(ctx, data, lim)
		if err != nil {
			return err
		}
		return pdfPages(ctx, pc, lim, fn)
	case TIFF:
		info, err := Inspect(data, Limits{MinSide: 1, MaxPages: lim.MaxPages, MaxPixels: math.MaxInt64, MaxImageBytes: math.MaxInt64})
		if err != nil && info.Pages == 0 {
			return err
		}
		for p := range info.Pages {
			if err := ctx.Err(); err != nil {
				return err
			}
			pg := Page{Number: p + 1}
			img, info, err := Decode(data, p, lim)
			if err != nil {
				if info.Pages == 1 {
					return err
				}
				pg.Reason, pg.Detail = reasonOf(err), err.Error()
			} else {
				pg.Image = Upright(img, info.Orientation)
			}
			img = nil
			if err := fn(pg); err != nil {
				return err
			}
		}
		return nil
	default:
		img, info, err := Decode(data, 0, lim)
		if err != nil {
			return err
		}
		return fn(Page{Number: 1, Image: Upright(img, info.Orientation)})
	}
}

// Upright turns img by its EXIF orientation (1 leaves it as it is).
func Upright(img image.Image, orientation int) image.Image {
	if orientation <= 1 {
		return img
	}
	b := img.Bounds()
	return Scale(img, b.Dx(), b.Dy()).Orient(orientation).Image()
}

func reasonOf(err error) string {
	if e, ok := err.(*Error); ok && (e.Code == CodeTooLarge || e.Code == CodeTooManyScans) {
		return ReasonTooLarge
	}
	return ReasonCorruptImage
}

func pdfPages(ctx context.Context, pc *model.Context, lim Limits, fn func(Page) error) error {
	if err := IndexImages(pc); err != nil {
		return err
	}
	var dims []types.Dim
	Guard(func() (err error) { dims, err = pc.PageDims(); return err })
	for n := 1; n <= pc.PageCount; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		pg := Page{Number: n}
		img, err := PageImage(ctx, pc, n, lim)
		if err != nil {
			pg.Reason, pg.Detail = ReasonNoImage, err.Error()
			if e, ok := err.(*Error); ok && e != errNoImage {
				switch e.Code {
				case CodeTooLarge, CodePDFBomb:
					pg.Reason = ReasonTooLarge
				case CodeUnsupported:
					pg.Reason = ReasonUnsupportedImage
				case CodeCorrupt, CodeInternalError:
					pg.Reason = ReasonCorruptImage
				}
			}
		} else {
			pg.Image = img
			b := img.Bounds()
			if n <= len(dims) {
				if long := math.Max(dims[n-1].Width, dims[n-1].Height); long > 0 {
					pg.DPI = math.Round(float64(max(b.Dx(), b.Dy())) / (long / 72))
				}
			}
		}
		err = fn(pg)
		pg.Image = nil
		if err != nil {
			return err
		}
	}
	return nil
}

// IndexImages prepares pc for PageImage (pdfcpu's optimisation pass, which
// indexes the images of every page); call it once per file.
func IndexImages(pc *model.Context) error {
	return Guard(func() error {
		pc.Cmd = model.EXTRACTIMAGES // keeps every image in the index
		if err := api.OptimizeContext(pc); err != nil {
			return &Error{Code: CodePDFCorrupt, Format: PDF, Err: err}
		}
		return nil
	})
}

// errNoImage is PageImage's answer for a page that draws no raster image.
var errNoImage = &Error{Code: CodeUnsupported, Format: PDF, Err: fmt.Errorf("no raster image on the page")}

// PageImage returns the largest raster image drawn on page n (from 1) of
// pc, upright: for a scanned page, the scan. It is chosen from the image
// headers, then only that one is decoded, after its size, pixels and the
// bytes its stream (and soft mask) inflate to are checked against lim.
// Call IndexImages first. A page without one gives an *Error with
// CodeUnsupported.
func PageImage(ctx context.Context, pc *model.Context, n int, lim Limits) (img image.Image, err error) {
	lim = lim.WithDefaults()
	err = Guard(func() error {
		stubs, err := pdfcpu.ExtractPageImages(pc, n, true)
		if err != nil {
			return &Error{Code: CodeCorrupt, Format: PDF, Page: n, Err: err}
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
			return errNoImage
		}
		s := stubs[best]
		bpp := int64(max(1, s.Comp) * max(8, s.Bpc) / 8)
		if bestPx > lim.MaxPixels || bestPx*bpp > lim.MaxImageBytes {
			return &Error{Code: CodeTooLarge, Format: PDF, Page: n, Width: s.Width, Height: s.Height}
		}
		obj := pc.Optimize.ImageObjects[best]
		if obj == nil {
			return &Error{Code: CodeCorrupt, Format: PDF, Page: n, Err: fmt.Errorf("missing image object")}
		}
		// What the stream may inflate to: its pixels, one filter byte a
		// row (PNG predictors) and some slack; the soft mask likewise.
		budget := bestPx*bpp + int64(s.Height) + 1<<16
		if err := checkStream(ctx, *obj.ImageDict, budget); err != nil {
			return err
		}
		if sm := obj.ImageDict.IndirectRefEntry("SMask"); sm != nil {
			if sd, _, err := pc.DereferenceStreamDict(*sm); err == nil && sd != nil {
				if err := checkStream(ctx, *sd, budget); err != nil {
					return err
				}
			}
		}
		x, err := pdfcpu.ExtractImage(pc, obj.ImageDict, false, obj.ResourceNames[n-1], best, false)
		if err != nil || x == nil || x.Reader == nil {
			return &Error{Code: CodeUnsupported, Format: PDF, Page: n, Err: fmt.Errorf("image cannot be extracted: %v", err)}
		}
		switch x.FileType {
		case "jpg", "png", "tif", "tiff":
		default:
			return &Error{Code: CodeUnsupported, Format: PDF, Page: n, Err: fmt.Errorf("image format %s", x.FileType)}
		}
		data, err := io.ReadAll(io.LimitReader(x.Reader, lim.MaxImageBytes+1))
		if err != nil {
			return &Error{Code: CodeCorrupt, Format: PDF, Page: n, Err: err}
		}
		dec, info, err := Decode(data, 0, lim)
		if err != nil {
			return err
		}
		img = Upright(dec, info.Orientation)
		return nil
	})
	return img, err
}
