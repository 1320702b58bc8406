package pdfgen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bast-tools/shenbao/fonts"
	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/templates"
)

// The checks below look at the layout itself, over the samples and over
// generated records, the way a typographer reads a proof: no identifier,
// date, number with its unit or file name is split across lines where it
// fits; headers and labels break only at sensible places; signature cells
// are big enough to sign in; no seal zone is alone on its page; no
// paragraph ends with one character after a full line; covers and the
// first page of a letter carry no page number.

// checkLayout runs every check on one record.
func checkLayout(t *testing.T, name string, doc form.Document) {
	t.Helper()
	l, err := Build(context.Background(), doc, Options{})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	checkCells(t, name, doc, l.Template)
	checkPages(t, name, l)
}

// checkCells lays out every table of the template again and checks each
// cell's lines.
func checkCells(t *testing.T, name string, doc form.Document, tpl *templates.Template) {
	t.Helper()
	rec, err := newRecord(doc)
	if err != nil {
		t.Fatal(err)
	}
	e, err := newEngine(context.Background(), tpl, rec, fonts.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	e.newPage()
	var walk func(bs []templates.Block)
	walk = func(bs []templates.Block) {
		for i := range bs {
			b := &bs[i]
			switch b.Type {
			case "pagebreak":
				e.land = b.Landscape
				e.newPage()
			case "group":
				walk(b.Blocks)
			case "table":
				head, rows := e.tableRows(b)
				if head != nil {
					rows = append([]trow{*head}, rows...)
				}
				for _, r := range rows {
					for _, c := range r.cells {
						checkCell(t, name, b, &c)
					}
				}
			}
		}
	}
	walk(tpl.Blocks)
}

func checkCell(t *testing.T, name string, b *templates.Block, c *tcell) {
	t.Helper()
	where := fmt.Sprintf("%s: table %q column %d", name, b.Path, c.col)
	if c.kind == cellSign {
		if c.w < 30*mm-0.01 {
			t.Errorf("%s: signature cell %.1f mm wide, want at least 30", where, c.w/mm)
		}
		return
	}
	width := c.w - 2*padX
	ats := atoms(c.s)
	for k := 1; k < len(c.lines); k++ {
		at := c.lines[k].a
		for _, a := range ats {
			if a.a < at && at < a.b && !a.space && a.w > width+0.01 {
				// A piece wider than its column: broken, and only at a
				// sensible place when one was within reach.
				continue
			}
			if a.a < at && at < a.b && !a.space {
				t.Errorf("%s: %q broken inside %q although it fits (%.1f of %.1f pt)", where,
					c.s.text(line{a: 0, b: len(c.s.runes)}), string(c.s.runes[a.a:a.b]), a.w, width)
			}
		}
	}
}

// checkPages looks at the pages as drawn.
func checkPages(t *testing.T, name string, l *Layout) {
	t.Helper()
	folio := regexp.MustCompile(`^第 \d+ 页|^— \d+ —$`)
	for n, p := range l.pages {
		hasFolio := false
		for _, o := range p.ops {
			if o.kind == opText && folio.MatchString(o.text) {
				hasFolio = true
			}
		}
		first := n == 0 && (l.Template.Blocks[0].Type == "cover" || l.Template.Blocks[0].Type == "letterhead")
		if first && hasFolio {
			t.Errorf("%s: page 1 (a cover or a letter's first page) has a page number", name)
		}
		if !first && !hasFolio {
			t.Errorf("%s: page %d has no page number", name, n+1)
		}
		// A seal certifies what is on its page.
		for _, z := range p.zones {
			if z.Kind != ZoneSeal {
				continue
			}
			alone := true
			for _, f := range p.zones {
				if f.Kind == ZoneField && !inside(f.Box, z.Box) {
					alone = false
				}
			}
			if alone {
				t.Errorf("%s: page %d: seal zone %s with nothing it certifies", name, n+1, z.ID)
			}
		}
		if !p.land {
			checkLastLines(t, fmt.Sprintf("%s page %d", name, n+1), p)
		}
	}
}

func inside(a, b Box) bool {
	return a.X >= b.X-0.01 && a.Y >= b.Y-0.01 && a.X+a.W <= b.X+b.W+0.01 && a.Y+a.H <= b.Y+b.H+0.01
}

// checkLastLines finds, in every field zone as wide as the text area (a
// paragraph of free text), a line of one character after a full line.
func checkLastLines(t *testing.T, where string, p *page) {
	t.Helper()
	type ln struct {
		text        string
		left, right float64
	}
	for _, z := range p.zones {
		if z.Kind != ZoneField || z.Box.W < 100 {
			continue
		}
		var lines []ln
		for _, o := range p.ops {
			if o.kind != opText || o.x < z.Box.X*mm-0.5 || o.y < z.Box.Y*mm || o.y > (z.Box.Y+z.Box.H)*mm {
				continue
			}
			right := o.x
			for _, r := range o.text {
				right += o.face.Advance(r)*o.size + o.cs
			}
			if k := len(lines) - 1; k >= 0 && math.Abs(o.y-lines[k].left) < 0.5 {
				lines[k].text += o.text
				lines[k].right = max(lines[k].right, right)
				continue
			}
			lines = append(lines, ln{text: o.text, left: o.y, right: right})
		}
		for k := 1; k < len(lines); k++ {
			chars := 0
			for _, r := range lines[k].text {
				if !isNoStart(r) && !isBreakSpace(r) {
					chars++
				}
			}
			full := lines[k-1].right >= (z.Box.X+z.Box.W)*mm-12
			if chars == 1 && full {
				t.Errorf("%s: %q is alone on the last line after a full line", where, lines[k].text)
			}
		}
	}
}

func TestLayoutSamples(t *testing.T) {
	for _, k := range form.Kinds() {
		for _, max := range []bool{false, true} {
			checkLayout(t, fmt.Sprintf("%s max=%v", k, max), readSample(t, k, max))
		}
	}
}

// TestLayoutGenerated lays out records of random lengths: long names and
// organisation names, long texts, identifiers, dates and file names in
// every text field. Records the validator refuses are made shorter.
func TestLayoutGenerated(t *testing.T) {
	n := 240
	if testing.Short() {
		n = 30
	}
	rng := rand.New(rand.NewPCG(11, 2026))
	built := 0
	for i := range n {
		k := form.Kinds()[i%len(form.Kinds())]
		data, err := form.Sample(k, i%10 == 0)
		if err != nil {
			t.Fatal(err)
		}
		var tree any
		if err := json.Unmarshal(data, &tree); err != nil {
			t.Fatal(err)
		}
		for scale := 1.0; scale > 0.05; scale /= 2 {
			mutate(rng, tree, "$", scale)
			b, _ := json.Marshal(tree)
			doc, findings, err := form.Read(bytes.NewReader(b), form.Options{})
			if err != nil || len(findings) > 0 {
				continue
			}
			if _, err := Build(context.Background(), doc, Options{}); err != nil {
				var tl TooLongErrors
				if errors.As(err, &tl) {
					continue
				}
				t.Fatalf("record %d: %v", i, err)
			}
			checkLayout(t, fmt.Sprintf("generated %d (%s)", i, k), doc)
			built++
			break
		}
	}
	if built < n*2/3 {
		t.Errorf("only %d of %d generated records were valid: the generator needs fixing", built, n)
	}
}

// Pieces of generated text: Chinese text, identifiers, dates, numbers with
// units, file names.
var (
	hanzi  = []rune("北京市海淀区科学技术协会智能电网新能源储能系统安全运维研究院有限公司工程师芯片设计集成电路高精度采样校准方法")
	pieces = []func(*rand.Rand) string{
		func(r *rand.Rand) string { return fmt.Sprintf("ZL%d%08d.%d", 2015+r.IntN(10), r.IntN(1e8), r.IntN(10)) },
		func(r *rand.Rand) string {
			return fmt.Sprintf("%d年%d月%d日", 2000+r.IntN(26), 1+r.IntN(12), 1+r.IntN(28))
		},
		func(r *rand.Rand) string { return fmt.Sprintf("%d dpi", 100*(1+r.IntN(6))) },
		func(r *rand.Rand) string { return fmt.Sprintf("%d万元", 1+r.IntN(9999)) },
		func(r *rand.Rand) string {
			return fmt.Sprintf("证明-%s%d.pdf", string(hanzi[r.IntN(20):][:4]), r.IntN(1e6))
		},
		func(r *rand.Rand) string { return "AEC-Q100" },
	}
)

// mutate replaces free-text leaves of the record with random text of
// random length, at most scale times the length it picks.
func mutate(r *rand.Rand, v any, path string, scale float64) {
	switch v := v.(type) {
	case map[string]any:
		// In key order: the same seed makes the same records.
		for _, k := range slices.Sorted(maps.Keys(v)) {
			x := v[k]
			// The leader is also a member row: names stay as they are.
			if s, ok := x.(string); ok && freeText(k) && s != "" && !(k == "name" && (strings.HasPrefix(path, "$.members") || path == "$.leader")) {
				v[k] = randomText(r, int(math.Ceil(float64(1+r.IntN(textMax(k)))*scale)))
				continue
			}
			mutate(r, x, path+"."+k, scale)
		}
	case []any:
		for i, x := range v {
			mutate(r, x, fmt.Sprintf("%s[%d]", path, i), scale)
		}
	}
}

func freeText(key string) bool {
	switch key {
	case "name", "employer", "school", "major", "department", "post", "duties", "source", "contribution",
		"title", "description", "issuer", "venue", "project", "reason", "evidence", "team_name",
		"achievements", "practicality", "plan", "opinion", "notes", "body", "address":
		return true
	}
	return false
}

// textMax is the longest generated text for a field: names short, texts
// long.
func textMax(key string) int {
	switch key {
	case "name", "post", "department", "major":
		return 30
	case "achievements", "body":
		return 1500
	case "practicality", "plan", "opinion":
		return 900
	case "reason", "contribution", "description", "duties", "notes":
		return 300
	}
	return 60
}

func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	for utf8.RuneCountInString(b.String()) < n {
		if r.IntN(6) == 0 {
			b.WriteString(pieces[r.IntN(len(pieces))](r))
			continue
		}
		b.WriteRune(hanzi[r.IntN(len(hanzi))])
		if r.IntN(15) == 0 {
			b.WriteString("，")
		}
	}
	return string([]rune(b.String())[:n])
}
