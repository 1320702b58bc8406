package server

import (
	"testing"

	"github.com/bast-tools/shenbao/form"
)

// BenchmarkHandlers measures one request through the whole frame (routing,
// admission, decoding, validation, work, encoding) without the network.
// The load test with real connections is bench/server.
func BenchmarkHandlers(b *testing.B) {
	s, _ := newTestServer(b, Config{})
	ind := sample(b, form.KindIndividual)
	for _, bm := range []struct {
		name string
		req  req
	}{
		{"render/individual", req{path: "/v1/render/individual", body: ind}},
		{"render/map", req{path: "/v1/render/individual?map=1", body: ind}},
		{"validate", req{path: "/v1/validate", body: ind}},
		{"check", req{path: "/v1/check", body: ind}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if w := bm.req.do(b, s); w.Code != 200 {
					b.Fatalf("%d %s", w.Code, w.Body)
				}
			}
		})
	}
}
