// Package shenbao documents the shenbao module: the forms, rules, evidence
// dossier and HTTP service of the Beijing science association's 2026
// excellent-engineer selection (卓越工程师选拔培育项目). It holds no code;
// each job has a package of its own, and this is the map.
//
// # Jobs and entry points
//
//	job                          package      entry point
//	read and validate a record   form         form.Read: decode, normalise, validate (edition, fonts)
//	a year's notice              edition      edition.Load, edition.Read, edition.Register
//	check eligibility            rules        rules.Check (one), rules.Assess (many), rules.CheckRound
//	render the forms (PDF)       pdfgen       pdfgen.Render; pdfgen.Build → Layout.WritePDF, Layout.Raster
//	bundle evidence files        bundle       bundle.Build with bundle.DecodeManifest or bundle.ScanDir;
//	                                          Options.FromRecord for the cover and links
//	verify a signed, sealed scan verify       verify.Scan: record + scan files → report (verdict,
//	                                          pages, findings), annotated pictures
//	find seals on a page         verify/seal  seal.Find; seal.CheckFile; bundle.RedSeals in a bundle
//	run a round for staff        batch        batch.Run, batch.Merge; batch.Verifier plugs in verify
//	serve over HTTP              server       server.New → http.Handler (shenbao serve)
//	fonts and templates          fonts,       fonts.Embedded, fonts.Open; templates.Load
//	                             templates
//
// The command shenbao (cmd/shenbao) is a thin layer over these packages:
// validate, check, render, bundle, seals, verify, batch and serve each call the entry point
// above, so a Go backend gets what the CLI gets. The data of a year's notice
// (dates, caps, quotas, fields) is an edition file in package edition; the
// look of a document is a template file in package templates.
//
// Helpers shared by these packages live under internal/: the patched PDF
// writer gopdf (internal/gopdf, see its PATCHES.md), the raw PDF object
// writer (internal/pdfobj), the one way outside files come in (internal/ingest:
// limits, image decoding, pages of TIFF and PDF files, guarded pdfcpu), the
// in-process renderer of PDF pages that are not one scanned image
// (internal/pdfrender), the print-and-scan simulator of the tests
// (internal/scansim) and the terminal progress bar.
package shenbao
