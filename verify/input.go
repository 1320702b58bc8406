package verify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"math"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/bast-tools/shenbao/internal/ingest"
	"github.com/bast-tools/shenbao/internal/pdfrender"
)

// Source is one uploaded scan file: a PDF or an image (JPEG, PNG, TIFF
// with any number of pages, WebP, BMP, GIF).
type Source struct {
	Name string // shown in messages, e.g. the file name
	R    io.ReaderAt
	Size int64
}

// Limits bound the work done on the scan. Zero fields take the defaults.
type Limits struct {
	MaxBytes  int64 // per file; default 512 MiB
	MaxPixels int64 // per page image, checked before decoding; default 120 megapixels
	MaxPages  int   // over all files; default 1000
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = 512 << 20
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = 120_000_000
	}
	if l.MaxPages <= 0 {
		l.MaxPages = 1000
	}
	return l
}

// job is one page of a file, not yet decoded: decoding happens on a
// worker, so that at most a few pages are held as pixels at once.
type job struct {
	index    int // 0-based over all files
	file     string
	filePage int
	dpi      float64 // from the PDF page size; 0 when unknown
	width    int     // the stored image's width, before any reduced decode
	drawn    bool    // a PDF page drawn by the renderer, not a scanned image
	// decode decodes the page at minDPI or more (a JPEG is decoded
	// reduced by 2, 4 or 8 when that keeps minDPI); 0 means full size.
	decode func(minDPI float64) (image.Image, error)
	// problem is set when the page has no usable image; Chinese.
	problem string
}

// pages sends the pages of every source to out, in order, and closes it.
func pages(ctx context.Context, srcs []Source, lim Limits, out chan<- job) error {
	defer close(out)
	n := 0
	send := func(j job) error {
		if n >= lim.MaxPages {
			return &Error{Code: CodeTooLarge, File: j.file, Msg: fmt.Sprintf("扫描件超过 %d 页，请拆分后分批核查", lim.MaxPages)}
		}
		j.index = n
		n++
		select {
		case out <- j:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for _, s := range srcs {
		if err := sourcePages(ctx, s, lim, send); err != nil {
			return err
		}
	}
	if n == 0 {
		return &Error{Code: CodeNoPages, Msg: "扫描件中没有任何页面，请检查上传的文件"}
	}
	return nil
}

func sourcePages(ctx context.Context, s Source, lim Limits, send func(job) error) error {
	fail := func(code, msg string, err error) error {
		return &Error{Code: code, File: s.Name, Msg: msg, Err: err}
	}
	if s.Size > lim.MaxBytes {
		return fail(CodeTooLarge, fmt.Sprintf("文件过大（%d 字节，上限 %d），请降低扫描分辨率或拆分文件", s.Size, lim.MaxBytes), nil)
	}
	if s.Size == 0 {
		return fail(CodeUnsupported, "文件是空的，请重新上传", nil)
	}
	head := make([]byte, min(s.Size, 2048))
	if n, err := s.R.ReadAt(head, 0); n < len(head) {
		return fail(CodeUnreadable, "无法读取文件", err)
	}
	ilim := ingest.Limits{MaxPixels: lim.MaxPixels}
	format := ingest.Sniff(head)
	if format == ingest.PDF {
		// pdfcpu keeps its own copy of the file; do not hold another.
		return pdfPages(ctx, s.Name, io.NewSectionReader(s.R, 0, s.Size), lim, send)
	}
	data := make([]byte, s.Size)
	if n, err := s.R.ReadAt(data, 0); n < len(data) {
		return fail(CodeUnreadable, "无法读取文件", err)
	}
	switch format {
	case ingest.HEIC:
		return fail(CodeUnsupported, "不支持 HEIC/HEIF 图片，请在手机上导出为 JPEG 或直接扫描为 PDF", nil)
	case ingest.JPEG2000:
		return fail(CodeUnsupported, "不支持 JPEG 2000 图片，请另存为 JPEG、PNG 或 PDF", nil)
	case ingest.Unknown:
		return fail(CodeUnsupported, "不是 PDF 或支持的图片格式（JPEG、PNG、TIFF、WebP、BMP、GIF），请上传扫描得到的 PDF 或图片", nil)
	}
	info, err := ingest.Inspect(data, ilim)
	if err != nil {
		return fail(imageErrCode(err), imageErrMsg(err, 0), err)
	}
	for p := range info.Pages {
		in, err := ingest.InspectPage(data, p, ilim)
		j := job{file: s.Name, filePage: p + 1}
		if err != nil {
			if info.Pages == 1 {
				return fail(imageErrCode(err), imageErrMsg(err, 0), err)
			}
			j.problem = imageErrMsg(err, p+1)
		} else {
			j.width = in.Width
			j.decode = func(minDPI float64) (image.Image, error) {
				w, h := reducedSize(in.Width, in.Height, 0, minDPI)
				img, _, err := ingest.DecodeAtLeast(data, p, ilim, w, h)
				return img, err
			}
		}
		if err := send(j); err != nil {
			return err
		}
	}
	return nil
}

// reducedSize is the smallest size worth decoding a w×h page image at:
// minDPI over an A4 sheet (or the file's dpi when known).
func reducedSize(w, h int, dpi, minDPI float64) (int, int) {
	if dpi <= 0 {
		dpi = float64(max(w, h)) / (297 / 25.4)
	}
	if minDPI <= 0 || dpi <= minDPI {
		return w, h
	}
	k := minDPI / dpi
	return int(float64(w) * k), int(float64(h) * k)
}

func imageErrCode(err error) string {
	var ie *ingest.Error
	if errors.As(err, &ie) {
		switch ie.Code {
		case ingest.CodeTooLarge:
			return CodeTooLarge
		case ingest.CodeUnsupported:
			return CodeUnsupported
		}
	}
	return CodeUnreadable
}

func imageErrMsg(err error, page int) string {
	where := ""
	if page > 0 {
		where = fmt.Sprintf("第 %d 页", page)
	}
	var ie *ingest.Error
	if errors.As(err, &ie) {
		switch ie.Code {
		case ingest.CodeTooLarge:
			return fmt.Sprintf("%s图像过大（%d×%d 像素），请以 200–300 dpi 重新扫描", where, ie.Width, ie.Height)
		case ingest.CodeTooSmall:
			return fmt.Sprintf("%s图像过小（%d×%d 像素），请以不低于 200 dpi 重新扫描", where, ie.Width, ie.Height)
		case ingest.CodeUnsupported:
			return where + "图像格式不受支持，请另存为 JPEG、PNG 或 PDF"
		}
	}
	return where + "图像已损坏或不完整，无法解码，请重新扫描或重新导出文件"
}

// pdfPages sends each page of a PDF: the largest image drawn on it, which
// for a scanned PDF is the scan.
func pdfPages(ctx context.Context, name string, rs io.ReadSeeker, lim Limits, send func(job) error) (err error) {
	// pdfcpu has panicked on malformed input before; a bad upload must come
	// back as an error, never bring the caller down.
	defer func() {
		if p := recover(); p != nil {
			err = &Error{Code: CodeUnreadable, File: name, Msg: "PDF 文件已损坏，无法读取，请重新导出或重新扫描", Err: fmt.Errorf("pdfcpu: %v", p)}
		}
	}()
	data, err := io.ReadAll(rs)
	if err != nil {
		return &Error{Code: CodeUnreadable, File: name, Msg: "无法读取文件", Err: err}
	}
	// The one guarded way into pdfcpu: claims checked against the file's
	// size, stream budgets, page sizes, a broken xref repaired.
	ilim := ingest.Limits{MaxPixels: lim.MaxPixels, MaxFileBytes: lim.MaxBytes}
	pc, fixed, err := ingest.ReadPDF(ctx, data, ilim)
	if err == nil {
		err = ingest.IndexImages(pc)
	}
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		msg := "PDF 文件已损坏或不完整，无法读取，请重新导出或重新扫描"
		code := CodeUnreadable
		var ie *ingest.Error
		if errors.As(err, &ie) {
			switch ie.Code {
			case ingest.CodePDFEncrypted:
				msg, code = "PDF 文件已加密，请去除密码保护后重新上传", CodeEncrypted
			case ingest.CodeTooManyPages, ingest.CodeFileTooLarge, ingest.CodePDFBomb, ingest.CodePDFObjects:
				msg, code = "PDF 文件过大或页数过多，超出核查上限，请拆分文件或降低扫描分辨率", CodeTooLarge
			}
		}
		return &Error{Code: code, File: name, Msg: msg, Err: err}
	}
	if fixed != nil {
		data = fixed
	}
	rs = bytes.NewReader(data)
	if pc.PageCount == 0 {
		return &Error{Code: CodeNoPages, File: name, Msg: "PDF 文件没有任何页面"}
	}
	dims, _ := pc.PageDims()
	// The in-process renderer, opened at the first page that needs it.
	var r *pdfrender.Document
	var rerr error
	for n := 1; n <= pc.PageCount; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		long := 0.0
		if n <= len(dims) {
			long = math.Max(dims[n-1].Width, dims[n-1].Height)
		}
		j, vector := pdfPage(pc, n, long, lim)
		j.file, j.filePage = name, n
		if vector {
			if r == nil && rerr == nil {
				r, rerr = openRenderer(ctx, rs)
				if r != nil {
					defer r.Close()
				}
			}
			if r != nil {
				renderPage(ctx, r, n, &j)
			}
		}
		if err := send(j); err != nil {
			return err
		}
	}
	return nil
}

// renderDPI is the resolution pages that are not one scanned image are
// drawn at: the page code has four pixels a module.
const renderDPI = 150

func openRenderer(ctx context.Context, rs io.ReadSeeker) (*pdfrender.Document, error) {
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(rs)
	if err != nil {
		return nil, err
	}
	return pdfrender.Open(ctx, data)
}

// renderPage draws a page that is not one image (vector print, several
// images, an encoding the decoders lack) in process.
func renderPage(ctx context.Context, r *pdfrender.Document, n int, j *job) {
	img, err := r.Render(ctx, n, renderDPI)
	if err != nil {
		return
	}
	j.problem, j.dpi, j.width, j.drawn = "", renderDPI, img.Rect.Dx(), true
	j.decode = func(float64) (image.Image, error) { return img, nil }
}

// pdfPage extracts the bytes of the largest image on page n, whose longer
// side is long points. vector reports a page to be drawn instead: no image
// on it, or one the decoders cannot read.
func pdfPage(pc *model.Context, n int, long float64, lim Limits) (j job, vector bool) {
	stubs, err := pdfcpu.ExtractPageImages(pc, n, true)
	if err != nil {
		j.problem = "该页图像无法读取，请重新扫描"
		return j, false
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
		j.problem = "该页没有扫描图像（可能是未签字盖章的电子版 PDF 页面），请上传签字盖章后的扫描件"
		return j, true
	}
	s := stubs[best]
	if bestPx > lim.MaxPixels {
		j.problem = fmt.Sprintf("该页图像过大（%d×%d 像素），请以 200–300 dpi 重新扫描", s.Width, s.Height)
		return j, false
	}
	obj := pc.Optimize.ImageObjects[best]
	if obj == nil {
		j.problem = "该页图像无法读取，请重新扫描"
		return j, false
	}
	img, err := pdfcpu.ExtractImage(pc, obj.ImageDict, false, obj.ResourceNames[n-1], best, false)
	if err != nil || img == nil || img.Reader == nil {
		j.problem = "该页图像的编码不受支持（如 JBIG2、JPEG 2000），请以 JPEG 压缩重新扫描为 PDF"
		return j, true
	}
	switch img.FileType {
	case "jpg", "png", "tif", "tiff":
	default:
		j.problem = "该页图像的编码（" + img.FileType + "）不受支持，请以 JPEG 压缩重新扫描为 PDF"
		return j, true
	}
	data, err := io.ReadAll(img.Reader)
	// Once no later page draws the image, its stream is needed no more;
	// pdfcpu would keep it, and a scan of hundreds of pages would stay in
	// memory whole. (A page scanned twice may share one image object.)
	later := false
	for i := range obj.ResourceNames {
		later = later || i > n-1
	}
	if !later {
		obj.ImageDict.Content, obj.ImageDict.Raw = nil, nil
	}
	if err != nil {
		j.problem = "该页图像无法读取，请重新扫描"
		return j, false
	}
	if long > 0 {
		j.dpi = math.Round(float64(max(s.Width, s.Height)) / (long / 72))
	}
	ilim := ingest.Limits{MaxPixels: lim.MaxPixels}
	j.width = s.Width
	w, h, dpi := s.Width, s.Height, j.dpi
	j.decode = func(minDPI float64) (image.Image, error) {
		rw, rh := reducedSize(w, h, dpi, minDPI)
		img, _, err := ingest.DecodeAtLeast(data, 0, ilim, rw, rh)
		return img, err
	}
	return j, false
}
