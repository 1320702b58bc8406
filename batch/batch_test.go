package batch_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bast-tools/shenbao/batch"
)

// treeSum hashes every path, mode, size, modification time and content
// under dir, to show a run changed nothing there.
func treeSum(t testing.TB, dir string) string {
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		st, err := os.Lstat(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %v %d %d\n", p, st.Mode(), st.Size(), st.ModTime().UnixNano())
		if st.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func readReport(t testing.TB, dir string) (*batch.Report, []byte) {
	b, err := os.ReadFile(filepath.Join(dir, batch.ReportJSON))
	if err != nil {
		t.Fatal(err)
	}
	var rep batch.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	return &rep, b
}

func codes(r batch.Result) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Code)
	}
	return out
}

func TestSyntheticBatch(t *testing.T) {
	tmp := t.TempDir()
	in, out := filepath.Join(tmp, "申报材料"), filepath.Join(tmp, "报告")
	wants := makeBatch(t, in)
	// A link to a file outside the batch folder is refused.
	secret := filepath.Join(tmp, "secret.png")
	if err := os.WriteFile(secret, picture(t, 999), 0o644); err != nil {
		t.Fatal(err)
	}
	linked := files{}
	linked.json(t, "申报书.json", individual(t, 34, 134))
	linked.scans("34", "", 2)
	linked.evidence(t, 34)
	write(t, filepath.Join(in, "个人-34-外部链接"), linked)
	if err := os.MkdirAll(filepath.Join(in, "个人-34-外部链接", "证明材料", "其他"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(in, "个人-34-外部链接", "证明材料", "其他", "外部.png")); err != nil {
		t.Fatal(err)
	}
	wants["个人-34-外部链接"] = want{verdict: batch.Fail, codes: []string{batch.CodePathOutside}}
	// A stray file at the top of the batch folder.
	if err := os.WriteFile(filepath.Join(in, "说明.txt"), []byte("批次说明"), 0o644); err != nil {
		t.Fatal(err)
	}
	if len(wants) < 30 {
		t.Fatalf("only %d submissions", len(wants))
	}
	before := treeSum(t, in)

	var calls atomic.Int64
	opt := batch.Options{Jobs: 2, Verify: fakeVerifier(&calls), VerifierVersion: "fake/1", Version: "test"}
	oc, err := batch.Run(context.Background(), in, out, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !oc.Complete || oc.Stats.Total != len(wants) || oc.Stats.Processed != len(wants) {
		t.Fatalf("stats %+v, want %d processed", oc.Stats, len(wants))
	}
	rep, first := readReport(t, out)
	if len(rep.Submissions) != len(wants) {
		t.Fatalf("%d submissions in report.json, want %d", len(rep.Submissions), len(wants))
	}
	for _, r := range rep.Submissions {
		w, ok := wants[r.ID]
		if !ok {
			t.Errorf("unexpected submission %s", r.ID)
			continue
		}
		if r.Verdict != w.verdict {
			t.Errorf("%s: verdict %s, want %s; findings %v", r.ID, r.Verdict, w.verdict, r.Findings)
		}
		for _, c := range w.codes {
			if !slices.Contains(codes(r), c) {
				t.Errorf("%s: no %s finding among %v", r.ID, c, codes(r))
			}
		}
		if w.broken != (r.Error != "") {
			t.Errorf("%s: error %q, want broken=%v", r.ID, r.Error, w.broken)
		}
		for _, f := range r.Findings {
			if f.Message == "" || f.Check == "" || f.Severity == "" {
				t.Errorf("%s: incomplete finding %+v", r.ID, f)
			}
		}
	}
	if n := rep.Count[batch.Pass] + rep.Count[batch.NeedsLook] + rep.Count[batch.Fail]; n != len(wants) || rep.Count["total"] != n {
		t.Errorf("count %v", rep.Count)
	}
	if len(rep.Batch) != 1 || rep.Batch[0].File != "说明.txt" {
		t.Errorf("batch findings %v, want the stray 说明.txt", rep.Batch)
	}
	// Personal data is masked everywhere in the report.
	if bytes.Contains(first, []byte("13910012399")) || bytes.Contains(first, []byte(idNumber("1985-06-12", 2*1+101))) {
		t.Error("report.json holds an unmasked phone or identity number")
	}
	if !bytes.Contains(first, []byte("139****2399")) || !bytes.Contains(first, []byte("110108********")) {
		t.Error("report.json lacks the masked phone or identity number")
	}
	checkXLSX(t, filepath.Join(out, batch.ReportXLSX), rep)
	checkCSV(t, filepath.Join(out, batch.ReportCSV), rep)
	checkHTML(t, out, rep)
	if treeSum(t, in) != before {
		t.Fatal("the run changed the input folder")
	}

	// A rerun with no change does no work.
	calls.Store(0)
	oc, err = batch.Run(context.Background(), in, out, opt)
	if err != nil {
		t.Fatal(err)
	}
	if oc.Stats.Processed != 0 || oc.Stats.Cached != len(wants) || calls.Load() != 0 || oc.Stats.Verified != 0 {
		t.Errorf("rerun: stats %+v, %d verifier calls; want everything from the cache", oc.Stats, calls.Load())
	}
	if _, again := readReport(t, out); !bytes.Equal(again, first) {
		t.Error("rerun wrote a different report.json")
	}

	// Fixing one submission redoes only that one.
	fixed := filepath.Join(in, "个人-19-未盖章", "申报书扫描件-2.jpg")
	if err := os.WriteFile(fixed, []byte("rescanned, sealed"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(in, "个人-19-未盖章", "申报书扫描件-1.jpg"), []byte("rescanned page 1"), 0o644); err != nil {
		t.Fatal(err)
	}
	calls.Store(0)
	oc, err = batch.Run(context.Background(), in, out, opt)
	if err != nil {
		t.Fatal(err)
	}
	if oc.Stats.Processed != 1 || calls.Load() != 1 {
		t.Errorf("after fixing one: stats %+v, %d verifier calls; want 1", oc.Stats, calls.Load())
	}
	rep, _ = readReport(t, out)
	for _, r := range rep.Submissions {
		if r.ID == "个人-19-未盖章" && r.Verdict != batch.Pass {
			t.Errorf("fixed submission: %s %v", r.Verdict, codes(r))
		}
	}
}

func checkXLSX(t *testing.T, name string, rep *batch.Report) {
	x, err := excelize.OpenFile(name)
	if err != nil {
		t.Fatalf("report.xlsx does not open: %v", err)
	}
	defer x.Close()
	rows, err := x.GetRows(batch.SheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(rep.Submissions)+1 || rows[0][0] != "申报编号" {
		t.Fatalf("summary sheet: %d rows, header %v", len(rows), rows[0])
	}
	col := slices.Index(rows[0], "结论")
	for i, r := range rep.Submissions {
		if rows[i+1][0] != r.ID || rows[i+1][col] != r.Verdict || rows[i+1][1] != r.Name {
			t.Errorf("xlsx row %d: %v, want %s %s %s", i+2, rows[i+1][:col+1], r.ID, r.Name, r.Verdict)
		}
	}
	for _, c := range batch.Checks {
		if !slices.Contains(rows[0], batch.CheckNames[c]) {
			t.Errorf("no column for check %s", c)
		}
	}
	frows, err := x.GetRows(batch.SheetFindings)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rep.Submissions {
		n += len(r.Findings)
	}
	if len(frows) != n+1 {
		t.Errorf("findings sheet has %d rows, want %d", len(frows)-1, n)
	}
	panes, err := x.GetPanes(batch.SheetSummary)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header not frozen: %+v %v", panes, err)
	}
	w, err := x.GetColWidth(batch.SheetSummary, "D") // 所在单位: long Chinese names
	if err != nil || w < 30 {
		t.Errorf("organisation column %.0f wide, too narrow for its names", w)
	}
}

func checkCSV(t *testing.T, name string, rep *batch.Report) {
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\ufeff申报编号,")) {
		t.Errorf("report.csv does not start with a BOM and the header: %q", b[:min(len(b), 30)])
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\r\n")
	if len(lines) != len(rep.Submissions)+1 {
		t.Errorf("report.csv has %d lines, want %d", len(lines), len(rep.Submissions)+1)
	}
}

func checkHTML(t *testing.T, out string, rep *batch.Report) {
	b, err := os.ReadFile(filepath.Join(out, batch.ReportHTML))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, bad := range []string{"http://", "https://", "<link", "src=\"http"} {
		if strings.Contains(page, bad) {
			t.Errorf("index.html refers to the network: %s", bad)
		}
	}
	// Names in pinyin order: 陈 (chen) before 李 (li) before 王 (wang) before 赵 (zhao).
	last := -1
	for _, s := range []string{"陈明", "李明", "王明", "赵明"} {
		i := strings.Index(page, ">"+s)
		if i < 0 || i < last {
			t.Errorf("%s not in pinyin order in index.html", s)
		}
		last = i
	}
	for _, r := range rep.Submissions {
		d, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(r.Detail)))
		if err != nil {
			t.Fatalf("%s: no detail page: %v", r.ID, err)
		}
		for _, f := range r.Findings {
			if !strings.Contains(string(d), htmlEscape(f.Message)) {
				t.Errorf("%s: detail page lacks finding %q", r.ID, f.Message)
			}
		}
		if r.ID == "个人-19-未盖章" && r.Verdict == batch.Fail && !strings.Contains(string(d), "data:image/jpeg;base64,") {
			t.Errorf("%s: no thumbnail of the flagged page", r.ID)
		}
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}
