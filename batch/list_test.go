package batch_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/bast-tools/shenbao/batch"
)

// listBatch writes three submissions in a portal-export layout (files
// anywhere, named by the list) and returns the list rows.
func listBatch(t *testing.T, dir string) [][]string {
	fs := files{}
	fs.json(t, "数据/张三.json", individual(t, 40, 140))
	fs.json(t, "数据/李四.json", individual(t, 41, 141))
	fs["扫描/张三-1.pdf"] = []byte("scan 40 page 1")
	fs["扫描/张三-2.pdf"] = []byte("scan 40 page 2")
	fs["扫描/李四.pdf"] = []byte("scan 41 NO-SEAL")
	for i, p := range []string{"身份证复印件/a.png", "最高学历证书/b.png", "最高学位证书/c.png", "营业执照/d.png"} {
		fs["材料/张三/"+p] = picture(t, 400+i)
		fs["材料/李四/"+p] = picture(t, 410+i)
	}
	write(t, dir, fs)
	return [][]string{
		{"申报编号", "申报书", "扫描件", "证明材料"},
		{"ZG-040", "数据/张三.json", "扫描/张三-1.pdf；扫描/张三-2.pdf", "材料/张三"},
		{"ZG-041", `数据\李四.json`, "扫描/李四.pdf", "材料/李四"},
		{"ZG-042", "../outside.json", "扫描/李四.pdf", "材料/李四"},
	}
}

func csvBytes(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + "\r\n")
	}
	return b.String()
}

func TestListGBKAndXLSX(t *testing.T) {
	tmp := t.TempDir()
	in := filepath.Join(tmp, "导出")
	rows := listBatch(t, in)
	if err := os.WriteFile(filepath.Join(tmp, "outside.json"), []byte(`{"kind":"individual"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(csvBytes(rows))
	if err != nil {
		t.Fatal(err)
	}
	x := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		row := make([]any, len(r))
		for j, c := range r {
			row[j] = c
		}
		if err := x.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var xb bytes.Buffer
	if err := x.Write(&xb); err != nil {
		t.Fatal(err)
	}
	lists := map[string][]byte{
		"名单-gbk.csv":     []byte(gbk),
		"名单-bom.csv":     append([]byte("\xef\xbb\xbf"), csvBytes(rows)...),
		"名单-gb18030.csv": append([]byte{0x84, 0x31, 0x95, 0x33}, gbk...),
		"名单.xlsx":        xb.Bytes(),
	}
	for name, data := range lists {
		if err := os.WriteFile(filepath.Join(in, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	before := treeSum(t, tmp)
	var calls atomic.Int64
	for name := range lists {
		out := filepath.Join(t.TempDir(), "报告")
		oc, err := batch.Run(context.Background(), filepath.Join(in, name), out, batch.Options{Verify: fakeVerifier(&calls), Jobs: 1})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := map[string]batch.Result{}
		for _, r := range oc.Report.Submissions {
			got[r.ID] = r
		}
		if r := got["ZG-040"]; r.Verdict != batch.Pass || r.Name == "" || len(r.Inputs) != 7 {
			t.Errorf("%s: ZG-040 %s %q, %d inputs; findings %v", name, r.Verdict, r.Name, len(r.Inputs), r.Findings)
		}
		if r := got["ZG-041"]; r.Verdict != batch.Fail || !slices.Contains(codes(r), "seal_missing") {
			t.Errorf("%s: ZG-041 %s %v", name, r.Verdict, codes(r))
		}
		if r := got["ZG-042"]; r.Verdict != batch.Fail || !slices.Contains(codes(r), batch.CodePathOutside) || r.Name != "" {
			t.Errorf("%s: ZG-042 read a path outside the batch folder: %s %v", name, r.Verdict, codes(r))
		}
	}
	if treeSum(t, tmp) != before {
		t.Fatal("the runs changed the input folder")
	}
}

func TestDecodeText(t *testing.T) {
	for _, tc := range []struct {
		in   []byte
		want string
	}{
		{[]byte("申报编号,姓名"), "UTF-8"},
		{[]byte("\xef\xbb\xbf申报编号"), "UTF-8（带 BOM）"},
		{[]byte("\xc9\xea\xb1\xa8\xb1\xe0\xba\xc5"), "GBK/GB18030"}, // 申报编号 in GBK
		{[]byte("\xff\xfe\x33\x75\x25\x62"), "UTF-16"},
	} {
		out, enc, err := batch.DecodeText(tc.in)
		if err != nil || enc != tc.want || !strings.HasPrefix(string(out), "申") {
			t.Errorf("%q: %q %s %v", tc.in, out, enc, err)
		}
	}
}

func TestListErrors(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"no-id.csv":   "姓名,申报书\n张三,a.json\n",
		"dup.csv":     "id,record\nA,a.json\nA,b.json\n",
		"empty.csv":   "",
		"broken.xlsx": "PK not a zip",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := batch.Run(context.Background(), filepath.Join(dir, name), t.TempDir(), batch.Options{})
		var le *batch.ListError
		if err == nil || !asListError(err, &le) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v, want a ListError naming the file", name, err)
		}
	}
}

func asListError(err error, le **batch.ListError) bool {
	e, ok := err.(*batch.ListError)
	*le = e
	return ok
}

// --csv-encoding gbk writes what old Excel on Chinese Windows reads.
func TestCSVInGBK(t *testing.T) {
	tmp := t.TempDir()
	in := filepath.Join(tmp, "in")
	fs := files{}
	fs.json(t, "申报书.json", individual(t, 3, 103))
	write(t, filepath.Join(in, "张三"), fs)
	utf, gbk := filepath.Join(tmp, "utf"), filepath.Join(tmp, "gbk")
	if _, err := batch.Run(context.Background(), in, utf, batch.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := batch.Run(context.Background(), in, gbk, batch.Options{CSVEncoding: "gbk"}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{batch.ReportCSV, batch.FindingsCSV} {
		u, _ := os.ReadFile(filepath.Join(utf, name))
		g, _ := os.ReadFile(filepath.Join(gbk, name))
		dec, err := simplifiedchinese.GBK.NewDecoder().Bytes(g)
		if err != nil || bytes.HasPrefix(g, []byte("\xef\xbb\xbf")) || "\ufeff"+string(dec) != string(u) || bytes.Equal(g, dec) {
			t.Errorf("%s in GBK does not decode to the UTF-8 one (%v)", name, err)
		}
	}
	if _, err := batch.Run(context.Background(), in, filepath.Join(tmp, "x"), batch.Options{CSVEncoding: "latin1"}); err == nil {
		t.Error("--csv-encoding latin1 accepted")
	}
}
