package pdfgen_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"flag"
	"fmt"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/pdfgen"
)

var update = flag.Bool("update", false, "rewrite the golden page maps in testdata/")

// sampleCase is one embedded sample, normal or maximal.
type sampleCase struct {
	kind form.Kind
	max  bool
}

func (c sampleCase) name() string {
	if c.max {
		return string(c.kind) + "-max"
	}
	return string(c.kind)
}

var sampleCases = []sampleCase{
	{form.KindIndividual, false}, {form.KindIndividual, true},
	{form.KindTeam, false}, {form.KindTeam, true},
	{form.KindLetter, false}, {form.KindLetter, true},
}

// rendered caches one rendering per sample: the checks below each look at
// the same PDF.
type rendered struct {
	doc  form.Document
	json []byte
	pdf  []byte
	pm   *pdfgen.PageMap
	err  error
}

var (
	renderOnce sync.Map // name → *sync.Once
	renders    sync.Map // name → *rendered
)

func render(t *testing.T, c sampleCase) *rendered {
	t.Helper()
	o, _ := renderOnce.LoadOrStore(c.name(), &sync.Once{})
	o.(*sync.Once).Do(func() {
		r := &rendered{}
		defer renders.Store(c.name(), r)
		r.json, r.err = form.Sample(c.kind, c.max)
		if r.err != nil {
			return
		}
		var findings []form.Finding
		r.doc, findings, r.err = form.Read(bytes.NewReader(r.json), form.Options{})
		if r.err == nil && len(findings) > 0 {
			r.err = fmt.Errorf("sample has findings: %v", findings)
			return
		}
		var buf bytes.Buffer
		r.pm, r.err = pdfgen.Render(context.Background(), &buf, r.doc, pdfgen.Options{})
		r.pdf = buf.Bytes()
	})
	v, _ := renders.Load(c.name())
	r := v.(*rendered)
	if r.err != nil {
		t.Fatalf("render %s: %v", c.name(), r.err)
	}
	return r
}

func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s not installed (Debian: apt-get install poppler-utils qpdf)", name)
	}
	return p
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSamplesPageCountAndMap(t *testing.T) {
	for _, c := range sampleCases {
		t.Run(c.name(), func(t *testing.T) {
			r := render(t, c)
			n := len(r.pm.Pages)
			if n == 0 || n%2 != 0 {
				t.Fatalf("%d pages, want an even number for duplex printing", n)
			}
			for _, p := range r.pm.Pages {
				kinds := map[string]int{}
				for _, z := range p.Zones {
					kinds[z.Kind]++
					b := z.Box
					if b.X < 0 || b.Y < 0 || b.X+b.W > 210.01 || b.Y+b.H > 297.01 || b.W <= 0 || b.H <= 0 {
						t.Errorf("page %d: zone %s %v %v outside the page: %+v", p.Number, z.Kind, z.ID, z.Paths, b)
					}
				}
				if kinds[pdfgen.ZoneMark] != 4 || kinds[pdfgen.ZonePageCode] != 1 {
					t.Errorf("page %d: %d marks and %d page codes, want 4 and 1", p.Number, kinds[pdfgen.ZoneMark], kinds[pdfgen.ZonePageCode])
				}
				code, err := pdfgen.ParseCode(p.Code)
				if err != nil || code.Page != p.Number || code.Pages != n || code.DocID != r.pm.DocID {
					t.Errorf("page %d: code %q (%v) does not match the page map", p.Number, p.Code, err)
				}
			}
			// Signature and seal zones: the ones the document needs, and
			// seal boxes that hold a 42 mm round seal with 2 mm to spare.
			zones := map[string]int{}
			for _, p := range r.pm.Pages {
				for _, z := range p.Zones {
					switch z.Kind {
					case pdfgen.ZoneSeal:
						zones["seal:"+z.ID]++
						if z.Box.W < 46 || z.Box.H < 46 {
							t.Errorf("page %d: seal box %s is %.1f×%.1f mm, too small for a 42 mm seal", p.Number, z.ID, z.Box.W, z.Box.H)
						}
					case pdfgen.ZoneSignature:
						if strings.HasPrefix(z.ID, "$.members[") {
							zones["signature:member"]++
						} else {
							zones["signature:"+z.ID]++
						}
					}
				}
			}
			members := 0
			if team, ok := r.doc.(*form.Team); ok {
				members = len(team.Members)
			}
			want := map[form.Kind]map[string]int{
				form.KindIndividual: {"signature:applicant": 1, "signature:employer": 1, "seal:employer": 1},
				form.KindTeam:       {"signature:leader": 1, "signature:employer": 1, "seal:employer": 1, "signature:member": members},
				form.KindLetter:     {"signature:recommender": 1, "seal:recommender": 1, "seal:summary": 1},
			}[c.kind]
			if fmt.Sprint(zones) != fmt.Sprint(want) {
				t.Errorf("signature and seal zones %v, want %v", zones, want)
			}
			last := r.pm.Pages[n-1]
			pages, _ := exec.Command(tool(t, "pdftotext"), "-f", fmt.Sprint(n), "-l", fmt.Sprint(n), writeTemp(t, "d.pdf", r.pdf), "-").Output()
			if last.Filler && !strings.Contains(string(pages), "（此页无正文）") {
				t.Errorf("filler page %d does not say （此页无正文）", n)
			}
			folio := fmt.Sprintf("第%d页共%d页", n, n)
			if c.kind == form.KindLetter {
				folio = fmt.Sprintf("—%d—", n) // GB/T 9704
			}
			if flat := space.ReplaceAllString(string(pages), ""); !strings.Contains(flat, folio) {
				t.Errorf("last page has no page number %s: %q", folio, pages)
			}
		})
	}
}

func TestSamplesQPDFCheck(t *testing.T) {
	qpdf := tool(t, "qpdf")
	for _, c := range sampleCases {
		t.Run(c.name(), func(t *testing.T) {
			r := render(t, c)
			out, err := exec.Command(qpdf, "--check", writeTemp(t, "d.pdf", r.pdf)).CombinedOutput()
			if err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors") {
				t.Errorf("qpdf --check: %v\n%s", err, out)
			}
		})
	}
}

func TestSamplesPDFCPUStrict(t *testing.T) {
	for _, c := range sampleCases {
		t.Run(c.name(), func(t *testing.T) {
			r := render(t, c)
			conf := model.NewDefaultConfiguration()
			conf.ValidationMode = model.ValidationStrict
			if err := api.Validate(bytes.NewReader(r.pdf), conf); err != nil {
				t.Errorf("pdfcpu strict validation: %v", err)
			}
		})
	}
}

// bboxDoc is pdftotext -bbox output.
type bboxDoc struct {
	Pages []struct {
		Words []struct {
			XMin float64 `xml:"xMin,attr"`
			YMin float64 `xml:"yMin,attr"`
			XMax float64 `xml:"xMax,attr"`
			YMax float64 `xml:"yMax,attr"`
			Text string  `xml:",chardata"`
		} `xml:"word"`
	} `xml:"body>doc>page"`
}

var space = regexp.MustCompile(`\s+`)

// TestSamplesTextInZones checks with poppler that every field value of
// the record is printed, exactly, inside the zones the page map gives it.
func TestSamplesTextInZones(t *testing.T) {
	pdftotext := tool(t, "pdftotext")
	for _, c := range sampleCases {
		t.Run(c.name(), func(t *testing.T) {
			r := render(t, c)
			out, err := exec.Command(pdftotext, "-bbox", writeTemp(t, "d.pdf", r.pdf), "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			var doc bboxDoc
			// pdftotext writes XHTML; the decoder needs no DTD.
			dec := xml.NewDecoder(bytes.NewReader(out))
			dec.Strict = false
			if err := dec.Decode(&doc); err != nil {
				t.Fatalf("reading pdftotext -bbox: %v", err)
			}
			if len(doc.Pages) != len(r.pm.Pages) {
				t.Fatalf("pdftotext sees %d pages, page map has %d", len(doc.Pages), len(r.pm.Pages))
			}
			// Text found in the zones of each field, across pages.
			inZone := map[string]*strings.Builder{}
			var order []string
			for i, p := range r.pm.Pages {
				for _, z := range p.Zones {
					if z.Kind != pdfgen.ZoneField {
						continue
					}
					key := strings.Join(z.Paths, ",")
					if inZone[key] == nil {
						inZone[key] = &strings.Builder{}
						order = append(order, key)
					}
					// A word belongs to a zone when it lies wholly inside it
					// (0.5 mm slack): text that overflows its box is lost
					// and fails the check below.
					const slack = 0.5
					for _, w := range doc.Pages[i].Words {
						x0, y0, x1, y1 := w.XMin/72*25.4, w.YMin/72*25.4, w.XMax/72*25.4, w.YMax/72*25.4
						if p.Landscape {
							// pdftotext measures the page as shown
							// (/Rotate 90); zones are on the sheet.
							x0, y0, x1, y1 = y0, 297-x1, y1, 297-x0
						}
						if x0 >= z.Box.X-slack && x1 <= z.Box.X+z.Box.W+slack && y0 >= z.Box.Y-slack && y1 <= z.Box.Y+z.Box.H+slack {
							inZone[key].WriteString(w.Text)
						}
					}
				}
			}
			leaves := leafValues(t, r.json)
			seen := map[string]bool{}
			for _, key := range order {
				got := inZone[key].String()
				// A zone of one field holds that value and nothing after
				// it (a label may come first: 申报编号：…).
				if want := leaves[key]; !strings.Contains(key, ",") && want != "" {
					w := space.ReplaceAllString(want, "")
					if !strings.HasSuffix(got, cnDate(w)) {
						t.Errorf("%s: zone holds %q, want %q", key, clip(got), clip(w))
					}
				}
				rest := got
				for _, p := range strings.Split(key, ",") {
					seen[p] = true
					want, ok := leaves[p]
					if !ok || want == "" {
						continue
					}
					i := indexAny(rest, want)
					if i < 0 {
						t.Errorf("%s: zone text %q lacks the value %q", p, clip(got), clip(want))
						break
					}
					rest = rest[i:]
				}
			}
			for p, v := range leaves {
				if v != "" && !seen[p] && !notPrinted(p) {
					t.Errorf("%s = %q is printed in no zone", p, clip(v))
				}
			}
		})
	}
}

// indexAny finds want in got, whitespace removed; a date or month is
// looked for in its printed form (2026年4月20日, 2023年6月) only.
func indexAny(got, want string) int {
	want = cnDate(space.ReplaceAllString(want, ""))
	return strings.Index(got, want)
}

// cnDate writes 2026-04-20 as 2026年4月20日 and 2023-06 as 2023年6月, the
// one style every date and month is printed in, and leaves anything else.
func cnDate(s string) string {
	if m := isoDate.FindStringSubmatch(s); m != nil {
		out := fmt.Sprintf("%s年%s月", m[1], strings.TrimLeft(m[2], "0"))
		if m[3] != "" {
			out += strings.TrimLeft(m[3], "0") + "日"
		}
		return out
	}
	return s
}

var isoDate = regexp.MustCompile(`^(\d{4})-(\d{2})(?:-(\d{2}))?$`)

// notPrinted names the fields a document does not print in a zone of
// their own: the kind, the edition (part of every title), the submission
// time, the leader flag of a member row (the role column says it), and a
// recommendation's programme and rank (the 汇总表 has a block per
// programme, ranked from 1: the heading and the row's place say them).
func notPrinted(p string) bool {
	return p == "$.kind" || p == "$.edition" || p == "$.submitted_at" ||
		regexp.MustCompile(`^\$\.(members\[\d+\]\.leader|recommendations\[\d+\]\.(programme|rank))$`).MatchString(p)
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// TestSamplesPageCodes decodes the page code of every page from a 150-dpi
// raster made by poppler's pdftoppm and compares it with the page map.
func TestSamplesPageCodes(t *testing.T) {
	pdftoppm := tool(t, "pdftoppm")
	for _, c := range sampleCases {
		t.Run(c.name(), func(t *testing.T) {
			r := render(t, c)
			dir := t.TempDir()
			pdf := filepath.Join(dir, "d.pdf")
			if err := os.WriteFile(pdf, r.pdf, 0o644); err != nil {
				t.Fatal(err)
			}
			// The code sits at the outer top corner: right on odd pages,
			// left on even ones, so nothing is in the binding. Rasterise
			// only that corner (with 1.5 mm to spare: the corner mark is 2 mm away), at 150 dpi: odd and
			// even pages in one run each, a landscape page (shown turned,
			// /Rotate 90) on its own.
			px := func(v float64) string { return fmt.Sprint(int(v / 25.4 * 150)) }
			raster := func(box pdfgen.Box, pages ...string) {
				crop := []string{"-x", px(box.X - 1.5), "-y", px(box.Y - 1.5), "-W", px(box.W + 3), "-H", px(box.H + 3)}
				args := append(append([]string{"-r", "150", "-gray", "-png"}, pages...), crop...)
				if out, err := exec.Command(pdftoppm, append(args, pdf, filepath.Join(dir, "p"))...).CombinedOutput(); err != nil {
					t.Fatalf("pdftoppm: %v %s", err, out)
				}
			}
			for i, p := range r.pm.Pages {
				box := codeBox(t, p)
				outer := box.X > 105
				if p.Number%2 == 0 {
					outer = box.X+box.W < 105
				}
				if !outer {
					t.Errorf("page %d: page code at %+v, not at the outer side", p.Number, box)
				}
				if i < 2 {
					raster(box, map[bool]string{true: "-o", false: "-e"}[i == 0])
				}
			}
			for _, p := range r.pm.Pages {
				if b := codeBox(t, p); p.Landscape {
					n := fmt.Sprint(p.Number)
					raster(pdfgen.Box{X: 297 - b.Y - b.H, Y: b.X, W: b.H, H: b.W}, "-f", n, "-l", n)
				}
			}
			pngs, _ := filepath.Glob(filepath.Join(dir, "p-*.png"))
			if len(pngs) != len(r.pm.Pages) {
				t.Fatalf("pdftoppm made %d pages, page map has %d", len(pngs), len(r.pm.Pages))
			}
			for i, p := range r.pm.Pages {
				got, err := decodeCode(t, pngs[i])
				if err != nil {
					// gozxing misses the odd symbol at 150 dpi (the
					// page-code helpers are making it easier to read); it
					// must read at 200.
					t.Logf("page %d: page code not read at 150 dpi (%v); trying 200", p.Number, err)
					one := filepath.Join(dir, "one")
					n := fmt.Sprint(p.Number)
					if out, err := exec.Command(pdftoppm, "-r", "200", "-gray", "-png", "-singlefile", "-f", n, "-l", n, pdf, one).CombinedOutput(); err != nil {
						t.Fatalf("pdftoppm: %v %s", err, out)
					}
					if got, err = decodeCode(t, one+".png"); err != nil {
						t.Errorf("page %d: no page code decoded: %v", p.Number, err)
					}
				}
				if got != p.Code {
					t.Errorf("page %d: code reads %q, page map says %q", p.Number, got, p.Code)
				}
			}
		})
	}
}

func codeBox(t *testing.T, p pdfgen.PageInfo) pdfgen.Box {
	t.Helper()
	for _, z := range p.Zones {
		if z.Kind == pdfgen.ZonePageCode {
			return z.Box
		}
	}
	t.Fatalf("page %d has no page code zone", p.Number)
	return pdfgen.Box{}
}

// decodeCode decodes the QR code in an image file.
func decodeCode(t *testing.T, file string) (string, error) {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(readImage(t, file))
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		return "", err
	}
	return res.GetText(), nil
}

func TestDeterministic(t *testing.T) {
	r := render(t, sampleCase{form.KindIndividual, false})
	var buf bytes.Buffer
	if _, err := pdfgen.Render(context.Background(), &buf, r.doc, pdfgen.Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), r.pdf) {
		t.Fatal("two renderings of the same record differ")
	}
}

func TestGoldenPageMaps(t *testing.T) {
	for _, c := range sampleCases {
		t.Run(c.name(), func(t *testing.T) {
			r := render(t, c)
			var got bytes.Buffer
			if err := r.pm.WriteJSON(&got); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join("testdata", c.name()+".pagemap.json")
			if *update {
				if err := os.WriteFile(file, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("page map differs from %s (if the change is intended, run go test -update and review the diff)", file)
			}
		})
	}
}

// TestSpacedTextExtractsAsOneWord: letter-spaced titles and labels spread
// to one width are drawn with character spacing and say what they are
// (/ActualText), so extraction and search find 申报书, not 申 报 书.
func TestSpacedTextExtractsAsOneWord(t *testing.T) {
	pdftotext := tool(t, "pdftotext")
	for _, c := range []sampleCase{{form.KindIndividual, false}, {form.KindTeam, false}, {form.KindLetter, false}} {
		r := render(t, c)
		out, err := exec.Command(pdftotext, "-f", "1", "-l", "2", writeTemp(t, "d.pdf", r.pdf), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"申报书", "填写说明", "申报编号："}
		if c.kind == form.KindLetter {
			want = []string{"北京市海淀区科学技术协会"} // the letterhead, spaced 0.1 em
		}
		for _, w := range want {
			if !strings.Contains(string(out), w) {
				t.Errorf("%s: pages 1–2 do not extract %q:\n%s", c.name(), w, out)
			}
		}
		if c.kind != form.KindLetter && regexp.MustCompile(`申\s+报\s+书`).Match(out) {
			t.Errorf("%s: 申报书 extracts letter by letter", c.name())
		}
	}
}
