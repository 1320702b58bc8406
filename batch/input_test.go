package batch_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/bast-tools/shenbao/batch"
	"github.com/bast-tools/shenbao/form"
)

// The layouts staff meet, each read as the package documentation says.
func TestDiscoverLayouts(t *testing.T) {
	dir := t.TempDir()
	rec := individual(t, 1, 101)
	letter, err := form.Sample(form.KindLetter, false)
	if err != nil {
		t.Fatal(err)
	}
	a := files{"推荐函.json": letter, "扫描件/p1.jpg": []byte("1"), "扫描件/p10.jpg": []byte("10"), "扫描件/p2.jpg": []byte("2"),
		"推荐函扫描件.pdf": []byte("l"), "manifest.json": []byte(`{"files":[{"path":"材料/id.png","category":"身份证复印件"}]}`),
		".DS_Store": []byte("x"), "Thumbs.db": []byte("x"), "说明.docx": []byte("x")}
	a.json(t, "数据.json", rec)
	write(t, filepath.Join(dir, "甲"), a)
	b := files{"身份证复印件/a.png": []byte("a"), "营业执照/b.png": []byte("b"), "scan.PDF": []byte("s")}
	b.json(t, "application.json", rec)
	b.json(t, "申报书.json", rec)
	write(t, filepath.Join(dir, "乙"), b)
	write(t, filepath.Join(dir, "丙"), files{"scan.pdf": []byte("s")})
	if err := os.WriteFile(filepath.Join(dir, "名单.csv"), []byte("id,dir\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	subs, stray, err := batch.Discover(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 3 || len(stray) != 1 || stray[0].File != "名单.csv" {
		t.Fatalf("%d submissions, stray %v", len(subs), stray)
	}
	by := map[string]batch.Submission{}
	for _, s := range subs {
		by[s.ID] = s
	}
	s := by["甲"]
	if s.Record != "甲/数据.json" || s.Letter != "甲/推荐函.json" || s.Manifest != "甲/manifest.json" || s.Evidence != "甲" {
		t.Errorf("甲: %+v", s)
	}
	if !slices.Equal(s.Scans, []string{"甲/扫描件/p1.jpg", "甲/扫描件/p2.jpg", "甲/扫描件/p10.jpg"}) || !slices.Equal(s.LetterScans, []string{"甲/推荐函扫描件.pdf"}) {
		t.Errorf("甲 scans %v, letter scans %v", s.Scans, s.LetterScans)
	}
	if !slices.Equal(s.Stray, []string{"甲/说明.docx"}) || len(s.EvidenceList) != 1 {
		t.Errorf("甲 stray %v, evidence %v", s.Stray, s.EvidenceList)
	}
	s = by["乙"]
	if s.Record != "乙/申报书.json" || len(s.Problems) != 1 || s.Problems[0].Code != batch.CodeTwoRecords || s.Evidence != "乙" || len(s.EvidenceList) != 2 {
		t.Errorf("乙: record %s, problems %v, evidence %s %v", s.Record, s.Problems, s.Evidence, s.EvidenceList)
	}
	if !slices.Equal(s.Scans, []string{"乙/scan.PDF"}) {
		t.Errorf("乙 scans %v", s.Scans)
	}
	if s = by["丙"]; len(s.Problems) != 1 || s.Problems[0].Code != batch.CodeNoRecord {
		t.Errorf("丙: %v", s.Problems)
	}
}
