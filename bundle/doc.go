// Package bundle assembles an applicant's evidence files into one dossier
// PDF: a cover, an index, then every file by category (images upright on
// A4 pages at a bounded resolution, PDFs as they are), with bookmarks, page
// numbers, a watermark on identity documents and, attached inside, a
// manifest of every source file with its SHA-256. It also checks the
// evidence: required categories present, seals on the copies that need
// them, files uploaded twice.
//
// Build is deterministic: the same inputs and options give the same bytes.
//
// # Entry points
//
//   - Assemble a dossier: [Build] with a [Manifest] from [DecodeManifest]
//     (JSON) or [ScanDir] (a folder whose subfolders name categories).
//   - Categories: [Categories], [Required], [ParseCategory].
//   - Seal checks during the build: set [Options.Seals], for example to
//     [RedSeals] (the finder of package verify/seal).
//
// The map of every job to its package is in the documentation of
// github.com/bast-tools/shenbao and in the README.
package bundle
