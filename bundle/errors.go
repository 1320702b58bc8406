package bundle

import "fmt"

// Error codes of per-file problems (FileReport.Code) and of Build failures.
const (
	CodePathOutside       = "path_outside"           // manifest path leaves the manifest's folder
	CodeFileMissing       = "file_missing"           // cannot open the file
	CodeNotRegular        = "not_regular_file"       // a named pipe, socket or device, not a file
	CodeFileEmpty         = "file_empty"             // zero bytes
	CodeFileTooLarge      = "file_too_large"         // over Limits.MaxFileSize
	CodeFileBroken        = "file_broken"            // processing the file failed in a way its format gives no name for
	CodeTooManyPages      = "too_many_pages"         // a PDF or TIFF over Limits.MaxPages
	CodeTotalPages        = "dossier_too_many_pages" // the file would take the dossier past Limits.MaxTotalPages
	CodeTooManyFiles      = "too_many_files"         // Build: the manifest lists more than Limits.MaxFiles
	CodePDFStreamTooLarge = "pdf_stream_too_large"   // a stream inside the PDF inflates beyond Limits.MaxStreamBytes
	CodePDFPageSize       = "pdf_page_size"          // a page size that is zero, not a number or beyond PDF's 200 inches
	CodeFormatUnknown     = "format_unknown"         // content is neither PDF nor a supported image
	CodeFormatHEIC        = "format_heic"            // HEIC/HEIF/AVIF photo
	CodeFormatJPEG2000    = "format_jpeg2000"        // JPEG 2000 image
	CodeImageTooLarge     = "image_too_large"        // pixel count over the limit (decompression bomb guard)
	CodeImageTooSmall     = "image_too_small"        // too few pixels to be a document
	CodeImageCorrupt      = "image_corrupt"          // header or pixel data undecodable
	CodePDFEncrypted      = "pdf_encrypted"          // needs a user (open) password
	CodePDFCorrupt        = "pdf_corrupt"            // unreadable even after repair
	CodeNoUsableFiles     = "no_usable_files"        // Build: nothing could be included
	CodeStrict            = "strict_failed"          // Build: a file failed and Options.Strict is set
	CodeWriteFailed       = "write_failed"           // Build: assembling or writing the PDF failed
	CodeCanceled          = "canceled"               // Build: the context ended
	CodeDuplicate         = "duplicate_file"         // check: same SHA-256 twice
	CodeMissingReq        = "missing_required"       // check: a required category has no usable file
	CodeBrokenLink        = "evidence_missing"       // check: an application row names no usable file
	CodeSealMissing       = "seal_missing"           // check: no red seal found
	CodeSealUnjudged      = "seal_cannot_judge"
	CodeOverBudget        = "size_over_budget" // check: MaxSize not reachable
)

// Error is a typed failure with a stable Code, the file it concerns (if
// any), a Chinese message for people and the underlying cause.
type Error struct {
	Code string
	File string
	Msg  string // Chinese, for the applicant or reviewer
	Err  error
}

func (e *Error) Error() string {
	s := e.Code
	if e.File != "" {
		s += " " + e.File
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

func fileErr(code, file string, err error, format string, args ...any) *Error {
	return &Error{Code: code, File: file, Err: err, Msg: fmt.Sprintf(format, args...)}
}
