package batch

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/bast-tools/shenbao/rules"
)

// ReportSchema names the format of report.json.
const ReportSchema = "shenbao-batch-report/1"

// Report is report.json: see the package documentation for the schema.
type Report struct {
	Schema      string         `json:"schema"`
	Version     string         `json:"tool_version"`
	Complete    bool           `json:"complete"`
	Count       map[string]int `json:"count"`
	Submissions []Result       `json:"submissions"`
	Round       []RoundFinding `json:"round"`
	Batch       []Finding      `json:"batch_findings"`

	thumbs map[string][]Thumb // by submission id, for the HTML
}

// RoundFinding is a finding of the round-wide rules, naming the
// submissions involved.
type RoundFinding struct {
	Rule        string   `json:"rule"`
	Severity    Severity `json:"severity"`
	Submissions []string `json:"submissions"`
	Message     string   `json:"message"`
}

// Finish applies the round-wide rules (rules.Assess with Round) to the
// results, sets the final verdicts and returns the report, with personal
// data masked unless opt.Reveal. With complete false (an interrupted run)
// the round rules are not applied: they would judge a part as the whole.
func Finish(results []Result, batch []Finding, complete bool, opt Options) (*Report, error) {
	results = append([]Result{}, results...)
	sort.SliceStable(results, func(i, j int) bool { return results[i].ID < results[j].ID })
	rep := &Report{Schema: ReportSchema, Version: versionOr(opt.Version), Complete: complete,
		Count: map[string]int{}, Round: []RoundFinding{}, Batch: append([]Finding{}, batch...)}
	if complete {
		round, err := roundFindings(results, opt)
		if err != nil {
			return nil, err
		}
		rep.Round = round
	}
	for i := range results {
		res := &results[i]
		// The caller's results stay as they were.
		res.Findings, res.Checks = slices.Clone(res.Findings), maps.Clone(res.Checks)
		if res.Checks == nil {
			res.Checks = map[string]string{}
		}
		if complete {
			res.Checks[CheckRound] = Pass
		} else {
			res.Checks[CheckRound] = NotChecked
		}
		for _, rf := range rep.Round {
			for _, id := range rf.Submissions {
				if id == res.ID {
					res.Findings = append(res.Findings, Finding{Check: CheckRound, Code: rf.Rule, Severity: rf.Severity, Message: rf.Message})
					if rank(rf.Severity) > rank(severityOf(res.Checks[CheckRound])) {
						res.Checks[CheckRound] = verdictOf(rf.Severity)
					}
				}
			}
		}
		worst := Severity("")
		for _, f := range res.Findings {
			if rank(f.Severity) > rank(worst) {
				worst = f.Severity
			}
		}
		res.Verdict = verdictOf(worst)
		sortFindings(res.Findings)
		if len(res.Thumbs) > 0 {
			if rep.thumbs == nil {
				rep.thumbs = map[string][]Thumb{}
			}
			rep.thumbs[res.ID] = res.Thumbs
		}
		res.Records, res.Key, res.Thumbs = nil, "", nil
		res.Detail = detailPage(res.ID)
		if !opt.Reveal {
			res.mask()
		}
		rep.Count[res.Verdict]++
	}
	rep.Count["total"] = len(results)
	if !opt.Reveal {
		for i := range rep.Round {
			rep.Round[i].Message = MaskText(rep.Round[i].Message)
		}
	}
	rep.Submissions = results
	return rep, nil
}

func versionOr(v string) string {
	if v == "" {
		return "dev"
	}
	return v
}

func severityOf(verdict string) Severity {
	switch verdict {
	case Fail:
		return Error
	case NeedsLook:
		return Review
	}
	return ""
}

// roundFindings runs the round rules over every record of the results,
// through rules.Assess as `shenbao check --round` does.
func roundFindings(results []Result, opt Options) ([]RoundFinding, error) {
	var entries []rules.Entry
	owner := map[string][]string{} // record source → submission ids
	for _, res := range results {
		for _, rec := range res.Records {
			doc, found, err := readDocument(rec.JSON)
			if err != nil {
				continue // reported when the submission was checked
			}
			entries = append(entries, rules.Entry{Source: rec.File, Doc: doc, Findings: found})
			owner[rec.File] = append(owner[rec.File], res.ID)
		}
	}
	a, err := rules.Assess(context.Background(), entries, rules.AssessOptions{Options: rules.Options{Districts: opt.Districts, Reveal: true}, Round: true})
	if err != nil {
		return nil, err
	}
	out := []RoundFinding{}
	for _, f := range a.Round {
		sev := severityOfRule(f.Status, Review)
		if sev == "" {
			continue
		}
		var ids []string
		for _, s := range f.Sources {
			ids = append(ids, owner[s]...)
		}
		out = append(out, RoundFinding{Rule: f.Rule, Severity: sev, Submissions: slices.Compact(slices.Sorted(slices.Values(ids))), Message: f.Message})
	}
	return out, nil
}

var (
	idPattern    = regexp.MustCompile(`\b(\d{6})\d{8}(\d{3}[\dXx])\b`)
	phonePattern = regexp.MustCompile(`\b(1[3-9]\d)\d{4}(\d{4})\b`)
)

// MaskText hides identity numbers (110105********1234) and mobile numbers
// (138****5678) in s.
func MaskText(s string) string {
	s = idPattern.ReplaceAllString(s, "$1********$2")
	return phonePattern.ReplaceAllString(s, "$1****$2")
}

func (res *Result) mask() {
	res.IDNumber = MaskText(res.IDNumber)
	res.Error = MaskText(res.Error)
	for i := range res.Findings {
		f := &res.Findings[i]
		f.Message, f.File = MaskText(f.Message), MaskText(f.File)
	}
}

// PartFile is the file a shard writes into its report folder.
const PartFile = "part.json"

// PartSchema names the format of part.json.
const PartSchema = "shenbao-batch-part/1"

// Part is the partial result of one shard, for [Merge]. It holds the
// records (for the round rules) and thumbnails, unmasked: keep it with the
// applicants' files, not in the report handed around.
type Part struct {
	Schema   string    `json:"schema"`
	Shard    Shard     `json:"shard"`
	Complete bool      `json:"complete"`
	Results  []Result  `json:"results"`
	Batch    []Finding `json:"batch_findings"`
}

func writePart(name string, p *Part) error {
	p.Schema = PartSchema
	if p.Results == nil {
		p.Results = []Result{}
	}
	return writeFileAtomic(name, 0o600, func(w io.Writer) error { return encodeJSON(w, p) })
}

func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// Merge joins the parts written by the shards of one batch (each a
// part.json or the report folder holding one), applies the round-wide
// rules and writes the reports to out, exactly as one whole run would.
// Every shard 1…N must be there once.
func Merge(parts []string, out string, opt Options) (*Report, error) {
	var all []Result
	var batch []Finding
	seen := map[int]string{}
	n, complete := 0, true
	for _, p := range parts {
		file := p
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			file = filepath.Join(p, PartFile)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("无法读取分片结果 %s：%w", file, err)
		}
		var part Part
		if err := json.Unmarshal(b, &part); err != nil || part.Schema != PartSchema {
			return nil, fmt.Errorf("%s 不是 shenbao batch --shard 写出的分片结果", file)
		}
		if n == 0 {
			n = part.Shard.N
		}
		if part.Shard.N != n {
			return nil, fmt.Errorf("%s 是 %d 片中的一片，而其他分片共 %d 片；请合并同一批次的分片", file, part.Shard.N, n)
		}
		if prev, dup := seen[part.Shard.K]; dup {
			return nil, fmt.Errorf("分片 %d/%d 出现两次：%s 和 %s", part.Shard.K, n, prev, file)
		}
		seen[part.Shard.K] = file
		complete = complete && part.Complete
		if batch == nil {
			batch = part.Batch
		}
		for _, r := range part.Results {
			if r.Dossier != "" {
				if err := copyFile(filepath.Join(filepath.Dir(file), filepath.FromSlash(r.Dossier)), filepath.Join(out, filepath.FromSlash(r.Dossier))); err != nil {
					return nil, fmt.Errorf("复制归档 PDF %s 失败：%w", r.Dossier, err)
				}
			}
		}
		all = append(all, part.Results...)
	}
	var missing []string
	for k := 1; k <= n; k++ {
		if _, ok := seen[k]; !ok {
			missing = append(missing, fmt.Sprintf("%d/%d", k, n))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("缺少分片 %s；请等所有分片完成后再合并", strings.Join(missing, "、"))
	}
	ids := map[string]bool{}
	for _, r := range all {
		if ids[r.ID] {
			return nil, fmt.Errorf("申报 %s 出现在两个分片中；分片应来自同一批次同一份名单", r.ID)
		}
		ids[r.ID] = true
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	rep, err := Finish(all, batch, complete, opt)
	if err != nil {
		return nil, err
	}
	return rep, WriteReports(out, rep, opt)
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return writeFileAtomic(to, 0o644, func(w io.Writer) error {
		_, err := io.Copy(w, in)
		return err
	})
}
