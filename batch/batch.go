package batch

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bast-tools/shenbao/bundle"
	"github.com/bast-tools/shenbao/rules"
)

// Severity of a finding. A submission with an error finding is 不通过,
// with review findings only 需人工复核, else 通过.
type Severity string

const (
	Error  Severity = "error"
	Review Severity = "review"
	Info   Severity = "info"
)

// Verdicts.
const (
	Pass      = "通过"
	NeedsLook = "需人工复核"
	Fail      = "不通过"
)

// The checks, one column each in the spreadsheet, in this order.
const (
	CheckInput       = "input"       // 材料齐全
	CheckValidate    = "validate"    // 数据校验
	CheckEligibility = "eligibility" // 申报条件
	CheckScan        = "scan"        // 扫描件核查
	CheckEvidence    = "evidence"    // 证明材料
	CheckRound       = "round"       // 本轮跨申报检查
)

// Checks lists the checks in report order.
var Checks = []string{CheckInput, CheckValidate, CheckEligibility, CheckScan, CheckEvidence, CheckRound}

// CheckNames are the checks' Chinese column headings.
var CheckNames = map[string]string{
	CheckInput: "材料齐全", CheckValidate: "数据校验", CheckEligibility: "申报条件",
	CheckScan: "扫描件核查", CheckEvidence: "证明材料", CheckRound: "本轮跨申报检查",
}

// Finding codes of the batch run itself; the other codes come from form,
// rules, bundle and the verifier.
const (
	CodeStray            = "stray_file"
	CodePathOutside      = "path_outside"
	CodeNoRecord         = "no_record"
	CodeTwoRecords       = "two_records"
	CodeUnreadable       = "file_unreadable"
	CodeRecordInvalid    = "record_invalid"
	CodeScanMissing      = "scan_missing"
	CodeScanNotVerified  = "scan_not_verified"
	CodeScanUnusable     = "scan_unusable"
	CodeEvidenceMissing  = "evidence_missing"
	CodeEvidenceFailed   = "evidence_unusable"
	CodeMissingRequired  = bundle.CodeMissingReq
	CodeEvidenceSeal     = "evidence_seal_missing"
	CodeEvidenceUnjudged = "evidence_seal_unjudgeable"
	CodeEvidenceDup      = "evidence_duplicate"
	CodeEvidenceLink     = "evidence_link_broken"
	CodeInternal         = "internal_error"
)

// Finding is one thing found about a submission.
type Finding struct {
	Check      string   `json:"check"`
	Code       string   `json:"code"`
	Severity   Severity `json:"severity"`
	Document   string   `json:"document,omitempty"` // 申报书 or 推荐函
	File       string   `json:"file,omitempty"`     // relative to the batch folder
	Path       string   `json:"path,omitempty"`     // JSON path in the record
	ScanPage   int      `json:"scan_page,omitempty"`
	FormPage   int      `json:"form_page,omitempty"`
	Zone       string   `json:"zone,omitempty"`
	Confidence float64  `json:"confidence,omitempty"`
	Message    string   `json:"message"` // Chinese
}

// Shard selects the K-th (1-based) of N stable shards of a batch: a
// submission's shard depends on its id only, so every pod of a cluster job
// agrees on it without talking to the others.
type Shard struct{ K, N int }

// ParseShard reads "K/N".
func ParseShard(s string) (Shard, error) {
	var sh Shard
	if _, err := fmt.Sscanf(s, "%d/%d", &sh.K, &sh.N); err != nil || sh.N < 1 || sh.K < 1 || sh.K > sh.N || fmt.Sprintf("%d/%d", sh.K, sh.N) != s {
		return Shard{}, fmt.Errorf("--shard %q：应为 K/N，1 ≤ K ≤ N，例如 2/8", s)
	}
	return sh, nil
}

func (sh Shard) has(id string) bool {
	if sh.N <= 1 {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32()%uint32(sh.N)) == sh.K-1
}

// Progress is reported after each submission.
type Progress struct {
	Done, Total int
	ID          string
	Verdict     string
	Cached      bool
}

// Options configure [Run]. The zero value checks on all cores, does not
// verify scans (a review finding says so), does not look for seals on the
// evidence, writes no dossiers and masks personal data.
type Options struct {
	Jobs  int   // submissions at once; 0 means GOMAXPROCS
	Shard Shard // zero: the whole batch

	// Verify checks scans; nil reports them as not verified.
	Verify ScanVerifier
	// VerifierVersion names the verifier's version: a change redoes every
	// submission (it is part of the cache key).
	VerifierVersion string
	// EvidenceSeals looks for seals on the evidence copies that need them
	// (bundle.RedSeals); nil skips that check.
	EvidenceSeals bundle.SealFinder
	// Bundle writes each submission's evidence dossier to
	// REPORTDIR/dossiers/ID.pdf.
	Bundle bool
	// Districts supplies 区科协 quotas for the eligibility and round rules.
	Districts *rules.Districts
	// Version is the tool's version, part of the cache key; "" means dev.
	Version string
	// Reveal shows identity numbers and phone numbers in full in reports.
	Reveal bool
	// CSVEncoding is "utf-8" (the default, with a BOM) or "gbk".
	CSVEncoding string
	// Progress, if set, is called after each submission, from one
	// goroutine at a time.
	Progress func(Progress)
}

// Stats count the work a run did.
type Stats struct {
	Total     int // submissions in this run (shard)
	Processed int // checked afresh
	Cached    int // taken from the cache
	Verified  int // verifier calls
	Broken    int // submissions with an input error
}

// Outcome is what Run did: the report (nil for a shard, which writes a
// part to merge) and the work done.
type Outcome struct {
	Report   *Report
	Stats    Stats
	Complete bool // false when the context ended first
}

// Run checks the submissions of src — a batch folder, or a CSV or XLSX
// list inside one — and writes the results to out (created if needed):
// report.json, report.xlsx, report.csv, findings.csv, index.html and a
// page per submission under details/, or with opt.Shard a part.json for
// [Merge]. Results are cached under out/.cache, so a rerun redoes only
// the submissions whose inputs changed. Nothing under src is written; out
// must not lie inside it. When ctx ends, what is done is kept in the
// cache and reported, and Outcome.Complete is false.
func Run(ctx context.Context, src, out string, opt Options) (*Outcome, error) {
	if _, err := csvGBK(opt.CSVEncoding); err != nil {
		return nil, err
	}
	dir, list := src, ""
	if st, err := os.Stat(src); err != nil {
		return nil, fmt.Errorf("无法打开 %s：%w", src, err)
	} else if !st.IsDir() {
		dir, list = filepath.Dir(src), filepath.Base(src)
	}
	if err := outsideInput(dir, out); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("无法打开文件夹 %s：%w", dir, err)
	}
	defer root.Close()
	fsys := root.FS()
	var subs []Submission
	var stray []Finding
	if list != "" {
		subs, err = ReadList(fsys, list)
	} else {
		subs, stray, err = Discover(fsys)
	}
	if err != nil {
		return nil, err
	}
	if opt.Shard.N > 1 {
		var mine []Submission
		for _, s := range subs {
			if opt.Shard.has(s.ID) {
				mine = append(mine, s)
			}
		}
		subs = mine
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("无法创建报告文件夹 %s：%w", out, err)
	}
	r := &runner{fsys: fsys, out: out, opt: opt, cache: openCache(out)}
	results, complete := r.runAll(ctx, subs)
	if err := r.cache.save(); err != nil {
		return nil, err
	}
	oc := &Outcome{Stats: r.stats, Complete: complete}
	oc.Stats.Total = len(subs)
	if opt.Shard.N > 1 {
		p := &Part{Shard: opt.Shard, Complete: complete, Results: results, Batch: stray}
		return oc, writePart(filepath.Join(out, PartFile), p)
	}
	oc.Report, err = Finish(results, stray, complete, opt)
	if err != nil {
		return oc, err
	}
	return oc, WriteReports(out, oc.Report, opt)
}

// outsideInput refuses an output folder inside the input folder: the run
// must never write among the applicants' files.
func outsideInput(in, out string) error {
	ai, err1 := filepath.Abs(in)
	ao, err2 := filepath.Abs(out)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	if ri, err := filepath.EvalSymlinks(ai); err == nil {
		ai = ri
	}
	// The output folder may not exist yet: resolve its nearest existing parent.
	for p, rest := ao, ""; ; {
		if rp, err := filepath.EvalSymlinks(p); err == nil {
			ao = filepath.Join(rp, rest)
			break
		}
		parent := filepath.Dir(p)
		if parent == p {
			break
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
	if ao == ai || strings.HasPrefix(ao, ai+string(filepath.Separator)) {
		return fmt.Errorf("报告文件夹 %s 位于申报材料文件夹 %s 之内；为了不改动申报材料，请把报告写到其他位置", out, in)
	}
	return nil
}

type runner struct {
	fsys  fs.FS
	out   string
	opt   Options
	cache *cache

	mu       sync.Mutex
	stats    Stats
	verified atomic.Int64
}

// runAll processes the submissions on opt.Jobs goroutines. Each holds one
// submission at a time, which bounds memory; the results are small.
func (r *runner) runAll(ctx context.Context, subs []Submission) ([]Result, bool) {
	jobs := r.opt.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	results := make([]Result, len(subs))
	done := make([]bool, len(subs))
	next := make(chan int)
	var wg sync.WaitGroup
	n := 0
	for range min(jobs, max(1, len(subs))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				res, cached, err := r.one(ctx, subs[i])
				if err != nil { // cancelled mid-way: not a result
					continue
				}
				r.mu.Lock()
				results[i], done[i] = res, true
				n++
				if cached {
					r.stats.Cached++
				} else {
					r.stats.Processed++
				}
				if res.Error != "" {
					r.stats.Broken++
				}
				if r.opt.Progress != nil {
					r.opt.Progress(Progress{Done: n, Total: len(subs), ID: res.ID, Verdict: res.Verdict, Cached: cached})
				}
				r.mu.Unlock()
			}
		}()
	}
	for i := range subs {
		if ctx.Err() != nil {
			break
		}
		select {
		case next <- i:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	r.stats.Verified = int(r.verified.Load())
	var out []Result
	for i, ok := range done {
		if ok {
			out = append(out, results[i])
		}
	}
	return out, len(out) == len(subs)
}

// one returns the submission's result from the cache or by checking it.
func (r *runner) one(ctx context.Context, s Submission) (Result, bool, error) {
	inputs := r.cache.inputs(r.fsys, s)
	key := r.key(s, inputs)
	if res, ok := r.cache.result(key); ok && (!r.opt.Bundle || res.Dossier == "" || r.hasFile(res.Dossier)) {
		return res, true, nil
	}
	res := r.safeProcess(ctx, s)
	if err := ctx.Err(); err != nil {
		return Result{}, false, err
	}
	res.Inputs, res.Key = inputs, key
	if !slices.ContainsFunc(res.Findings, func(f Finding) bool { return f.Code == CodeInternal }) {
		r.cache.store(key, res) // a crash is retried next time, not remembered
	}
	return res, false, nil
}

// safeProcess turns a panic anywhere below (a decoder meeting a file it
// was not made for) into a row with its error: one submission never stops
// the batch.
func (r *runner) safeProcess(ctx context.Context, s Submission) (res Result) {
	defer func() {
		if p := recover(); p != nil {
			res = Result{ID: s.ID, Dir: s.Dir, Findings: []Finding{{Check: CheckInput, Code: CodeInternal, Severity: Error,
				Message: fmt.Sprintf("核查这份申报时程序出错（%v），请把这个文件夹交给技术人员", p)}}}
			res.Error = res.Findings[0].Message
			res.finish(map[string]bool{CheckInput: true})
		}
	}()
	return r.process(ctx, s)
}

func (r *runner) hasFile(rel string) bool {
	_, err := os.Stat(filepath.Join(r.out, filepath.FromSlash(rel)))
	return err == nil
}
