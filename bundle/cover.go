package bundle

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/bast-tools/shenbao/edition"
	"github.com/bast-tools/shenbao/fonts"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/signintech/gopdf"
)

// canvas draws text with the embedded fonts (package fonts) in two
// passes of the same drawing function: the first, with pdf nil, only
// records which characters each face draws, so that one subset per face
// can be registered; the second draws on a gopdf document.
type canvas struct {
	set   *fonts.Set
	u     fonts.Usage
	pdf   *gopdf.GoPdf
	pages int
}

// paint runs draw twice as described on canvas and returns the PDF and its
// page count.
func paint(draw func(c *canvas) error) ([]byte, int, error) {
	c := &canvas{set: fonts.Embedded()}
	if err := draw(c); err != nil {
		return nil, 0, err
	}
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
	if err := c.u.Register(pdf); err != nil {
		return nil, 0, err
	}
	c.pdf, c.pages = pdf, 0
	if err := draw(c); err != nil {
		return nil, 0, err
	}
	var b bytes.Buffer
	if err := pdf.Write(&b); err != nil {
		return nil, 0, err
	}
	return b.Bytes(), c.pages, nil
}

func (c *canvas) addPage(w, h float64) {
	c.pages++
	if c.pdf != nil {
		c.pdf.AddPageWithOption(gopdf.PageOption{PageSize: &gopdf.Rect{W: w, H: h}})
	}
}

func (c *canvas) textColor(r, g, b uint8) {
	if c.pdf != nil {
		c.pdf.SetTextColor(r, g, b)
	}
}

// runs splits s into runs by face; characters no embedded face has (emoji,
// say, in a file name) become "?".
func (c *canvas) runs(role fonts.Role, s string) ([]fonts.Run, error) {
	runs, err := c.set.Runs(role, s)
	var me *fonts.MissingError
	if errors.As(err, &me) {
		s = strings.Map(func(r rune) rune {
			if slices.Contains(me.Runes, r) {
				return '?'
			}
			return r
		}, s)
		runs, err = c.set.Runs(role, s)
	}
	return runs, err
}

func (c *canvas) width(role fonts.Role, size float64, s string) (float64, error) {
	runs, err := c.runs(role, s)
	w := 0.0
	for _, r := range runs {
		w += r.Face.Width(r.Text) * size
	}
	return w, err
}

// text draws s with its baseline at (x, y), centred on x if asked.
func (c *canvas) text(role fonts.Role, x, y, size float64, centred bool, s string) error {
	runs, err := c.runs(role, s)
	if err != nil {
		return err
	}
	if centred {
		w := 0.0
		for _, r := range runs {
			w += r.Face.Width(r.Text) * size
		}
		x -= w / 2
	}
	for _, r := range runs {
		if c.pdf == nil {
			c.u.Add(r.Face, r.Text)
			continue
		}
		if err := c.pdf.SetFont(c.u.Family(r.Face), "", size); err != nil {
			return err
		}
		c.pdf.SetXY(x, y)
		if err := c.pdf.Text(r.Text); err != nil {
			return err
		}
		x += r.Face.Width(r.Text) * size
	}
	return nil
}

// wrap breaks s into lines no wider than w, between any two characters
// (Chinese text has no spaces to break at) and at newlines.
func (c *canvas) wrap(role fonts.Role, size, w float64, s string) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line, lw := []rune{}, 0.0
		for _, r := range para {
			rw, _ := c.width(role, size, string(r))
			if lw+rw > w && len(line) > 0 {
				lines = append(lines, string(line))
				line, lw = line[:0:0], 0
			}
			line = append(line, r)
			lw += rw
		}
		lines = append(lines, string(line))
	}
	return lines
}

// frontMatter is what the cover and index show.
type frontMatter struct {
	cover    Cover
	files    []FileReport // included files in dossier order, FirstPage set
	rejected []FileReport
	pages    int // total pages of the dossier
}

// renderFront draws the cover and the index and returns the PDF and its
// page count.
func renderFront(fm frontMatter) ([]byte, int, error) {
	return paint(func(c *canvas) error {
		if err := drawCover(c, fm); err != nil {
			return err
		}
		return drawIndex(c, fm)
	})
}

func drawCover(c *canvas, fm frontMatter) error {
	c.addPage(a4W, a4H)
	cv := fm.cover
	programme := cv.Programme
	if programme == "" {
		programme = edition.Latest().Title
	}
	if err := c.text(fonts.Sans, a4W/2, 170, 18, true, programme); err != nil {
		return err
	}
	if err := c.text(fonts.SansBold, a4W/2, 230, 30, true, "证 明 材 料 汇 编"); err != nil {
		return err
	}
	counted := fmt.Sprintf("%d 份", len(fm.files))
	if len(fm.rejected) > 0 {
		counted += fmt.Sprintf("（另有 %d 份未能收录，见目录）", len(fm.rejected))
	}
	rows := [][2]string{
		{"申报人／团队", cv.Applicant},
		{"所在单位", cv.Organisation},
		{"申报项目", programme},
		{"填报日期", cv.Date},
		{"材料数量", counted},
		{"总页数", fmt.Sprintf("%d 页", fm.pages)},
	}
	y := 360.0
	for _, r := range rows {
		if err := c.text(fonts.Sans, 120, y, 14, false, r[0]+"："); err != nil {
			return err
		}
		for _, l := range c.wrap(fonts.Serif, 14, a4W-230-72, orDash(r[1])) {
			if err := c.text(fonts.Serif, 230, y, 14, false, l); err != nil {
				return err
			}
			y += 22
		}
		y += 10
	}
	c.textColor(90, 90, 90)
	note := "本文件由 shenbao 根据申报人上传的证明材料自动生成。每个源文件的名称、类别、大小、SHA-256 校验值与处理方式记录在内嵌附件 manifest.json 中。"
	for i, l := range c.wrap(fonts.Serif, 10, a4W-144, note) {
		if err := c.text(fonts.Serif, 72, 740+float64(i)*15, 10, false, l); err != nil {
			return err
		}
	}
	c.textColor(0, 0, 0)
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// Index table geometry (points).
var indexCols = []struct {
	title string
	w     float64
}{{"序号", 30}, {"类别", 92}, {"文件", 170}, {"标题／对应申报书条目", 158}, {"页码", 73}}

const (
	idxLeft   = 36.0
	idxTop    = 80.0
	idxBottom = a4H - 50
	idxSize   = 10.0
	idxLine   = 14.0
)

func drawIndex(c *canvas, fm frontMatter) error {
	t := &table{c: c}
	if err := t.newPage("目　录"); err != nil {
		return err
	}
	for i, f := range fm.files {
		title := f.Title
		for _, l := range f.Links {
			title += "\n对应：" + l
		}
		pages := strconv.Itoa(f.FirstPage)
		if f.Pages > 1 {
			pages += "–" + strconv.Itoa(f.FirstPage+f.Pages-1)
		}
		if err := t.row([]string{strconv.Itoa(i + 1), string(f.Category), f.File, title, pages}, "目　录（续）"); err != nil {
			return err
		}
	}
	if len(fm.rejected) == 0 {
		return nil
	}
	t.y += 16
	if t.y > idxBottom-60 {
		return t.rejected(fm.rejected, true)
	}
	if err := c.text(fonts.Sans, idxLeft, t.y+4, 13, false, "未收录的文件"); err != nil {
		return err
	}
	t.y += 14
	if err := t.header(); err != nil {
		return err
	}
	return t.rejected(fm.rejected, false)
}

type table struct {
	c *canvas
	y float64
}

func (t *table) rejected(rs []FileReport, newPage bool) error {
	if newPage {
		if err := t.newPage("未收录的文件"); err != nil {
			return err
		}
	}
	for i, f := range rs {
		if err := t.row([]string{strconv.Itoa(i + 1), string(f.Category), f.File, f.Message, "未收录"}, "未收录的文件（续）"); err != nil {
			return err
		}
	}
	return nil
}

func (t *table) newPage(title string) error {
	t.c.addPage(a4W, a4H)
	if err := t.c.text(fonts.Sans, a4W/2, 56, 16, true, title); err != nil {
		return err
	}
	t.y = idxTop
	return t.header()
}

func (t *table) header() error {
	if pdf := t.c.pdf; pdf != nil {
		pdf.SetFillColor(230, 230, 230)
		pdf.RectFromUpperLeftWithStyle(idxLeft, t.y, tableWidth(), idxLine+6, "F")
		pdf.SetFillColor(0, 0, 0)
	}
	x := idxLeft
	for _, col := range indexCols {
		if err := t.c.text(fonts.Sans, x+3, t.y+idxLine, idxSize, false, col.title); err != nil {
			return err
		}
		x += col.w
	}
	t.y += idxLine + 6
	return nil
}

func tableWidth() float64 {
	w := 0.0
	for _, c := range indexCols {
		w += c.w
	}
	return w
}

// row draws one table row, wrapping each cell inside its column and
// starting a new page (titled cont) when the row does not fit.
func (t *table) row(cells []string, cont string) error {
	wrapped := make([][]string, len(cells))
	n := 1
	for i, s := range cells {
		wrapped[i] = t.c.wrap(fonts.Serif, idxSize, indexCols[i].w-6, s)
		n = max(n, len(wrapped[i]))
	}
	h := float64(n)*idxLine + 6
	if t.y+h > idxBottom {
		if err := t.newPage(cont); err != nil {
			return err
		}
	}
	x := idxLeft
	for i, lines := range wrapped {
		for j, l := range lines {
			if err := t.c.text(fonts.Serif, x+3, t.y+float64(j+1)*idxLine, idxSize, false, l); err != nil {
				return err
			}
		}
		x += indexCols[i].w
	}
	t.y += h
	if pdf := t.c.pdf; pdf != nil {
		pdf.SetLineWidth(0.4)
		pdf.SetStrokeColor(160, 160, 160)
		pdf.Line(idxLeft, t.y, idxLeft+tableWidth(), t.y)
	}
	return nil
}

// overlayPDF draws, for each page size in dims, a transparent page with
// the page number at the foot and, on the pages in marked, the watermark
// text diagonally across, in grey.
func overlayPDF(dims []types.Dim, marked map[int]bool, watermark string) ([]byte, error) {
	b, _, err := paint(func(c *canvas) error {
		for i, d := range dims {
			p := i + 1
			c.addPage(d.Width, d.Height)
			c.textColor(60, 60, 60)
			if err := c.text(fonts.Sans, d.Width/2, d.Height-16, 9, true, fmt.Sprintf("%d / %d", p, len(dims))); err != nil {
				return err
			}
			if marked[p] {
				if err := watermarkText(c, d, watermark); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return b, err
}

// watermarkText repeats s three times across the page, turned 30°.
func watermarkText(c *canvas, d types.Dim, s string) error {
	c.textColor(150, 150, 150)
	size := 20.0
	w, err := c.width(fonts.Sans, size, s)
	if err != nil {
		return err
	}
	// Keep the turned line inside the page width.
	if limit := d.Width * 0.8 / 0.866; w > limit {
		size *= limit / w
		w = limit
	}
	for _, f := range []float64{0.22, 0.5, 0.78} {
		cx, cy := d.Width/2, d.Height*f
		if c.pdf != nil {
			c.pdf.Rotate(30, cx, cy)
		}
		if err := c.text(fonts.Sans, cx-w/2, cy+size/3, size, false, s); err != nil {
			return err
		}
		if c.pdf != nil {
			c.pdf.RotateReset()
		}
	}
	return nil
}
