package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bast-tools/shenbao/bundle"
	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/internal/hostile"
)

// hostileUploads are one bundle upload per class of issue 9, each with a
// good file beside the hostile one.
func hostileUploads(t testing.TB) map[string][]part {
	good := evidence(t, 620, 877, 1)
	up := func(name string, data []byte) []part {
		m, _ := json.Marshal(map[string]any{"files": []map[string]string{
			{"path": "good.png", "category": "获奖"}, {"path": name, "category": "营业执照/法人登记证书"}}})
		return []part{{name: "manifest", body: m}, {name: "good.png", body: good}, {name: name, body: data}}
	}
	return map[string][]part{
		"panic":      up("self-objstm.pdf", hostile.SelfObjStm()),
		"panic2":     up("all-compressed.pdf", hostile.AllCompressed(4)),
		"oom":        up("object-2147483647.pdf", hostile.HugeObjectNumber(2147483647)),
		"bomb":       up("content-bomb.pdf", hostile.ContentBomb(1<<30)),
		"image-bomb": up("image-bomb.pdf", hostile.FlateImageBomb(100, 100, 1<<30, false)),
		"pages":      up("6000-pages.pdf", hostile.ManyPages(6000)),
	}
}

// TestHostileConcurrent sends every hostile class at once, as bundles and
// as seal checks, while normal render and validate requests go on: each
// normal request succeeds within 2 s, each hostile one gets its file's
// finding (or 503) within the deadline, and afterwards no goroutine,
// upload folder or temporary file is left.
func TestHostileConcurrent(t *testing.T) {
	const deadline = 5 * time.Second
	// The race detector slows every request several times over, and the
	// last step of a bundle (drawing and writing the dossier) does not
	// look at the deadline.
	normalWithin, hostileWithin := 2*time.Second, deadline+time.Second
	if raceEnabled {
		normalWithin, hostileWithin = 5*normalWithin, hostileWithin+3*time.Second
	}
	l := startLive(t, Config{Workers: 2, BundleTimeout: deadline})
	base := runtime.NumGoroutine()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	var wg sync.WaitGroup
	for name, parts := range hostileUploads(t) {
		body, ctype := multipartBody(t, parts)
		wg.Go(func() {
			status, b, ok := timedPost(t, client, l.url("/v1/bundle?case="+name), ctype, body, hostileWithin)
			if !ok || status == http.StatusServiceUnavailable {
				return
			}
			var got bundleJSON
			if status != http.StatusOK || json.Unmarshal(b, &got) != nil {
				t.Errorf("bundle %s: %d %s", name, status, truncate(string(b)))
				return
			}
			for _, f := range got.Report.Files {
				if (f.File == "good.png") != (f.Status == "ok") {
					t.Errorf("bundle %s: %s is %s %s", name, f.File, f.Status, f.Code)
				}
			}
		})
		data := parts[2].body
		wg.Go(func() {
			status, b, ok := timedPost(t, client, l.url("/v1/seals?case="+name), "application/pdf", data, hostileWithin)
			if ok && status != http.StatusUnprocessableEntity && status != http.StatusServiceUnavailable {
				t.Errorf("seals %s: %d %s, want 422 or 503", name, status, truncate(string(b)))
			}
		})
	}
	stop := make(chan struct{})
	var normal sync.WaitGroup
	var slowest time.Duration
	var mu sync.Mutex
	for _, path := range []string{"/v1/render/individual", "/v1/validate"} {
		body := sample(t, form.KindIndividual)
		normal.Go(func() {
			for n := 0; ; n++ {
				select {
				case <-stop:
					if n == 0 {
						t.Errorf("%s: no request made", path)
					}
					return
				default:
				}
				start := time.Now()
				resp, err := client.Post(l.url(path), "application/json", bytes.NewReader(body))
				if err != nil {
					t.Errorf("%s: %v", path, err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				took := time.Since(start)
				mu.Lock()
				slowest = max(slowest, took)
				mu.Unlock()
				if resp.StatusCode != http.StatusOK || took > normalWithin {
					t.Errorf("%s: %d after %v", path, resp.StatusCode, took)
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	normal.Wait()
	t.Logf("slowest normal request: %v", slowest)
	resp, err := client.Get(l.url("/healthz"))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz after: %v", err)
	}
	resp.Body.Close()
	waitFor(t, "the workers to be released", func() bool { return metric(t, l.s, "shenbao_work_in_flight 0") })
	// A handler removes its upload folder as it returns, just after it
	// leaves its work slot: wait (bounded) for that, then none may be left.
	waitFor(t, "the upload folders to be removed", func() bool { return countDir(t, l.s.cfg.TempDir) == 0 })
	settle(t, base)
}

// timedPost posts body (asking for JSON) and fails the test when the
// answer takes longer than within.
func timedPost(t *testing.T, client *http.Client, url, ctype string, body []byte, within time.Duration) (status int, b []byte, ok bool) {
	start := time.Now()
	req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		t.Errorf("%s: %v", url, err)
		return 0, nil, false
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	t.Logf("%s: %d in %v", url, resp.StatusCode, took.Round(time.Millisecond))
	if took > within {
		t.Errorf("%s: answered after %v", url, took)
	}
	return resp.StatusCode, b, true
}

func TestSealsRoute(t *testing.T) {
	s, _ := newTestServer(t, Config{})
	gray := evidence(t, 620, 877, 2)
	for _, tc := range []struct {
		name, ctype, encoding string
		body                  []byte
		status                int
		code                  string
	}{
		{"gray scan", "image/png", "", gray, 200, ""},
		{"text", "application/octet-stream", "", []byte("这不是图片"), 422, CodeUnprocessable},
		{"panic", "application/pdf", "", hostile.AllCompressed(5), 422, CodeUnprocessable},
		{"json", "application/json", "", gray, 415, CodeMediaType},
		{"gzip", "image/png", "gzip", gzipped(t, gray), 415, CodeMediaType},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hr := httptest.NewRequest("POST", "/v1/seals", bytes.NewReader(tc.body))
			hr.Header.Set("Content-Type", tc.ctype)
			if tc.encoding != "" {
				hr.Header.Set("Content-Encoding", tc.encoding)
			}
			w := httptest.NewRecorder()
			s.ServeHTTP(w, hr)
			if w.Code != tc.status {
				t.Fatalf("%d %s, want %d", w.Code, w.Body, tc.status)
			}
			if tc.code != "" {
				if e := errorBody(t, w); e.Code != tc.code {
					t.Errorf("code %s, want %s", e.Code, tc.code)
				}
				return
			}
			var got sealsJSON
			mustJSON(t, w, &got)
			if len(got.Pages) != 1 || got.Pages[0].Judgeable || got.Pages[0].Reason != "grayscale" {
				t.Errorf("%+v", got)
			}
			if err := validateAgainst(t, "#/components/schemas/SealsResponse", w.Body.Bytes()); err != nil {
				t.Error(err)
			}
		})
	}
}

func gzipped(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// TestReadyzSaturated: with the queue full, /readyz answers 503 so that a
// load balancer sends traffic elsewhere; it recovers when the queue does.
func TestReadyzSaturated(t *testing.T) {
	s, _ := newTestServer(t, Config{Workers: 1, Queue: -1})
	ts := httptest.NewServer(s)
	defer ts.Close()
	ready := func() int { return req{method: "GET", path: "/readyz"}.do(t, s).Code }
	if got := ready(); got != 200 {
		t.Fatalf("idle: %d", got)
	}
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		if resp, err := http.Post(ts.URL+"/v1/validate", "application/json", pr); err == nil {
			resp.Body.Close()
		}
		close(done)
	}()
	waitFor(t, "the request to be admitted", func() bool { return metric(t, s, "shenbao_work_queued 1") })
	if got := ready(); got != http.StatusServiceUnavailable {
		t.Errorf("saturated: %d, want 503", got)
	}
	pw.Write(sample(t, form.KindLetter))
	pw.Close()
	<-done
	if got := ready(); got != 200 {
		t.Errorf("after: %d", got)
	}
}

// TestSlowUploadRate: a client that sends its upload below the minimum
// rate is cut off (408) once the grace period is over, long before the
// request's deadline, and its upload slot is free again.
func TestSlowUploadRate(t *testing.T) {
	old := bodyGrace
	bodyGrace = 300 * time.Millisecond
	defer func() { bodyGrace = old }()
	l := startLive(t, Config{MinBodyRate: 64 << 10, MaxUploads: 1})
	conn, err := net.Dial("tcp", l.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "POST /v1/bundle HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\nContent-Disposition: form-data; name=\"a.pdf\"\r\n\r\n")
	start := time.Now()
	for time.Since(start) < 5*time.Second {
		if _, err := conn.Write([]byte("x")); err != nil {
			break
		}
		conn.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
		b := make([]byte, 512)
		if n, _ := conn.Read(b); n > 0 {
			if !strings.Contains(string(b[:n]), " 408 ") {
				t.Errorf("answer %q, want 408", b[:n])
			}
			break
		}
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("slow upload cut off after %v", d)
	}
	waitFor(t, "the upload slot to be free", func() bool { return len(l.s.uploads) == 0 })
}

// TestPanickingStep injects a panic into the work of a bundle (the seal
// finder, run on the business licence): that file is a finding, the
// dossier of the others is answered, and the server keeps serving.
func TestPanickingStep(t *testing.T) {
	boom := func(context.Context, image.Image, bundle.SealKind) (bundle.SealVerdict, error) { panic("injected") }
	l := startLive(t, Config{Seals: boom})
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	m, _ := json.Marshal(map[string]any{"files": []map[string]string{
		{"path": "licence.png", "category": "营业执照/法人登记证书"}, {"path": "award.png", "category": "获奖"}}})
	body, ctype := multipartBody(t, []part{{name: "manifest", body: m},
		{name: "licence.png", body: evidence(t, 620, 877, 1)}, {name: "award.png", body: evidence(t, 620, 877, 2)}})
	for range 2 { // twice: the first did not take the server down
		status, b, _ := timedPost(t, client, l.url("/v1/bundle"), ctype, body, 30*time.Second)
		var got bundleJSON
		if status != http.StatusOK || json.Unmarshal(b, &got) != nil {
			t.Fatalf("%d %s", status, truncate(string(b)))
		}
		for _, f := range got.Report.Files {
			if (f.File == "award.png") != (f.Status == "ok") {
				t.Errorf("%s: %s %s", f.File, f.Status, f.Code)
			}
		}
	}
}

// TestHostileServerMemory runs TestHostileConcurrent in a child process
// limited to 2 GiB of address space: every hostile class at once stays
// within it (a Go out-of-memory would kill the child).
func TestHostileServerMemory(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("the race detector's shadow memory does not fit an address-space limit")
	}
	cmd := exec.Command("sh", "-c", `ulimit -v 2097152 && exec "$0" -test.run '^TestHostileConcurrent$' -test.v`, os.Args[0])
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("--- PASS: TestHostileConcurrent")) {
		lines := strings.Split(string(out), "\n")
		t.Fatalf("under a 2 GiB limit: %v\n%s", err, strings.Join(lines[:min(len(lines), 40)], "\n"))
	}
}

// TestBundleTooManyFiles: a manifest listing more files than allowed is a
// 422 naming the limit, not a fault of the server.
func TestBundleTooManyFiles(t *testing.T) {
	s, _ := newTestServer(t, Config{MaxFiles: 2})
	var files []map[string]string
	for i := range 3 {
		files = append(files, map[string]string{"path": fmt.Sprintf("f%d.pdf", i), "category": "获奖"})
	}
	m, _ := json.Marshal(map[string]any{"files": files})
	body, ctype := multipartBody(t, []part{{name: "manifest", body: m}})
	w := req{path: "/v1/bundle", ctype: ctype, body: body}.do(t, s)
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `"bundle_code":"too_many_files"`) {
		t.Errorf("%d %s", w.Code, w.Body)
	}
}
