package batch_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/bast-tools/shenbao/batch"
	"github.com/bast-tools/shenbao/form"
)

// A synthetic batch: records made from the embedded samples, with distinct
// people and organisations, evidence pictures and stand-in scans whose
// content tells the fake verifier what to find.

type record map[string]any

func sample(t testing.TB, k form.Kind) record {
	b, err := form.Sample(k, false)
	if err != nil {
		t.Fatal(err)
	}
	var r record
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	dropEvidence(r)
	return r
}

// dropEvidence removes the evidence file names the sample's tables carry,
// so that a clean submission needs only the required evidence.
func dropEvidence(v any) {
	switch v := v.(type) {
	case map[string]any:
		delete(v, "evidence")
		for _, x := range v {
			dropEvidence(x)
		}
	case []any:
		for _, x := range v {
			dropEvidence(x)
		}
	case record:
		dropEvidence(map[string]any(v))
	}
}

func (r record) obj(k string) map[string]any { return r[k].(map[string]any) }

func idNumber(birth string, seq int) string {
	first := "110108" + strings.ReplaceAll(birth, "-", "") + fmt.Sprintf("%03d", seq)
	return first + string(form.IDCheckChar(first))
}

func creditCode(n int) string {
	first := fmt.Sprintf("91110108MA01%05d", n)
	return first + string(form.CreditCheckChar(first))
}

var surnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"}

// individual is a clean individual application of person n at
// organisation org.
func individual(t testing.TB, n, org int) record {
	r := sample(t, form.KindIndividual)
	a := r.obj("applicant")
	a["name"] = surnames[n%len(surnames)] + "明" + string(rune('一'+n))
	a["id_number"] = idNumber("1985-06-12", 2*n+101) // odd: male, as the sample
	a["mobile"] = fmt.Sprintf("139%08d", 10012345+n)
	e := r.obj("employer")
	e["name"] = fmt.Sprintf("北京智芯微电子科技第%d有限公司", org)
	e["credit_code"] = creditCode(org)
	r["application_no"] = fmt.Sprintf("ZG2026-%04d", n)
	return r
}

func team(t testing.TB, n, org int) record {
	r := sample(t, form.KindTeam)
	l := r.obj("leader")
	l["id_number"] = idNumber("1988-03-04", 2*n+2) // even: female, as the sample
	r["team_name"] = fmt.Sprintf("智能网联第%d创新工作室", n)
	e := r.obj("employer")
	e["name"] = fmt.Sprintf("北京网联汽车科技第%d有限公司", org)
	e["credit_code"] = creditCode(org)
	r["application_no"] = fmt.Sprintf("QC2026-%04d", n)
	return r
}

// picture is a distinct evidence picture (distinct, so no two files of a
// batch are duplicates).
func picture(t testing.TB, seed int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 160, 220))
	for y := range 220 {
		for x := range 160 {
			v := uint8(235 + (x*7+y*3+seed*11)%20)
			img.Set(x, y, color.NRGBA{v, v, v, 255})
		}
	}
	for i := range 12 {
		y := 20 + i*14 + seed%5
		for x := 15; x < 145; x++ {
			img.Set(x, y, color.NRGBA{30, 30, 30, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type files map[string][]byte

func (f files) json(t testing.TB, name string, r record) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	f[name] = b
}

// evidence adds the four required categories.
func (f files) evidence(t testing.TB, seed int) {
	for i, p := range []string{"证明材料/身份证复印件/身份证.png", "证明材料/最高学历证书/毕业证.png", "证明材料/最高学位证书/学位证.png", "证明材料/营业执照/营业执照.png"} {
		f[p] = picture(t, seed*10+i)
	}
}

// scans adds a split scan; marker tells the fake verifier what to find.
func (f files) scans(id, marker string, pages int) {
	for p := 1; p <= pages; p++ {
		f[fmt.Sprintf("申报书扫描件-%d.jpg", p)] = []byte(fmt.Sprintf("scan of %s page %d %s", id, p, marker))
	}
}

func write(t testing.TB, dir string, fs files) {
	for name, data := range fs {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// want is what a submission of the synthetic batch must come out as.
type want struct {
	verdict string
	codes   []string // findings that must be there
	broken  bool     // a row with an error
}

// fakeVerifier stands in for the scan verifier: it finds what the scan's
// bytes announce, and draws an annotation for each flagged page.
func fakeVerifier(calls *atomic.Int64) batch.ScanVerifier {
	return func(ctx context.Context, in batch.ScanInput) (*batch.ScanReport, error) {
		calls.Add(1)
		rep := &batch.ScanReport{Verdict: batch.Pass, Findings: []batch.ScanFinding{}}
		for i, f := range in.Files {
			b := make([]byte, f.Size)
			if _, err := f.ReadAt(b, 0); err != nil {
				return nil, err
			}
			s := string(b)
			switch {
			case strings.Contains(s, "NOT-A-SCAN"):
				return nil, fmt.Errorf("%s：不是 PDF 或图片", f.Name)
			case strings.Contains(s, "MISSING-PAGE"):
				rep.Findings = append(rep.Findings, batch.ScanFinding{Code: "page_missing", Severity: "error", FormPage: 3,
					Message: "缺少第 3 页；请补扫"})
				rep.Verdict = batch.Fail
			case strings.Contains(s, "NO-SEAL"):
				rep.Findings = append(rep.Findings, batch.ScanFinding{Code: "seal_missing", Severity: "error", ScanPage: i + 1, FormPage: 8,
					Zone: "employer.seal", Confidence: 0.93, Message: "所在单位意见处未盖公章"})
				rep.Verdict = batch.Fail
				in.Annotate(i+1, annotation())
			case strings.Contains(s, "GRAY"):
				rep.Findings = append(rep.Findings, batch.ScanFinding{Code: "seal_unjudgeable", Severity: "review", ScanPage: i + 1, FormPage: 8,
					Zone: "employer.seal", Confidence: 0.5, Message: "灰度扫描，无法判断是否盖章；请以彩色、不低于 200 dpi 重新扫描"})
				if rep.Verdict == batch.Pass {
					rep.Verdict = batch.NeedsLook
				}
			case strings.Contains(s, "CHANGED"):
				rep.Findings = append(rep.Findings, batch.ScanFinding{Code: "field_changed", Severity: "error", ScanPage: i + 1, FormPage: 1,
					Zone: "applicant.mobile", Confidence: 0.88, Message: "手机号码 13910012399 与电子数据不一致（手写改动）"})
				rep.Verdict = batch.Fail
				in.Annotate(i+1, annotation())
			}
		}
		return rep, nil
	}
}

// annotation is a page picture as the verifier draws it: text lines and
// a red box where the seal should be.
var annotation = sync.OnceValue(func() image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, 1240, 1754))
	for y := range 1754 {
		for x := range 1240 {
			c := color.NRGBA{255, 255, 255, 255}
			if x > 800 && x < 1100 && y > 1300 && y < 1600 && (x < 806 || x > 1094 || y < 1306 || y > 1594) {
				c = color.NRGBA{220, 0, 0, 255}
			} else if (y/40)%3 == 0 && x > 100 && x < 1140 && x%7 != 0 {
				c = color.NRGBA{60, 60, 60, 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
})

// makeBatch writes the synthetic batch into dir and returns what each
// submission must come out as.
func makeBatch(t testing.TB, dir string) map[string]want {
	w := map[string]want{}
	add := func(id string, fs files, wnt want) {
		write(t, filepath.Join(dir, id), fs)
		w[id] = wnt
	}
	clean := func(n int) files {
		fs := files{}
		fs.json(t, "申报书.json", individual(t, n, 100+n))
		fs.scans(fmt.Sprint(n), "", 2)
		fs.evidence(t, n)
		return fs
	}
	// 16 clean individuals, some with other names for the files.
	for n := 1; n <= 16; n++ {
		fs := clean(n)
		if n%4 == 0 { // application.json and a single PDF scan
			fs["application.json"] = fs["申报书.json"]
			delete(fs, "申报书.json")
			delete(fs, "申报书扫描件-2.jpg")
			fs["scan.pdf"] = fs["申报书扫描件-1.jpg"]
			delete(fs, "申报书扫描件-1.jpg")
		}
		add(fmt.Sprintf("个人-%02d", n), fs, want{verdict: batch.Pass})
	}
	// 4 clean teams, scans split into 12 pages.
	for n := 1; n <= 4; n++ {
		fs := files{}
		fs.json(t, "团队申报书数据.json", team(t, n, 200+n))
		fs.scans("team"+fmt.Sprint(n), "", 12)
		fs.evidence(t, 50+n)
		add(fmt.Sprintf("团队-%02d", n), fs, want{verdict: batch.Pass})
	}
	// A stray file is reported, not fatal.
	fs := clean(17)
	fs["备注.docx"] = []byte("not used")
	add("个人-17-多余文件", fs, want{verdict: batch.Pass, codes: []string{batch.CodeStray}})

	// Problems the scan verifier finds (through the fake).
	for _, c := range []struct {
		n             int
		id, marker    string
		pages         int
		verdict, code string
	}{
		{18, "个人-18-缺页", "MISSING-PAGE", 1, batch.Fail, "page_missing"},
		{19, "个人-19-未盖章", "NO-SEAL", 2, batch.Fail, "seal_missing"},
		{20, "个人-20-灰度", "GRAY", 2, batch.NeedsLook, "seal_unjudgeable"},
		{21, "个人-21-改动", "CHANGED", 2, batch.Fail, "field_changed"},
		{22, "个人-22-扫描件损坏", "NOT-A-SCAN", 1, batch.Fail, batch.CodeScanUnusable},
	} {
		fs := clean(c.n)
		fs.scans(fmt.Sprint(c.n), c.marker, c.pages)
		add(c.id, fs, want{verdict: c.verdict, codes: []string{c.code}})
	}

	// Over-quota organisation: two applications from organisation 300.
	for _, n := range []int{23, 24} {
		fs := files{}
		fs.json(t, "申报书.json", individual(t, n, 300))
		fs.scans(fmt.Sprint(n), "", 2)
		fs.evidence(t, n)
		add(fmt.Sprintf("个人-%d-同单位", n), fs, want{verdict: batch.Fail, codes: []string{"round.per_organisation"}})
	}
	// One person in two roles: individual applicant and team leader.
	tm := team(t, 9, 209)
	ind := individual(t, 25, 125)
	a := ind.obj("applicant")
	a["id_number"], a["birth_date"], a["sex"] = tm.obj("leader")["id_number"], "1988-03-04", "女"
	fs = files{}
	fs.json(t, "申报书.json", ind)
	fs.scans("25", "", 2)
	fs.evidence(t, 25)
	add("个人-25-兼任", fs, want{verdict: batch.Fail, codes: []string{"round.dual_role"}})
	fs = files{}
	fs.json(t, "申报书.json", tm)
	fs.scans("team9", "", 2)
	fs.evidence(t, 59)
	add("团队-09-兼任", fs, want{verdict: batch.Fail, codes: []string{"round.dual_role"}})

	// Missing evidence: none at all; a required category missing.
	fs = clean(26)
	for p := range fs {
		if strings.HasPrefix(p, "证明材料/") {
			delete(fs, p)
		}
	}
	add("个人-26-无证明材料", fs, want{verdict: batch.Fail, codes: []string{batch.CodeEvidenceMissing}})
	fs = clean(27)
	delete(fs, "证明材料/最高学位证书/学位证.png")
	add("个人-27-缺学位证", fs, want{verdict: batch.Fail, codes: []string{batch.CodeMissingRequired}})
	// A corrupt evidence file; a corrupt record.
	fs = clean(28)
	fs["证明材料/其他/获奖证书.jpg"] = []byte("\xff\xd8\xff\xe0 this is not really a JPEG")
	add("个人-28-文件损坏", fs, want{verdict: batch.Fail, codes: []string{"image_corrupt"}})
	fs = clean(29)
	fs["申报书.json"] = fs["申报书.json"][:len(fs["申报书.json"])/2]
	add("个人-29-数据损坏", fs, want{verdict: batch.Fail, codes: []string{batch.CodeRecordInvalid}, broken: true})
	// A folder with no record.
	fs = clean(30)
	delete(fs, "申报书.json")
	add("个人-30-无数据", fs, want{verdict: batch.Fail, codes: []string{batch.CodeNoRecord}, broken: true})
	// No scan; an invalid record; an ineligible applicant.
	fs = clean(31)
	delete(fs, "申报书扫描件-1.jpg")
	delete(fs, "申报书扫描件-2.jpg")
	add("个人-31-无扫描件", fs, want{verdict: batch.Fail, codes: []string{batch.CodeScanMissing}})
	r := individual(t, 32, 132)
	r.obj("applicant")["id_number"] = "110108198506121230" // wrong check digit
	fs = clean(32)
	fs.json(t, "申报书.json", r)
	add("个人-32-证件号错误", fs, want{verdict: batch.Fail})
	r = individual(t, 33, 133)
	r["previously_funded"] = true
	fs = clean(33)
	fs.json(t, "申报书.json", r)
	add("个人-33-曾获资助", fs, want{verdict: batch.Fail})
	return w
}
