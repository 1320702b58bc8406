// Package server is shenbao's HTTP service: the library's render, validate,
// check and bundle operations behind JSON and multipart routes, for portal
// backends that are not written in Go. A Go backend can mount the handler
// returned by New on its own mux.
//
// Routes (see GET /openapi.json for the full contract):
//
//	POST /v1/render/{document}  JSON in, PDF out (or the page map)
//	POST /v1/validate           JSON findings for one document
//	POST /v1/check              eligibility verdicts for one document or a round
//	POST /v1/bundle             multipart evidence files in, dossier PDF out
//	POST /v1/seals              one scan (PDF or image) in, red seals per page out
//	GET  /healthz, /readyz, /metrics, /openapi.json
//
// The server keeps nothing between requests: uploads go to a per-request
// temporary folder that is removed before the response ends, so it scales by
// running more copies behind a load balancer. CPU-bound work runs in a bounded
// pool (Config.Workers) with a bounded queue (Config.Queue); a full queue is
// answered with 429 at once, a request that waits or works past its deadline
// with 503.
//
// # Entry points
//
// [New] returns the [Server], an http.Handler; `shenbao serve` runs it.
// Every route calls the same library functions a Go program would:
// pdfgen.Render, rules.Validate and rules.Assess, bundle.Build.
//
// The map of every job to its package is in the documentation of
// github.com/bast-tools/shenbao and in the README.
package server
