package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bast-tools/shenbao/bundle"
)

// Config sets the limits and collaborators of a Server. The zero value is a
// working server without authentication that logs to standard error.
type Config struct {
	// MaxBodyBytes limits JSON request bodies; 0 means 8 MiB.
	MaxBodyBytes int64
	// MaxUploadBytes limits a multipart bundle upload; 0 means 256 MiB.
	MaxUploadBytes int64
	// MaxFiles limits the evidence files of one bundle request; 0 means 200.
	MaxFiles int
	// MaxUploads limits the bundle uploads stored at once, and with
	// MaxUploadBytes the temporary disk space; beyond it the server answers
	// 429. 0 means 32.
	MaxUploads int
	// MaxPixels limits each evidence image, checked before decoding;
	// 0 means 100 megapixels.
	MaxPixels int64
	// MaxPages limits the pages of each evidence PDF or TIFF; 0 means 1000.
	MaxPages int

	// Timeout bounds one request from its first byte to the last byte of
	// the response, queueing included; 0 means 30 s.
	Timeout time.Duration
	// BundleTimeout replaces Timeout for /v1/bundle, whose uploads are large
	// and whose work queues behind other bundles; 0 means 5 min.
	BundleTimeout time.Duration
	// MinBodyRate is the slowest a request body may arrive, in bytes a
	// second on average after its first 10 s (and no pause longer than
	// 10 s), so that slow clients cannot hold upload slots; 0 means
	// 16 KiB/s, negative means no minimum.
	MinBodyRate int64
	// ReadHeaderTimeout bounds the request line and headers (slow clients);
	// 0 means 5 s. Used by Serve.
	ReadHeaderTimeout time.Duration
	// ShutdownDelay is how long Serve keeps accepting requests after its
	// context ends, with /readyz answering 503, so that a load balancer
	// stops sending traffic before the listener closes; 0 closes at once.
	ShutdownDelay time.Duration
	// ShutdownTimeout bounds how long Serve waits for requests in flight
	// after it stops accepting; 0 means Timeout + BundleTimeout.
	ShutdownTimeout time.Duration

	// Workers is how many requests do CPU work at once; 0 means the number
	// of CPUs.
	Workers int
	// Queue is how many more requests may wait for a worker; beyond that
	// the server answers 429. 0 means 256; negative means no queue.
	Queue int

	// Token, if not empty, is required as "Authorization: Bearer <token>"
	// on every /v1/ route. It is compared in constant time and never logged.
	Token string

	// TempDir holds the per-request upload folders; "" means os.TempDir().
	TempDir string

	// Logger receives one line per request; nil means JSON to standard error.
	Logger *slog.Logger
	// Registry receives the metrics; nil means a new registry of its own,
	// with the Go and process collectors.
	Registry *prometheus.Registry

	// Seals finds seals on evidence copies in bundles; nil means
	// bundle.RedSeals.
	Seals bundle.SealFinder
}

func (c Config) withDefaults() Config {
	def := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.MaxBodyBytes, 8<<20)
	def(&c.MaxUploadBytes, 256<<20)
	def(&c.MaxPixels, 100_000_000)
	if c.MinBodyRate == 0 {
		c.MinBodyRate = 16 << 10
	}
	if c.MaxFiles <= 0 {
		c.MaxFiles = 200
	}
	if c.MaxUploads <= 0 {
		c.MaxUploads = 32
	}
	dur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	dur(&c.Timeout, 30*time.Second)
	dur(&c.BundleTimeout, 5*time.Minute)
	dur(&c.ReadHeaderTimeout, 5*time.Second)
	dur(&c.ShutdownTimeout, c.Timeout+c.BundleTimeout)
	if c.Workers <= 0 {
		c.Workers = runtime.NumCPU()
	}
	switch {
	case c.Queue == 0:
		c.Queue = 256
	case c.Queue < 0:
		c.Queue = 0
	}
	if c.TempDir == "" {
		c.TempDir = os.TempDir()
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	if c.Seals == nil {
		c.Seals = bundle.RedSeals
	}
	return c
}

// Server is the HTTP service. It is an http.Handler; Serve runs it on a
// listener with the timeouts and the graceful shutdown it needs.
type Server struct {
	cfg     Config
	mux     *http.ServeMux
	routes  []route
	limit   *limiter
	uploads chan struct{} // one token per bundle upload on disk
	metrics *metrics
	ready   atomic.Bool
	openapi []byte
}

// New returns a server for cfg. It is ready (GET /readyz answers 200) as
// soon as it is returned; Serve withdraws readiness when shutting down.
func New(cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	s := &Server{cfg: cfg, mux: http.NewServeMux()}
	reg := cfg.Registry
	if reg == nil {
		reg = prometheus.NewRegistry()
		reg.MustRegister(newProcessCollectors()...)
	}
	m, err := newMetrics(reg)
	if err != nil {
		return nil, err
	}
	s.metrics = m
	s.limit = newLimiter(cfg.Workers, cfg.Queue, m)
	s.uploads = make(chan struct{}, cfg.MaxUploads)
	if s.openapi, err = OpenAPI(); err != nil {
		return nil, err
	}
	s.routes = s.routeTable(reg)
	for _, rt := range s.routes {
		s.mux.Handle(rt.pattern, s.wrap(rt))
	}
	s.mux.Handle("/", s.wrap(route{pattern: "/", name: "not_found", timeout: cfg.Timeout, h: func(w http.ResponseWriter, r *http.Request) error {
		return errNotFound
	}}))
	s.ready.Store(true)
	return s, nil
}

func (s *Server) limits() bundle.Limits {
	return bundle.Limits{MaxFiles: s.cfg.MaxFiles, MaxPixels: s.cfg.MaxPixels, MaxPages: s.cfg.MaxPages, MaxFileSize: s.cfg.MaxUploadBytes}
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// SetReady sets what GET /readyz answers; a backend mounting the handler
// withdraws readiness before it drains.
func (s *Server) SetReady(ok bool) { s.ready.Store(ok) }

// Serve accepts connections on ln until ctx ends, then withdraws readiness,
// keeps serving for Config.ShutdownDelay, stops accepting and waits for the
// requests in flight (at most Config.ShutdownTimeout) before returning. It
// returns nil after a clean shutdown.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.cfg.Logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.SetReady(false)
	select {
	case <-time.After(s.cfg.ShutdownDelay):
	case err := <-errc:
		return err
	}
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}
