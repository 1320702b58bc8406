package server

import "context"

// limiter admits at most workers+queue requests and lets workers of them
// work at once. Admission is decided before the body is read, so a full
// server refuses at once (429) instead of buffering uploads it cannot serve.
// Heavy work (bundles, seal checks of uploaded files) may hold all but one
// worker slot, so that one slow upload cannot stall the quick routes.
type limiter struct {
	admit chan struct{}
	work  chan struct{}
	heavy chan struct{}
	m     *metrics
}

func newLimiter(workers, queue int, m *metrics) *limiter {
	return &limiter{admit: make(chan struct{}, workers+queue), work: make(chan struct{}, workers),
		heavy: make(chan struct{}, max(1, workers-1)), m: m}
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

// saturated reports whether the next request would be refused.
func (l *limiter) saturated() bool { return len(l.admit) == cap(l.admit) }

// acquire waits for a worker slot (and, for heavy work, a heavy slot
// first) until ctx ends.
func (l *limiter) acquire(ctx context.Context, heavy bool) (release func(), err error) {
	if heavy {
		select {
		case l.heavy <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	select {
	case l.work <- struct{}{}:
	case <-ctx.Done():
		if heavy {
			<-l.heavy
		}
		return nil, ctx.Err()
	}
	l.m.queued.Dec()
	l.m.inflight.Inc()
	return func() {
		l.m.inflight.Dec()
		l.m.queued.Inc()
		<-l.work
		if heavy {
			<-l.heavy
		}
	}, nil
}
