package batch

import (
	"context"
	"image"
	"io"

	"github.com/bast-tools/shenbao/form"
)

// ScanVerifier checks the signed and sealed scan of one document against
// its electronic record. It is how the batch run calls the scan verifier
// (package verify), and tests pass fakes. A nil ScanVerifier in [Options]
// means scans are not verified, which every submission with a scan reports
// as a review finding (scan_not_verified).
//
// ScanInput and ScanReport mirror verify.Scan(ctx, record, sources, opt):
// Files map one to one onto verify.Source, Annotate onto
// verify.Options.Annotate, and the report's JSON is the verifier's, so the
// adapter is a field-by-field copy.
type ScanVerifier func(ctx context.Context, in ScanInput) (*ScanReport, error)

// ScanInput is one document and the files of its scan, opened inside the
// batch folder. The files are closed by the caller after the verifier
// returns.
type ScanInput struct {
	Record     form.Document // decoded and normalised
	RecordJSON []byte        // the record as it was read
	Files      []ScanFile    // in the order found (split scans sorted 1, 2, …, 10)
	// Annotate takes a picture of a scan page with the zones drawn and
	// what was found marked; the report shows those of flagged pages. It
	// is safe for concurrent use and does not keep img.
	Annotate func(scanPage int, img image.Image)
}

// ScanFile is one file of a scan: a PDF or an image.
type ScanFile struct {
	Name string // slash path relative to the batch folder
	io.ReaderAt
	Size int64
}

// ScanReport is what a verifier finds, in the JSON of `shenbao verify --json`.
type ScanReport struct {
	Verdict  string        `json:"verdict"` // 通过, 需人工复核 or 不通过
	Findings []ScanFinding `json:"findings"`
}

// ScanFinding is one finding of the verifier.
type ScanFinding struct {
	Code       string  `json:"code"`
	Severity   string  `json:"severity"` // error, review or info
	ScanPage   int     `json:"scan_page"`
	FormPage   int     `json:"form_page"`
	Zone       string  `json:"zone"`
	ZoneLabel  string  `json:"zone_label,omitempty"` // what a person calls the zone, e.g. 申报人签字
	Confidence float64 `json:"confidence"`
	Message    string  `json:"message"` // Chinese
}
