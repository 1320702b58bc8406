package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/rules"
)

// syncBuffer collects log lines from concurrent handlers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newTestServer returns a server logging into the returned buffer.
func newTestServer(t testing.TB, cfg Config) (*Server, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	cfg.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	if cfg.TempDir == "" {
		cfg.TempDir = t.TempDir()
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, logs
}

func sample(t testing.TB, k form.Kind) []byte {
	t.Helper()
	b, err := form.Sample(k, false)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func invalidIndividual(t testing.TB) []byte {
	t.Helper()
	v, err := invalidSample()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(v)
	return b
}

func roundBody(t testing.TB, docs ...[]byte) []byte {
	t.Helper()
	raws := make([]json.RawMessage, len(docs))
	for i, d := range docs {
		raws[i] = d
	}
	b, err := json.Marshal(map[string]any{
		"documents": raws,
		"districts": map[string]any{"edition": "2026", "districts": map[string]any{"海淀区": map[string]int{"individual": 3, "team": 2}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type req struct {
	method, path, ctype, accept, auth string
	body                              []byte
}

func (r req) do(t testing.TB, h http.Handler) *httptest.ResponseRecorder {
	t.Helper()
	method := r.method
	if method == "" {
		method = http.MethodPost
	}
	hr := httptest.NewRequest(method, r.path, bytes.NewReader(r.body))
	ctype := r.ctype
	if ctype == "" && r.body != nil {
		ctype = "application/json"
	}
	if ctype != "-" && ctype != "" {
		hr.Header.Set("Content-Type", ctype)
	}
	if r.accept != "" {
		hr.Header.Set("Accept", r.accept)
	}
	if r.auth != "" {
		hr.Header.Set("Authorization", r.auth)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, hr)
	return w
}

func errorBody(t testing.TB, w *httptest.ResponseRecorder) apiError {
	t.Helper()
	var e apiError
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
		t.Fatalf("error body is not JSON: %v: %q", err, w.Body.String())
	}
	if err := validateAgainst(t, "#/components/schemas/Error", w.Body.Bytes()); err != nil {
		t.Errorf("error body does not fit the documented Error schema: %v", err)
	}
	return e
}

func TestRoutes(t *testing.T) {
	s, logs := newTestServer(t, Config{MaxBodyBytes: 64 << 10})
	ind, team, letter := sample(t, form.KindIndividual), sample(t, form.KindTeam), sample(t, form.KindLetter)
	tests := []struct {
		name   string
		req    req
		status int
		ctype  string // response Content-Type prefix
		code   string // error code, for error statuses
		check  func(t *testing.T, w *httptest.ResponseRecorder)
	}{
		{"healthz", req{method: "GET", path: "/healthz"}, 200, "application/json", "", nil},
		{"readyz", req{method: "GET", path: "/readyz"}, 200, "application/json", "", nil},
		{"healthz HEAD", req{method: "HEAD", path: "/healthz"}, 200, "application/json", "", nil},
		{"openapi", req{method: "GET", path: "/openapi.json"}, 200, "application/json", "", nil},
		{"render individual", req{path: "/v1/render/individual", body: ind}, 200, "application/pdf", "", checkPDF},
		{"render team", req{path: "/v1/render/team", body: team}, 200, "application/pdf", "", checkPDF},
		{"render letter", req{path: "/v1/render/letter", body: letter}, 200, "application/pdf", "", checkPDF},
		{"render map query", req{path: "/v1/render/individual?map=1", body: ind}, 200, pageMapType, "", checkPageMap},
		{"render map accept", req{path: "/v1/render/team", body: team, accept: "application/json"}, 200, "application/json", "", checkPageMap},
		{"render accept pdf over json", req{path: "/v1/render/letter", body: letter, accept: "application/json;q=0.5, application/pdf"}, 200, "application/pdf", "", checkPDF},
		{"render not acceptable", req{path: "/v1/render/individual", body: ind, accept: "image/png"}, 406, "application/json", CodeNotAcceptable, nil},
		{"render bad map", req{path: "/v1/render/individual?map=yes", body: ind}, 400, "application/json", CodeBadRequest, nil},
		{"render unknown document", req{path: "/v1/render/resume", body: ind}, 404, "application/json", CodeUnknownDocument, nil},
		{"render kind mismatch", req{path: "/v1/render/team", body: ind}, 400, "application/json", CodeKindMismatch, nil},
		{"render invalid data", req{path: "/v1/render/individual", body: invalidIndividual(t)}, 400, "application/json", CodeInvalidData, checkIDFinding},
		{"render bad json", req{path: "/v1/render/individual", body: []byte(`{"kind": "individual",`)}, 400, "application/json", CodeDecodeFailed, nil},
		{"render wrong type", req{path: "/v1/render/individual", body: ind, ctype: "text/plain"}, 415, "application/json", CodeMediaType, nil},
		{"render no type", req{path: "/v1/render/individual", body: ind, ctype: "-"}, 415, "application/json", CodeMediaType, nil},
		{"render too large", req{path: "/v1/render/individual", body: bytes.Repeat([]byte(" "), 65<<10)}, 413, "application/json", CodeTooLarge, nil},
		{"render GET", req{method: "GET", path: "/v1/render/individual"}, 405, "application/json", CodeMethod, nil},
		{"validate valid", req{path: "/v1/validate", body: ind}, 200, "application/json", "", func(t *testing.T, w *httptest.ResponseRecorder) {
			var v validateResponse
			mustJSON(t, w, &v)
			if !v.Valid || len(v.Findings) != 0 || v.Kind != form.KindIndividual {
				t.Errorf("got %+v, want a valid individual document", v)
			}
		}},
		{"validate invalid", req{path: "/v1/validate", body: invalidIndividual(t)}, 200, "application/json", "", func(t *testing.T, w *httptest.ResponseRecorder) {
			var v validateResponse
			mustJSON(t, w, &v)
			if v.Valid || !hasPath(v.Findings, "$.applicant.id_number") {
				t.Errorf("got %+v, want a finding at $.applicant.id_number", v)
			}
		}},
		{"validate undecodable", req{path: "/v1/validate", body: []byte(`{"edition":"2026"}`)}, 400, "application/json", CodeDecodeFailed, func(t *testing.T, w *httptest.ResponseRecorder) {
			var e struct{ Details []form.Problem }
			mustJSON(t, w, &e)
			if len(e.Details) == 0 || e.Details[0].Path != "$.kind" {
				t.Errorf("details %+v, want a problem at $.kind", e.Details)
			}
		}},
		{"validate unknown field", req{path: "/v1/validate", body: []byte(`{"kind":"letter","colour":"red"}`)}, 400, "application/json", CodeDecodeFailed, nil},
		{"validate empty", req{path: "/v1/validate", body: []byte{}}, 400, "application/json", CodeDecodeFailed, nil},
		{"check one", req{path: "/v1/check", body: ind}, 200, "application/json", "", func(t *testing.T, w *httptest.ResponseRecorder) {
			var c rules.Assessment
			mustJSON(t, w, &c)
			if len(c.Documents) != 1 || len(c.Documents[0].Verdicts) == 0 || c.Round != nil {
				t.Errorf("got %+v, want one document with verdicts and no round", c)
			}
		}},
		{"check round", req{path: "/v1/check", body: roundBody(t, ind, team, letter)}, 200, "application/json", "", func(t *testing.T, w *httptest.ResponseRecorder) {
			var c rules.Assessment
			mustJSON(t, w, &c)
			if len(c.Documents) != 3 || c.Documents[2].Source != "documents[2]" || c.Documents[2].Kind != form.KindLetter {
				t.Errorf("documents %+v, want 3 with sources documents[i]", c.Documents)
			}
		}},
		{"check round twice the same", req{path: "/v1/check", body: roundBody(t, ind, ind)}, 200, "application/json", "", func(t *testing.T, w *httptest.ResponseRecorder) {
			var c rules.Assessment
			mustJSON(t, w, &c)
			if c.Count["fail"] == 0 {
				t.Errorf("the same application twice in a round: count %v, want a failure", c.Count)
			}
		}},
		{"check round invalid member", req{path: "/v1/check", body: roundBody(t, ind, invalidIndividual(t))}, 200, "application/json", "", func(t *testing.T, w *httptest.ResponseRecorder) {
			var c rules.Assessment
			mustJSON(t, w, &c)
			// Every rule whose inputs are valid is still judged (issue 14 part 6).
			if len(c.Documents) != 2 || len(c.Documents[1].Findings) == 0 || len(c.Documents[1].Verdicts) == 0 {
				t.Errorf("got %+v, want findings and verdicts for documents[1]", c.Documents)
			}
		}},
		{"check round undecodable member", req{path: "/v1/check", body: roundBody(t, ind, []byte(`{"kind":"team","team_size":"x"}`))}, 400, "application/json", CodeDecodeFailed, func(t *testing.T, w *httptest.ResponseRecorder) {
			if !strings.Contains(w.Body.String(), `"source":"documents[1]"`) {
				t.Errorf("details do not name documents[1]: %s", w.Body)
			}
		}},
		{"check round unknown key", req{path: "/v1/check", body: []byte(`{"documents":[{"kind":"letter"}],"extra":1}`)}, 400, "application/json", CodeBadRequest, nil},
		{"check round empty", req{path: "/v1/check", body: []byte(`{"documents":[]}`)}, 400, "application/json", CodeBadRequest, nil},
		{"check bad districts", req{path: "/v1/check", body: []byte(`{"documents":[{"kind":"letter"}],"districts":{"districts":"x"}}`)}, 400, "application/json", CodeBadRequest, nil},
		{"check wrong type", req{path: "/v1/check", body: ind, ctype: "application/xml"}, 415, "application/json", CodeMediaType, nil},
		{"bundle wrong type", req{path: "/v1/bundle", body: ind}, 415, "application/json", CodeMediaType, nil},
		{"not found", req{method: "GET", path: "/v2/render"}, 404, "application/json", CodeNotFound, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.req.do(t, s)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, truncate(w.Body.String()))
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.ctype) {
				t.Errorf("Content-Type %q, want %q", ct, tt.ctype)
			}
			if w.Header().Get("X-Request-Id") == "" {
				t.Error("no X-Request-Id")
			}
			if tt.code != "" {
				if e := errorBody(t, w); e.Code != tt.code {
					t.Errorf("code %q, want %q (%s)", e.Code, tt.code, e.Message)
				}
			}
			if tt.check != nil {
				tt.check(t, w)
			}
		})
	}
	// Personal data and bodies never reach the log.
	out := logs.String()
	for _, secret := range []string{"110108198506121239", "张明远", "13910012345", "application_no"} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q", secret)
		}
	}
	if n := strings.Count(out, `"msg":"request"`); n != len(tests) {
		t.Errorf("%d request log lines, want %d", n, len(tests))
	}
}

func truncate(s string) string {
	if len(s) > 400 {
		return s[:400] + "…"
	}
	return s
}

func mustJSON(t *testing.T, w *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		t.Fatalf("%v: %s", err, truncate(w.Body.String()))
	}
}

func hasPath(fs []form.Finding, path string) bool {
	for _, f := range fs {
		if f.Path == path {
			return true
		}
	}
	return false
}

func checkPDF(t *testing.T, w *httptest.ResponseRecorder) {
	if !bytes.HasPrefix(w.Body.Bytes(), []byte("%PDF-")) {
		t.Errorf("body is not a PDF: %q", truncate(w.Body.String()))
	}
	if w.Header().Get("Shenbao-Pages") == "" || w.Header().Get("Shenbao-Doc-Id") == "" {
		t.Errorf("missing Shenbao-Pages or Shenbao-Doc-Id: %v", w.Header())
	}
}

func checkPageMap(t *testing.T, w *httptest.ResponseRecorder) {
	var m struct {
		Format string
		Pages  []json.RawMessage
	}
	mustJSON(t, w, &m)
	if m.Format != "shenbao-pagemap/1" || len(m.Pages) == 0 {
		t.Errorf("not a page map: format %q, %d pages", m.Format, len(m.Pages))
	}
	if got := w.Header().Get("Shenbao-Pages"); got != strings.TrimSpace(itoa(len(m.Pages))) {
		t.Errorf("Shenbao-Pages %s, page map has %d pages", got, len(m.Pages))
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func checkIDFinding(t *testing.T, w *httptest.ResponseRecorder) {
	var e struct{ Details []form.Finding }
	mustJSON(t, w, &e)
	if !hasPath(e.Details, "$.applicant.id_number") {
		t.Errorf("details %+v, want a finding at $.applicant.id_number", e.Details)
	}
}

func TestReadyz(t *testing.T) {
	s, _ := newTestServer(t, Config{})
	s.SetReady(false)
	w := req{method: "GET", path: "/readyz"}.do(t, s)
	if w.Code != http.StatusServiceUnavailable || errorBody(t, w).Code != CodeNotReady {
		t.Fatalf("draining server: readyz %d %s, want 503 not_ready", w.Code, w.Body)
	}
}

func TestMetrics(t *testing.T) {
	s, _ := newTestServer(t, Config{})
	req{path: "/v1/render/individual", body: sample(t, form.KindIndividual)}.do(t, s)
	req{path: "/v1/validate", body: []byte("{")}.do(t, s)
	w := req{method: "GET", path: "/metrics"}.do(t, s)
	if w.Code != 200 {
		t.Fatalf("metrics: %d", w.Code)
	}
	body := w.Body.String()
	for _, want := range []string{
		`shenbao_http_requests_total{code="200",route="/v1/render/{document}"} 1`,
		`shenbao_http_requests_total{code="400",route="/v1/validate"} 1`,
		`shenbao_http_request_duration_seconds_count{route="/v1/render/{document}"} 1`,
		`shenbao_work_duration_seconds_count{op="render"} 1`,
		`shenbao_work_in_flight 0`,
		`shenbao_work_queued 0`,
		`go_goroutines`,
		`process_resident_memory_bytes`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestAuth(t *testing.T) {
	const token = "s3cret-token-value"
	ind := sample(t, form.KindIndividual)
	tests := []struct {
		name   string
		token  string // server's
		auth   string // request's Authorization
		path   string
		status int
	}{
		{"off, no header", "", "", "/v1/validate", 200},
		{"off, any header", "", "Bearer whatever", "/v1/validate", 200},
		{"on, no header", token, "", "/v1/validate", 401},
		{"on, wrong token", token, "Bearer nope", "/v1/validate", 401},
		{"on, prefix of token", token, "Bearer s3cret", "/v1/render/individual", 401},
		{"on, basic scheme", token, "Basic " + token, "/v1/check", 401},
		{"on, right token", token, "Bearer " + token, "/v1/validate", 200},
		{"on, scheme case", token, "bearer " + token, "/v1/check", 200},
		{"on, healthz open", token, "", "/healthz", 200},
		{"on, metrics open", token, "", "/metrics", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, logs := newTestServer(t, Config{Token: tt.token})
			r := req{path: tt.path, body: ind, auth: tt.auth}
			if !strings.HasPrefix(tt.path, "/v1/") {
				r = req{method: "GET", path: tt.path, auth: tt.auth}
			}
			w := r.do(t, s)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d", w.Code, tt.status)
			}
			if w.Code == 401 {
				if errorBody(t, w).Code != CodeUnauthorized || w.Header().Get("WWW-Authenticate") == "" {
					t.Errorf("401 without code unauthorized or WWW-Authenticate: %v %s", w.Header(), w.Body)
				}
			}
			if strings.Contains(logs.String(), token) || strings.Contains(logs.String(), "s3cret") {
				t.Error("the token is in the log")
			}
		})
	}
}

func TestRequestID(t *testing.T) {
	s, logs := newTestServer(t, Config{})
	for _, tt := range []struct{ in, want string }{
		{"portal-7f3a.42", "portal-7f3a.42"},
		{"bad id with spaces", ""},
		{strings.Repeat("a", 65), ""},
	} {
		hr := httptest.NewRequest("GET", "/healthz", nil)
		hr.Header.Set("X-Request-Id", tt.in)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, hr)
		got := w.Header().Get("X-Request-Id")
		if tt.want != "" && got != tt.want || tt.want == "" && (got == tt.in || len(got) != 16) {
			t.Errorf("X-Request-Id %q → %q", tt.in, got)
		}
		if !strings.Contains(logs.String(), `"request_id":"`+got+`"`) {
			t.Errorf("request id %q not logged", got)
		}
	}
}

func TestTimeout(t *testing.T) {
	// A deadline that has passed before the work starts: every route that
	// works answers 503 with Retry-After, never 500.
	s, _ := newTestServer(t, Config{Timeout: time.Nanosecond})
	for _, path := range []string{"/v1/render/individual", "/v1/validate", "/v1/check"} {
		w := req{path: path, body: sample(t, form.KindIndividual)}.do(t, s)
		if w.Code != http.StatusServiceUnavailable || errorBody(t, w).Code != CodeTimeout || w.Header().Get("Retry-After") == "" {
			t.Errorf("%s: %d %s, want 503 timeout with Retry-After", path, w.Code, w.Body)
		}
	}
}

func TestBusy(t *testing.T) {
	// One worker and no queue: a request still sending its body holds the
	// only place, so the next one is refused at once with 429.
	s, _ := newTestServer(t, Config{Workers: 1, Queue: -1})
	ts := httptest.NewServer(s)
	defer ts.Close()
	pr, pw := io.Pipe()
	done := make(chan int)
	go func() {
		resp, err := http.Post(ts.URL+"/v1/validate", "application/json", pr)
		if err != nil {
			done <- -1
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	pw.Write([]byte(`{"kind":`))
	waitFor(t, "the first request to be admitted", func() bool { return metric(t, s, "shenbao_work_queued 1") })
	w, err := http.Post(ts.URL+"/v1/validate", "application/json", bytes.NewReader(sample(t, form.KindLetter)))
	if err != nil {
		t.Fatal(err)
	}
	w.Body.Close()
	if w.StatusCode != http.StatusTooManyRequests || w.Header.Get("Retry-After") == "" {
		t.Errorf("second request: %d, want 429 with Retry-After", w.StatusCode)
	}
	pw.Write([]byte(`"letter"}`))
	pw.Close()
	if got := <-done; got != 200 {
		t.Errorf("first request: %d, want 200", got)
	}
}

// evidence makes a page-like PNG: white with dark text lines.
func evidence(t testing.TB, w, h int, seed int) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for y := h / 10; y < h*9/10; y += h / 40 {
		for x := w / 10; x < w*9/10-(seed*37)%(w/4); x++ {
			for dy := range max(h/200, 1) {
				img.SetGray(x, y+dy, color.Gray{Y: 30})
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type part struct {
	name, filename, ctype string
	body                  []byte
}

func multipartBody(t testing.TB, parts []part) (body []byte, ctype string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		cd := `form-data; name="` + p.name + `"`
		if p.filename != "" {
			cd += `; filename="` + p.filename + `"`
		}
		h.Set("Content-Disposition", cd)
		if p.ctype != "" {
			h.Set("Content-Type", p.ctype)
		}
		pw, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		pw.Write(p.body)
	}
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// bundleParts is a manifest of n evidence images and the images.
func bundleParts(t testing.TB, n, w, h int) []part {
	t.Helper()
	cats := []string{"身份证复印件", "最高学历证书", "最高学位证书", "获奖", "专利", "论文著作"}
	var files []map[string]string
	var parts []part
	for i := range n {
		path := cats[i%len(cats)] + "/" + itoa(i) + ".png"
		files = append(files, map[string]string{"path": path, "category": cats[i%len(cats)]})
		parts = append(parts, part{name: path, filename: itoa(i) + ".png", ctype: "image/png", body: evidence(t, w, h, i)})
	}
	m, _ := json.Marshal(map[string]any{"files": files})
	return append([]part{{name: "manifest", ctype: "application/json", body: m}}, parts...)
}

func TestBundle(t *testing.T) {
	s, _ := newTestServer(t, Config{MaxFiles: 8, MaxUploadBytes: 4 << 20})
	good := bundleParts(t, 3, 620, 877)
	manifestOnly := func(m string) []part { return []part{{name: "manifest", body: []byte(m)}} }
	data := part{name: "data", body: []byte(`{"cover":{"applicant":"测试申报人","organisation":"测试单位","date":"2026-04-20"}}`)}
	tests := []struct {
		name   string
		parts  []part
		accept string
		status int
		code   string
		check  func(t *testing.T, w *httptest.ResponseRecorder)
	}{
		{"pdf", append(good, data), "", 200, "", func(t *testing.T, w *httptest.ResponseRecorder) {
			if n := checkBundlePDF(t, w.Body.Bytes()); itoa(n) != w.Header().Get("Shenbao-Pages") {
				t.Errorf("%d pages, Shenbao-Pages %s", n, w.Header().Get("Shenbao-Pages"))
			}
			if w.Header().Get("Shenbao-Findings") != "true" { // required categories are missing
				t.Errorf("Shenbao-Findings %q, want true", w.Header().Get("Shenbao-Findings"))
			}
		}},
		{"json", good, "application/json", 200, "", func(t *testing.T, w *httptest.ResponseRecorder) {
			var b struct {
				Report struct {
					Files []struct{ Status string }
				}
				Manifest json.RawMessage
				PDF      []byte
			}
			mustJSON(t, w, &b)
			if len(b.Report.Files) != 3 || b.Report.Files[0].Status != "ok" || len(b.Manifest) == 0 {
				t.Errorf("report %+v, manifest %d bytes", b.Report, len(b.Manifest))
			}
			checkBundlePDF(t, b.PDF)
		}},
		{"multipart", good, "multipart/mixed", 200, "", func(t *testing.T, w *httptest.ResponseRecorder) {
			names := readMixed(t, w)
			if strings.Join(names, ",") != "report.json,manifest.json,dossier.pdf" {
				t.Errorf("parts %v", names)
			}
		}},
		{"not acceptable", good, "text/html", 406, CodeNotAcceptable, nil},
		{"no manifest", good[1:], "", 400, CodeBadRequest, nil},
		{"bad manifest", append(manifestOnly(`{"files":[{"path":"a.png","category":"菜单"}]}`), good[1]), "", 400, CodeManifestInvalid, nil},
		{"unlisted file", append(manifestOnly(`{"files":[]}`), good[1]), "", 400, CodeManifestInvalid, nil},
		{"path escapes", append(manifestOnly(`{"files":[{"path":"../x.png","category":"其他"}]}`), part{name: "../x.png", body: []byte("x")}), "", 400, CodeBadRequest, nil},
		{"twice", append(good, good[1]), "", 400, CodeBadRequest, nil},
		{"too many files", bundleParts(t, 9, 100, 140), "", 413, CodeTooLarge, nil},
		{"bad data", append(good, part{name: "data", body: []byte(`{"colour":1}`)}), "", 400, CodeBadRequest, nil},
		// The cover from an application, as bundle --data does.
		{"record", append(good, part{name: "data", body: []byte(`{"record":` + string(sample(t, form.KindIndividual)) + `}`)}), "", 200, "", nil},
		{"record of a letter", append(good, part{name: "data", body: []byte(`{"record":` + string(sample(t, form.KindLetter)) + `}`)}), "", 400, CodeBadRequest, nil},
		{"undecodable record", append(good, part{name: "data", body: []byte(`{"record":{"kind":"team","team_size":1}}`)}), "", 400, CodeDecodeFailed, nil},
		{"nothing usable", append(manifestOnly(`{"files":[{"path":"a.png","category":"其他"}]}`), part{name: "a.png", body: []byte("not an image at all")}), "", 422, CodeUnprocessable, func(t *testing.T, w *httptest.ResponseRecorder) {
			if !strings.Contains(w.Body.String(), `"bundle_code":"no_usable_files"`) {
				t.Errorf("422 without bundle_code: %s", w.Body)
			}
		}},
		{"over limit", []part{{name: "manifest", body: bytes.Repeat([]byte(" "), 5<<20)}}, "", 413, CodeTooLarge, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ctype := multipartBody(t, tt.parts)
			w := req{path: "/v1/bundle", body: body, ctype: ctype, accept: tt.accept}.do(t, s)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, truncate(w.Body.String()))
			}
			if tt.code != "" {
				if e := errorBody(t, w); e.Code != tt.code {
					t.Errorf("code %q, want %q (%s)", e.Code, tt.code, e.Message)
				}
			}
			if tt.check != nil {
				tt.check(t, w)
			}
		})
	}
	if n := countDir(t, s.cfg.TempDir); n != 0 {
		t.Errorf("%d entries left in the temporary folder", n)
	}
}

// checkBundlePDF checks that pdf is a dossier with pages and the manifest
// attached, and returns its page count.
func checkBundlePDF(t *testing.T, pdf []byte) int {
	t.Helper()
	n, err := api.PageCount(bytes.NewReader(pdf), nil)
	if err != nil || n == 0 {
		t.Fatalf("not a PDF with pages (%d bytes): %v", len(pdf), err)
	}
	as, err := api.Attachments(bytes.NewReader(pdf), nil)
	if err != nil || len(as) != 1 || as[0].ID != "manifest.json" {
		t.Errorf("attachments %v (%v), want manifest.json", as, err)
	}
	return n
}

func readMixed(t *testing.T, w *httptest.ResponseRecorder) []string {
	t.Helper()
	_, params, err := mimeParse(w.Header().Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(w.Body, params["boundary"])
	var names []string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return names
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, p.FileName())
	}
}

func TestBusyUploads(t *testing.T) {
	// One bundle upload at a time: a second one is refused with 429 while
	// the first is still arriving, and accepted once it is done.
	s, _ := newTestServer(t, Config{MaxUploads: 1})
	ts := httptest.NewServer(s)
	defer ts.Close()
	body, ctype := multipartBody(t, bundleParts(t, 1, 620, 877))
	post := func(r io.Reader) int {
		resp, err := http.Post(ts.URL+"/v1/bundle", ctype, r)
		if err != nil {
			t.Error(err)
			return -1
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	pr, pw := io.Pipe()
	first := make(chan int)
	go func() { first <- post(pr) }()
	pw.Write(body[:100])
	waitFor(t, "the first upload to be stored", func() bool { return countDir(t, s.cfg.TempDir) == 1 })
	if got := post(bytes.NewReader(body)); got != http.StatusTooManyRequests {
		t.Errorf("second upload: %d, want 429", got)
	}
	pw.Write(body[100:])
	pw.Close()
	if got := <-first; got != 200 {
		t.Errorf("first upload: %d, want 200", got)
	}
	waitFor(t, "the first upload to be removed", func() bool { return len(s.uploads) == 0 })
	if got := post(bytes.NewReader(body)); got != 200 {
		t.Errorf("upload after the first: %d, want 200", got)
	}
}

func TestFaultsAre500sWithoutData(t *testing.T) {
	const id = "110108198506121239"
	s, logs := newTestServer(t, Config{})
	for _, h := range []func(http.ResponseWriter, *http.Request) error{
		func(http.ResponseWriter, *http.Request) error { panic("bad value " + id) },
		func(http.ResponseWriter, *http.Request) error { return errors.New("cannot draw " + id) },
	} {
		w := httptest.NewRecorder()
		s.wrap(route{method: "GET", pattern: "/fault", name: "/fault", timeout: time.Second, h: h}).
			ServeHTTP(w, httptest.NewRequest("GET", "/fault", nil))
		if w.Code != 500 || errorBody(t, w).Code != CodeInternal {
			t.Errorf("%d %s, want 500 internal", w.Code, w.Body)
		}
	}
	if out := logs.String(); strings.Contains(out, id) || strings.Count(out, `"msg":"internal error"`) != 2 {
		t.Errorf("log should record two faults without their data:\n%s", out)
	}
}
