package batch

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/width"

	"github.com/bast-tools/shenbao/form"
)

// The report files.
const (
	ReportJSON   = "report.json"
	ReportXLSX   = "report.xlsx"
	ReportCSV    = "report.csv"
	FindingsCSV  = "findings.csv"
	ReportHTML   = "index.html"
	DetailFolder = "details"
)

// WriteReports writes every report of rep into out.
func WriteReports(out string, rep *Report, opt Options) error {
	gbk, err := csvGBK(opt.CSVEncoding)
	if err != nil {
		return err
	}
	steps := []struct {
		name  string
		write func(io.Writer) error
	}{
		{ReportJSON, func(w io.Writer) error { return encodeJSON(w, rep) }},
		{ReportCSV, func(w io.Writer) error { return writeCSV(w, summaryRows(rep), gbk) }},
		{FindingsCSV, func(w io.Writer) error { return writeCSV(w, findingRows(rep), gbk) }},
		{ReportXLSX, func(w io.Writer) error { return writeXLSX(w, rep) }},
		{ReportHTML, func(w io.Writer) error { return writeIndex(w, rep) }},
	}
	for _, s := range steps {
		if err := writeFileAtomic(filepath.Join(out, s.name), 0o644, s.write); err != nil {
			return fmt.Errorf("写出 %s 失败：%w", s.name, err)
		}
	}
	if err := os.MkdirAll(filepath.Join(out, DetailFolder), 0o755); err != nil {
		return err
	}
	for i := range rep.Submissions {
		res := &rep.Submissions[i]
		if err := writeFileAtomic(filepath.Join(out, filepath.FromSlash(res.Detail)), 0o644, func(w io.Writer) error {
			return writeDetail(w, res, rep.thumbs[res.ID])
		}); err != nil {
			return fmt.Errorf("写出 %s 失败：%w", res.Detail, err)
		}
	}
	return nil
}

// csvGBK reads Options.CSVEncoding.
func csvGBK(enc string) (bool, error) {
	switch strings.ToLower(enc) {
	case "", "utf-8", "utf8":
		return false, nil
	case "gbk", "gb18030":
		return true, nil
	}
	return false, fmt.Errorf("--csv-encoding %q：应为 utf-8 或 gbk", enc)
}

func detailPage(id string) string { return DetailFolder + "/" + safeName(id) + ".html" }

var kindNames = map[form.Kind]string{form.KindIndividual: "个人", form.KindTeam: "团队", form.KindLetter: "推荐函"}

var severityNames = map[Severity]string{Error: "不通过", Review: "需人工复核", Info: "提示"}

// summaryHeader is the first row of the summary sheet and report.csv.
func summaryHeader() []string {
	h := []string{"申报编号", "姓名/工作室", "类型", "所在单位", "推荐单位", "推荐渠道", "申报领域", "证件号码", "结论", "不通过项", "需复核项", "提示"}
	for _, c := range Checks {
		h = append(h, CheckNames[c])
	}
	return append(h, "无法核查的原因", "详情页")
}

func counts(res *Result) (e, r, i int) {
	for _, f := range res.Findings {
		switch f.Severity {
		case Error:
			e++
		case Review:
			r++
		default:
			i++
		}
	}
	return
}

func summaryRows(rep *Report) [][]string {
	rows := [][]string{summaryHeader()}
	for i := range rep.Submissions {
		res := &rep.Submissions[i]
		e, r, n := counts(res)
		row := []string{res.ID, res.Name, kindNames[res.Kind], res.Organisation, res.Recommender, res.Channel, res.Field, res.IDNumber,
			res.Verdict, strconv.Itoa(e), strconv.Itoa(r), strconv.Itoa(n)}
		for _, c := range Checks {
			row = append(row, res.Checks[c])
		}
		rows = append(rows, append(row, res.Error, res.Detail))
	}
	return rows
}

func findingRows(rep *Report) [][]string {
	rows := [][]string{{"申报编号", "姓名/工作室", "检查", "结论", "代码", "文档", "文件", "数据位置", "扫描页", "表单页", "区域", "说明"}}
	page := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	for i := range rep.Submissions {
		res := &rep.Submissions[i]
		for _, f := range res.Findings {
			rows = append(rows, []string{res.ID, res.Name, CheckNames[f.Check], severityNames[f.Severity], f.Code, f.Document, f.File, f.Path,
				page(f.ScanPage), page(f.FormPage), f.Zone, f.Message})
		}
	}
	return rows
}

// writeCSV writes UTF-8 with a BOM (so Excel detects it), or GB18030 (read
// as GBK by old Excel) with gbk. Cells that a spreadsheet would run as a
// formula are quoted with a leading apostrophe.
func writeCSV(w io.Writer, rows [][]string, gbk bool) error {
	if gbk {
		w = simplifiedchinese.GB18030.NewEncoder().Writer(w)
	} else if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	for _, row := range rows {
		safe := make([]string, len(row))
		for i, c := range row {
			safe[i] = defuse(c)
		}
		if err := cw.Write(safe); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// defuse keeps text from an applicant (=HYPERLINK(…)) from becoming a
// formula in Excel.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

// The sheets of report.xlsx.
const (
	SheetSummary  = "申报汇总"
	SheetFindings = "问题清单"
)

func writeXLSX(w io.Writer, rep *Report) error {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", SheetSummary); err != nil {
		return err
	}
	if _, err := x.NewSheet(SheetFindings); err != nil {
		return err
	}
	head, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE5F0"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	verdictStyles := map[string]int{}
	for v, c := range map[string]string{Pass: "C6EFCE", NeedsLook: "FFEB9C", Fail: "FFC7CE"} {
		if verdictStyles[v], err = x.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}}}); err != nil {
			return err
		}
	}
	for _, sh := range []struct {
		name string
		rows [][]string
	}{{SheetSummary, summaryRows(rep)}, {SheetFindings, findingRows(rep)}} {
		if err := fillSheet(x, sh.name, sh.rows, head, verdictStyles); err != nil {
			return err
		}
	}
	x.SetActiveSheet(0)
	return x.Write(w)
}

func fillSheet(x *excelize.File, sheet string, rows [][]string, head int, verdictStyles map[string]int) error {
	widths := make([]int, len(rows[0]))
	for r, row := range rows {
		cells := make([]any, len(row))
		for c, v := range row {
			if n, err := strconv.Atoi(v); err == nil && r > 0 && v == strconv.Itoa(n) && len(v) < 10 {
				cells[c] = n
			} else {
				cells[c] = v
			}
			widths[c] = max(widths[c], displayWidth(v))
		}
		cell, err := excelize.CoordinatesToCellName(1, r+1)
		if err != nil {
			return err
		}
		if err := x.SetSheetRow(sheet, cell, &cells); err != nil {
			return err
		}
		if r == 0 {
			continue
		}
		for c, v := range row {
			if st, ok := verdictStyles[v]; ok {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := x.SetCellStyle(sheet, ref, ref, st); err != nil {
					return err
				}
			}
		}
	}
	last, err := excelize.CoordinatesToCellName(len(rows[0]), len(rows))
	if err != nil {
		return err
	}
	lastHead, _ := excelize.CoordinatesToCellName(len(rows[0]), 1)
	if err := x.SetCellStyle(sheet, "A1", lastHead, head); err != nil {
		return err
	}
	for c, wd := range widths {
		col, err := excelize.ColumnNumberToName(c + 1)
		if err != nil {
			return err
		}
		// One display column is about one width unit; Chinese counts two.
		if err := x.SetColWidth(sheet, col, col, float64(min(max(wd, 6), 60))+2); err != nil {
			return err
		}
	}
	if err := x.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return x.AutoFilter(sheet, "A1:"+last, nil)
}

// displayWidth is what a spreadsheet column needs for s: one unit a
// character, two for Chinese and other wide ones.
func displayWidth(s string) int {
	n := utf8.RuneCountInString(s)
	for _, r := range s {
		if k := width.LookupRune(r).Kind(); k == width.EastAsianWide || k == width.EastAsianFullwidth {
			n++
		}
	}
	return n
}
