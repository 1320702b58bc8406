package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"

	"github.com/bast-tools/shenbao/verify"
)

// verifyJSON is the answer of /v1/verify: the report, and with
// ?annotate=1 one PNG picture per scan page (base64 in JSON).
type verifyJSON struct {
	*verify.Report
	Annotations []annotation `json:"annotations,omitempty"`
}

type annotation struct {
	ScanPage int    `json:"scan_page"`
	PNG      []byte `json:"png"`
}

// handleVerify checks a scan against its record: multipart with part
// "data" (the record's JSON) and then the scan files in page order, each
// part a PDF or an image, whatever its name.
func (s *Server) handleVerify(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireType(r, "multipart/form-data"); err != nil {
		return err
	}
	if _, err := negotiate(r, "application/json"); err != nil {
		return err
	}
	annotate := r.URL.Query().Get("annotate")
	if annotate != "" && annotate != "0" && annotate != "1" {
		return badUpload("annotate 只能是 0 或 1")
	}
	select {
	case s.uploads <- struct{}{}:
		defer func() { <-s.uploads }()
	default:
		return errBusy
	}
	dir, err := os.MkdirTemp(s.cfg.TempDir, "shenbao-verify-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	if r.ContentLength > s.cfg.MaxUploadBytes {
		return &http.MaxBytesError{Limit: s.cfg.MaxUploadBytes}
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUploadBytes)
	mr, err := r.MultipartReader()
	if err != nil {
		return badUpload("multipart 正文无法读取：%v", err)
	}
	var data []byte
	var srcs []verify.Source
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return partError(r.Context(), err)
		}
		if p.FormName() == "data" {
			data, err = io.ReadAll(io.LimitReader(p, s.cfg.MaxBodyBytes+1))
			if err != nil {
				return partError(r.Context(), err)
			}
			if int64(len(data)) > s.cfg.MaxBodyBytes {
				return newError(http.StatusRequestEntityTooLarge, CodeTooLarge, "data 部分超过上限", nil)
			}
			continue
		}
		if len(srcs) >= s.cfg.MaxFiles {
			return newError(http.StatusRequestEntityTooLarge, CodeTooLarge,
				fmt.Sprintf("扫描件文件数超过上限 %d", s.cfg.MaxFiles), map[string]int{"max_files": s.cfg.MaxFiles})
		}
		path := filepath.Join(dir, fmt.Sprintf("scan%04d", len(srcs)))
		if err := saveFile(path, p); err != nil {
			return partError(r.Context(), err)
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return err
		}
		name := p.FileName()
		if name == "" {
			name = p.FormName()
		}
		if name == "" {
			name = fmt.Sprintf("第 %d 个文件", len(srcs)+1)
		}
		srcs = append(srcs, verify.Source{Name: filepath.Base(name), R: f, Size: st.Size()})
	}
	if data == nil {
		return badUpload("缺少 data 部分（申报书或推荐函的电子数据 JSON）")
	}
	if len(srcs) == 0 {
		return badUpload("没有扫描件部分：在 data 之后按页序上传扫描 PDF 或图片")
	}
	doc, findings, err := decodeDocument(data, "data")
	if err != nil {
		return err
	}
	if len(findings) > 0 {
		return invalidData(findings)
	}
	var mu sync.Mutex
	var notes []annotation
	opt := verify.Options{Workers: 1, Limits: verify.Limits{MaxBytes: s.cfg.MaxUploadBytes, MaxPixels: s.cfg.MaxPixels}}
	if annotate == "1" {
		opt.Annotate = func(n int, img image.Image) error {
			var b bytes.Buffer
			if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img); err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			notes = append(notes, annotation{ScanPage: n, PNG: b.Bytes()})
			return nil
		}
	}
	var rep *verify.Report
	err = s.do(r.Context(), "verify", func(ctx context.Context) error {
		var err error
		rep, err = verify.Scan(ctx, doc, srcs, opt)
		return err
	})
	if err != nil {
		return verifyError(err)
	}
	out := verifyJSON{Report: rep}
	if len(notes) > 0 {
		out.Annotations = make([]annotation, len(rep.Pages))
		for _, a := range notes {
			if a.ScanPage >= 1 && a.ScanPage <= len(out.Annotations) {
				out.Annotations[a.ScanPage-1] = a
			}
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// verifyError maps what verify.Scan refuses: a record that does not
// validate is 400 like everywhere; scan files that cannot be used are 422.
func verifyError(err error) error {
	var ve *verify.Error
	if !errors.As(err, &ve) {
		return err
	}
	if ve.Code == verify.CodeInvalidRecord {
		if re := renderError(err); re != err {
			return re
		}
		return newError(http.StatusBadRequest, CodeInvalidData, ve.Msg, nil)
	}
	return &apiError{Status: http.StatusUnprocessableEntity, Code: CodeUnprocessable,
		Message: ve.Error(), Details: map[string]string{"verify_code": ve.Code, "file": ve.File}}
}
