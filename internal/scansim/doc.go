// Package scansim simulates printing, signing, sealing and scanning pages,
// for tests of the seal finder and the scan verifier.
//
// It works at two levels:
//
//   - [Generate] makes one synthetic page of a given [Kind] (a sealed page,
//     or a hard negative such as a red-headed document or a black stamp),
//     with the true seal boxes: the seal finder's corpus.
//   - [Scan] takes one page as printed (a raster of a real rendered
//     document, from pdfgen's raster backend or from pdftoppm, Ghostscript
//     or ImageMagick), puts [Mark]s on the sheet (seals, pen signatures,
//     handwritten changes, red table rules, red remarks, logos, stamps) and
//     scans it the way [ScanOptions] say: resolution, skew, a phone's
//     perspective, blur, noise, JPEG, grayscale or black and white, paper
//     colour. [Blank] makes the empty page a duplex scanner adds, and
//     [Arrange] drops, duplicates, swaps and inserts pages of a document
//     with the truth of what each scan page is.
//
// Everything is deterministic: the same inputs and seed give the same
// pixels. Drawing happens in page millimetres (y down from the top-left
// corner), so marks land where the page map's zones say.
package scansim
