package batch_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/bast-tools/shenbao/batch"
)

// benchBatch writes n clean submissions, each with a 12-file split scan
// and four evidence pictures.
func benchBatch(b testing.TB, dir string, n int) {
	for i := range n {
		fs := files{}
		fs.json(b, "申报书.json", individual(b, i, 1000+i))
		fs.scans(fmt.Sprint(i), "", 12)
		fs.evidence(b, i)
		write(b, filepath.Join(dir, fmt.Sprintf("申报-%03d", i)), fs)
	}
}

// BenchmarkRun checks 100 submissions afresh (validation, rules, the
// evidence dossier checks, a stand-in verifier that reads every scan byte,
// the round rules, every report); BenchmarkRerun is the same batch again,
// all from the cache. Neither includes real scan verification.
func BenchmarkRun(b *testing.B) {
	in := filepath.Join(b.TempDir(), "in")
	benchBatch(b, in, 100)
	var calls atomic.Int64
	opt := batch.Options{Verify: fakeVerifier(&calls)}
	for b.Loop() {
		out := filepath.Join(b.TempDir(), "out")
		if _, err := batch.Run(context.Background(), in, out, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(100*float64(b.N)/b.Elapsed().Minutes(), "submissions/min")
}

func BenchmarkRerun(b *testing.B) {
	tmp := b.TempDir()
	in, out := filepath.Join(tmp, "in"), filepath.Join(tmp, "out")
	benchBatch(b, in, 100)
	var calls atomic.Int64
	opt := batch.Options{Verify: fakeVerifier(&calls)}
	if _, err := batch.Run(context.Background(), in, out, opt); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		oc, err := batch.Run(context.Background(), in, out, opt)
		if err != nil || oc.Stats.Processed != 0 {
			b.Fatalf("%v %+v", err, oc.Stats)
		}
	}
}
