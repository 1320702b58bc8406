package server

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the server's Prometheus series. Routes are labelled by their
// pattern, never by the raw path, so the label set stays small.
type metrics struct {
	requests *prometheus.CounterVec   // route, code
	latency  *prometheus.HistogramVec // route
	work     *prometheus.HistogramVec // op: render, validate, check, bundle (verify later)
	inflight prometheus.Gauge         // requests holding a worker
	queued   prometheus.Gauge         // admitted requests not holding a worker
}

var latencyBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "shenbao_http_requests_total",
			Help: "HTTP requests by route pattern and status code.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "shenbao_http_request_duration_seconds",
			Help:    "HTTP request latency by route pattern, queueing included.",
			Buckets: latencyBuckets,
		}, []string{"route"}),
		work: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "shenbao_work_duration_seconds",
			Help:    "Time spent doing the work of a request once it holds a worker, by operation.",
			Buckets: latencyBuckets,
		}, []string{"op"}),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "shenbao_work_in_flight",
			Help: "Requests holding a worker.",
		}),
		queued: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "shenbao_work_queued",
			Help: "Admitted requests reading their body or waiting for a worker.",
		}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.latency, m.work, m.inflight, m.queued} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func newProcessCollectors() []prometheus.Collector {
	return []prometheus.Collector{
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	}
}
