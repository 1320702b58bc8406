package bundle

import (
	"bytes"
	"context"
	"fmt"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/bast-tools/shenbao/edition"
	"github.com/bast-tools/shenbao/fonts"
	"github.com/bast-tools/shenbao/pdfgen"
)

// The front matter and the page stamps are pdfgen Sheets: the same fonts,
// CJK line breaking and PDF writer as the forms.

// style is a text style of the front matter.
func style(role fonts.Role, size float64, align string) pdfgen.TextStyle {
	return pdfgen.TextStyle{Font: role, Size: size, Align: align}
}

// sheetPDF writes a sheet and returns the PDF and its page count.
func sheetPDF(ctx context.Context, sh *pdfgen.Sheet) ([]byte, int, error) {
	var b bytes.Buffer
	if err := sh.WritePDF(ctx, &b); err != nil {
		return nil, 0, err
	}
	return b.Bytes(), sh.NumPages(), nil
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
func renderFront(ctx context.Context, fm frontMatter) ([]byte, int, error) {
	sh := pdfgen.NewSheet(nil)
	drawCover(sh, fm)
	drawIndex(sh, fm)
	return sheetPDF(ctx, sh)
}

var grey = [3]uint8{90, 90, 90}

func drawCover(sh *pdfgen.Sheet, fm frontMatter) {
	sh.AddPage(a4W, a4H)
	cv := fm.cover
	programme := cv.Programme
	if programme == "" {
		programme = edition.Latest().Title
	}
	sh.Text(style(fonts.Sans, 18, "center"), 72, 148, a4W-144, programme)
	sh.Text(style(fonts.SansBold, 30, "center"), 72, 196, a4W-144, "证 明 材 料 汇 编")
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
	label, value := style(fonts.Sans, 14, ""), style(fonts.Serif, 14, "")
	label.Leading, value.Leading = 1.6, 1.6
	y := 342.0
	for _, r := range rows {
		sh.Text(label, 120, y, 110, r[0]+"：")
		y += sh.Text(value, 230, y, a4W-230-72, orDash(r[1])) + 10
	}
	note := style(fonts.Serif, 10, "")
	note.Leading, note.Color = 1.5, grey
	sh.Text(note, 72, 728, a4W-144, "本文件由 shenbao 根据申报人上传的证明材料自动生成。每个源文件的名称、类别、大小、SHA-256 校验值与处理方式记录在内嵌附件 manifest.json 中。")
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
	idxPad    = 3.0 // inside a cell, each side
)

func drawIndex(sh *pdfgen.Sheet, fm frontMatter) {
	t := &table{sh: sh}
	t.newPage("目　录")
	for i, f := range fm.files {
		title := f.Title
		for _, l := range f.Links {
			title += "\n对应：" + l
		}
		pages := strconv.Itoa(f.FirstPage)
		if f.Pages > 1 {
			pages += "–" + strconv.Itoa(f.FirstPage+f.Pages-1)
		}
		t.row([]string{strconv.Itoa(i + 1), string(f.Category), f.File, title, pages}, "目　录（续）")
	}
	if len(fm.rejected) == 0 {
		return
	}
	t.y += 16
	if t.y > idxBottom-60 {
		t.newPage("未收录的文件")
	} else {
		t.y += sh.Text(style(fonts.Sans, 13, ""), idxLeft, t.y-8, tableWidth(), "未收录的文件") - 4
		t.header()
	}
	for i, f := range fm.rejected {
		t.row([]string{strconv.Itoa(i + 1), string(f.Category), f.File, f.Message, "未收录"}, "未收录的文件（续）")
	}
}

type table struct {
	sh *pdfgen.Sheet
	y  float64
}

func (t *table) newPage(title string) {
	t.sh.AddPage(a4W, a4H)
	t.sh.Text(style(fonts.Sans, 16, "center"), idxLeft, 40, tableWidth(), title)
	t.y = idxTop
	t.header()
}

func cellStyle(role fonts.Role) pdfgen.TextStyle {
	st := style(role, idxSize, "")
	st.Leading = idxLine / idxSize
	return st
}

func (t *table) header() {
	t.sh.Fill(idxLeft, t.y, tableWidth(), idxLine+2*idxPad, [3]uint8{230, 230, 230})
	x := idxLeft
	for _, col := range indexCols {
		t.sh.Text(cellStyle(fonts.Sans), x+idxPad, t.y+idxPad, col.w-2*idxPad, col.title)
		x += col.w
	}
	t.y += idxLine + 2*idxPad
}

func tableWidth() float64 {
	w := 0.0
	for _, c := range indexCols {
		w += c.w
	}
	return w
}

// row sets one table row, each cell broken into lines inside its column,
// starting a new page (titled cont) when the row does not fit.
func (t *table) row(cells []string, cont string) {
	st := cellStyle(fonts.Serif)
	h := idxLine
	for i, s := range cells {
		h = max(h, t.sh.Height(st, indexCols[i].w-2*idxPad, s))
	}
	h += 2 * idxPad
	if t.y+h > idxBottom {
		t.newPage(cont)
	}
	x := idxLeft
	for i, s := range cells {
		t.sh.Text(st, x+idxPad, t.y+idxPad, indexCols[i].w-2*idxPad, s)
		x += indexCols[i].w
	}
	t.y += h
	t.sh.Line(idxLeft, t.y, idxLeft+tableWidth(), t.y, 0.4, [3]uint8{160, 160, 160})
}

// overlayPDF draws, for each page size in dims, a transparent page with
// the page number at the foot and, on the pages in marked, the watermark
// text diagonally across, in grey.
func overlayPDF(ctx context.Context, dims []types.Dim, marked map[int]bool, watermark string) ([]byte, error) {
	sh := pdfgen.NewSheet(nil)
	foot := style(fonts.Sans, 9, "center")
	foot.Color = [3]uint8{60, 60, 60}
	for i, d := range dims {
		p := i + 1
		sh.AddPage(d.Width, d.Height)
		sh.Text(foot, 0, d.Height-27, d.Width, fmt.Sprintf("%d / %d", p, len(dims)))
		if marked[p] {
			watermarkText(sh, d, watermark)
		}
	}
	b, _, err := sheetPDF(ctx, sh)
	return b, err
}

// watermarkText repeats s three times across the page, turned 30°.
func watermarkText(sh *pdfgen.Sheet, d types.Dim, s string) {
	st := style(fonts.Sans, 20, "")
	st.Color = [3]uint8{150, 150, 150}
	// Keep the turned line inside the page width.
	if w, limit := sh.Width(st, s), d.Width*0.8/0.866; w > limit {
		st.Size *= limit / w
	}
	for _, f := range []float64{0.22, 0.5, 0.78} {
		sh.TextTurned(st, d.Width/2, d.Height*f, 30, s)
	}
}
