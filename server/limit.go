package server

import "context"

// limiter admits at most workers+queue requests and lets workers of them
// work at once. Admission is decided before the body is read, so a full
// server refuses at once (429) instead of buffering uploads it cannot serve.
type limiter struct {
	admit chan struct{}
	work  chan struct{}
	m     *metrics
}

func newLimiter(workers, queue int, m *metrics) *limiter {
	return &limiter{admit: make(chan struct{}, workers+queue), work: make(chan struct{}, workers), m: m}
}

// enter admits a request or reports that the queue is full.
func (l *limiter) enter() (leave func(), ok bool) {
	select {
	case l.admit <- struct{}{}:
		l.m.queued.Inc()
		return func() { l.m.queued.Dec(); <-l.admit }, true
	default:
		return nil, false
	}
}

// acquire waits for a worker slot until ctx ends.
func (l *limiter) acquire(ctx context.Context) (release func(), err error) {
	select {
	case l.work <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	l.m.queued.Dec()
	l.m.inflight.Inc()
	return func() { l.m.inflight.Dec(); l.m.queued.Inc(); <-l.work }, nil
}
