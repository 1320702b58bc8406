package verify_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"strings"
	"sync"
	"testing"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/internal/scansim"
	"github.com/bast-tools/shenbao/pdfgen"
	"github.com/bast-tools/shenbao/verify"
)

var annotateDir = flag.String("annotate", "", "write annotated pictures of the test scans into this directory")

func codes(r *verify.Report) map[string]int {
	m := map[string]int{}
	for _, f := range r.Findings {
		m[f.Code]++
	}
	return m
}

func dump(t *testing.T, r *verify.Report) {
	t.Helper()
	b, _ := json.MarshalIndent(r, "", " ")
	t.Logf("%s", b)
}

// TestCleanScan: every page signed and sealed, scanned straight and
// skewed, some upside down: 通过.
func TestCleanScan(t *testing.T) {
	f := sampleFixture(t, form.KindIndividual)
	var imgs []image.Image
	for n := 1; n <= len(f.pages); n++ {
		opt := scansim.ScanOptions{DPI: 200, Skew: float64(n%5) - 2, Noise: 3, Quality: 85, Seed: uint64(n)}
		if n == 3 {
			opt.Rotation = 180
		}
		if n == 4 {
			opt.Rotation = 90
		}
		imgs = append(imgs, f.scan(t, n, f.signed(n, 1), opt))
	}
	r, err := verify.Scan(context.Background(), f.doc, []verify.Source{pdfSource(t, "scan.pdf", imgs...)}, verify.Options{Annotate: annotateTo(t, *annotateDir, "clean")})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != verify.Pass {
		dump(t, r)
		t.Fatalf("verdict %s, want %s", r.Verdict, verify.Pass)
	}
	for i, p := range r.Pages {
		if p.FormPage != i+1 {
			t.Errorf("scan page %d: form page %d", i+1, p.FormPage)
		}
	}
	if r.Pages[2].Rotation != 180 || r.Pages[3].Rotation != 90 {
		t.Errorf("rotations %d, %d; want 180, 90", r.Pages[2].Rotation, r.Pages[3].Rotation)
	}
}

// scanSet scans the pages of a document in a given arrangement; change
// lets a case alter one page's marks or scan options.
type pageScan struct {
	form  int // 1-based form page; 0 for a blank sheet
	marks []scansim.Mark
	opt   scansim.ScanOptions
	other *fixture // scan a page of another document
}

func (f *fixture) plain(n int) pageScan {
	return pageScan{form: n, marks: f.signed(n, uint64(n)), opt: scansim.ScanOptions{DPI: 150, Skew: float64(n%3) - 1, Noise: 3, Quality: 85, Seed: uint64(n)}}
}

func (f *fixture) all() []pageScan {
	var out []pageScan
	for n := 1; n <= len(f.pages); n++ {
		out = append(out, f.plain(n))
	}
	return out
}

// scanCache keeps scans made once for the cases that share them.
var scanCache sync.Map

func (f *fixture) images(t *testing.T, ps []pageScan) []image.Image {
	var imgs []image.Image
	for _, p := range ps {
		key := fmt.Sprintf("%p %+v", f, p)
		if img, ok := scanCache.Load(key); ok {
			imgs = append(imgs, img.(image.Image))
			continue
		}
		src := f
		if p.other != nil {
			src = p.other
		}
		if p.form == 0 {
			s, err := scansim.Scan(loadFont(t), scansim.Sheet{}, p.opt)
			if err != nil {
				t.Fatal(err)
			}
			imgs = append(imgs, s.Image)
			scanCache.Store(key, s.Image)
			continue
		}
		img := src.scan(t, p.form, p.marks, p.opt)
		scanCache.Store(key, img)
		imgs = append(imgs, img)
	}
	return imgs
}

func zoneOf(t *testing.T, f *fixture, page int, kind, id string) pdfgen.Zone {
	t.Helper()
	for _, z := range f.pm.Pages[page-1].Zones {
		if z.Kind == kind && (z.ID == id || (len(z.Paths) > 0 && z.Paths[0] == id)) {
			return z
		}
	}
	t.Fatalf("page %d has no %s zone %s", page, kind, id)
	return pdfgen.Zone{}
}

func without(ms []scansim.Mark, kind scansim.MarkKind, b scansim.Box) []scansim.Mark {
	var out []scansim.Mark
	for _, m := range ms {
		if m.Kind == kind && m.Box == b {
			continue
		}
		out = append(out, m)
	}
	return out
}

// TestFindings: each way a submission goes wrong gives its code at the
// right page and zone, and the verdict follows.
func TestFindings(t *testing.T) {
	f := sampleFixture(t, form.KindIndividual)
	team := sampleFixture(t, form.KindTeam)
	applicant := zoneOf(t, f, 6, pdfgen.ZoneSignature, "applicant")
	sealZ := zoneOf(t, f, 7, pdfgen.ZoneSeal, "employer")
	mobile := zoneOf(t, f, 1, pdfgen.ZoneField, "$.applicant.mobile")
	school := zoneOf(t, f, 3, pdfgen.ZoneField, "$.applicant.school")

	type want struct {
		code     string
		scanPage int
		formPage int
		zone     string
	}
	cases := []struct {
		name    string
		pages   func() []pageScan
		verdict string
		want    []want
	}{
		{"applicant did not sign", func() []pageScan {
			ps := f.all()
			ps[5].marks = without(ps[5].marks, scansim.MarkSignature, box(applicant))
			return ps
		}, verify.Fail, []want{{verify.CodeSignatureMissing, 6, 6, "applicant"}}},
		{"no seal", func() []pageScan {
			ps := f.all()
			ps[6].marks = without(ps[6].marks, scansim.MarkSeal, box(sealZ))
			return ps
		}, verify.Fail, []want{{verify.CodeSealMissing, 7, 7, "employer"}}},
		{"grayscale", func() []pageScan {
			ps := f.all()
			ps[6].opt.Mode = scansim.ModeGray
			return ps
		}, verify.Manual, []want{{verify.CodeSealUnjudgeable, 7, 7, "employer"}}},
		{"page dropped", func() []pageScan {
			ps := f.all()
			return append(ps[:4], ps[5:]...)
		}, verify.Fail, []want{{verify.CodePageMissing, 0, 5, ""}}},
		{"page twice", func() []pageScan {
			ps := f.all()
			return append(ps[:3], append([]pageScan{ps[2]}, ps[3:]...)...)
		}, verify.Manual, []want{{verify.CodePageDuplicate, 4, 3, ""}}},
		{"pages swapped", func() []pageScan {
			ps := f.all()
			ps[3], ps[4] = ps[4], ps[3]
			return ps
		}, verify.Manual, []want{{verify.CodePageOrder, 5, 4, ""}}},
		{"page of another document", func() []pageScan {
			ps := f.all()
			o := team.plain(3)
			o.other = team
			return append(ps[:2], append([]pageScan{o}, ps[2:]...)...)
		}, verify.Fail, []want{{verify.CodePageForeign, 3, 0, ""}}},
		{"scanner's blank page", func() []pageScan {
			ps := f.all()
			return append(ps[:2], append([]pageScan{{form: 0, opt: scansim.ScanOptions{DPI: 150, Noise: 3, Quality: 80}}}, ps[2:]...)...)
		}, verify.Pass, []want{{verify.CodePageBlankExtra, 3, 0, ""}}},
		{"handwritten change", func() []pageScan {
			ps := f.all()
			ps[0].marks = append(ps[0].marks, scansim.Mark{Kind: scansim.MarkEdit, Box: box(mobile), Text: "13800000000", Seed: 5})
			return ps
		}, verify.Fail, []want{{verify.CodeFieldChanged, 1, 1, "$.applicant.mobile"}}},
		{"pasted strip", func() []pageScan {
			ps := f.all()
			ps[2].marks = append(ps[2].marks, scansim.Mark{Kind: scansim.MarkPaste, Box: box(school), Text: "清华大学", Seed: 6})
			return ps
		}, verify.Fail, []want{{verify.CodeFieldChanged, 3, 3, "$.applicant.school"}}},
		{"low resolution", func() []pageScan {
			ps := f.all()
			ps[1].opt.DPI = 100
			return ps
		}, verify.Manual, []want{{verify.CodeScanLowDPI, 2, 2, ""}}},
		{"blurred", func() []pageScan {
			ps := f.all()
			ps[5].opt.Blur = 2.5
			return ps
		}, verify.Manual, []want{{verify.CodeScanBlurry, 6, 6, ""}}},
		{"red logo where the upside-down page would have its code", func() []pageScan {
			ps := f.all()
			ps[4].marks = append(ps[4].marks, scansim.Mark{Kind: scansim.MarkRedLogo, Box: scansim.Box{X: 30, Y: 272, W: 22, H: 18}, Seed: 1})
			ps[4].opt.Rotation, ps[4].opt.Bed = 90, [2]float64{240, 320}
			return ps
		}, verify.Pass, nil},
		{"phone photo", func() []pageScan {
			ps := f.all()
			ps[6].opt.Perspective = 0.05
			ps[6].opt.DPI = 200
			return ps
		}, verify.Pass, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := verify.Scan(context.Background(), f.doc, []verify.Source{pdfSource(t, "scan.pdf", f.images(t, c.pages())...)},
				verify.Options{Annotate: annotateTo(t, *annotateDir, strings.ReplaceAll(c.name, " ", "-"))})
			if err != nil {
				t.Fatal(err)
			}
			bad := r.Verdict != c.verdict
			for _, w := range c.want {
				found := false
				for _, g := range r.Findings {
					if g.Code == w.code && g.ScanPage == w.scanPage && g.FormPage == w.formPage && (w.zone == "" || g.Zone == w.zone) {
						found = true
					}
				}
				if !found {
					t.Errorf("no %s at scan page %d, form page %d, zone %q", w.code, w.scanPage, w.formPage, w.zone)
					bad = true
				}
			}
			if bad {
				t.Errorf("verdict %s, want %s", r.Verdict, c.verdict)
				for _, g := range r.Findings {
					t.Logf("%s %s scan %d form %d %s %.2f %s", g.Code, g.Severity, g.ScanPage, g.FormPage, g.Zone, g.Confidence, g.Message)
				}
			}
		})
	}
}
