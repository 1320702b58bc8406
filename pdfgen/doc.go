// Package pdfgen lays out the documents of the selection — 申报书（个人）,
// 申报书（团队）, 推荐函 with 推荐汇总表 — from a validated record and a
// template, and draws them as PDF or as images.
//
// Layout and drawing are separate. [Build] turns (record, template, fonts)
// into pages, each a display list plus its zones (the page map); the PDF
// backend ([Layout.WritePDF]) and the raster backend ([Layout.Raster])
// draw the same display lists. The layout is a pure function of its inputs,
// so a verifier re-runs it to know where every field, signature and seal
// should be on a scanned page and how the page should look.
//
// The engine does what gopdf does not: CJK line breaking (no line starts
// with closing punctuation nor ends with opening punctuation; identifiers,
// dates, numbers with units and file names kept whole where they fit; no
// paragraph ending with a line of one character), paragraphs with
// first-line indent, tables whose column widths come from their content
// and whose rows are as tall as their content and split across pages with
// the header and 「（续）」 repeated, headings kept with what follows, seal
// blocks kept with the rows they certify, long texts flowing across pages,
// landscape pages set turned on the A4 sheet. Pages are laid out for duplex
// printing: the binding margin alternates, the page count is even (a filler
// page says （此页无正文）), the page code (QR) and the running head sit at
// the outer side, every page has four corner registration marks and, but
// a cover or a letter's first page, a page number (第 X 页 共 Y 页, or
// GB/T 9704's — X — on a letter).
//
// # Entry points
//
//   - Render a document: [Render] writes the PDF and returns the [PageMap].
//   - Lay out once, draw several ways: [Build], then [Layout.WritePDF],
//     [Layout.Raster] (the expected look of a page) and [Layout.PageMap].
//   - Read a page code from a scan: [ParseCode].
//   - Set free-form pages with the same fonts and line breaking (the
//     evidence dossier's cover and index): [Sheet].
//
// Records come from package form ([form.Read]); fonts from package fonts;
// templates from package templates.
//
// The map of every job to its package is in the documentation of
// github.com/bast-tools/shenbao and in the README.
package pdfgen
