package batch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/image/draw"

	"github.com/bast-tools/shenbao/bundle"
	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/rules"
)

// Document roles.
const (
	RoleApplication = "申报书"
	RoleLetter      = "推荐函"
)

// Result is the outcome of one submission.
type Result struct {
	ID  string `json:"id"`
	Dir string `json:"dir,omitempty"`

	Kind         form.Kind `json:"kind,omitempty"` // of the application, or letter for a letter alone
	Name         string    `json:"name,omitempty"` // applicant, or team name
	Leader       string    `json:"leader,omitempty"`
	IDNumber     string    `json:"id_number,omitempty"` // masked in reports unless revealed
	Organisation string    `json:"organisation,omitempty"`
	Recommender  string    `json:"recommender,omitempty"`
	Channel      string    `json:"channel,omitempty"`
	Field        string    `json:"field,omitempty"`

	Verdict string `json:"verdict"`
	// Error says why the submission could not be checked at all (no
	// record, an undecodable record); its findings say more.
	Error string `json:"error,omitempty"`
	// Checks gives each check's status: 通过, 需人工复核, 不通过, or 未核查.
	Checks   map[string]string `json:"checks"`
	Findings []Finding         `json:"findings"`
	Inputs   []Input           `json:"inputs"`
	Dossier  string            `json:"dossier,omitempty"` // relative to the report folder
	Detail   string            `json:"detail,omitempty"`  // the HTML page, relative to the report folder
	Key      string            `json:"cache_key,omitempty"`

	// Records and Thumbs travel in the cache and in shard parts, not in
	// report.json: the round rules need the records, the HTML the pictures.
	Records []Record `json:"records,omitempty"`
	Thumbs  []Thumb  `json:"thumbs,omitempty"`
}

// Record is a decoded document of a submission, kept for the round rules.
type Record struct {
	Role string          `json:"role"`
	File string          `json:"file"`
	JSON json.RawMessage `json:"json"`
}

// Thumb is a small picture of a flagged scan page.
type Thumb struct {
	Document string `json:"document"`
	ScanPage int    `json:"scan_page"`
	JPEG     []byte `json:"jpeg"`
}

// NotChecked is the status of a check that could not run.
const NotChecked = "未核查"

func (r *runner) process(ctx context.Context, s Submission) Result {
	res := Result{ID: s.ID, Dir: s.Dir, Findings: append([]Finding{}, s.Problems...)}
	for _, p := range s.Stray {
		res.Findings = append(res.Findings, Finding{Check: CheckInput, Code: CodeStray, Severity: Info, File: p,
			Message: fmt.Sprintf("无法识别的文件 %s，未参与核查；如是申报材料，请按约定命名或放入“证明材料”文件夹", p)})
	}
	ran := map[string]bool{CheckInput: true}
	type doc struct {
		role  string
		file  string
		doc   form.Document
		found []form.Finding // validation findings
		raw   []byte
		scans []string
	}
	var docs []doc
	for _, d := range []doc{{role: RoleApplication, file: s.Record, scans: s.Scans}, {role: RoleLetter, file: s.Letter, scans: s.LetterScans}} {
		if d.file == "" {
			continue
		}
		raw, dd, found, f := r.readRecord(d.file, d.role)
		if f != nil {
			res.Findings = append(res.Findings, *f)
			res.Error = f.Message
			continue
		}
		d.doc, d.found, d.raw = dd, found, raw
		docs = append(docs, d)
		res.Records = append(res.Records, Record{Role: d.role, File: d.file, JSON: compactJSON(raw)})
	}
	if len(docs) == 0 && res.Error == "" {
		for _, f := range res.Findings {
			if f.Severity == Error {
				res.Error = f.Message
				break
			}
		}
	}
	if len(docs) > 0 {
		ran[CheckValidate] = true
		res.describe(docs[0].doc)
		var entries []rules.Entry
		for _, d := range docs {
			entries = append(entries, rules.Entry{Source: d.file, Doc: d.doc, Findings: d.found})
		}
		a, err := rules.Assess(ctx, entries, rules.AssessOptions{Options: rules.Options{Districts: r.opt.Districts, Reveal: true}})
		if err != nil {
			res.Findings = append(res.Findings, Finding{Check: CheckEligibility, Code: "rules_failed", Severity: Error,
				Message: "未能核查申报条件：" + err.Error()})
			a = &rules.Assessment{}
		}
		for i, ad := range a.Documents {
			for _, f := range ad.Findings {
				res.Findings = append(res.Findings, Finding{Check: CheckValidate, Code: f.Code, Severity: Error,
					Document: docs[i].role, File: docs[i].file, Path: f.Path, Message: f.Message})
			}
			for _, v := range ad.Verdicts {
				if v.Status != rules.NotEvaluated {
					ran[CheckEligibility] = true
				}
				// A rule's "review" is a question every application
				// carries (results in Beijing, core team lead) for the
				// evaluation; it is shown, but does not hold up the
				// submission. A rule not evaluated because a value is
				// invalid is shown too: the validation finding fails it.
				sev := severityOfRule(v.Status, Info)
				if sev == "" {
					continue
				}
				res.Findings = append(res.Findings, Finding{Check: CheckEligibility, Code: v.Rule, Severity: sev,
					Document: docs[i].role, File: docs[i].file, Path: v.Path, Message: v.Message})
			}
		}
	}
	for _, d := range docs {
		if ctx.Err() != nil {
			return res
		}
		if len(d.found) > 0 {
			continue // the paper cannot be compared with a record that is not valid
		}
		ran[CheckScan] = true
		res.Findings = append(res.Findings, r.verify(ctx, &res, d.role, d.doc, d.raw, d.scans)...)
	}
	if s.Record != "" || s.hasEvidence {
		ran[CheckEvidence] = true
		var app form.Document
		for _, d := range docs {
			if d.role == RoleApplication {
				app = d.doc
			}
		}
		res.Findings = append(res.Findings, r.evidence(ctx, &res, s, app)...)
	}
	res.finish(ran)
	return res
}

// describe copies what the report's rows show from the first document.
func (res *Result) describe(d form.Document) {
	res.Kind = d.DocKind()
	switch d := d.(type) {
	case *form.Individual:
		res.Name, res.IDNumber, res.Organisation = d.Applicant.Name, string(d.Applicant.IDNumber), d.Employer.Name
		res.Recommender, res.Channel, res.Field = d.Recommender, d.Channel, d.Field
	case *form.Team:
		res.Name, res.Leader, res.IDNumber, res.Organisation = d.TeamName, d.Leader.Name, string(d.Leader.IDNumber), d.Employer.Name
		res.Recommender, res.Channel, res.Field = d.Recommender, d.Channel, d.Field
	case *form.Letter:
		res.Name, res.Organisation, res.Recommender, res.Channel = d.Recommender, d.Recommender, d.Recommender, d.Channel
	}
}

// finish sets each check's status and the verdict from the findings.
func (res *Result) finish(ran map[string]bool) {
	res.Checks = map[string]string{}
	worst := map[string]Severity{}
	for _, f := range res.Findings {
		if rank(f.Severity) > rank(worst[f.Check]) {
			worst[f.Check] = f.Severity
		}
	}
	overall := Severity("")
	for _, c := range Checks {
		if c == CheckRound {
			continue // set by the round rules
		}
		if !ran[c] {
			res.Checks[c] = NotChecked
		} else {
			res.Checks[c] = verdictOf(worst[c])
		}
		if rank(worst[c]) > rank(overall) {
			overall = worst[c]
		}
	}
	res.Verdict = verdictOf(overall)
	sortFindings(res.Findings)
}

// severityOfRule maps a rule's status to a severity, "" for a pass.
func severityOfRule(st rules.Status, review Severity) Severity {
	switch st {
	case rules.Fail:
		return Error
	case rules.Review:
		return review
	case rules.NotEvaluated:
		return Info
	}
	return ""
}

func rank(s Severity) int {
	switch s {
	case Error:
		return 3
	case Review:
		return 2
	case Info:
		return 1
	}
	return 0
}

func verdictOf(s Severity) string {
	switch s {
	case Error:
		return Fail
	case Review:
		return NeedsLook
	}
	return Pass
}

// sortFindings puts errors first, then review findings, then info, each
// in check order, keeping the order each check produced within that.
func sortFindings(fs []Finding) {
	order := map[string]int{}
	for i, c := range Checks {
		order[c] = i
	}
	sort.SliceStable(fs, func(i, j int) bool {
		if rank(fs[i].Severity) != rank(fs[j].Severity) {
			return rank(fs[i].Severity) > rank(fs[j].Severity)
		}
		return order[fs[i].Check] < order[fs[j].Check]
	})
}

func compactJSON(raw []byte) json.RawMessage {
	var b bytes.Buffer
	if json.Compact(&b, bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))) != nil {
		return nil
	}
	return b.Bytes()
}

// readRecord reads one record the one way in (form.ReadBytes: decode,
// normalise, validate). The Finding is set when it cannot be used at all.
func (r *runner) readRecord(p, role string) ([]byte, form.Document, []form.Finding, *Finding) {
	bad := func(msg string) *Finding {
		return &Finding{Check: CheckValidate, Code: CodeRecordInvalid, Severity: Error, Document: role, File: p, Message: msg}
	}
	f, err := r.fsys.Open(p)
	if err != nil {
		u := unreadable(p, err)
		u.Document = role
		return nil, nil, nil, &u
	}
	raw, err := io.ReadAll(io.LimitReader(f, form.MaxDocumentSize+1))
	f.Close()
	if err != nil {
		return nil, nil, nil, bad(fmt.Sprintf("%s 读取失败：%v", p, err))
	}
	doc, found, err := readDocument(raw)
	if err != nil {
		return nil, nil, nil, bad(fmt.Sprintf("%s 不是可用的%s数据：%v；请从申报系统重新导出", p, role, err))
	}
	want := role == RoleLetter
	if isLetter := doc.DocKind() == form.KindLetter; isLetter != want {
		return nil, nil, nil, bad(fmt.Sprintf("%s 的类型是 %s，不是%s", p, doc.DocKind(), role))
	}
	return raw, doc, found, nil
}

// readDocument is form.ReadBytes with findings never nil, so that
// rules.Assess takes them as given rather than validating again.
func readDocument(raw []byte) (form.Document, []form.Finding, error) {
	doc, found, err := form.ReadBytes(raw, form.Options{})
	if found == nil {
		found = []form.Finding{}
	}
	return doc, found, err
}

// verify runs the scan verifier on one document's scans.
func (r *runner) verify(ctx context.Context, res *Result, role string, doc form.Document, raw []byte, scans []string) []Finding {
	if len(scans) == 0 {
		sev, what := Error, "签字盖章的申报书扫描件"
		if role == RoleLetter {
			sev, what = Review, "盖章的推荐函扫描件"
		}
		return []Finding{{Check: CheckScan, Code: CodeScanMissing, Severity: sev, Document: role,
			Message: fmt.Sprintf("未找到%s（PDF 或图片）；请补交", what)}}
	}
	if r.opt.Verify == nil {
		return []Finding{{Check: CheckScan, Code: CodeScanNotVerified, Severity: Review, Document: role, File: scans[0],
			Message: fmt.Sprintf("本次未自动核查%s扫描件（%d 个文件）：请人工核对页数、签字与盖章", role, len(scans))}}
	}
	var mu sync.Mutex
	pictures := map[int][]byte{}
	in := ScanInput{Record: doc, RecordJSON: raw, Annotate: func(page int, img image.Image) {
		if t, ok := thumbnail(img); ok {
			mu.Lock()
			pictures[page] = t
			mu.Unlock()
		}
	}}
	for _, p := range scans {
		f, err := r.fsys.Open(p)
		if err != nil {
			u := unreadable(p, err)
			u.Check, u.Document = CheckScan, role
			return []Finding{u}
		}
		defer f.Close()
		st, err := f.Stat()
		ra, ok := f.(io.ReaderAt)
		if err != nil || !ok {
			return []Finding{{Check: CheckScan, Code: CodeUnreadable, Severity: Error, Document: role, File: p, Message: p + "：无法读取"}}
		}
		in.Files = append(in.Files, ScanFile{Name: p, ReaderAt: ra, Size: st.Size()})
	}
	r.verified.Add(1)
	rep, err := r.opt.Verify(ctx, in)
	if err != nil {
		return []Finding{{Check: CheckScan, Code: CodeScanUnusable, Severity: Error, Document: role, File: scans[0],
			Message: fmt.Sprintf("扫描件无法核查：%v；请重新扫描上传（彩色、不低于 200 dpi 的 PDF 或 JPEG）", err)}}
	}
	var out []Finding
	flagged := map[int]bool{}
	for _, f := range rep.Findings {
		sev := Severity(f.Severity)
		if sev != Error && sev != Review {
			sev = Info
		}
		if sev != Info && f.ScanPage > 0 {
			flagged[f.ScanPage] = true
		}
		zone := f.Zone
		if f.ZoneLabel != "" {
			zone = f.ZoneLabel
		}
		out = append(out, Finding{Check: CheckScan, Code: f.Code, Severity: sev, Document: role, ScanPage: f.ScanPage,
			FormPage: f.FormPage, Zone: zone, Confidence: f.Confidence, Message: f.Message})
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range slices.Sorted(maps.Keys(pictures)) {
		if flagged[p] {
			res.Thumbs = append(res.Thumbs, Thumb{Document: role, ScanPage: p, JPEG: pictures[p]})
		}
	}
	return out
}

// thumbnail scales an annotated page to 640 pixels wide, as a JPEG.
func thumbnail(img image.Image) ([]byte, bool) {
	b := img.Bounds()
	if b.Dx() <= 0 || b.Dy() <= 0 {
		return nil, false
	}
	w := min(640, b.Dx())
	h := max(1, b.Dy()*w/b.Dx())
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	var out bytes.Buffer
	if jpeg.Encode(&out, dst, &jpeg.Options{Quality: 80}) != nil {
		return nil, false
	}
	return out.Bytes(), true
}

// evidence checks the evidence files through the bundle package, writing
// the dossier when asked.
func (r *runner) evidence(ctx context.Context, res *Result, s Submission, app form.Document) []Finding {
	if !s.hasEvidence {
		return []Finding{{Check: CheckEvidence, Code: CodeEvidenceMissing, Severity: Error,
			Message: "未找到证明材料（“证明材料”文件夹、按类别命名的文件夹，或证明材料清单 manifest.json）；请补交"}}
	}
	if len(s.EvidenceList) == 0 {
		if len(s.Problems) > 0 && s.Manifest != "" {
			return nil // the manifest's problem is already reported
		}
		return []Finding{{Check: CheckEvidence, Code: CodeEvidenceMissing, Severity: Error, File: s.Evidence,
			Message: "证明材料文件夹是空的；请补交证明材料"}}
	}
	sub, err := fs.Sub(r.fsys, s.Evidence)
	if err != nil {
		return []Finding{unreadable(s.Evidence, err)}
	}
	opt := bundle.Options{Seals: r.opt.EvidenceSeals, Workers: 1}
	if app != nil {
		// A record that cannot give a cover still has its evidence checked.
		_ = opt.FromRecord(app)
	}
	w := io.Discard
	var tmp *os.File
	name := ""
	if r.opt.Bundle {
		name = "dossiers/" + safeName(s.ID) + ".pdf"
		full := filepath.Join(r.out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err == nil {
			if tmp, err = os.CreateTemp(filepath.Dir(full), ".dossier-*.tmp"); err == nil {
				defer os.Remove(tmp.Name())
				defer tmp.Close()
				w = tmp
			}
		}
	}
	rep, err := bundle.Build(ctx, sub, bundle.Manifest{Files: s.EvidenceList}, w, opt)
	var out []Finding
	rel := func(f string) string { return path.Join(s.Evidence, f) }
	if rep != nil {
		for _, f := range rep.Files {
			if f.Status != bundle.StatusOK {
				out = append(out, Finding{Check: CheckEvidence, Code: f.Code, Severity: Error, File: rel(f.File),
					Message: fmt.Sprintf("证明材料 %s：%s", rel(f.File), f.Message)})
			}
		}
		c := rep.Checks
		for _, cat := range c.MissingRequired {
			out = append(out, Finding{Check: CheckEvidence, Code: CodeMissingRequired, Severity: Error,
				Message: fmt.Sprintf("缺少必备证明材料“%s”；请补交", cat)})
		}
		for _, sc := range c.Seals {
			switch sc.Status {
			case bundle.SealNotFound:
				out = append(out, Finding{Check: CheckEvidence, Code: CodeEvidenceSeal, Severity: Review, File: rel(sc.File),
					Message: fmt.Sprintf("%s（%s）上未找到红色印章，请人工确认是否加盖公章", rel(sc.File), sc.Category)})
			case bundle.SealCannotJudge:
				out = append(out, Finding{Check: CheckEvidence, Code: CodeEvidenceUnjudged, Severity: Review, File: rel(sc.File),
					Message: fmt.Sprintf("%s（%s）是黑白或灰度图，无法判断是否盖章；请上传彩色扫描件或人工确认", rel(sc.File), sc.Category)})
			}
		}
		for _, g := range c.Duplicates {
			var files []string
			for _, f := range g {
				files = append(files, rel(f))
			}
			out = append(out, Finding{Check: CheckEvidence, Code: CodeEvidenceDup, Severity: Review, File: files[0],
				Message: fmt.Sprintf("以下证明材料内容完全相同，可能重复上传：%s", strings.Join(files, "、"))})
		}
		for _, l := range c.BrokenLinks {
			out = append(out, Finding{Check: CheckEvidence, Code: CodeEvidenceLink, Severity: Review,
				Message: fmt.Sprintf("申报书“%s”所列证明材料 %s 未找到或无法使用", l.Row, l.File)})
		}
	}
	if err != nil {
		var be *bundle.Error
		msg := err.Error()
		if errors.As(err, &be) {
			msg = be.Msg
		}
		if !(rep != nil && errors.As(err, &be) && be.Code == bundle.CodeNoUsableFiles && len(out) > 0) {
			out = append(out, Finding{Check: CheckEvidence, Code: CodeEvidenceFailed, Severity: Error, File: s.Evidence,
				Message: "证明材料无法汇编：" + msg})
		}
		return out
	}
	if tmp != nil {
		if tmp.Close() == nil && os.Rename(tmp.Name(), filepath.Join(r.out, filepath.FromSlash(name))) == nil {
			res.Dossier = name
		}
	}
	return out
}

// safeName is a file name for a submission id: readable where it can be,
// with a short hash so that two ids never share one.
func safeName(id string) string {
	var b strings.Builder
	for _, c := range id {
		switch {
		case c < 0x20, strings.ContainsRune(`/\:*?"<>|`, c):
			b.WriteRune('_')
		default:
			b.WriteRune(c)
		}
	}
	sum := sha256.Sum256([]byte(id))
	name := b.String()
	if rs := []rune(name); len(rs) > 40 {
		name = string(rs[:40])
	}
	return strings.TrimLeft(name, ".") + "-" + hex.EncodeToString(sum[:4])
}
