package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/bast-tools/shenbao/bundle"
)

// bundleData is the optional "data" part of a bundle upload.
type bundleData struct {
	Cover bundle.Cover  `json:"cover"`
	Links []bundle.Link `json:"links"`
	// Record is an application (申报书 JSON); when given, the cover, the
	// links and the watermark come from it (bundle.Options.FromRecord).
	Record json.RawMessage `json:"record,omitempty"`
	FitA4  bool            `json:"fit_a4"`
	Strict bool            `json:"strict"`
}

// bundleJSON is the application/json answer of /v1/bundle.
type bundleJSON struct {
	Report   *bundle.Report  `json:"report"`
	Manifest json.RawMessage `json:"manifest"`
	PDF      []byte          `json:"pdf"` // base64 in JSON
}

// upload is a multipart bundle request stored in a temporary folder.
type upload struct {
	dir      string
	manifest *bundle.Manifest
	data     bundleData
	files    map[string]string // manifest path → file name in dir
}

// uploadFS serves the uploaded files under their manifest paths; any other
// name does not exist, so a manifest cannot reach outside the upload.
type uploadFS struct {
	root  fs.FS
	files map[string]string
}

func (u uploadFS) Open(name string) (fs.File, error) {
	if stored, ok := u.files[name]; ok {
		return u.root.Open(stored)
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

const maxPartJSON = 1 << 20

func badUpload(format string, args ...any) error {
	return newError(http.StatusBadRequest, CodeBadRequest, fmt.Sprintf(format, args...), nil)
}

// readUpload streams the parts of a bundle request into dir: "manifest"
// (required, JSON), "data" (optional, JSON) and one part per evidence file,
// named by its path in the manifest.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request, dir string) (*upload, error) {
	if r.ContentLength > s.cfg.MaxUploadBytes {
		return nil, &http.MaxBytesError{Limit: s.cfg.MaxUploadBytes}
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUploadBytes)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, badUpload("multipart 正文无法读取：%v", err)
	}
	up := &upload{dir: dir, files: map[string]string{}}
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, partError(r.Context(), err)
		}
		name := p.FormName()
		switch name {
		case "manifest", "data":
			b, err := io.ReadAll(io.LimitReader(p, maxPartJSON+1))
			if err != nil {
				return nil, partError(r.Context(), err)
			}
			if len(b) > maxPartJSON {
				return nil, newError(http.StatusRequestEntityTooLarge, CodeTooLarge, fmt.Sprintf("%s 部分超过 1 MiB", name), nil)
			}
			if name == "data" {
				dec := json.NewDecoder(bytes.NewReader(b))
				dec.DisallowUnknownFields()
				if err := dec.Decode(&up.data); err != nil {
					return nil, badUpload("data 部分有误：%v", err)
				}
				continue
			}
			m, err := bundle.DecodeManifest(bytes.NewReader(b))
			if err != nil {
				var me *bundle.ManifestError
				if errors.As(err, &me) {
					return nil, newError(http.StatusBadRequest, CodeManifestInvalid, "清单有误："+me.Error(),
						map[string]string{"path": me.Path, "message": me.Msg})
				}
				return nil, newError(http.StatusBadRequest, CodeManifestInvalid, "清单有误："+err.Error(), nil)
			}
			up.manifest = &m
		case "":
			return nil, badUpload("multipart 部分缺少 name（应为 manifest、data 或清单中的文件路径）")
		default:
			if !fs.ValidPath(name) || name == "." {
				return nil, badUpload("文件部分的名称“%s”不是有效的相对路径", name)
			}
			if _, dup := up.files[name]; dup {
				return nil, badUpload("文件“%s”上传了两次", name)
			}
			if len(up.files) >= s.cfg.MaxFiles {
				return nil, newError(http.StatusRequestEntityTooLarge, CodeTooLarge,
					fmt.Sprintf("文件数超过上限 %d", s.cfg.MaxFiles), map[string]int{"max_files": s.cfg.MaxFiles})
			}
			stored := fmt.Sprintf("f%04d", len(up.files))
			if err := saveFile(filepath.Join(dir, stored), p); err != nil {
				return nil, partError(r.Context(), err)
			}
			up.files[name] = stored
		}
	}
	if up.manifest == nil {
		return nil, badUpload("缺少 manifest 部分（清单 JSON）")
	}
	listed := map[string]bool{}
	for _, e := range up.manifest.Files {
		listed[e.Path] = true
	}
	var unlisted []string
	for name := range up.files {
		if !listed[name] {
			unlisted = append(unlisted, name)
		}
	}
	if len(unlisted) > 0 {
		sort.Strings(unlisted)
		return nil, newError(http.StatusBadRequest, CodeManifestInvalid,
			fmt.Sprintf("%d 个上传的文件不在清单中", len(unlisted)), map[string][]string{"unlisted": unlisted})
	}
	return up, nil
}

// holdUpload takes one of the Config.MaxUploads places for an upload
// stored on disk, or answers busy at once.
func (s *Server) holdUpload() (release func(), err error) {
	select {
	case s.uploads <- struct{}{}:
		return func() { <-s.uploads }, nil
	default:
		return nil, errBusy
	}
}

func saveFile(path string, src io.Reader) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, src)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// partError classifies a failure while reading the multipart body: the
// temporary folder's failures are the server's, the body's as bodyError
// says, and anything else is malformed multipart (400).
func partError(ctx context.Context, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return err
	}
	e := bodyError(ctx, err)
	var ae *apiError
	if errors.As(e, &ae) && ae.Code == CodeBadRequest {
		return badUpload("multipart 正文无法读取：%v", err)
	}
	return e
}

func (s *Server) handleBundle(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireType(r, "multipart/form-data"); err != nil {
		return err
	}
	want, err := negotiate(r, "application/pdf", "multipart/mixed", "application/json")
	if err != nil {
		return err
	}
	release, err := s.holdUpload()
	if err != nil {
		return err
	}
	defer release()
	dir, err := os.MkdirTemp(s.cfg.TempDir, "shenbao-bundle-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	up, err := s.readUpload(w, r, dir)
	if err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	out, err := root.Create("dossier.pdf")
	if err != nil {
		return err
	}
	defer out.Close()

	var rep *bundle.Report
	err = s.do(r.Context(), "bundle", func(ctx context.Context) error {
		opt := bundle.Options{
			Cover: up.data.Cover, Links: up.data.Links, FitA4: up.data.FitA4, Strict: up.data.Strict,
			Seals:   s.cfg.Seals,
			Workers: 1, // the request holds one worker slot
			Limits:  s.limits(),
		}
		if len(up.data.Record) > 0 {
			doc, _, err := decodeDocument(up.data.Record, "data.record")
			if err != nil {
				return err
			}
			if err := opt.FromRecord(doc); err != nil {
				return newError(http.StatusBadRequest, CodeBadRequest, "data.record："+err.Error(), nil)
			}
		}
		var err error
		rep, err = bundle.Build(ctx, uploadFS{root.FS(), up.files}, *up.manifest, out, opt)
		return err
	})
	if err != nil {
		return bundleError(r.Context(), err, rep)
	}
	if _, err := out.Seek(0, io.SeekStart); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Shenbao-Pages", strconv.Itoa(rep.Pages))
	h.Set("Shenbao-Findings", strconv.FormatBool(rep.Findings()))
	switch want {
	case "application/pdf":
		h.Set("Content-Type", want)
		h.Set("Content-Length", strconv.FormatInt(rep.Size, 10))
		h.Set("Content-Disposition", `attachment; filename="dossier.pdf"`)
		w.WriteHeader(http.StatusOK)
		_, err = io.Copy(w, out)
		return err
	case "application/json":
		pdf, err := io.ReadAll(out)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, bundleJSON{Report: rep, Manifest: rep.Manifest(), PDF: pdf})
		return nil
	}
	mw := multipart.NewWriter(w)
	h.Set("Content-Type", "multipart/mixed; boundary="+mw.Boundary())
	w.WriteHeader(http.StatusOK)
	repJSON, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	for _, p := range []struct {
		name, typ string
		body      io.Reader
	}{
		{"report.json", "application/json", bytes.NewReader(repJSON)},
		{"manifest.json", "application/json", bytes.NewReader(rep.Manifest())},
		{"dossier.pdf", "application/pdf", out},
	} {
		pw, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":        {p.typ},
			"Content-Disposition": {`attachment; filename="` + p.name + `"`},
		})
		if err != nil {
			return err
		}
		if _, err := io.Copy(pw, p.body); err != nil {
			return err
		}
	}
	return mw.Close()
}

// bundleError maps a failed bundle.Build: files that cannot be used are the
// request's fault (422, with the report); a cancelled build is a deadline
// or a client that left.
func bundleError(ctx context.Context, err error, rep *bundle.Report) error {
	var be *bundle.Error
	if !errors.As(err, &be) {
		return err
	}
	switch be.Code {
	case bundle.CodeCanceled:
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	case bundle.CodeNoUsableFiles, bundle.CodeStrict, bundle.CodeWriteFailed, bundle.CodeTooManyFiles:
		return &apiError{Status: http.StatusUnprocessableEntity, Code: CodeUnprocessable,
			Message: "证明材料无法整理成汇编：" + be.Msg, Details: map[string]any{"bundle_code": be.Code, "report": rep}}
	}
	return err
}
