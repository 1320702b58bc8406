package pdfgen

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/bast-tools/shenbao/fonts"
	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/templates"
)

// readSample returns an embedded sample record, normal or maximal.
func readSample(t *testing.T, k form.Kind, max bool) form.Document {
	t.Helper()
	data, err := form.Sample(k, max)
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := form.Read(bytes.NewReader(data), form.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func buildSample(t *testing.T, k form.Kind, max bool) *Layout {
	t.Helper()
	l, err := Build(context.Background(), readSample(t, k, max), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestHeadingsKeptWithContent: no heading is the last thing on a page.
func TestHeadingsKeptWithContent(t *testing.T) {
	for _, k := range form.Kinds() {
		for _, max := range []bool{false, true} {
			l := buildSample(t, k, max)
			sans := fonts.Embedded().Chain(fonts.Sans)[0]
			bot := pageH - l.Template.Page.Bottom*mm
			var heads []float64
			for _, name := range []string{"h1", "h2"} {
				if s, ok := l.Template.Styles[name]; ok {
					heads = append(heads, float64(s.Size))
				}
			}
			for n, p := range l.pages {
				if n == 0 && l.Template.Blocks[0].Type == "cover" {
					continue // the issuer line at its foot is not a heading
				}
				for _, o := range p.ops {
					if o.kind != opText || o.face != sans || !containsF(heads, o.size) || o.y > bot {
						continue
					}
					below := false
					for _, q := range p.ops {
						// Body text (serif) must follow: rules, boxes and a
						// table's header labels (sans) alone do not count.
						if q.y > o.y+2 && q.y < bot && q.kind == opText && q.face != sans {
							below = true
							break
						}
					}
					if !below {
						t.Errorf("%s max=%v page %d: heading %q has nothing below it", k, max, n+1, o.text)
					}
				}
			}
		}
	}
}

func containsF(xs []float64, x float64) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// TestTableHeaderRepeated: a table that continues on a new page starts
// that page with its header row.
func TestTableHeaderRepeated(t *testing.T) {
	l := buildSample(t, form.KindTeam, true)
	// The member table spans pages; each page showing member rows must
	// show the column head 本人签字 too.
	for n, p := range l.pages {
		rows, head := 0, false
		for _, z := range p.zones {
			if z.Kind == ZoneSignature && len(z.ID) > len("$.members[") && z.ID[:len("$.members[")] == "$.members[" {
				rows++
			}
		}
		for _, o := range p.ops {
			if o.kind == opText && o.text == "本人签字" {
				head = true
			}
		}
		if rows > 0 && !head {
			t.Errorf("page %d has %d member rows but no header row", n+1, rows)
		}
	}
}

func TestEvenPagesAndBinding(t *testing.T) {
	for _, k := range form.Kinds() {
		l := buildSample(t, k, false)
		if len(l.pages)%2 != 0 {
			t.Errorf("%s: %d pages", k, len(l.pages))
		}
		for i, p := range l.pages {
			if p.land {
				continue // its text area is the portrait one turned
			}
			want := l.Template.Page.Inner * mm // binding on the left of odd pages
			if (i+1)%2 == 0 {
				want = l.Template.Page.Outer * mm
			}
			if p.x0 != want {
				t.Errorf("%s page %d: text starts at %.1f pt, want %.1f", k, i+1, p.x0, want)
			}
		}
	}
}

// FuzzTemplate lays out the individual sample with arbitrary templates
// that parse: a template directory is outside input, and a bad one must
// give an error, never a panic or an endless layout.
func FuzzTemplate(f *testing.F) {
	for _, k := range []string{"individual", "team", "letter"} {
		data, err := os.ReadFile("../templates/data/" + k + "-2026-1.0.json")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	data, err := form.Sample(form.KindIndividual, false)
	if err != nil {
		f.Fatal(err)
	}
	doc, _, err := form.Read(bytes.NewReader(data), form.Options{})
	if err != nil {
		f.Fatal(err)
	}
	rec, err := newRecord(doc)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tpl, err := templates.Parse(data)
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		e, err := newEngine(ctx, tpl, rec, fonts.Embedded())
		if err != nil {
			return
		}
		e.run()
		if ctx.Err() != nil {
			t.Fatalf("layout did not finish")
		}
		if len(e.pages) > 2000 {
			t.Fatalf("%d pages", len(e.pages))
		}
	})
}
