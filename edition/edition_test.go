package edition_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/bast-tools/shenbao/bundle"
	"github.com/bast-tools/shenbao/edition"
	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/pdfgen"
	"github.com/bast-tools/shenbao/rules"
)

// TestSecondEdition swaps in a 2027 notice with other dates, ages, caps,
// quotas and fields, and checks that validation, every rule, the rendered
// form and the dossier follow it with no code change.
func TestSecondEdition(t *testing.T) {
	ed := register2027(t)

	data, err := form.Sample(form.KindIndividual, false)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.NewBufferString(strings.NewReplacer(`"edition": "2026"`, `"edition": "2027"`,
		`"filled_on": "2026-04-20"`, `"filled_on": "2027-04-20"`,
		`"submitted_at": "2026-04-25T16:30:00+08:00"`, `"submitted_at": "2027-04-29T16:30:00+08:00"`,
		`"field": "集成电路"`, `"field": "新材料"`, `ZG2026-`, `ZG2027-`).Replace(string(data))).Bytes()
	now := time.Date(2027, 6, 1, 0, 0, 0, 0, edition.Beijing)
	doc, findings, err := form.ReadBytes(data, form.Options{Now: now})
	if err != nil || len(findings) != 0 {
		t.Fatalf("2027 record: %v %v", err, findings)
	}

	// Rules: the 2027 numbers, not 2026's.
	vs := rules.Check(doc, ed, rules.Options{})
	want := map[string]struct {
		status rules.Status
		text   string
	}{
		"individual.age":        {rules.Fail, "截至 2026-12-31 超过 40 周岁"},           // born 1985: 41
		"individual.budget_cap": {rules.Pass, "不超过 6 万元"},                         // 5 万元
		"individual.deadline":   {rules.Pass, "2027-04-30 24:00"},                 // 2027-04-29
		"individual.field":      {rules.Pass, "新材料"},                              // a 2027 field
		"individual.work_years": {rules.Pass, "至申报时（提交时间 2027-04-29）共 16 年 8 个月"}, // counted to 2027
	}
	for _, v := range vs {
		if w, ok := want[v.Rule]; ok {
			if v.Status != w.status || !strings.Contains(v.Message, w.text) {
				t.Errorf("%s: %s %q, want %s containing %q", v.Rule, v.Status, v.Message, w.status, w.text)
			}
			delete(want, v.Rule)
		}
	}
	if len(want) > 0 {
		t.Errorf("rules not judged: %v", want)
	}
	park := &form.Letter{Channel: "园区科协", Recommender: "某园区科协", Recommendations: make([]form.Recommendation, 3)}
	for i := range park.Recommendations {
		park.Recommendations[i].Programme = form.ProgrammeIndividual
	}
	for _, v := range rules.Check(park, ed, rules.Options{}) {
		if v.Rule == "letter.quota" && (v.Status != rules.Pass || v.Values["individual_quota"] != "3") {
			t.Errorf("2027 park quota: %+v", v)
		}
	}

	// The rendered form: the 2026 layout with the 2027 words.
	var pdf bytes.Buffer
	pm, err := pdfgen.Render(context.Background(), &pdf, doc, pdfgen.Options{Validation: form.Options{Now: now}})
	if err != nil {
		t.Fatal(err)
	}
	if pm.Edition != "2027" || !strings.HasPrefix(pm.Pages[0].Code, pdfgen.CodeFormat+":2027:") {
		t.Errorf("page map edition %s, code %s", pm.Edition, pm.Pages[0].Code)
	}
	text := pdfText(t, pdf.Bytes())
	for _, s := range []string{"2027年卓越工程师选拔培育项目", "2027年卓越工程师成长计划申报书", "合计（不超过6万元）"} {
		if text != "" && !strings.Contains(text, s) {
			t.Errorf("rendered form lacks %q", s)
		}
	}
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, "2026") || strings.Contains(l, "不超过5万元") {
			t.Errorf("rendered form still says 2026 or 5 万元: %q", l)
		}
	}

	// The dossier: cover and watermark from the 2027 edition.
	var opt bundle.Options
	if err := opt.FromRecord(doc); err != nil {
		t.Fatal(err)
	}
	if opt.Cover.Programme != "2027年卓越工程师成长计划" || opt.Watermark != "仅供2027年卓越工程师选拔培育项目申报使用" {
		t.Errorf("dossier cover %q, watermark %q", opt.Cover.Programme, opt.Watermark)
	}
	var img bytes.Buffer
	m := image.NewGray(image.Rect(0, 0, 400, 250))
	for i := range m.Pix {
		m.Pix[i] = 200
	}
	m.Set(10, 10, color.Black)
	png.Encode(&img, m)
	fsys := fstest.MapFS{"id.png": {Data: img.Bytes()}}
	var dossier bytes.Buffer
	if _, err := bundle.Build(context.Background(), fsys, bundle.Manifest{Files: []bundle.Entry{{Path: "id.png", Category: bundle.IDCard}}}, &dossier, opt); err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, dossier.Bytes()); text != "" && !strings.Contains(text, "2027年卓越工程师成长计划") {
		t.Errorf("dossier cover lacks the 2027 programme:\n%s", text)
	}
}

// TestSecondEditionTeamAndLetter: the team form and the letter follow the
// 2027 edition too (caps, deadlines, titles).
func TestSecondEditionTeamAndLetter(t *testing.T) {
	ed := register2027(t)
	now := time.Date(2027, 6, 1, 0, 0, 0, 0, edition.Beijing)
	for _, tt := range []struct {
		kind  form.Kind
		rule  string
		says  string
		texts []string
	}{
		{form.KindTeam, "team.budget_cap", "不超过 12 万元", []string{"2027年北京优秀青年工程师创新工作室申报书", "合计（不超过12万元）"}},
		{form.KindLetter, "letter.deadline", "2027-05-21 24:00", []string{"关于推荐2027年卓越工程师", "2027年卓越工程师选拔培育项目推荐汇总表"}},
	} {
		data, err := form.Sample(tt.kind, false)
		if err != nil {
			t.Fatal(err)
		}
		doc, findings, err := form.ReadBytes(bytes.ReplaceAll(data, []byte("2026"), []byte("2027")), form.Options{Now: now})
		if err != nil || len(findings) != 0 {
			t.Fatalf("%s: %v %v", tt.kind, err, findings)
		}
		found := false
		for _, v := range rules.Check(doc, ed, rules.Options{}) {
			if v.Rule == tt.rule {
				found = v.Status == rules.Pass && strings.Contains(v.Message, tt.says)
			}
		}
		if !found {
			t.Errorf("%s: %s does not say %q", tt.kind, tt.rule, tt.says)
		}
		var pdf bytes.Buffer
		if _, err := pdfgen.Render(context.Background(), &pdf, doc, pdfgen.Options{Validation: form.Options{Now: now}}); err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, pdf.Bytes())
		for _, s := range tt.texts {
			if text != "" && !strings.Contains(text, s) {
				t.Errorf("%s: rendered document lacks %q", tt.kind, s)
			}
		}
		if strings.Contains(text, "2026") {
			t.Errorf("%s: rendered document still says 2026", tt.kind)
		}
	}
}

// register2027 makes the 2027 test edition known for the rest of the test.
func register2027(t *testing.T) *edition.Edition {
	t.Helper()
	f, err := os.Open("testdata/2027.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ed, err := edition.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	edition.Register(ed)
	t.Cleanup(func() { edition.Unregister("2027") })
	return ed
}

// pdfText extracts a PDF's text with pdftotext (poppler), or "" when it is
// not installed.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext not installed: text not checked")
		return ""
	}
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(out), " ", "")
}

func TestLoad(t *testing.T) {
	ed, err := edition.Load("2026")
	if err != nil {
		t.Fatal(err)
	}
	if ed.Title != "2026年卓越工程师选拔培育项目" || ed.ProgrammeTitle("卓越工程师成长计划") != "2026年卓越工程师成长计划" {
		t.Errorf("title %q", ed.Title)
	}
	for _, bad := range []string{"2025", "../2026", ""} {
		if _, err := edition.Load(bad); err == nil || !strings.Contains(err.Error(), "2026") {
			t.Errorf("Load(%q): %v", bad, err)
		}
	}
	for _, bad := range []string{`{"edition":"2026"}`, `{"edition":"x"}`, `{"edition":"2026","unknown":1}`} {
		if _, err := edition.Read(strings.NewReader(bad)); err == nil {
			t.Errorf("Read(%s) accepted", bad)
		}
	}
}

func FuzzRead(f *testing.F) {
	data, err := os.ReadFile("editions/2026.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"edition":"2027","age_reference":"2026-12-31"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ed, err := edition.Read(bytes.NewReader(data))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "届次文件") {
				t.Fatalf("error %q does not say it is the edition file", err)
			}
			return
		}
		if ed.OldestBirth().IsZero() || ed.ApplicationDue().IsZero() || len(ed.Fields) == 0 {
			t.Fatalf("accepted an edition without its numbers: %+v", ed)
		}
	})
}
