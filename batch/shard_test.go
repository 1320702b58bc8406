package batch_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bast-tools/shenbao/batch"
	"github.com/bast-tools/shenbao/form"
)

func sheetRows(t *testing.T, name string) [][]string {
	x, err := excelize.OpenFile(name)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows(batch.SheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// Shards and a merge give exactly the report of one whole run, including
// the round-wide findings across shards.
func TestShardMergeEqualsWholeRun(t *testing.T) {
	tmp := t.TempDir()
	in := filepath.Join(tmp, "in")
	wants := makeBatch(t, in)
	var calls atomic.Int64
	opt := batch.Options{Jobs: 2, Verify: fakeVerifier(&calls), Version: "test", Bundle: true}
	whole := filepath.Join(tmp, "whole")
	if _, err := batch.Run(context.Background(), in, whole, opt); err != nil {
		t.Fatal(err)
	}
	const n = 3
	var parts []string
	seen := 0
	for k := 1; k <= n; k++ {
		o := opt
		o.Shard = batch.Shard{K: k, N: n}
		part := filepath.Join(tmp, fmt.Sprintf("part-%d", k))
		oc, err := batch.Run(context.Background(), in, part, o)
		if err != nil {
			t.Fatal(err)
		}
		if oc.Report != nil || oc.Stats.Total == 0 || oc.Stats.Total == len(wants) {
			t.Errorf("shard %d/%d: %d submissions, report %v; want a real part", k, n, oc.Stats.Total, oc.Report != nil)
		}
		seen += oc.Stats.Total
		parts = append(parts, part)
	}
	if seen != len(wants) {
		t.Fatalf("shards hold %d submissions, want %d", seen, len(wants))
	}
	if _, err := batch.Merge(parts[:2], filepath.Join(tmp, "short"), opt); err == nil {
		t.Error("merging 2 of 3 shards succeeded")
	}
	merged := filepath.Join(tmp, "merged")
	slices.Reverse(parts) // order of the parts does not matter
	rep, err := batch.Merge(parts, merged, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Round) == 0 {
		t.Error("no round findings after merge")
	}
	a, _ := os.ReadFile(filepath.Join(whole, batch.ReportJSON))
	b, _ := os.ReadFile(filepath.Join(merged, batch.ReportJSON))
	if !bytes.Equal(a, b) || len(a) == 0 {
		t.Errorf("merged report.json differs from the whole run's (%d vs %d bytes)", len(b), len(a))
	}
	if !slices.EqualFunc(sheetRows(t, filepath.Join(whole, batch.ReportXLSX)), sheetRows(t, filepath.Join(merged, batch.ReportXLSX)), slices.Equal) {
		t.Error("merged report.xlsx rows differ from the whole run's")
	}
	for _, r := range rep.Submissions {
		if r.Dossier != "" {
			if _, err := os.Stat(filepath.Join(merged, r.Dossier)); err != nil {
				t.Errorf("%s: dossier not copied into the merged report: %v", r.ID, err)
			}
		}
	}
}

func TestParseShard(t *testing.T) {
	for _, s := range []string{"0/3", "4/3", "1/0", "a/b", "1/3x", "-1/3", ""} {
		if _, err := batch.ParseShard(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
	if sh, err := batch.ParseShard("2/8"); err != nil || sh != (batch.Shard{K: 2, N: 8}) {
		t.Errorf("2/8: %v %v", sh, err)
	}
}

// An interrupted run keeps what it finished; the next run does the rest.
func TestInterruptAndResume(t *testing.T) {
	tmp := t.TempDir()
	in, out := filepath.Join(tmp, "in"), filepath.Join(tmp, "out")
	wants := makeBatch(t, in)
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int64
	opt := batch.Options{Jobs: 1, Verify: fakeVerifier(&calls)}
	opt.Progress = func(p batch.Progress) {
		if p.Done == 5 {
			cancel()
		}
	}
	oc, err := batch.Run(ctx, in, out, opt)
	if err != nil {
		t.Fatal(err)
	}
	done := oc.Stats.Processed
	if oc.Complete || done < 5 || done >= len(wants) {
		t.Fatalf("interrupted run: complete %v, %d done", oc.Complete, done)
	}
	if rep, _ := readReport(t, out); rep.Complete || len(rep.Submissions) != done {
		t.Errorf("interrupted report: complete %v with %d submissions, want %d", rep.Complete, len(rep.Submissions), done)
	}
	opt.Progress = nil
	oc, err = batch.Run(context.Background(), in, out, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !oc.Complete || oc.Stats.Cached != done || oc.Stats.Processed != len(wants)-done {
		t.Errorf("resumed run: %+v, want %d from the cache", oc.Stats, done)
	}
}

// Without a verifier every scan is left to a person, and says so.
func TestNoVerifier(t *testing.T) {
	tmp := t.TempDir()
	in, out := filepath.Join(tmp, "in"), filepath.Join(tmp, "out")
	fs := files{}
	fs.json(t, "申报书.json", individual(t, 1, 101))
	fs.scans("1", "NO-SEAL", 2)
	fs.evidence(t, 1)
	write(t, filepath.Join(in, "a"), fs)
	oc, err := batch.Run(context.Background(), in, out, batch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := oc.Report.Submissions[0]
	if r.Verdict != batch.NeedsLook || !slices.Contains(codes(r), batch.CodeScanNotVerified) || r.Checks[batch.CheckScan] != batch.NeedsLook {
		t.Errorf("%s %v %v", r.Verdict, codes(r), r.Checks)
	}
}

// A letter in its own folder joins the round: an application it does not
// recommend is flagged for review, the ones it recommends are not.
func TestLetterInRound(t *testing.T) {
	tmp := t.TempDir()
	in, out := filepath.Join(tmp, "in"), filepath.Join(tmp, "out")
	for id, k := range map[string]form.Kind{"张明远": form.KindIndividual, "推荐函-海淀区科协": form.KindLetter} {
		b, err := form.Sample(k, false)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(in, id), files{"data.json": b})
	}
	other := files{}
	other.json(t, "申报书.json", individual(t, 7, 107))
	write(t, filepath.Join(in, "王明七"), other)
	var calls atomic.Int64
	oc, err := batch.Run(context.Background(), in, out, batch.Options{Verify: fakeVerifier(&calls)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]batch.Result{}
	for _, r := range oc.Report.Submissions {
		got[r.ID] = r
	}
	if r := got["推荐函-海淀区科协"]; r.Kind != form.KindLetter || r.Checks[batch.CheckEvidence] != batch.NotChecked || !slices.Contains(codes(r), batch.CodeScanMissing) {
		t.Errorf("letter: %s %v %v", r.Kind, r.Checks, codes(r))
	}
	if slices.Contains(codes(got["张明远"]), "round.not_recommended") {
		t.Error("张明远 is in the letter but flagged as not recommended")
	}
	if r := got["王明七"]; !slices.Contains(codes(r), "round.not_recommended") || r.Checks[batch.CheckRound] != batch.NeedsLook {
		t.Errorf("王明七 is in no letter: %v %v", codes(r), r.Checks)
	}
}

// A verifier that panics on one submission makes that one a row with its
// error; the others are checked.
func TestPanicIsARow(t *testing.T) {
	tmp := t.TempDir()
	in, out := filepath.Join(tmp, "in"), filepath.Join(tmp, "out")
	for n := 1; n <= 3; n++ {
		fs := files{}
		fs.json(t, "申报书.json", individual(t, n, 100+n))
		fs.scans(fmt.Sprint(n), "", 1)
		fs.evidence(t, n)
		write(t, filepath.Join(in, fmt.Sprint(n)), fs)
	}
	var calls atomic.Int64
	fake := fakeVerifier(&calls)
	opt := batch.Options{Verify: func(ctx context.Context, in batch.ScanInput) (*batch.ScanReport, error) {
		if in.Files[0].Name == "2/申报书扫描件-1.jpg" {
			panic("decoder bug")
		}
		return fake(ctx, in)
	}}
	oc, err := batch.Run(context.Background(), in, out, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range oc.Report.Submissions {
		broken := r.ID == "2"
		if broken != (r.Error != "") || broken != (r.Verdict == batch.Fail) || broken != slices.Contains(codes(r), batch.CodeInternal) {
			t.Errorf("%s: %s %q %v", r.ID, r.Verdict, r.Error, codes(r))
		}
	}
}
