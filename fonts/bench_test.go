package fonts

import (
	"bytes"
	"strings"
	"testing"

	"github.com/bast-tools/shenbao/internal/gopdf"
)

// formText returns the lines of an ~8-page application form: headings and
// body text over about 300 distinct characters, as a real one has.
func formText() (headings, body []string) {
	common := tonggui()[:280]
	for p := 0; p < 8; p++ {
		headings = append(headings, "一、基本情况与主要业绩（"+string(rune('1'+p))+"）")
		for l := 0; l < 38; l++ {
			var b strings.Builder
			for c := 0; c < 36; c++ {
				b.WriteRune(common[(p*997+l*131+c*37)%len(common)])
				if c%9 == 8 {
					b.WriteString("，")
				}
			}
			b.WriteString("。2026 年 ABC-123")
			body = append(body, b.String())
		}
	}
	return headings, body
}

func renderForm(tb testing.TB, set *Set) []byte {
	headings, body := formText()
	type line struct {
		runs []Run
		size float64
	}
	var u Usage
	var lines []line
	add := func(role Role, text string, size float64) {
		runs, err := set.Runs(role, text)
		if err != nil {
			tb.Fatal(err)
		}
		for _, r := range runs {
			u.Add(r.Face, r.Text)
		}
		lines = append(lines, line{runs, size})
	}
	add(SansBold, "卓越工程师成长计划申报书（个人）", 22)
	for p, h := range headings {
		add(Sans, h, 14)
		for _, b := range body[p*38 : (p+1)*38] {
			add(Serif, b, 10.5)
		}
	}
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
	if err := RegisterGopdf(pdf, &u); err != nil {
		tb.Fatal(err)
	}
	y := 1e9
	for _, l := range lines {
		if y > 800 || l.size == 14 {
			pdf.AddPage()
			y = 60
		}
		x := 56.0
		for _, r := range l.runs {
			if err := pdf.SetFont(u.Family(r.Face), "", l.size); err != nil {
				tb.Fatal(err)
			}
			pdf.SetXY(x, y)
			if err := pdf.Text(r.Text); err != nil {
				tb.Fatal(err)
			}
			x += r.Face.Width(r.Text) * l.size
		}
		y += l.size * 1.8
	}
	var buf bytes.Buffer
	if _, err := pdf.WriteTo(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func freshSet() *Set {
	s := &Set{chains: newEmbedded()}
	return s
}

// BenchmarkRenderForm renders an 8-page form with the fonts loaded and
// their glyph chunks cached, as a long-running server does.
func BenchmarkRenderForm(b *testing.B) {
	set := Embedded()
	renderForm(b, set)
	b.ResetTimer()
	for b.Loop() {
		renderForm(b, set)
	}
}

// BenchmarkRenderFormCold renders the same form with faces decoded from
// their packs afresh, as a new process does.
func BenchmarkRenderFormCold(b *testing.B) {
	for b.Loop() {
		renderForm(b, freshSet())
	}
}

func benchRunes() []rune {
	rs := append([]rune(nil), tonggui()[:270]...)
	for r := rune('0'); r <= 'z'; r++ {
		rs = append(rs, r)
	}
	return rs[:300]
}

// BenchmarkSubset300 builds the per-document font for 300 distinct
// characters from a loaded face.
func BenchmarkSubset300(b *testing.B) {
	face := embedded()[Serif][0]
	rs := benchRunes()
	face.Subset(rs)
	for b.Loop() {
		if _, err := face.Subset(rs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFreshLoad decodes a face from its pack and builds the subset for
// 300 characters: the font work of a new process, per face.
func BenchmarkFreshLoad(b *testing.B) {
	rs := benchRunes()
	for b.Loop() {
		face := newEmbedded()[Serif][0]
		if _, err := face.Subset(rs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFirstUse decodes a face's metrics and character map only.
func BenchmarkFirstUse(b *testing.B) {
	for b.Loop() {
		face := newEmbedded()[Serif][0]
		face.Advance('中')
	}
}
