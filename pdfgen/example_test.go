package pdfgen_test

import (
	"bytes"
	"context"
	"fmt"
	"log"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/pdfgen"
)

func Example() {
	data, err := form.Sample(form.KindIndividual, false)
	if err != nil {
		log.Fatal(err)
	}
	doc, findings, err := form.Read(bytes.NewReader(data), form.Options{})
	if err != nil || len(findings) > 0 {
		log.Fatal(err, findings)
	}
	var pdf bytes.Buffer
	pm, err := pdfgen.Render(context.Background(), &pdf, doc, pdfgen.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("template:", pm.Template)
	fmt.Println("pages:", len(pm.Pages))
	code, _ := pdfgen.ParseCode(pm.Pages[0].Code)
	fmt.Printf("page code of page 1: %s %s page %d of %d\n", code.Kind, code.Edition, code.Page, code.Pages)
	for _, z := range pm.Pages[len(pm.Pages)-2].Zones {
		if z.Kind == pdfgen.ZoneSeal {
			fmt.Printf("seal box: %.0f×%.0f mm\n", z.Box.W, z.Box.H)
		}
	}
	// Output:
	// template: individual-2026@1.0
	// pages: 8
	// page code of page 1: individual 2026 page 1 of 8
	// seal box: 52×52 mm
}
