package verify

// Finding codes, stable for programs and reports.
const (
	// Page identity and completeness.
	CodePageMissing    = "page_missing"
	CodePageDuplicate  = "page_duplicate"
	CodePageOrder      = "page_order"
	CodePageForeign    = "page_foreign"
	CodePageBlankExtra = "page_blank_extra"
	CodePageUnreadable = "page_unreadable"      // a page of the file has no usable image
	CodeCodeUnreadable = "page_code_unreadable" // identified by marks and content instead
	CodePageNotScanned = "page_not_scanned"     // the electronic PDF page itself, not a scan
	CodeMarkMissing    = "mark_missing"         // a corner mark was not found

	// Paper against record.
	CodeRecordMismatch = "record_mismatch"
	CodeFieldChanged   = "field_changed"

	// Hand and stamp.
	CodeSignatureMissing = "signature_missing"
	CodeDateMissing      = "date_missing"
	CodeSealMissing      = "seal_missing"
	CodeSealUnjudgeable  = "seal_unjudgeable"
	CodeSealElsewhere    = "seal_elsewhere"

	// Scan quality.
	CodeScanLowDPI    = "scan_low_dpi"
	CodeScanBlurry    = "scan_blurry"
	CodeScanCropped   = "scan_cropped"
	CodeScanTooDark   = "scan_too_dark"
	CodeScanTooLight  = "scan_too_light"
	CodeScanGrayscale = "scan_grayscale"
)

// Severities.
const (
	SeverityError  = "error"  // the submission cannot be accepted as it is
	SeverityReview = "review" // a person must look
	SeverityInfo   = "info"   // worth knowing, no action needed
)

// Severity gives each code its weight: the one place the verdict's rules
// live. Codes absent here are errors.
var Severity = map[string]string{
	CodePageMissing:      SeverityError,
	CodePageDuplicate:    SeverityReview,
	CodePageOrder:        SeverityReview,
	CodePageForeign:      SeverityError,
	CodePageBlankExtra:   SeverityInfo,
	CodePageUnreadable:   SeverityError,
	CodeCodeUnreadable:   SeverityReview,
	CodePageNotScanned:   SeverityError,
	CodeMarkMissing:      SeverityReview,
	CodeRecordMismatch:   SeverityError,
	CodeFieldChanged:     SeverityError,
	CodeSignatureMissing: SeverityError,
	CodeDateMissing:      SeverityReview,
	CodeSealMissing:      SeverityError,
	CodeSealUnjudgeable:  SeverityReview,
	CodeSealElsewhere:    SeverityInfo,
	CodeScanLowDPI:       SeverityReview,
	CodeScanBlurry:       SeverityReview,
	CodeScanCropped:      SeverityReview,
	CodeScanTooDark:      SeverityReview,
	CodeScanTooLight:     SeverityReview,
	CodeScanGrayscale:    SeverityInfo,
}

func severity(code string) string {
	if s, ok := Severity[code]; ok {
		return s
	}
	return SeverityError
}

// Verdicts.
const (
	Pass   = "通过"
	Manual = "需人工复核"
	Fail   = "不通过"
)

// verdict is 不通过 with any error, 需人工复核 with any review finding,
// otherwise 通过.
func verdict(fs []Finding) string {
	v := Pass
	for _, f := range fs {
		switch f.Severity {
		case SeverityError:
			return Fail
		case SeverityReview:
			v = Manual
		}
	}
	return v
}

// rescan is the advice every quality finding ends with.
const rescan = "请以彩色、不低于 200 dpi 重新扫描"
