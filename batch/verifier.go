package batch

import (
	"context"
	"io"

	"github.com/bast-tools/shenbao/form"
)

// ScanVerifier checks the signed and sealed scan of one document against
// its electronic record. It is how the batch run calls the scan verifier
// (package verify): an adapter of a few lines turns verify.Scan into one,
// and tests pass fakes. A nil ScanVerifier in [Options] means scans are not
// verified, which every submission with a scan reports as a review finding.
type ScanVerifier func(ctx context.Context, in ScanInput) (*ScanReport, error)

// ScanInput is one document and the files of its scan, opened inside the
// batch folder. The files are closed by the caller after the verifier
// returns.
type ScanInput struct {
	Record     form.Document // decoded and normalised
	RecordJSON []byte        // the record as it was read
	Files      []ScanFile    // in the order found (split scans sorted 1, 2, …, 10)
	// Annotate asks for a picture of every flagged page with its zones
	// marked; the report shows them as thumbnails.
	Annotate bool
}

// ScanFile is one file of a scan: a PDF or an image.
type ScanFile struct {
	Name string // slash path relative to the batch folder
	io.ReaderAt
	Size int64
}

// ScanReport is what a verifier finds. Its JSON is the report of
// `shenbao verify --json`, so a verifier that produces that JSON converts
// by marshalling and unmarshalling.
type ScanReport struct {
	Verdict  string        `json:"verdict"` // 通过, 需人工复核 or 不通过
	Findings []ScanFinding `json:"findings"`
	// Annotations are pictures of flagged pages (PNG or JPEG), if asked for.
	Annotations []Annotation `json:"-"`
}

// ScanFinding is one finding of the verifier.
type ScanFinding struct {
	Code       string  `json:"code"`
	Severity   string  `json:"severity"` // error, review or info
	ScanPage   int     `json:"scan_page"`
	FormPage   int     `json:"form_page"`
	Zone       string  `json:"zone"`
	Confidence float64 `json:"confidence"`
	Message    string  `json:"message"` // Chinese
}

// Annotation is a picture of one scan page with the zones drawn and what
// was found marked.
type Annotation struct {
	ScanPage int
	Image    []byte // PNG or JPEG
}
