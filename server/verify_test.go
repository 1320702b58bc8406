package server

import (
	"bytes"
	"context"
	"encoding/json"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/pdfgen"
	"github.com/bast-tools/shenbao/verify"
)

// verifyBody builds a /v1/verify upload: the record, then the files.
func verifyBody(t *testing.T, data []byte, files ...[]byte) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	if data != nil {
		w, _ := mw.CreateFormField("data")
		w.Write(data)
	}
	for i, f := range files {
		w, _ := mw.CreateFormFile("scan", "page"+string(rune('1'+i))+".jpg")
		w.Write(f)
	}
	mw.Close()
	return b.Bytes(), mw.FormDataContentType()
}

// TestVerifyRoute: the unsigned letter, printed and scanned as page images,
// comes back as a report naming the unsigned box and the missing seals;
// annotate=1 adds one PNG per page; bad input is 400, 415 or 422.
func TestVerifyRoute(t *testing.T) {
	s, _ := newTestServer(t, Config{})
	data, err := form.Sample(form.KindLetter, false)
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := form.DecodeBytes(data)
	form.Normalize(doc)
	l, err := pdfgen.Build(context.Background(), doc, pdfgen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var pages [][]byte
	for n := 1; n <= l.NumPages(); n++ {
		img, err := l.Raster(n, 150)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		jpeg.Encode(&b, img, &jpeg.Options{Quality: 85})
		pages = append(pages, b.Bytes())
	}

	body, ct := verifyBody(t, data, pages...)
	w := req{path: "/v1/verify?annotate=1", ctype: ct, body: body}.do(t, s)
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body.String())
	}
	var got struct {
		verify.Report
		Annotations []struct {
			ScanPage int    `json:"scan_page"`
			PNG      []byte `json:"png"`
		} `json:"annotations"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Verdict != verify.Fail || len(got.Pages) != 2 || got.Pages[0].FormPage != 1 || got.Pages[1].FormPage != 2 {
		t.Fatalf("report %s", w.Body.String())
	}
	unsigned := false
	for _, f := range got.Findings {
		if f.Code == verify.CodeSignatureMissing && f.Zone == "recommender" {
			unsigned = true
		}
	}
	if !unsigned {
		t.Errorf("no signature_missing for the recommender: %s", w.Body.String())
	}
	if len(got.Annotations) != 2 || !bytes.HasPrefix(got.Annotations[1].PNG, []byte("\x89PNG")) {
		t.Errorf("annotations: %d", len(got.Annotations))
	}

	for _, c := range []struct {
		name   string
		data   []byte
		files  [][]byte
		ctype  string
		status int
		code   string
	}{
		{"not an image", data, [][]byte{[]byte("hello")}, "", http.StatusUnprocessableEntity, CodeUnprocessable},
		{"truncated JPEG", data, [][]byte{pages[0][:len(pages[0])/3]}, "", http.StatusOK, ""},
		{"no scan", data, nil, "", http.StatusBadRequest, CodeBadRequest},
		{"no record", nil, pages, "", http.StatusBadRequest, CodeBadRequest},
		{"invalid record", bytes.Replace(data, []byte(`"kind": "letter"`), []byte(`"kind": "letter", "bogus": 1`), 1), pages, "", http.StatusBadRequest, CodeDecodeFailed},
		{"JSON body", data, nil, "application/json", http.StatusUnsupportedMediaType, CodeMediaType},
	} {
		t.Run(c.name, func(t *testing.T) {
			body, ct := verifyBody(t, c.data, c.files...)
			if c.ctype != "" {
				body, ct = c.data, c.ctype
			}
			w := req{path: "/v1/verify", ctype: ct, body: body}.do(t, s)
			if w.Code != c.status {
				t.Fatalf("status %d, want %d: %s", w.Code, c.status, w.Body.String())
			}
			if c.code != "" {
				if e := errorBody(t, w); e.Code != c.code {
					t.Errorf("code %s, want %s (%s)", e.Code, c.code, e.Message)
				}
			}
		})
	}
}
