package fonts_test

import (
	"fmt"
	"log"

	"github.com/bast-tools/shenbao/fonts"
)

// Preparing a line of text for a PDF writer: split it into runs by face,
// measure, and build one subset font per face used (package pdfgen then
// draws run by run with the patched gopdf).
func Example() {
	set := fonts.Embedded() // or fonts.Open(dir) for user fonts first
	const size = 12.0       // points
	text := "申报书 No.1（鿫）"

	runs, err := set.Runs(fonts.Serif, text)
	if err != nil {
		log.Fatal(err) // a *fonts.MissingError lists the characters no font has
	}
	var u fonts.Usage
	width := 0.0
	for _, r := range runs {
		u.Add(r.Face, r.Text)
		width += r.Face.Width(r.Text) * size
	}

	// One small font per face used, to embed under u.Family(face).
	subs, err := u.Subsets()
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range subs {
		fmt.Printf("embed %s: %d characters\n", u.Family(s.Face), len(s.Runes))
	}

	for _, r := range runs {
		fmt.Printf("%s %q\n", r.Face.Family(), r.Text)
	}
	fmt.Printf("width %.2f pt\n", width)
	// Output:
	// embed shenbao-fallback: 1 characters
	// embed shenbao-serif: 10 characters
	// Noto Serif CJK SC "申报书 No.1（"
	// Shenbao Fallback Kai "鿫"
	// Noto Serif CJK SC "）"
	// width 101.35 pt
}
