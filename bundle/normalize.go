package bundle

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"io"
	"io/fs"
	"math"
	"path"
	"strings"

	"github.com/bast-tools/shenbao/internal/ingest"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// A4 in points, and the margin around image pages.
const (
	a4W, a4H   = 595.276, 841.89
	marginPt   = 36.0 // 12.7 mm
	sealMaxDim = 2400 // long side of page images handed to the seal finder
	dpiSlack   = 1.05 // a reduced decode this close to the dpi target is kept
)

// normalized is one source file turned into PDF pages.
type normalized struct {
	rep   FileReport
	pdf   []byte // a PDF of this file's pages, ready to merge
	image bool   // pages were made from an image (recompressible)
	seal  *SealCheck
}

func pdfConfig() *model.Configuration { return ingest.Config(ingest.Limits{}) }

// normalize reads e from fsys and makes its pages. Problems with the file
// are recorded in the report (rep.Status "error"), never returned: only a
// canceled context is an error.
func normalize(ctx context.Context, fsys fs.FS, e Entry, opt *Options, q quality) (*normalized, error) {
	n := &normalized{rep: FileReport{File: e.Path, Category: e.Category, Title: e.Title, Status: StatusOK}}
	if n.rep.Title == "" {
		n.rep.Title = strings.TrimSuffix(path.Base(e.Path), path.Ext(e.Path))
	}
	for _, s := range []string{e.Path, e.Title} {
		if _, dropped := drawable(s); dropped != nil {
			n.act("control_characters_not_drawn: %s", strings.Join(dropped, " "))
			break
		}
	}
	err := ingest.Guard(func() error { return n.run(ctx, fsys, e, opt, q) })
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	var fe *Error
	var ie *ingest.Error
	switch {
	case errors.As(err, &fe):
	case errors.As(err, &ie):
		// A panic the file caused (ingest.Guard), outside the decoders
		// that map their own errors.
		switch ingest.Format(n.rep.Format) {
		case ingest.PDF:
			fe = fileErr(CodePDFCorrupt, e.Path, err, "PDF 文件结构异常，处理时出错；请重新导出或扫描后上传")
		case ingest.Unknown:
			fe = fileErr(CodeFileBroken, e.Path, err, "文件内容异常，处理时出错；请重新导出或扫描后上传")
		default:
			fe = fileErr(CodeImageCorrupt, e.Path, err, "图片数据异常，处理时出错；请重新导出后上传")
		}
	case err != nil:
		return nil, err
	}
	if fe != nil {
		n.fail(fe)
	}
	return n, nil
}

func (n *normalized) run(ctx context.Context, fsys fs.FS, e Entry, opt *Options, q quality) error {
	name, ok := checkPath(e.Path)
	if !ok {
		return fileErr(CodePathOutside, e.Path, nil, "路径“%s”超出清单所在文件夹，已拒绝读取；请把文件放进该文件夹并使用相对路径", e.Path)
	}
	data, err := readLimited(fsys, name, opt.Limits.MaxFileSize)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	n.rep.Size, n.rep.SHA256 = int64(len(data)), hex.EncodeToString(sum[:])
	if len(data) == 0 {
		return fileErr(CodeFileEmpty, e.Path, nil, "文件为空（0 字节），请重新上传")
	}
	f := ingest.Sniff(data)
	n.rep.Format = string(f)
	if claimed := extFormat(name); claimed != ingest.Unknown && claimed != f && f != ingest.Unknown {
		n.act("format_from_content: extension says %s, content is %s", claimed, f)
	}
	switch f {
	case ingest.PDF:
		return n.fromPDF(ctx, data, e, opt)
	case ingest.HEIC:
		return fileErr(CodeFormatHEIC, e.Path, nil, "HEIC/HEIF 格式的照片不受支持，请在手机上导出为 JPEG（或拍照时选择“兼容性最佳”）后重新上传")
	case ingest.JPEG2000:
		return fileErr(CodeFormatJPEG2000, e.Path, nil, "JPEG 2000 图片无法解码，请转换为 JPEG、PNG 或 PDF 后重新上传")
	case ingest.Unknown:
		return fileErr(CodeFormatUnknown, e.Path, nil, "无法识别文件格式（内容不是 PDF，也不是 JPEG、PNG、TIFF、WebP、BMP、GIF 图片），请转换为 PDF 或 JPEG 后重新上传")
	}
	n.image = true
	return n.fromImage(ctx, data, e, opt, q)
}

// fail records fe as the file's outcome and drops what was made of it.
func (n *normalized) fail(fe *Error) {
	n.rep.Status, n.rep.Code, n.rep.Message = StatusError, fe.Code, fe.Msg
	n.rep.Pages, n.pdf, n.seal, n.image = 0, nil, nil, false
}

func (n *normalized) act(format string, args ...any) {
	n.rep.Actions = append(n.rep.Actions, fmt.Sprintf(format, args...))
}

func readLimited(fsys fs.FS, name string, limit int64) ([]byte, error) {
	// Stat first: opening a named pipe would wait for a writer for ever.
	// A symbolic link to nothing is named as such.
	st, err := fs.Stat(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		if li, lerr := fs.Lstat(fsys, name); lerr == nil && li.Mode()&fs.ModeSymlink != 0 {
			target, _ := fs.ReadLink(fsys, name)
			return nil, fileErr(CodeFileMissing, name, err, "“%s”是符号链接，指向的“%s”不存在；请上传文件本身", name, target)
		}
	}
	if err == nil && !st.IsDir() && !st.Mode().IsRegular() {
		return nil, fileErr(CodeNotRegular, name, nil, "“%s”不是普通文件（%s），无法作为材料读取；请换成文件本身", name, st.Mode().Type())
	}
	f, err := fsys.Open(name)
	if err != nil {
		// os.Root refuses paths and symbolic links that leave it with
		// "path escapes from parent"; fs.FS implementations with ErrInvalid.
		if errors.Is(err, fs.ErrInvalid) || strings.Contains(err.Error(), "escapes from parent") {
			return nil, fileErr(CodePathOutside, name, err, "路径“%s”超出清单所在文件夹（或经符号链接指向外部），已拒绝读取", name)
		}
		return nil, fileErr(CodeFileMissing, name, err, "找不到或无法打开文件“%s”，请检查文件名", name)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, fileErr(CodeFileMissing, name, nil, "“%s”是文件夹，不是文件", name)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fileErr(CodeFileMissing, name, err, "读取文件“%s”失败", name)
	}
	if int64(len(data)) > limit {
		return nil, fileErr(CodeFileTooLarge, name, nil, "文件超过 %d MB 上限，请压缩或拆分后重新上传", limit>>20)
	}
	return data, nil
}

func extFormat(name string) ingest.Format {
	switch strings.ToLower(path.Ext(name)) {
	case ".pdf":
		return ingest.PDF
	case ".jpg", ".jpeg", ".jpe", ".jfif":
		return ingest.JPEG
	case ".png":
		return ingest.PNG
	case ".gif":
		return ingest.GIF
	case ".bmp":
		return ingest.BMP
	case ".tif", ".tiff":
		return ingest.TIFF
	case ".webp":
		return ingest.WebP
	case ".heic", ".heif", ".avif":
		return ingest.HEIC
	case ".jp2", ".j2k", ".jpx":
		return ingest.JPEG2000
	}
	return ingest.Unknown
}

// fromPDF checks that pdfcpu can read the file within the limits
// (repairing what it can) and keeps the original bytes for merging.
func (n *normalized) fromPDF(ctx context.Context, data []byte, e Entry, opt *Options) error {
	pctx, fixed, err := ingest.ReadPDF(ctx, data, opt.ingest())
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return pdfErr(e.Path, err, opt)
	}
	if fixed != nil {
		data = fixed
		n.act("xref_rebuilt")
	}
	n.rep.Pages = pctx.PageCount
	n.pdf = data
	if pctx.Encrypt != nil {
		n.act("owner_password_removed")
	}
	if kind := e.Category.sealKind(); kind != "" && opt.Seals != nil {
		n.seal = sealOfPDF(ctx, pctx, e, kind, opt)
	}
	return nil
}

// readPDF reads a PDF already checked by ingest.ReadPDF (or made here),
// guarded against pdfcpu panics.
func readPDF(data []byte) (pc *model.Context, err error) {
	err = ingest.Guard(func() error {
		c, err := api.ReadContext(bytes.NewReader(data), pdfConfig())
		if err != nil {
			return err
		}
		if err := api.ValidateContext(c); err != nil {
			return err
		}
		pc = c
		return nil
	})
	return pc, err
}

// pdfErr words a PDF's ingest failure for the applicant.
func pdfErr(file string, err error, opt *Options) *Error {
	var ie *ingest.Error
	if !errors.As(err, &ie) {
		return fileErr(CodePDFCorrupt, file, err, "PDF 文件已损坏，无法读取或修复（%s）；请重新导出或扫描后上传", shortErr(err))
	}
	lim := opt.ingest()
	switch ie.Code {
	case ingest.CodeFileTooLarge:
		return fileErr(CodeFileTooLarge, file, err, "文件超过 %d MB 上限，请压缩或拆分后重新上传", lim.MaxFileBytes>>20)
	case ingest.CodePDFEncrypted:
		if isPassword(err) {
			return fileErr(CodePDFEncrypted, file, err, "PDF 设有打开密码，无法读取；请去除密码（或打印为新的 PDF）后重新上传")
		}
		return fileErr(CodePDFEncrypted, file, err, "PDF 使用了不支持的加密方式，请去除加密后重新上传")
	case ingest.CodeTooManyPages:
		return fileErr(CodeTooManyPages, file, err, "PDF 页数超过 %d 页上限，请拆分或只上传需要的页面", lim.MaxPages)
	case ingest.CodePDFBomb:
		return fileErr(CodePDFStreamTooLarge, file, err, "PDF 中有数据流解压后超过 %d MB，疑似“解压炸弹”，已拒绝；请重新导出或扫描后上传", lim.MaxStreamBytes>>20)
	case ingest.CodePDFObjects:
		return fileErr(CodePDFCorrupt, file, err, "PDF 结构异常：声明的对象数远超文件所能容纳（%s）；请重新导出后上传", shortErr(err))
	case ingest.CodePDFPageSize:
		return fileErr(CodePDFPageSize, file, err, "PDF 第 %d 页的页面尺寸无效（%s）；请重新导出为 A4 等正常尺寸后上传", ie.Page, shortErr(ie.Err))
	case ingest.CodeInternalError:
		return fileErr(CodePDFCorrupt, file, err, "PDF 文件结构异常，读取时出错；请重新导出或扫描后上传")
	}
	if errors.Is(err, errTruncatedPDF) {
		return fileErr(CodePDFCorrupt, file, err, "PDF 文件不完整（结尾缺失），可能上传或下载中断；请重新上传完整文件")
	}
	return fileErr(CodePDFCorrupt, file, err, "PDF 文件已损坏，无法读取或修复（%s）；请重新导出或扫描后上传", shortErr(err))
}

func isPassword(err error) bool { return strings.Contains(err.Error(), "password") }

var errTruncatedPDF = ingest.ErrTruncated

func shortErr(err error) string {
	s := err.Error()
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80]) + "…"
	}
	return s
}

// fromImage turns every page of an image into an A4 page.
func (n *normalized) fromImage(ctx context.Context, data []byte, e Entry, opt *Options, q quality) error {
	info, err := ingest.Inspect(data, opt.ingest())
	if err != nil {
		return imageErr(e.Path, err, opt.ingest())
	}
	pages := make([]imagePage, 0, info.Pages)
	for p := range info.Pages {
		if err := ctx.Err(); err != nil {
			return err
		}
		pg, sealImg, err := n.imagePage(data, p, e, opt, q)
		if err != nil {
			return err
		}
		pages = append(pages, pg)
		if sealImg != nil {
			v := runSeal(ctx, opt, sealImg, e.Category.sealKind())
			n.seal = mergeSeal(n.seal, e, p+1, v)
		}
	}
	n.rep.Pages = len(pages)
	n.pdf = writeImagePDF(pages)
	return nil
}

func imageErr(file string, err error, lim ingest.Limits) error {
	lim = lim.WithDefaults()
	var ie *ingest.Error
	if !errors.As(err, &ie) {
		return fileErr(CodeImageCorrupt, file, err, "图片无法解码：%s", shortErr(err))
	}
	switch ie.Code {
	case ingest.CodeTooLarge:
		return fileErr(CodeImageTooLarge, file, err, "图片尺寸 %d×%d 像素超过上限（%d 万像素，解码后不超过 %d MB），可能是“解压炸弹”；请缩小后重新上传", ie.Width, ie.Height, lim.MaxPixels/10000, lim.MaxImageBytes/1_000_000)
	case ingest.CodeTooManyScans:
		return fileErr(CodeImageTooLarge, file, err, "JPEG 图片的扫描段异常多（%s），解码代价过高，已拒绝；请重新导出为普通 JPEG 后上传", shortErr(ie.Err))
	case ingest.CodeTooManyPages:
		return fileErr(CodeTooManyPages, file, err, "TIFF 页数超过 %d 页上限，请拆分后上传", lim.MaxPages)
	case ingest.CodeTooSmall:
		return fileErr(CodeImageTooSmall, file, err, "图片只有 %d×%d 像素，太小，不可能看清证件或文档；请重新扫描或拍照后上传", ie.Width, ie.Height)
	case ingest.CodeUnsupported:
		return fileErr(CodeFormatUnknown, file, err, "不支持的图片格式，请转换为 JPEG 或 PDF 后重新上传")
	}
	return fileErr(CodeImageCorrupt, file, err, "图片数据已损坏，无法解码（%s）；请重新导出后上传", shortErr(err))
}

// placement fits an upright w×h image on an A4 page turned to match it,
// returning the page size and the image box in points.
func placement(w, h int) (pw, ph, x, y, dw, dh float64) {
	pw, ph = a4W, a4H
	if w > h {
		pw, ph = a4H, a4W
	}
	s := math.Min((pw-2*marginPt)/float64(w), (ph-2*marginPt)/float64(h))
	dw, dh = float64(w)*s, float64(h)*s
	return pw, ph, (pw - dw) / 2, (ph - dh) / 2, dw, dh
}

// imagePage decodes page p, turns it upright, reduces it to the dpi budget
// and encodes it; an upright JPEG already within budget is kept as is.
// When the category needs a seal check, the page image is returned too.
func (n *normalized) imagePage(data []byte, p int, e Entry, opt *Options, q quality) (imagePage, image.Image, error) {
	info, err := ingest.InspectPage(data, p, opt.ingest())
	if err != nil {
		return imagePage{}, nil, imageErr(e.Path, err, opt.ingest())
	}
	uw, uh := info.Upright()
	pw, ph, x, y, dw, dh := placement(uw, uh)
	tw, th := uw, uh
	if maxW := int(math.Round(dw / 72 * float64(q.dpi))); uw > maxW {
		tw = maxW
		th = max(1, int(math.Round(float64(uh)*float64(maxW)/float64(uw))))
	}
	sw, sh := tw, th // as stored, before turning upright
	if info.Orientation >= 5 {
		sw, sh = th, tw
	}
	img, info, err := ingest.DecodeAtLeast(data, p, opt.ingest(), sw, sh)
	if err != nil {
		return imagePage{}, nil, imageErr(e.Path, err, opt.ingest())
	}
	needSeal := e.Category.sealKind() != "" && opt.Seals != nil
	if info.Format == ingest.JPEG && info.Orientation == 1 && !info.CMYK && tw == uw && info.Pages == 1 {
		pg := imagePage{pw: pw, ph: ph, x: x, y: y, dw: dw, dh: dh, px: tw, py: th, jpeg: data, gray: info.Gray}
		n.act("jpeg_passthrough")
		if needSeal {
			return pg, img, nil
		}
		return pg, nil, nil
	}
	// A reduced JPEG decode (1/2, 1/4, 1/8) that lands within dpiSlack of
	// the target is kept at its size: resampling it would cost more than
	// the few per cent of resolution are worth.
	if got := img.Bounds().Size(); got != image.Pt(info.Width, info.Height) &&
		float64(got.X) <= float64(sw)*dpiSlack && float64(got.Y) <= float64(sh)*dpiSlack {
		sw, sh = got.X, got.Y
		tw, th = sw, sh
		if info.Orientation >= 5 {
			tw, th = sh, sw
		}
	}
	pg := imagePage{pw: pw, ph: ph, x: x, y: y, dw: dw, dh: dh, px: tw, py: th}
	if tw != uw {
		n.act("downsampled: %dx%d -> %dx%d (%d dpi)", uw, uh, tw, th, int(math.Round(float64(tw)*72/dw)))
	}
	var out image.Image
	gray := false
	switch m := img.(type) {
	case *image.YCbCr:
		if info.Orientation == 1 && m.Rect.Size() == image.Pt(sw, sh) {
			out = m // already the right size and way up: encode as decoded
		}
	case *image.Gray:
		if info.Orientation == 1 && m.Rect.Size() == image.Pt(sw, sh) {
			out, gray = m, true
		}
	}
	if out == nil {
		pl := ingest.Scale(img, sw, sh)
		if info.Orientation != 1 {
			pl = pl.Orient(info.Orientation)
			n.act("rotated_upright: exif_orientation=%d", info.Orientation)
		}
		out, gray = pl.Image(), pl.Gray()
	}
	img = nil // the decode can go before the encoder allocates
	if info.Pages > 1 {
		n.act("page_%d_of_%d", p+1, info.Pages)
	}
	var buf bytes.Buffer
	if err := ingest.EncodeJPEG(&buf, out, q.jpeg); err != nil {
		return imagePage{}, nil, err
	}
	n.act("encoded_jpeg: quality=%d", q.jpeg)
	pg.jpeg, pg.gray = buf.Bytes(), gray
	if needSeal {
		return pg, out, nil
	}
	return pg, nil, nil
}
