package seal

import (
	"context"
	"errors"
	"io"

	"github.com/bast-tools/shenbao/internal/ingest"
)

// Reasons a page of a file has no image to judge (PageResult.Reason,
// besides ReasonGrayscale and ReasonBlackWhite).
const (
	ReasonNoImage          = ingest.ReasonNoImage          // a PDF page that draws no raster image (a seal printed as vector graphics cannot be judged)
	ReasonUnsupportedImage = ingest.ReasonUnsupportedImage // e.g. JPEG 2000, JBIG2
	ReasonTooLarge         = ingest.ReasonTooLarge         // over FileLimits.MaxPixels
	ReasonCorruptImage     = ingest.ReasonCorruptImage
)

// Codes of the *Error CheckFile returns for a file it cannot read; its
// Msg then says in Chinese what to do.
const (
	CodeFileTooLarge  = "file_too_large"     // over FileLimits.MaxFileBytes
	CodeTooManyPages  = "too_many_pages"     // over FileLimits.MaxPages
	CodeUnsupported   = "unsupported_format" // not a PDF or a supported image
	CodeEncrypted     = "pdf_encrypted"      // a PDF that needs a password to open
	CodeImageTooLarge = "image_too_large"    // an image file over FileLimits.MaxPixels
	CodeCorrupt       = "corrupt"            // damaged, or built to harm readers
)

// FileLimits bound the work on one file; zero fields take the defaults
// (200 MiB, 1000 pages, 100 megapixels per page image).
type FileLimits struct {
	MaxFileBytes int64
	MaxPages     int
	MaxPixels    int64
}

// FileOptions configure CheckFile. The zero value suits uploaded scans.
type FileOptions struct {
	// Options apply to every page; a DPI of 0 takes each page's resolution
	// from the file where it tells it (a PDF page's size against its
	// image's), else infers it as Find does.
	Options
	Limits FileLimits
}

// PageResult is what CheckFile finds on one page of a file.
type PageResult struct {
	Page      int        `json:"page"` // from 1
	Color     bool       `json:"color"`
	Judgeable bool       `json:"judgeable"`
	Reason    string     `json:"reason,omitempty"` // why not judgeable: a Reason constant, or a Find error code
	Seals     []PageSeal `json:"seals"`
}

// PageSeal is one seal on a page, its box in pixels of the page image
// (x, y, width, height).
type PageSeal struct {
	Box        [4]int  `json:"box"`
	Shape      Shape   `json:"shape"`
	Confidence float64 `json:"confidence"`
}

// CheckFile looks for red seals on every page of the file in r (size
// bytes): a PDF (the largest image on each page, which for a scan is the
// page), or a JPEG, PNG, TIFF (every page), WebP, BMP or GIF image. Pages
// are decoded and checked one at a time, so memory stays that of one page
// whatever the file holds; every size is checked before decoding. A file
// that cannot be read at all gives an *Error with one of the Code
// constants; a page that cannot be judged is a PageResult with a Reason.
func CheckFile(ctx context.Context, r io.ReaderAt, size int64, opt FileOptions) ([]PageResult, error) {
	lim := ingest.Limits{MaxFileBytes: opt.Limits.MaxFileBytes, MaxPages: opt.Limits.MaxPages, MaxPixels: opt.Limits.MaxPixels}
	var out []PageResult
	// Guarded as a whole: the finder runs on images from outside too.
	err := ingest.Guard(func() error {
		return ingest.Pages(ctx, r, size, lim, func(pg ingest.Page) error {
			pr := PageResult{Page: pg.Number, Seals: []PageSeal{}, Reason: pg.Reason}
			if pg.Image == nil {
				out = append(out, pr)
				return nil
			}
			fo := opt.Options
			if fo.DPI == 0 {
				fo.DPI = pg.DPI
			}
			found, err := Find(ctx, pg.Image, fo)
			var se *Error
			switch {
			case errors.As(err, &se):
				pr.Reason = se.Code
			case err != nil:
				return err
			default:
				pr.Color, pr.Judgeable, pr.Reason = found.Color, found.Judgeable, found.Reason
				for _, s := range found.Seals {
					b := s.Box.Sub(pg.Image.Bounds().Min)
					pr.Seals = append(pr.Seals, PageSeal{Box: [4]int{b.Min.X, b.Min.Y, b.Dx(), b.Dy()}, Shape: s.Shape, Confidence: s.Confidence})
				}
			}
			out = append(out, pr)
			return nil
		})
	})
	if err != nil {
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
		return out, fileError(err)
	}
	return out, nil
}

// fileError types an ingest failure for callers of this package.
func fileError(err error) error {
	var ie *ingest.Error
	if !errors.As(err, &ie) {
		return &Error{Code: CodeCorrupt, Msg: fileMessages[CodeCorrupt]}
	}
	code := CodeCorrupt
	switch ie.Code {
	case ingest.CodeFileTooLarge:
		code = CodeFileTooLarge
	case ingest.CodeTooManyPages:
		code = CodeTooManyPages
	case ingest.CodeUnsupported:
		code = CodeUnsupported
	case ingest.CodePDFEncrypted:
		code = CodeEncrypted
	case ingest.CodeTooLarge, ingest.CodeTooManyScans:
		code = CodeImageTooLarge
	}
	return &Error{Code: code, Msg: fileMessages[code]}
}

// fileMessages are the messages of CheckFile's errors, in Chinese: they
// are for the person who sent the file.
var fileMessages = map[string]string{
	CodeFileTooLarge:  "文件过大，请拆分后重试",
	CodeImageTooLarge: "图像过大（可能是“解压炸弹”），请降低扫描分辨率后重试",
	CodeTooManyPages:  "页数过多，请拆分文件后重试",
	CodeUnsupported:   "不是 PDF 或支持的图片格式（JPEG、PNG、TIFF、WebP、BMP、GIF）",
	CodeEncrypted:     "PDF 设有打开密码，无法读取；请去除密码后重试",
	CodeCorrupt:       "文件已损坏或结构异常，无法解码；请重新导出或扫描后重试",
}
