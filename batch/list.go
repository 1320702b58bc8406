package batch

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// maxList bounds a list file; a portal export of a whole round is well
// under a megabyte.
const maxList = 32 << 20

// ListError is a list file that cannot be used at all.
type ListError struct {
	File string
	Row  int // 1-based, 0 for the whole file
	Msg  string
}

func (e *ListError) Error() string {
	if e.Row > 0 {
		return fmt.Sprintf("%s 第 %d 行：%s", e.File, e.Row, e.Msg)
	}
	return e.File + "：" + e.Msg
}

// Code returns "list_invalid".
func (e *ListError) Code() string { return "list_invalid" }

// columns maps the header names a portal export may use to a field.
var columns = map[string]string{
	"id": "id", "submission": "id", "submission_id": "id", "申报编号": "id", "编号": "id", "序号": "id", "申报id": "id",
	"dir": "dir", "folder": "dir", "文件夹": "dir", "目录": "dir",
	"record": "record", "application": "record", "data": "record", "申报书": "record", "申报数据": "record", "申报书数据": "record",
	"scans": "scans", "scan": "scans", "扫描件": "scans", "申报书扫描件": "scans",
	"letter": "letter", "推荐函": "letter", "推荐函数据": "letter",
	"letter_scans": "letter_scans", "letter_scan": "letter_scans", "推荐函扫描件": "letter_scans",
	"evidence": "evidence", "manifest": "evidence", "证明材料": "evidence", "证明材料清单": "evidence",
}

// ReadList reads a list of submissions exported from the portal, a CSV
// (UTF-8, UTF-8 with BOM, UTF-16 with BOM, or GBK/GB18030 as Excel saves it
// on Chinese Windows) or an XLSX (first sheet). The first row names the
// columns (see the package documentation); paths are relative to the
// list's folder, several in one cell separated by “;” or “|”. A path that
// is absolute or climbs out with “..” is refused in that row's problems.
func ReadList(fsys fs.FS, name string) ([]Submission, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, &ListError{File: name, Msg: "无法打开：" + err.Error()}
	}
	data, err := io.ReadAll(io.LimitReader(f, maxList+1))
	f.Close()
	if err != nil {
		return nil, &ListError{File: name, Msg: "无法读取：" + err.Error()}
	}
	if len(data) > maxList {
		return nil, &ListError{File: name, Msg: fmt.Sprintf("文件超过 %d MB", maxList>>20)}
	}
	var rows [][]string
	if strings.EqualFold(path.Ext(name), ".xlsx") {
		rows, err = xlsxRows(data)
	} else {
		rows, err = csvRows(data)
	}
	if err != nil {
		return nil, &ListError{File: name, Msg: err.Error()}
	}
	return listSubmissions(fsys, name, rows)
}

func xlsxRows(data []byte) ([][]string, error) {
	// A small zip can unpack to gigabytes: bound what excelize inflates.
	x, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 256 << 20, UnzipXMLSizeLimit: 64 << 20})
	if err != nil {
		return nil, fmt.Errorf("不是可读的 XLSX 文件（%v）", err)
	}
	defer x.Close()
	sheets := x.GetSheetList()
	if len(sheets) == 0 {
		return nil, errors.New("XLSX 文件中没有工作表")
	}
	return x.GetRows(sheets[0])
}

// DecodeText turns the bytes of a text file saved by any common Chinese
// tool into UTF-8: a BOM decides; else valid UTF-8 is taken as it is, and
// anything else is read as GB18030 (a superset of GBK and GB2312).
func DecodeText(data []byte) ([]byte, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xef, 0xbb, 0xbf}):
		return data[3:], "UTF-8（带 BOM）", nil
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}), bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		out, err := decodeWith(data, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
		return out, "UTF-16", err
	case bytes.HasPrefix(data, []byte{0x84, 0x31, 0x95, 0x33}): // GB18030's BOM
		out, err := decodeWith(data[4:], simplifiedchinese.GB18030.NewDecoder())
		return out, "GB18030", err
	case utf8.Valid(data):
		return data, "UTF-8", nil
	}
	out, err := decodeWith(data, simplifiedchinese.GB18030.NewDecoder())
	if err != nil || !utf8.Valid(out) || bytes.ContainsRune(out, utf8.RuneError) {
		return nil, "", errors.New("无法识别文件编码（既不是 UTF-8 也不是 GBK/GB18030）；请在 Excel 中另存为“CSV UTF-8”")
	}
	return out, "GBK/GB18030", nil
}

func decodeWith(data []byte, t transform.Transformer) ([]byte, error) {
	out, _, err := transform.Bytes(t, data)
	return out, err
}

func csvRows(data []byte) ([][]string, error) {
	text, _, err := DecodeText(data)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("CSV 格式有误：%v", err)
	}
	return rows, nil
}

func listSubmissions(fsys fs.FS, name string, rows [][]string) ([]Submission, error) {
	if len(rows) == 0 {
		return nil, &ListError{File: name, Msg: "文件是空的"}
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if f, ok := columns[h]; ok {
			if _, dup := col[f]; !dup {
				col[f] = i
			}
		}
	}
	if _, ok := col["id"]; !ok {
		return nil, &ListError{File: name, Row: 1, Msg: "第一行应为表头，且有“申报编号”（id）一列"}
	}
	_, hasDir := col["dir"]
	_, hasRecord := col["record"]
	if !hasDir && !hasRecord {
		return nil, &ListError{File: name, Row: 1, Msg: "表头中应有“文件夹”（dir）或“申报书”（record）一列"}
	}
	cell := func(row []string, f string) string {
		if i, ok := col[f]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	var subs []Submission
	seen := map[string]int{}
	for n, row := range rows[1:] {
		rowNo := n + 2
		id := cell(row, "id")
		if id == "" {
			if strings.TrimSpace(strings.Join(row, "")) == "" {
				continue // blank lines Excel leaves at the end
			}
			return nil, &ListError{File: name, Row: rowNo, Msg: "申报编号为空"}
		}
		if prev, dup := seen[id]; dup {
			return nil, &ListError{File: name, Row: rowNo, Msg: fmt.Sprintf("申报编号 %s 与第 %d 行重复", id, prev)}
		}
		seen[id] = rowNo
		var s Submission
		var bad []Finding
		clean := func(p string) string {
			c, ok := safePath(p)
			if !ok {
				bad = append(bad, outside(p, fmt.Sprintf("%s 第 %d 行的路径 %s", name, rowNo, p)))
				return ""
			}
			return c
		}
		if dir := cell(row, "dir"); dir != "" {
			if d := clean(dir); d != "" {
				s = discoverOne(fsys, id, d)
			}
		}
		s.ID = id
		if r := cell(row, "record"); r != "" {
			s.Record = clean(r)
		}
		if l := cell(row, "letter"); l != "" {
			s.Letter = clean(l)
		}
		if sc := splitPaths(cell(row, "scans")); len(sc) > 0 {
			s.Scans = nil
			for _, p := range sc {
				if c := clean(p); c != "" {
					s.Scans = append(s.Scans, c)
				}
			}
		}
		if sc := splitPaths(cell(row, "letter_scans")); len(sc) > 0 {
			s.LetterScans = nil
			for _, p := range sc {
				if c := clean(p); c != "" {
					s.LetterScans = append(s.LetterScans, c)
				}
			}
		}
		if ev := cell(row, "evidence"); ev != "" {
			if c := clean(ev); c != "" {
				s.Evidence, s.Manifest, s.EvidenceList, s.hasEvidence = "", "", nil, true
				if st, err := fs.Stat(fsys, c); err == nil && st.IsDir() {
					s.Evidence = c
				} else {
					s.Manifest = c
				}
				s.listEvidence(fsys)
			}
		}
		if s.Record != "" || s.Letter != "" {
			s.Problems = dropNoRecord(s.Problems)
		} else if len(bad) == 0 && cell(row, "dir") == "" {
			s.Problems = append(s.Problems, Finding{Check: CheckInput, Code: CodeNoRecord, Severity: Error,
				Message: fmt.Sprintf("%s 第 %d 行没有给出申报书数据文件", name, rowNo)})
		}
		s.Problems = append(s.Problems, bad...)
		subs = append(subs, s)
	}
	sortSubmissions(subs)
	return subs, nil
}

func dropNoRecord(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Code != CodeNoRecord {
			out = append(out, f)
		}
	}
	return out
}

func splitPaths(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' || r == '|' || r == '\n' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// safePath turns a path from a list into a slash path inside the batch
// folder, refusing absolute paths, drive letters and "..". Links that leave
// the folder are refused later, when os.Root opens them.
func safePath(p string) (string, bool) {
	p = strings.ReplaceAll(p, "\\", "/")
	if strings.HasPrefix(p, "/") || len(p) > 1 && p[1] == ':' {
		return p, false
	}
	c := path.Clean(p)
	if c == ".." || strings.HasPrefix(c, "../") || !fs.ValidPath(c) {
		return c, false
	}
	return c, true
}
