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

	"github.com/bast-tools/shenbao/internal/imgload"
	"github.com/bast-tools/shenbao/internal/imgload/jpegx"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

func init() {
	// Keep pdfcpu from creating ~/.config/pdfcpu (config, fonts) on first
	// use: a library must not write outside what it is asked to write.
	model.ConfigPath = "disable"
}

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

func pdfConfig() *model.Configuration {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	return conf
}

// normalize reads e from fsys and makes its pages. Problems with the file
// are recorded in the report (rep.Status "error"), never returned: only a
// canceled context is an error.
func normalize(ctx context.Context, fsys fs.FS, e Entry, opt *Options, q quality) (*normalized, error) {
	n := &normalized{rep: FileReport{File: e.Path, Category: e.Category, Title: e.Title, Status: StatusOK}}
	if n.rep.Title == "" {
		n.rep.Title = strings.TrimSuffix(path.Base(e.Path), path.Ext(e.Path))
	}
	err := n.run(ctx, fsys, e, opt, q)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	var fe *Error
	if errors.As(err, &fe) {
		n.rep.Status, n.rep.Code, n.rep.Message = StatusError, fe.Code, fe.Msg
		n.rep.Pages, n.pdf, n.seal = 0, nil, nil
	} else if err != nil {
		return nil, err
	}
	return n, nil
}

func (n *normalized) run(ctx context.Context, fsys fs.FS, e Entry, opt *Options, q quality) error {
	name, ok := checkPath(e.Path)
	if !ok {
		return fileErr(CodePathOutside, e.Path, nil, "路径“%s”超出清单所在文件夹，已拒绝读取；请把文件放进该文件夹并使用相对路径", e.Path)
	}
	data, err := readLimited(fsys, name, opt.MaxFileSize)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	n.rep.Size, n.rep.SHA256 = int64(len(data)), hex.EncodeToString(sum[:])
	if len(data) == 0 {
		return fileErr(CodeFileEmpty, e.Path, nil, "文件为空（0 字节），请重新上传")
	}
	f := imgload.Sniff(data)
	n.rep.Format = string(f)
	if claimed := extFormat(name); claimed != imgload.Unknown && claimed != f && f != imgload.Unknown {
		n.act("format_from_content: extension says %s, content is %s", claimed, f)
	}
	switch f {
	case imgload.PDF:
		return n.fromPDF(ctx, data, e, opt)
	case imgload.HEIC:
		return fileErr(CodeFormatHEIC, e.Path, nil, "HEIC/HEIF 格式的照片不受支持，请在手机上导出为 JPEG（或拍照时选择“兼容性最佳”）后重新上传")
	case imgload.JPEG2000:
		return fileErr(CodeFormatJPEG2000, e.Path, nil, "JPEG 2000 图片无法解码，请转换为 JPEG、PNG 或 PDF 后重新上传")
	case imgload.Unknown:
		return fileErr(CodeFormatUnknown, e.Path, nil, "无法识别文件格式（内容不是 PDF，也不是 JPEG、PNG、TIFF、WebP、BMP、GIF 图片），请转换为 PDF 或 JPEG 后重新上传")
	}
	n.image = true
	return n.fromImage(ctx, data, e, opt, q)
}

func (n *normalized) act(format string, args ...any) {
	n.rep.Actions = append(n.rep.Actions, fmt.Sprintf(format, args...))
}

func readLimited(fsys fs.FS, name string, limit int64) ([]byte, error) {
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

func extFormat(name string) imgload.Format {
	switch strings.ToLower(path.Ext(name)) {
	case ".pdf":
		return imgload.PDF
	case ".jpg", ".jpeg", ".jpe", ".jfif":
		return imgload.JPEG
	case ".png":
		return imgload.PNG
	case ".gif":
		return imgload.GIF
	case ".bmp":
		return imgload.BMP
	case ".tif", ".tiff":
		return imgload.TIFF
	case ".webp":
		return imgload.WebP
	case ".heic", ".heif", ".avif":
		return imgload.HEIC
	case ".jp2", ".j2k", ".jpx":
		return imgload.JPEG2000
	}
	return imgload.Unknown
}

// fromPDF checks that pdfcpu can read the file (repairing what it can) and
// keeps the original bytes for merging.
func (n *normalized) fromPDF(ctx context.Context, data []byte, e Entry, opt *Options) error {
	// pdfcpu quietly reads what is left of a cut-off file and drops the
	// references to the lost objects (fonts, images), so the cut must be
	// caught here: a complete file ends with startxref and %%EOF.
	if truncated(data) {
		return fileErr(CodePDFCorrupt, e.Path, nil, "PDF 文件不完整（结尾缺失），可能上传或下载中断；请重新上传完整文件")
	}
	pctx, err := readPDF(data)
	if err != nil && !isPasswordError(err) {
		if fixed := rebuildXref(data); fixed != nil {
			if c, err2 := readPDF(fixed); err2 == nil && c.PageCount > 0 && missingObjects(c) == 0 {
				pctx, data, err = c, fixed, nil
				n.act("xref_rebuilt")
			}
		}
	}
	if err != nil {
		return classifyPDFError(e.Path, err)
	}
	if pctx.PageCount == 0 {
		return fileErr(CodePDFCorrupt, e.Path, nil, "PDF 中没有页面，请重新导出")
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

// readPDF reads and validates data leniently, as viewers do.
func readPDF(data []byte) (*model.Context, error) {
	conf := pdfConfig()
	pctx, err := api.ReadContext(bytes.NewReader(data), conf)
	if err != nil {
		return nil, err
	}
	if err := api.ValidateContext(pctx); err != nil {
		return nil, err
	}
	return pctx, nil
}

func isPasswordError(err error) bool {
	return errors.Is(err, pdfcpu.ErrWrongPassword) || strings.Contains(err.Error(), "password")
}

func classifyPDFError(file string, err error) *Error {
	msg := err.Error()
	switch {
	case isPasswordError(err):
		return fileErr(CodePDFEncrypted, file, err, "PDF 设有打开密码，无法读取；请去除密码（或打印为新的 PDF）后重新上传")
	case strings.Contains(msg, "encrypt"):
		return fileErr(CodePDFEncrypted, file, err, "PDF 使用了不支持的加密方式，请去除加密后重新上传")
	}
	return fileErr(CodePDFCorrupt, file, err, "PDF 文件已损坏，无法读取或修复（%s）；请重新导出或扫描后上传", shortErr(err))
}

func shortErr(err error) string {
	s := err.Error()
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80]) + "…"
	}
	return s
}

// fromImage turns every page of an image into an A4 page.
func (n *normalized) fromImage(ctx context.Context, data []byte, e Entry, opt *Options, q quality) error {
	info, err := imgload.Inspect(data, opt.limits())
	if err != nil {
		return imageErr(e.Path, err, opt.limits())
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

func imageErr(file string, err error, lim imgload.Limits) error {
	var ie *imgload.Error
	if !errors.As(err, &ie) {
		return fileErr(CodeImageCorrupt, file, err, "图片无法解码：%s", shortErr(err))
	}
	switch ie.Code {
	case imgload.CodeTooLarge:
		return fileErr(CodeImageTooLarge, file, err, "图片尺寸 %d×%d 像素超过上限（%d 万像素），可能是“解压炸弹”；请缩小到 1 亿像素以内后重新上传", ie.Width, ie.Height, maxPixels(lim)/10000)
	case imgload.CodeTooSmall:
		return fileErr(CodeImageTooSmall, file, err, "图片只有 %d×%d 像素，太小，不可能看清证件或文档；请重新扫描或拍照后上传", ie.Width, ie.Height)
	case imgload.CodeUnsupported:
		return fileErr(CodeFormatUnknown, file, err, "不支持的图片格式，请转换为 JPEG 或 PDF 后重新上传")
	}
	return fileErr(CodeImageCorrupt, file, err, "图片数据已损坏，无法解码（%s）；请重新导出后上传", shortErr(err))
}

func maxPixels(l imgload.Limits) int64 {
	if l.MaxPixels > 0 {
		return l.MaxPixels
	}
	return 100_000_000
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
	info, err := imgload.InspectPage(data, p, opt.limits())
	if err != nil {
		return imagePage{}, nil, imageErr(e.Path, err, opt.limits())
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
	img, info, err := imgload.DecodeAtLeast(data, p, opt.limits(), sw, sh)
	if err != nil {
		return imagePage{}, nil, imageErr(e.Path, err, opt.limits())
	}
	needSeal := e.Category.sealKind() != "" && opt.Seals != nil
	if info.Format == imgload.JPEG && info.Orientation == 1 && !info.CMYK && tw == uw && info.Pages == 1 {
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
		pl := imgload.Scale(img, sw, sh)
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
	if err := jpegx.Encode(&buf, out, &jpegx.Options{Quality: q.jpeg}); err != nil {
		return imagePage{}, nil, err
	}
	n.act("encoded_jpeg: quality=%d", q.jpeg)
	pg.jpeg, pg.gray = buf.Bytes(), gray
	if needSeal {
		return pg, out, nil
	}
	return pg, nil, nil
}
