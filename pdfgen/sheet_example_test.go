package pdfgen_test

import (
	"bytes"
	"context"
	"fmt"
	"log"

	"github.com/bast-tools/shenbao/fonts"
	"github.com/bast-tools/shenbao/pdfgen"
)

// A Sheet sets text without a template, with the forms' line breaking:
// the closing bracket does not start a line of its own.
func ExampleSheet() {
	sh := pdfgen.NewSheet(nil)
	sh.AddPage(0, 0) // A4
	title := pdfgen.TextStyle{Font: fonts.SansBold, Size: 16, Align: "center"}
	body := pdfgen.TextStyle{Size: 10}
	y := 56.0
	y += sh.Text(title, 56, y, 483, "证明材料汇编")
	cell := "面向高可靠模拟芯片的低功耗带隙基准电路设计与产业化应用（“十四五”国家重点研发计划）"
	fmt.Printf("cell: %.0f pt tall\n", sh.Height(body, 160, cell))
	sh.Text(body, 56, y+8, 160, cell)

	var pdf bytes.Buffer
	if err := sh.WritePDF(context.Background(), &pdf); err != nil {
		log.Fatal(err)
	}
	fmt.Println("pages:", sh.NumPages())
	// Output:
	// cell: 39 pt tall
	// pages: 1
}
