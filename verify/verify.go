// Package verify checks signed and sealed scans of the selection's
// documents against the electronic record they were printed from.
//
// [Scan] takes the record (the JSON the document was rendered from) and the
// scan files, however a scanner, copier or phone app made them, and
// reports page by page: which form page each scan page is (read from the
// page code, located by the four corner marks, turned upright and
// deskewed), whether every page is there once and in order, whether the
// paper was printed from this record, whether any printed field was
// changed by hand, whether every signature box is signed and every seal
// box sealed in red, and whether the scan is good enough to judge. Each
// finding carries a stable code, a severity, the scan page, the form page,
// the zone and a Chinese message saying what to do; the verdict follows
// from the severities alone.
//
// Pages are decoded one at a time on a few workers, so a scan of hundreds
// of pages is never held decoded at once.
package verify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"runtime"
	"slices"
	"sync"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/pdfgen"
)

// Report is the outcome of verifying one scan against one record.
type Report struct {
	Verdict   string    `json:"verdict"` // 通过, 需人工复核 or 不通过
	Kind      string    `json:"kind"`    // individual, team or letter
	DocID     string    `json:"doc_id"`
	FormPages int       `json:"form_pages"` // pages of the form as rendered from the record
	Pages     []Page    `json:"pages"`
	Findings  []Finding `json:"findings"`
}

// Page describes one scan page.
type Page struct {
	ScanPage int    `json:"scan_page"` // 1-based over all files, in the order given
	File     string `json:"file"`
	FilePage int    `json:"file_page"` // 1-based within the file
	FormPage int    `json:"form_page"` // the form page it is; 0 when not a page of this record
	// Rotation is how far the page lies turned clockwise on the scan
	// (0, 90, 180, 270); it is undone before checking.
	Rotation int     `json:"rotation"`
	Skew     float64 `json:"skew"` // degrees beyond Rotation, clockwise
	DPI      float64 `json:"dpi"`
	Color    bool    `json:"color"`
	// Residual is how far, in mm, the corner marks and page code lie from
	// where a flat, undistorted sheet would put them (RMS).
	Residual float64 `json:"residual_mm"`
	Marks    int     `json:"marks"` // corner marks found, 0–4
	// IdentifiedBy says how FormPage was known: "code" (the page code),
	// "content" (marks and page content; code unreadable) or "".
	IdentifiedBy string `json:"identified_by,omitempty"`
	Code         string `json:"code,omitempty"` // the page code's text
	Blank        bool   `json:"blank,omitempty"`
}

// Finding is one problem or observation.
type Finding struct {
	Code     string `json:"code"`
	Severity string `json:"severity"`  // error, review or info
	ScanPage int    `json:"scan_page"` // 0 when about the whole scan
	FormPage int    `json:"form_page"` // 0 when no form page applies
	// Zone is the page-map id of the zone concerned ("" for a whole page);
	// for fields, the JSON paths of the record shown there.
	Zone       string      `json:"zone"`
	ZoneLabel  string      `json:"zone_label,omitempty"` // what a person calls it, e.g. 申报人签字
	Confidence float64     `json:"confidence"`
	Message    string      `json:"message"`
	Box        *pdfgen.Box `json:"box,omitempty"` // mm on the form page
}

// Options tune Scan. The zero value suits uploads of A4 scans.
type Options struct {
	// Render chooses the fonts and templates the form is laid out with
	// again; it must match what the paper was printed from.
	Render pdfgen.Options
	Limits Limits
	// Workers bounds the pages checked at once; 0 means GOMAXPROCS.
	Workers int
	// Annotate, when set, receives for each scan page a picture of the
	// page turned upright with the zones drawn and what was found marked
	// (green found, red missing, orange changed). It is called from
	// several goroutines at once and must not keep img.
	Annotate func(scanPage int, img image.Image) error
}

// Error codes of Scan's errors: the scan or the record cannot be used.
const (
	CodeInvalidRecord = "invalid_record"
	CodeUnsupported   = "unsupported_format"
	CodeUnreadable    = "file_unreadable"
	CodeEncrypted     = "pdf_encrypted"
	CodeTooLarge      = "too_large"
	CodeNoPages       = "no_pages"
)

// Error is a scan or record that cannot be verified at all.
type Error struct {
	Code string
	File string // the scan file concerned, if any
	Msg  string // Chinese, says what to do
	Err  error
}

func (e *Error) Error() string {
	if e.File != "" {
		return e.File + "：" + e.Msg
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// doc is the record laid out again: what every scan page is compared with.
type doc struct {
	layout  *pdfgen.Layout
	pm      *pdfgen.PageMap
	kind    string
	docID   string
	edition string
	codes   []pdfgen.Code
	fur     furniture
	labels  map[string]string

	mu       sync.Mutex
	expected []*expectedPage
}

// Scan verifies the scan files against the record.
func Scan(ctx context.Context, record form.Document, scans []Source, opt Options) (*Report, error) {
	d, err := newDoc(ctx, record, opt.Render)
	if err != nil {
		return nil, err
	}
	if len(scans) == 0 {
		return nil, &Error{Code: CodeNoPages, Msg: "没有给出扫描件，请上传签字盖章后的扫描 PDF 或图片"}
	}
	lim := opt.Limits.withDefaults()
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan job, workers)
	// The producer's error arrives after it closed jobs, so it is read
	// from a channel once the workers are done, not from a shared variable.
	prodDone := make(chan error, 1)
	go func() { prodDone <- pages(ctx, scans, lim, jobs) }()

	var mu sync.Mutex
	var results []*scanned
	var firstErr error
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				s, err := d.run(ctx, j, opt)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				if s != nil {
					for len(results) <= j.index {
						results = append(results, nil)
					}
					results[j.index] = s
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	prodErr := <-prodDone
	if firstErr != nil {
		return nil, firstErr
	}
	if prodErr != nil {
		return nil, prodErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return d.report(results), nil
}

// run decodes and checks one page; a panic in a decoder becomes a finding.
func (d *doc) run(ctx context.Context, j job, opt Options) (s *scanned, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s = &scanned{page: Page{ScanPage: j.index + 1, File: j.file, FilePage: j.filePage}}
	defer func() {
		if p := recover(); p != nil {
			s = &scanned{page: s.page}
			s.findings = append(s.findings, d.finding(CodePageUnreadable, s, 0, "", 1, fmt.Sprintf("第 %d 页（%s 第 %d 页）无法处理（内部错误：%v），请重新扫描该页", j.index+1, j.file, j.filePage, p)))
			err = nil
		}
	}()
	if j.problem != "" {
		s.findings = append(s.findings, d.finding(CodePageUnreadable, s, 0, "", 1, fmt.Sprintf("%s 第 %d 页：%s", j.file, j.filePage, j.problem)))
		return s, nil
	}
	img, derr := j.decode(workDPI)
	if derr != nil {
		s.findings = append(s.findings, d.finding(CodePageUnreadable, s, 0, "", 1, fmt.Sprintf("%s 第 %d 页：%s", j.file, j.filePage, imageErrMsg(derr, 0))))
		return s, nil
	}
	s = d.analyze(ctx, img, j)
	if j.drawn && s.form > 0 {
		s.findings = append(s.findings, d.finding(CodePageNotScanned, s, s.form, "", 0.9,
			fmt.Sprintf("扫描第 %d 页是电子版 PDF 页面本身，不是签字盖章后纸面的扫描件；请打印、签字盖章后扫描上传", s.page.ScanPage)))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if opt.Annotate != nil {
		if err := opt.Annotate(s.page.ScanPage, d.annotate(s, img)); err != nil {
			return nil, err
		}
	}
	s.up = nil
	return s, nil
}

func newDoc(ctx context.Context, record form.Document, ro pdfgen.Options) (*doc, error) {
	if record == nil {
		return nil, &Error{Code: CodeInvalidRecord, Msg: "没有给出电子数据（申报书或推荐函的 JSON）"}
	}
	l, err := pdfgen.Build(ctx, record, ro)
	if err != nil {
		var ie *pdfgen.InvalidError
		if errors.As(err, &ie) {
			return nil, &Error{Code: CodeInvalidRecord, Msg: fmt.Sprintf("电子数据未通过校验（%d 处问题），无法核查；请先用 shenbao validate 查看并修正", len(ie.Findings)), Err: err}
		}
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, &Error{Code: CodeInvalidRecord, Msg: "无法由电子数据重新排版（" + err.Error() + "），无法核查", Err: err}
	}
	pm := l.PageMap()
	d := &doc{layout: l, pm: pm, kind: pm.Kind, docID: pm.DocID, edition: pm.Edition, expected: make([]*expectedPage, len(pm.Pages))}
	for _, p := range pm.Pages {
		c, err := pdfgen.ParseCode(p.Code)
		if err != nil {
			return nil, fmt.Errorf("verify: page %d: %w", p.Number, err)
		}
		d.codes = append(d.codes, c)
	}
	f, ok := newFurniture(pm.Pages[0])
	if !ok {
		return nil, errors.New("verify: the page map has no corner marks or page code")
	}
	// Duplex pages may carry the code on the outer corner, left on even
	// pages: every place it may be is tried.
	for _, p := range pm.Pages {
		if b := codeBox(p); b.W > 0 && !slices.Contains(f.codes, b) {
			f.codes = append(f.codes, b)
		}
	}
	d.fur = f
	d.labels = zoneLabels(record, pm)
	return d, nil
}

func (d *doc) finding(code string, s *scanned, formPage int, zone string, conf float64, msg string) Finding {
	f := Finding{Code: code, Severity: severity(code), FormPage: formPage, Zone: zone, Confidence: conf, Message: msg}
	if s != nil {
		f.ScanPage = s.page.ScanPage
	}
	return f
}

// zoneLabelOf reads a zone's readable label when the page map carries one
// (newer page maps do); older ones give "".
func zoneLabelOf(z pdfgen.Zone) string {
	b, err := json.Marshal(z)
	if err != nil {
		return ""
	}
	var v struct {
		Label string `json:"label"`
	}
	_ = json.Unmarshal(b, &v)
	return v.Label
}

// label is what people call a zone: its label, else its id.
func (d *doc) label(z pdfgen.Zone) string {
	if l := d.labels[z.Kind+"/"+z.ID]; l != "" {
		return l
	}
	return z.ID
}

// zoneLabels names the signature, seal and date zones for people, keyed
// by kind/id.
func zoneLabels(record form.Document, pm *pdfgen.PageMap) map[string]string {
	fixed := map[string]string{
		"signature/applicant":   "申报人签字",
		"signature/employer":    "单位负责人签字",
		"signature/leader":      "负责人签字",
		"signature/recommender": "推荐单位负责人签字",
		"seal/employer":         "单位公章",
		"seal/recommender":      "推荐单位公章",
		"seal/summary":          "推荐汇总表公章",
	}
	var names []string
	if t, ok := record.(*form.Team); ok {
		for _, m := range t.Members {
			names = append(names, m.Name)
		}
	}
	out := map[string]string{}
	for _, p := range pm.Pages {
		for _, z := range p.Zones {
			if z.ID == "" {
				continue
			}
			key := z.Kind + "/" + z.ID
			if l := zoneLabelOf(z); l != "" {
				out[key] = l
				continue
			}
			if l, ok := fixed[key]; ok {
				out[key] = l
				continue
			}
			var i int
			if _, err := fmt.Sscanf(z.ID, "$.members[%d]", &i); err == nil && z.Kind == pdfgen.ZoneSignature {
				l := fmt.Sprintf("成员 %d", i+1)
				if i < len(names) && names[i] != "" {
					l += " " + names[i]
				}
				out[key] = l + " 签字"
			}
		}
	}
	return out
}

// report puts the pages in order and adds what only the whole scan shows:
// missing, repeated and misplaced pages.
func (d *doc) report(rs []*scanned) *Report {
	r := &Report{Kind: d.kind, DocID: d.docID, FormPages: len(d.codes), Pages: []Page{}, Findings: []Finding{}}
	seen := map[int][]int{} // form page → scan pages
	var order []int         // form pages in scan order, first sightings
	for _, s := range rs {
		if s == nil {
			continue
		}
		r.Pages = append(r.Pages, s.page)
		switch {
		case s.blank:
			s.page.Blank = true
			r.Pages[len(r.Pages)-1].Blank = true
			r.Findings = append(r.Findings, d.finding(CodePageBlankExtra, s, 0, "", 0.9,
				fmt.Sprintf("扫描第 %d 页是空白页（可能是扫描仪加入的背面空白页），不影响核查", s.page.ScanPage)))
		case s.foreign != "":
			r.Findings = append(r.Findings, d.finding(CodePageForeign, s, 0, "", 0.9,
				fmt.Sprintf("扫描第 %d 页：%s；请删去该页或换成本材料的对应页", s.page.ScanPage, s.foreign)))
		case s.form > 0:
			if prev := seen[s.form]; len(prev) > 0 {
				r.Findings = append(r.Findings, d.finding(CodePageDuplicate, s, s.form, "", 1,
					fmt.Sprintf("扫描第 %d 页与扫描第 %d 页重复，都是材料第 %d 页；请删去多余的一页", s.page.ScanPage, prev[0], s.form)))
			} else {
				order = append(order, s.form)
			}
			seen[s.form] = append(seen[s.form], s.page.ScanPage)
		}
		r.Findings = append(r.Findings, s.findings...)
	}
	for n := 1; n <= len(d.codes); n++ {
		if len(seen[n]) > 0 {
			continue
		}
		what := ""
		if d.pm.Pages[n-1].Filler || !hasContent(d.pm.Pages[n-1]) {
			what = "（空白页）"
		}
		r.Findings = append(r.Findings, d.finding(CodePageMissing, nil, n, "", 1,
			fmt.Sprintf("缺少材料第 %d 页%s（共 %d 页）；请补扫该页，按页码顺序排列", n, what, len(d.codes))))
	}
	for i := 1; i < len(order); i++ {
		if order[i] < order[i-1] {
			sp := seen[order[i]][0]
			r.Findings = append(r.Findings, Finding{Code: CodePageOrder, Severity: severity(CodePageOrder), ScanPage: sp, FormPage: order[i], Confidence: 1,
				Message: fmt.Sprintf("页面顺序不对：材料第 %d 页排在第 %d 页之后（扫描第 %d 页）；请按页码顺序重新排列", order[i], order[i-1], sp)})
			break
		}
	}
	slices.SortStableFunc(r.Findings, func(a, b Finding) int {
		if a.ScanPage != b.ScanPage {
			// Whole-scan findings (scan page 0) go last.
			if a.ScanPage == 0 {
				return 1
			}
			if b.ScanPage == 0 {
				return -1
			}
			return a.ScanPage - b.ScanPage
		}
		return 0
	})
	r.Verdict = verdict(r.Findings)
	return r
}

// hasContent reports whether a form page shows anything of the record or
// asks for a hand.
func hasContent(p pdfgen.PageInfo) bool {
	for _, z := range p.Zones {
		if z.Kind != pdfgen.ZoneMark && z.Kind != pdfgen.ZonePageCode {
			return true
		}
	}
	return false
}
