package fonts_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/signintech/gopdf"

	"github.com/bast-tools/shenbao/fonts"
)

// Drawing a line of text with gopdf: split it into runs by face, measure,
// register one subset per face used, then draw run by run.
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

	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
	if err := u.Register(pdf); err != nil {
		log.Fatal(err)
	}
	pdf.AddPage()
	x := 56.0
	for _, r := range runs {
		if err := pdf.SetFont(u.Family(r.Face), "", size); err != nil {
			log.Fatal(err)
		}
		pdf.SetXY(x, 80) // y is the baseline
		if err := pdf.Text(r.Text); err != nil {
			log.Fatal(err)
		}
		x += r.Face.Width(r.Text) * size
	}
	var out bytes.Buffer
	if _, err := pdf.WriteTo(&out); err != nil {
		log.Fatal(err)
	}

	for _, r := range runs {
		fmt.Printf("%s %q\n", r.Face.Family(), r.Text)
	}
	fmt.Printf("width %.2f pt\n", width)
	// Output:
	// Noto Serif CJK SC "申报书 No.1（"
	// Shenbao Fallback Kai "鿫"
	// Noto Serif CJK SC "）"
	// width 101.35 pt
}
