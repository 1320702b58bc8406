package server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"

	"github.com/bast-tools/shenbao/verify/seal"
)

// sealsJSON is the answer of /v1/seals.
type sealsJSON struct {
	Pages []seal.PageResult `json:"pages"`
}

// sealTypes are the bodies /v1/seals accepts: the file as it is.
var sealTypes = []string{"application/pdf", "image/jpeg", "image/png", "image/tiff", "image/webp", "image/bmp", "image/gif", "application/octet-stream"}

// handleSeals looks for red seals on every page of one uploaded file (the
// body). The file is stored in a temporary file while it arrives, holding
// an upload slot like a bundle, and checked page by page.
func (s *Server) handleSeals(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireType(r, sealTypes...); err != nil {
		return err
	}
	if _, err := negotiate(r, "application/json"); err != nil {
		return err
	}
	release, err := s.holdUpload()
	if err != nil {
		return err
	}
	defer release()
	if r.ContentLength > s.cfg.MaxUploadBytes {
		return &http.MaxBytesError{Limit: s.cfg.MaxUploadBytes}
	}
	f, err := os.CreateTemp(s.cfg.TempDir, "shenbao-seals-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	n, err := io.Copy(f, http.MaxBytesReader(w, r.Body, s.cfg.MaxUploadBytes))
	if err != nil {
		return bodyError(r.Context(), err)
	}
	var pages []seal.PageResult
	err = s.do(r.Context(), "seals", func(ctx context.Context) error {
		var err error
		pages, err = seal.CheckFile(ctx, f, n, seal.FileOptions{Limits: seal.FileLimits{MaxFileBytes: s.cfg.MaxUploadBytes, MaxPages: s.cfg.MaxPages, MaxPixels: s.cfg.MaxPixels}})
		return err
	})
	var se *seal.Error
	if errors.As(err, &se) {
		return &apiError{Status: http.StatusUnprocessableEntity, Code: CodeUnprocessable,
			Message: "文件无法用于印章检查：" + se.Msg, Details: map[string]string{"seals_code": se.Code}}
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sealsJSON{Pages: pages})
	return nil
}
