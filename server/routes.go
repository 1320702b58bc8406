package server

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// route is one entry of the route table. Adding an operation (such as scan
// verification) is one entry here and one handler.
type route struct {
	method  string
	pattern string // a ServeMux pattern without method, e.g. /v1/render/{document}
	name    string // the metrics and log label; the pattern by default
	auth    bool   // needs the bearer token when one is configured
	work    bool   // admitted through the work queue (429 when full)
	timeout time.Duration
	h       func(http.ResponseWriter, *http.Request) error
}

func (s *Server) routeTable(reg *prometheus.Registry) []route {
	metricsHandler := promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	rts := []route{
		{method: http.MethodPost, pattern: "/v1/render/{document}", auth: true, work: true, h: s.handleRender},
		{method: http.MethodPost, pattern: "/v1/validate", auth: true, work: true, h: s.handleValidate},
		{method: http.MethodPost, pattern: "/v1/check", auth: true, work: true, h: s.handleCheck},
		{method: http.MethodPost, pattern: "/v1/bundle", auth: true, work: true, timeout: s.cfg.BundleTimeout, h: s.handleBundle},
		{method: http.MethodPost, pattern: "/v1/verify", auth: true, work: true, timeout: s.cfg.BundleTimeout, h: s.handleVerify},
		{method: http.MethodPost, pattern: "/v1/seals", auth: true, work: true, timeout: s.cfg.BundleTimeout, h: s.handleSeals},
		{method: http.MethodGet, pattern: "/healthz", h: func(w http.ResponseWriter, r *http.Request) error {
			writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
			return nil
		}},
		{method: http.MethodGet, pattern: "/readyz", h: func(w http.ResponseWriter, r *http.Request) error {
			if !s.ready.Load() {
				return newError(http.StatusServiceUnavailable, CodeNotReady, "服务正在启动或停止，暂不接收请求", nil)
			}
			if s.limit.saturated() {
				return &apiError{Status: http.StatusServiceUnavailable, Code: CodeSaturated, Message: "排队已满，暂不接收新请求", RetryAfter: 1}
			}
			writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
			return nil
		}},
		{method: http.MethodGet, pattern: "/metrics", h: func(w http.ResponseWriter, r *http.Request) error {
			metricsHandler.ServeHTTP(w, r)
			return nil
		}},
		{method: http.MethodGet, pattern: "/openapi.json", h: func(w http.ResponseWriter, r *http.Request) error {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Header().Set("Content-Length", strconv.Itoa(len(s.openapi)))
			w.Write(s.openapi)
			return nil
		}},
	}
	for i := range rts {
		if rts[i].name == "" {
			rts[i].name = rts[i].pattern
		}
		if rts[i].timeout == 0 {
			rts[i].timeout = s.cfg.Timeout
		}
	}
	return rts
}

// errRequestDeadline is the cause of a request context that ran out of
// time, to tell it apart from a client that went away.
var errRequestDeadline = errors.New("request deadline")

// recorder remembers what a handler sent, for the log and the metrics.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's deadlines.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// wrap gives every route the same frame: request id, method check, auth,
// admission, deadline, panic recovery, one log line and the metrics.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := requestID(r.Header.Get("X-Request-Id"))
		w.Header().Set("X-Request-Id", id)
		rec := &recorder{ResponseWriter: w}
		ctx, cancel := context.WithTimeoutCause(r.Context(), rt.timeout, errRequestDeadline)
		defer cancel()
		r = r.WithContext(ctx)
		err := s.serve(rec, r, rt)
		var ae *apiError
		if err != nil {
			ae = asAPIError(ctx, err)
			if ae.Status == http.StatusInternalServerError {
				s.logFault(ctx, id, rt.name, err)
			}
			if rec.status == 0 {
				writeError(rec, ae)
			}
		}
		status := cmp.Or(rec.status, http.StatusOK)
		if ae != nil && ae.Status == errClientGone.Status {
			status = ae.Status
		}
		dur := time.Since(start)
		s.metrics.requests.WithLabelValues(rt.name, strconv.Itoa(status)).Inc()
		s.metrics.latency.WithLabelValues(rt.name).Observe(dur.Seconds())
		attrs := []slog.Attr{
			slog.String("request_id", id), slog.String("method", r.Method), slog.String("route", rt.name),
			slog.Int("status", status), slog.Float64("duration_ms", float64(dur.Microseconds())/1000),
			slog.Int64("bytes_in", max(r.ContentLength, 0)), slog.Int64("bytes_out", rec.bytes),
		}
		if ae != nil {
			attrs = append(attrs, slog.String("code", ae.Code))
		}
		s.cfg.Logger.LogAttrs(ctx, slog.LevelInfo, "request", attrs...)
	})
}

// logFault records a fault of the server. Messages of library errors may
// quote the data they failed on, so only their types are logged, except
// for file-system errors, which name temporary files and the cause an
// operator needs (a full disk).
func (s *Server) logFault(ctx context.Context, id, route string, err error) {
	attrs := []slog.Attr{slog.String("request_id", id), slog.String("route", route), slog.String("error_type", fmt.Sprintf("%T", err))}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		attrs = append(attrs, slog.String("error", pe.Error()))
	}
	s.cfg.Logger.LogAttrs(ctx, slog.LevelError, "internal error", attrs...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, rt route) (err error) {
	defer func() {
		if p := recover(); p != nil {
			// The stack names code, not data; the panic value might hold
			// data, so only its type is logged.
			s.cfg.Logger.Error("panic", slog.String("route", rt.name), slog.String("type", fmt.Sprintf("%T", p)),
				slog.String("stack", string(debug.Stack())))
			err = fmt.Errorf("panic in %s", rt.name)
		}
	}()
	if rt.method != "" && r.Method != rt.method && !(rt.method == http.MethodGet && r.Method == http.MethodHead) {
		w.Header().Set("Allow", rt.method)
		return newError(http.StatusMethodNotAllowed, CodeMethod, "请用 "+rt.method+" 方法调用 "+rt.pattern, nil)
	}
	if rt.auth && s.cfg.Token != "" && !s.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="shenbao"`)
		return errUnauthorized
	}
	if ce := r.Header.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
		return newError(http.StatusUnsupportedMediaType, CodeMediaType,
			"不接受压缩的请求正文（Content-Encoding: "+ce+"），请直接发送原文", map[string]string{"content_encoding": ce})
	}
	// Bound the upload by the request's deadline too: a client that
	// trickles its body must not hold a place in the queue for ever. The
	// read deadline falls a little after the context's, because net/http
	// cancels the context when its background read times out, which would
	// pass a late answer off as a client that left. The write deadline is
	// set on every route because the connection keeps it for the next
	// request.
	deadline, _ := r.Context().Deadline()
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(deadline.Add(time.Second))
	rc.SetWriteDeadline(deadline.Add(30 * time.Second))
	if r.Body != nil && r.Body != http.NoBody {
		r.Body = &rateReader{r: r.Body, rc: rc, deadline: deadline.Add(time.Second), min: s.cfg.MinBodyRate, start: time.Now()}
	}
	if rt.work {
		leave, ok := s.limit.enter()
		if !ok {
			return errBusy
		}
		defer leave()
	}
	return rt.h(w, r)
}

// rateReader enforces a minimum data rate on a request body, so that a
// client trickling its upload cannot hold an upload slot or a place in
// the queue until the request's deadline: after a grace period the
// average rate must stay at or above min bytes a second, and no single
// read may wait longer than the grace period.
type rateReader struct {
	r        io.ReadCloser
	rc       *http.ResponseController
	deadline time.Time // the request's own read deadline
	min      int64
	start    time.Time
	n        int64
}

// bodyGrace is how long a body may go before its rate is judged, and the
// longest a read may wait for bytes.
var bodyGrace = 10 * time.Second

func (b *rateReader) Read(p []byte) (int, error) {
	if b.min < 0 {
		return b.r.Read(p)
	}
	now := time.Now()
	if el := now.Sub(b.start); el > bodyGrace && float64(b.n) < float64(b.min)*el.Seconds() {
		return 0, errBodyTooSlow
	}
	if d := now.Add(bodyGrace); d.Before(b.deadline) {
		b.rc.SetReadDeadline(d)
	} else {
		b.rc.SetReadDeadline(b.deadline)
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	return n, err
}

func (b *rateReader) Close() error { return b.r.Close() }

func (s *Server) authorized(r *http.Request) bool {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	// Hashing first makes the comparison independent of the token's length.
	a, b := sha256.Sum256([]byte(strings.TrimSpace(tok))), sha256.Sum256([]byte(s.cfg.Token))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// requestID keeps a caller's X-Request-Id when it is short and plain, so
// logs can be joined across services; otherwise it makes one.
func requestID(in string) string {
	if n := len(in); n > 0 && n <= 64 && strings.Trim(in, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:") == "" {
		return in
	}
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// heavyOps are the operations on uploaded files, which may take long.
var heavyOps = map[string]bool{"bundle": true, "seals": true, "verify": true}

// do runs fn holding a worker slot, and records how long it worked.
func (s *Server) do(ctx context.Context, op string, fn func(context.Context) error) error {
	release, err := s.limit.acquire(ctx, heavyOps[op])
	if err != nil {
		return err
	}
	defer release()
	start := time.Now()
	err = fn(ctx)
	s.metrics.work.WithLabelValues(op).Observe(time.Since(start).Seconds())
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	return err
}

// requireType refuses a body whose Content-Type is not one of types.
func requireType(r *http.Request, types ...string) (string, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err == nil {
		for _, t := range types {
			if mt == t {
				return mt, nil
			}
		}
	}
	return "", newError(http.StatusUnsupportedMediaType, CodeMediaType,
		"请求正文类型应为 "+strings.Join(types, " 或 "), map[string]any{"accepted": types})
}

// readBody reads a JSON body of at most limit bytes.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if _, err := requireType(r, "application/json"); err != nil {
		return nil, err
	}
	if r.ContentLength > limit {
		return nil, &http.MaxBytesError{Limit: limit}
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		return nil, bodyError(r.Context(), err)
	}
	return b, nil
}

// bodyError classifies a failure to read the request body.
func bodyError(ctx context.Context, err error) error {
	var mbe *http.MaxBytesError
	var ne net.Error
	switch {
	case errors.As(err, &mbe):
		return err
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, errBodyTooSlow):
		return errBodyTimeout
	case ctx.Err() != nil:
		return ctx.Err()
	}
	return newError(http.StatusBadRequest, CodeBadRequest, "请求正文不完整（连接中断）", nil)
}

// negotiate picks the first of offers the Accept header allows, preferring
// higher quality values; with no Accept header it is offers[0].
func negotiate(r *http.Request, offers ...string) (string, error) {
	accept := r.Header.Get("Accept")
	if strings.TrimSpace(accept) == "" {
		return offers[0], nil
	}
	best, bestQ := "", 0.0
	for _, offer := range offers {
		q := acceptQ(accept, offer)
		if q > bestQ {
			best, bestQ = offer, q
		}
	}
	if best == "" {
		return "", newError(http.StatusNotAcceptable, CodeNotAcceptable,
			"无法提供 Accept 所要求的类型", map[string]any{"offered": offers})
	}
	return best, nil
}

// acceptQ is the quality the Accept header gives to the media type offer.
func acceptQ(accept, offer string) float64 {
	typ, _, _ := strings.Cut(offer, "/")
	q := 0.0
	spec := -1
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		pq := 1.0
		if v, ok := params["q"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				pq = f
			}
		}
		s := -1
		switch {
		case mt == offer:
			s = 2
		case mt == typ+"/*":
			s = 1
		case mt == "*/*":
			s = 0
		}
		if s > spec {
			spec, q = s, pq
		}
	}
	return q
}
