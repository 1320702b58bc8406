package server

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/bast-tools/shenbao/form"
)

var mimeParse = mime.ParseMediaType

func countDir(t testing.TB, dir string) int {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

// live runs s on a loopback listener until the test ends.
type live struct {
	s    *Server
	logs *syncBuffer
	addr string
	stop context.CancelFunc
	done chan error
}

func startLive(t *testing.T, cfg Config) *live {
	t.Helper()
	s, logs := newTestServer(t, cfg)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	l := &live{s: s, logs: logs, addr: ln.Addr().String(), stop: cancel, done: make(chan error, 1)}
	go func() { l.done <- s.Serve(ctx, ln) }()
	// One request through, so that the goroutines the serving needs are all
	// running before a test counts them.
	resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Get(l.url("/healthz"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	time.Sleep(20 * time.Millisecond)
	t.Cleanup(func() {
		cancel()
		select {
		case <-l.done:
		case <-time.After(10 * time.Second):
			t.Error("Serve did not return")
		}
	})
	return l
}

func (l *live) url(path string) string { return "http://" + l.addr + path }

// settle waits until the goroutine count is back to at most base, and
// reports it. The server's connections end a little after the responses.
func settle(t *testing.T, base int) {
	t.Helper()
	var n int
	for range 500 {
		if n = runtime.NumGoroutine(); n <= base {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	buf := make([]byte, 1<<16)
	t.Errorf("goroutines: %d, want at most %d\n%s", n, base, buf[:runtime.Stack(buf, true)])
}

// metric reads one sample of the server's metrics.
func metric(t *testing.T, s *Server, line string) bool {
	t.Helper()
	w := req{method: "GET", path: "/metrics"}.do(t, s)
	return strings.Contains(w.Body.String(), line)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 1000 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestFaultDisconnectMidUpload(t *testing.T) {
	l := startLive(t, Config{})
	base := runtime.NumGoroutine()
	body, ctype := multipartBody(t, bundleParts(t, 4, 620, 877))
	conn, err := net.Dial("tcp", l.addr)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST /v1/bundle HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", ctype, len(body))
	conn.Write(body[:len(body)*2/3]) // the manifest and some files
	waitFor(t, "the upload to start", func() bool { return countDir(t, l.s.cfg.TempDir) > 0 })
	conn.Close()
	waitFor(t, "the request to end", func() bool {
		return metric(t, l.s, `shenbao_http_requests_total{code="499",route="/v1/bundle"} 1`)
	})
	if !strings.Contains(l.logs.String(), `"code":"client_closed"`) {
		t.Error("the log does not say the client went away")
	}
	if n := countDir(t, l.s.cfg.TempDir); n != 0 {
		t.Errorf("%d temporary entries left", n)
	}
	if !metric(t, l.s, "shenbao_work_queued 0") {
		t.Error("the request still holds a place in the queue")
	}
	settle(t, base)
}

func TestFaultBodyLimit(t *testing.T) {
	l := startLive(t, Config{MaxBodyBytes: 1 << 10, MaxUploadBytes: 64 << 10})
	base := runtime.NumGoroutine()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	big := bytes.Repeat([]byte("x"), 200<<10)
	for _, tt := range []struct {
		name, path, ctype string
		body              io.Reader
	}{
		{"json with length", "/v1/validate", "application/json", bytes.NewReader(big)},
		{"json chunked", "/v1/check", "application/json", io.MultiReader(bytes.NewReader(big))},
		{"upload chunked", "/v1/bundle", "multipart/form-data; boundary=b", io.MultiReader(strings.NewReader("--b\r\nContent-Disposition: form-data; name=\"a.png\"\r\n\r\n"), bytes.NewReader(big))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := client.Post(l.url(tt.path), tt.ctype, tt.body)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusRequestEntityTooLarge || !bytes.Contains(b, []byte(CodeTooLarge)) {
				t.Errorf("%d %s, want 413 %s", resp.StatusCode, b, CodeTooLarge)
			}
		})
	}
	if n := countDir(t, l.s.cfg.TempDir); n != 0 {
		t.Errorf("%d temporary entries left", n)
	}
	settle(t, base)
}

func TestFaultSlowloris(t *testing.T) {
	l := startLive(t, Config{ReadHeaderTimeout: 200 * time.Millisecond})
	base := runtime.NumGoroutine()
	conn, err := net.Dial("tcp", l.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Headers trickled, never finished.
	fmt.Fprint(conn, "POST /v1/validate HTTP/1.1\r\nHost: x\r\n")
	start := time.Now()
	for i := 0; ; i++ {
		if _, err := fmt.Fprintf(conn, "X-Slow-%d: 1\r\n", i); err != nil {
			break
		}
		one := make([]byte, 1)
		conn.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
		if _, err := conn.Read(one); err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				if time.Since(start) > 5*time.Second {
					t.Fatal("the server kept a slow client's connection open")
				}
				continue
			}
			break // closed by the server
		}
		// An answer (408 from net/http) is fine too: the connection then ends.
		io.Copy(io.Discard, conn)
		break
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("slow client dropped after %v", d)
	}
	conn.Close()
	settle(t, base)
}

func TestFaultSlowBody(t *testing.T) {
	// Headers on time, then a body that never comes: the request's own
	// deadline ends it with 408, and its queue place is returned.
	l := startLive(t, Config{Timeout: 300 * time.Millisecond})
	base := runtime.NumGoroutine()
	conn, err := net.Dial("tcp", l.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"kind\":")
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestTimeout {
		t.Errorf("status %d, want 408", resp.StatusCode)
	}
	conn.Close()
	waitFor(t, "the queue to empty", func() bool { return metric(t, l.s, "shenbao_work_queued 0") })
	settle(t, base)
}

func TestFaultBundleTimeout(t *testing.T) {
	// Forty A4 pages at 300 dpi take far longer than 300 ms to decode and
	// re-encode; the upload itself is small (the pages compress well).
	l := startLive(t, Config{BundleTimeout: 300 * time.Millisecond, Workers: 1})
	page := evidence(t, 2480, 3508, 0)
	parts := bundleParts(t, 40, 64, 64)
	for i := range parts[1:] {
		parts[i+1].body = page // the same scan forty times: cheap to make, not to process
	}
	body, ctype := multipartBody(t, parts)
	base := runtime.NumGoroutine()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	start := time.Now()
	resp, err := client.Post(l.url("/v1/bundle"), ctype, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !bytes.Contains(b, []byte(`"code":"timeout"`)) {
		t.Errorf("%d %s, want 503 timeout", resp.StatusCode, truncate(string(b)))
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("answered after %v; the deadline was 300 ms", d)
	}
	waitFor(t, "the worker to be released", func() bool { return metric(t, l.s, "shenbao_work_in_flight 0") })
	if n := countDir(t, l.s.cfg.TempDir); n != 0 {
		t.Errorf("%d temporary entries left", n)
	}
	settle(t, base)
}

func TestShutdownDelay(t *testing.T) {
	l := startLive(t, Config{ShutdownDelay: 300 * time.Millisecond})
	l.stop()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	// During the delay the server still answers, and says it is not ready.
	var status int
	waitFor(t, "readyz to turn 503", func() bool {
		resp, err := client.Get(l.url("/readyz"))
		if err != nil {
			t.Fatalf("connection refused during the shutdown delay: %v", err)
		}
		resp.Body.Close()
		status = resp.StatusCode
		return status == http.StatusServiceUnavailable
	})
	resp, err := client.Post(l.url("/v1/validate"), "application/json", bytes.NewReader(sample(t, form.KindLetter)))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("request during the shutdown delay: %v %v", resp, err)
	}
	resp.Body.Close()
	select {
	case err := <-l.done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
		l.done <- nil
	case <-time.After(5 * time.Second):
		t.Error("Serve did not return after the delay")
	}
}

func TestGracefulShutdown(t *testing.T) {
	l := startLive(t, Config{})
	ind := sample(t, form.KindIndividual)
	pr, pw := io.Pipe()
	result := make(chan *http.Response, 1)
	go func() {
		resp, err := http.Post(l.url("/v1/render/individual"), "application/json", pr)
		if err != nil {
			t.Error(err)
			resp = nil
		}
		result <- resp
	}()
	pw.Write(ind[:100])
	waitFor(t, "the request to be admitted", func() bool { return metric(t, l.s, "shenbao_work_queued 1") })
	l.stop() // SIGTERM
	waitFor(t, "readiness to be withdrawn", func() bool { return req{method: "GET", path: "/readyz"}.do(t, l.s).Code == 503 })
	waitFor(t, "the listener to close", func() bool {
		c, err := net.DialTimeout("tcp", l.addr, time.Second)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	pw.Write(ind[100:])
	pw.Close()
	resp := <-result
	if resp == nil {
		t.FailNow()
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("in-flight request: %d, want 200 and a PDF", resp.StatusCode)
	}
	select {
	case err := <-l.done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
		l.done <- nil
	case <-time.After(5 * time.Second):
		t.Error("Serve did not return after draining")
	}
}
