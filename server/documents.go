package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/pdfgen"
	"github.com/bast-tools/shenbao/rules"
)

// decodeDocument reads one document the one way in (form.ReadBytes: decode,
// normalise, validate). where names it in
// messages ("" for a whole body, "documents[2]" in a round).
func decodeDocument(data []byte, where string) (form.Document, []form.Finding, error) {
	doc, findings, err := form.ReadBytes(data, form.Options{})
	if err != nil {
		var de *form.DecodeError
		if !errors.As(err, &de) {
			return nil, nil, newError(http.StatusBadRequest, CodeBadRequest, err.Error(), nil)
		}
		msg := "申报数据无法读取：" + de.Error()
		if where != "" {
			msg = where + "：" + msg
		}
		return nil, nil, newError(http.StatusBadRequest, CodeDecodeFailed, msg, de.Problems)
	}
	return doc, findings, nil
}

func invalidData(findings []form.Finding) error {
	return newError(http.StatusBadRequest, CodeInvalidData,
		fmt.Sprintf("申报数据有 %d 处问题，请修正后重试", len(findings)), findings)
}

// renderDetail is one reason the layout refused a record.
type renderDetail struct {
	Code    string   `json:"code"`
	Path    string   `json:"path,omitempty"`
	Paths   []string `json:"paths,omitempty"`
	Char    string   `json:"char,omitempty"`
	Message string   `json:"message"`
}

// renderError maps what pdfgen.Build refuses onto 400s; anything else is
// left for asAPIError (deadline, client gone, or a fault of the server).
func renderError(err error) error {
	var inv *pdfgen.InvalidError
	var long pdfgen.TooLongErrors
	var one *pdfgen.TooLongError
	var glyph *pdfgen.MissingGlyphError
	var details []renderDetail
	switch {
	case errors.As(err, &inv):
		return invalidData(inv.Findings)
	case errors.As(err, &long):
		for _, e := range long {
			details = append(details, renderDetail{Code: e.Code(), Path: e.Path, Message: e.Error()})
		}
	case errors.As(err, &one):
		details = append(details, renderDetail{Code: one.Code(), Path: one.Path, Message: one.Error()})
	case errors.As(err, &glyph):
		for _, c := range glyph.Chars {
			details = append(details, renderDetail{Code: glyph.Code(), Paths: c.Paths, Char: string(c.Rune),
				Message: fmt.Sprintf("字体中没有“%c”（U+%04X）", c.Rune, c.Rune)})
		}
	default:
		return err
	}
	return newError(http.StatusBadRequest, CodeRenderRefused, "内容超出模板栏位或字体缺字，未生成文档："+err.Error(), details)
}

const pageMapType = "application/vnd.shenbao.pagemap+json"

func (s *Server) handleRender(w http.ResponseWriter, r *http.Request) error {
	kind := form.Kind(r.PathValue("document"))
	if form.New(kind) == nil {
		return newError(http.StatusNotFound, CodeUnknownDocument,
			fmt.Sprintf("文档类型 %q 不存在：应为 individual、team 或 letter", kind), nil)
	}
	want := "application/pdf"
	switch v := r.URL.Query().Get("map"); v {
	case "1", "true":
		want = pageMapType
	case "", "0", "false":
		var err error
		if want, err = negotiate(r, "application/pdf", pageMapType, "application/json"); err != nil {
			return err
		}
	default:
		return newError(http.StatusBadRequest, CodeBadRequest, "查询参数 map 应为 1 或 0", nil)
	}
	body, err := readBody(w, r, s.cfg.MaxBodyBytes)
	if err != nil {
		return err
	}
	doc, _, err := decodeDocument(body, "")
	if err != nil {
		return err
	}
	if doc.DocKind() != kind {
		return newError(http.StatusBadRequest, CodeKindMismatch,
			fmt.Sprintf("接口为 %s，数据的 kind 为 %s，请调用 /v1/render/%s", kind, doc.DocKind(), doc.DocKind()), nil)
	}
	var out bytes.Buffer
	var l *pdfgen.Layout
	err = s.do(r.Context(), "render", func(ctx context.Context) error {
		var err error
		if l, err = pdfgen.Build(ctx, doc, pdfgen.Options{}); err != nil {
			return renderError(err)
		}
		if want == "application/pdf" {
			return l.WritePDF(ctx, &out)
		}
		return l.PageMap().WriteJSON(&out)
	})
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", want)
	h.Set("Content-Length", strconv.Itoa(out.Len()))
	h.Set("Shenbao-Pages", strconv.Itoa(l.NumPages()))
	h.Set("Shenbao-Doc-Id", l.DocID)
	h.Set("Shenbao-Template", l.Template.ID())
	if want == "application/pdf" {
		h.Set("Content-Disposition", `inline; filename="`+string(kind)+"-"+l.DocID+`.pdf"`)
	}
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(out.Bytes())
	return err
}

// validateResponse is the answer of /v1/validate.
type validateResponse struct {
	Kind     form.Kind      `json:"kind"`
	Valid    bool           `json:"valid"`
	Findings []form.Finding `json:"findings"`
}

func (s *Server) handleValidate(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(w, r, s.cfg.MaxBodyBytes)
	if err != nil {
		return err
	}
	res := validateResponse{Findings: []form.Finding{}}
	err = s.do(r.Context(), "validate", func(context.Context) error {
		doc, findings, err := decodeDocument(body, "")
		if err != nil {
			return err
		}
		res.Kind = doc.DocKind()
		if findings != nil {
			res.Findings = findings
		}
		return nil
	})
	if err != nil {
		return err
	}
	res.Valid = len(res.Findings) == 0
	writeJSON(w, http.StatusOK, res)
	return nil
}

// checkRequest is the round form of the /v1/check body. A body without
// "documents" is a single document.
type checkRequest struct {
	Documents []json.RawMessage `json:"documents"`
	Districts json.RawMessage   `json:"districts,omitempty"`
}

// checkInput is a parsed /v1/check body.
type checkInput struct {
	docs     []form.Document
	findings [][]form.Finding
	sources  []string // "document", or "documents[i]" in a round
	round    bool
	opt      rules.Options
}

// parseCheck reads the /v1/check body: one document, or a round.
func parseCheck(body []byte) (*checkInput, error) {
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) != nil || top["documents"] == nil {
		doc, findings, err := decodeDocument(body, "")
		if err != nil {
			return nil, err
		}
		return &checkInput{docs: []form.Document{doc}, findings: [][]form.Finding{findings}, sources: []string{"document"}}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var req checkRequest
	if err := dec.Decode(&req); err != nil {
		return nil, newError(http.StatusBadRequest, CodeBadRequest,
			`整轮核查的请求应为 {"documents":[…], "districts":{…}}：`+err.Error(), nil)
	}
	if len(req.Documents) == 0 {
		return nil, newError(http.StatusBadRequest, CodeBadRequest, `"documents" 为空`, nil)
	}
	in := &checkInput{round: true}
	if len(req.Districts) > 0 && string(req.Districts) != "null" {
		var err error
		if in.opt.Districts, err = rules.ReadDistricts(bytes.NewReader(req.Districts)); err != nil {
			return nil, newError(http.StatusBadRequest, CodeBadRequest, "districts："+err.Error(), nil)
		}
	}
	var problems []map[string]any
	for i, raw := range req.Documents {
		src := "documents[" + strconv.Itoa(i) + "]"
		doc, findings, err := decodeDocument(raw, src)
		if err != nil {
			problems = append(problems, map[string]any{"source": src, "error": err})
			continue
		}
		in.docs, in.sources = append(in.docs, doc), append(in.sources, src)
		in.findings = append(in.findings, findings)
	}
	if problems != nil {
		return nil, newError(http.StatusBadRequest, CodeDecodeFailed,
			fmt.Sprintf("%d 份申报数据无法读取", len(problems)), problems)
	}
	return in, nil
}

func (s *Server) handleCheck(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(w, r, s.cfg.MaxBodyBytes)
	if err != nil {
		return err
	}
	var res *rules.Assessment
	err = s.do(r.Context(), "check", func(ctx context.Context) error {
		in, err := parseCheck(body)
		if err != nil {
			return err
		}
		entries := make([]rules.Entry, len(in.docs))
		for i, doc := range in.docs {
			entries[i] = rules.Entry{Source: in.sources[i], Doc: doc, Findings: in.findings[i]}
		}
		res, err = rules.Assess(ctx, entries, rules.AssessOptions{Options: in.opt, Round: in.round})
		return err
	})
	var de *rules.DistrictsError
	if errors.As(err, &de) {
		return newError(http.StatusBadRequest, CodeBadRequest, err.Error(), nil)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}
