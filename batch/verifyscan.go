package batch

import (
	"context"
	"image"

	"github.com/bast-tools/shenbao/verify"
)

// Verifier is the ScanVerifier backed by verify.Scan, the one the CLI
// uses. Pass it with Options.VerifierVersion set, so that results cached
// without it (or with another verifier) are redone.
func Verifier(opt verify.Options) ScanVerifier {
	return func(ctx context.Context, in ScanInput) (*ScanReport, error) {
		src := make([]verify.Source, len(in.Files))
		for i, f := range in.Files {
			src[i] = verify.Source{Name: f.Name, R: f.ReaderAt, Size: f.Size}
		}
		o := opt
		if in.Annotate != nil {
			o.Annotate = func(page int, img image.Image) error { in.Annotate(page, img); return nil }
		}
		rep, err := verify.Scan(ctx, in.Record, src, o)
		if err != nil {
			return nil, err
		}
		out := &ScanReport{Verdict: rep.Verdict, Findings: make([]ScanFinding, len(rep.Findings))}
		for i, f := range rep.Findings {
			out.Findings[i] = ScanFinding{Code: f.Code, Severity: f.Severity, ScanPage: f.ScanPage, FormPage: f.FormPage,
				Zone: f.Zone, ZoneLabel: f.ZoneLabel, Confidence: f.Confidence, Message: f.Message}
		}
		return out, nil
	}
}
