package server

import (
	"net/http"
	"testing"

	"github.com/bast-tools/shenbao/form"
)

// FuzzJSONRoutes sends arbitrary bodies to the JSON routes: the answer is
// always a 2xx or a 4xx with a JSON error, never a 500 or a panic.
func FuzzJSONRoutes(f *testing.F) {
	for _, k := range form.Kinds() {
		b, _ := form.Sample(k, false)
		f.Add(b)
	}
	f.Add([]byte(`{"documents":[{"kind":"letter"},{"kind":"team","members":[{}]}],"districts":{"edition":"2026","districts":{"海淀区":{"individual":-1}}}}`))
	f.Add([]byte(`{"documents":null}`))
	f.Add([]byte(`[]`))
	f.Add([]byte("\xff\xfe{"))
	s, _ := newTestServer(f, Config{MaxBodyBytes: 1 << 20})
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, path := range []string{"/v1/validate", "/v1/check", "/v1/render/individual"} {
			w := req{path: path, body: body}.do(t, s)
			if w.Code >= http.StatusInternalServerError {
				t.Fatalf("%s: %d %s", path, w.Code, w.Body)
			}
			if w.Code >= 400 {
				errorBody(t, w)
			}
		}
	})
}

// FuzzBundleUpload sends arbitrary multipart bodies to /v1/bundle.
func FuzzBundleUpload(f *testing.F) {
	body, ctype := multipartBody(f, bundleParts(f, 2, 100, 140))
	f.Add(body, ctype)
	f.Add([]byte("--b\r\nContent-Disposition: form-data; name=\"manifest\"\r\n\r\n{\"files\":[{\"path\":\"a\",\"category\":\"其他\"}]}\r\n--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n%PDF-1.4\r\n--b--\r\n"), "multipart/form-data; boundary=b")
	s, _ := newTestServer(f, Config{MaxUploadBytes: 1 << 20, MaxFiles: 4})
	f.Fuzz(func(t *testing.T, body []byte, ctype string) {
		w := req{path: "/v1/bundle", body: body, ctype: ctype}.do(t, s)
		if w.Code >= http.StatusInternalServerError {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
	})
}
