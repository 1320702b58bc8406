package bundle

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"sync"

	"github.com/bast-tools/shenbao/internal/ingest"
)

// Cover is what the cover page shows; the application form supplies it.
type Cover struct {
	Applicant    string `json:"applicant"`    // 申报人, or team name and leader
	Organisation string `json:"organisation"` // 所在单位
	Programme    string `json:"programme"`    // e.g. 2026年卓越工程师成长计划; "" for the newest edition's title
	Date         string `json:"date"`         // 填报日期, YYYY-MM-DD; also the PDF's dates
}

// Link ties a row of a table of the application form (e.g. "专利 第2行
// 一种配电终端…") to the evidence file that proves it.
type Link struct {
	Row  string `json:"row"`
	File string `json:"file"` // a manifest path, or just its base name
}

// Options configure Build. The zero value gives a 200 dpi dossier with
// JPEG quality 85, pages kept at their size, the default watermark, no
// size budget and no seal checks.
type Options struct {
	Cover Cover
	Links []Link

	DPI     int  // resolution images are reduced to; 0 means 200
	Quality int  // JPEG quality 1–100 for re-encoded images; 0 means 85
	FitA4   bool // scale PDF pages of other sizes onto A4

	Watermark   string // text on identity documents; "" means the edition's (FromRecord), or the newest edition's
	NoWatermark bool

	// MaxSize, if > 0, is the dossier size in bytes to fit: images are
	// re-encoded at lower resolution and quality until it fits.
	MaxSize int64
	// Strict makes any per-file problem fail the whole build.
	Strict bool

	Seals SealFinder // nil: seal checks are reported as not done

	// Progress, if set, is called after each file is processed.
	Progress func(done, total int, file string)

	Workers int    // files processed at once; 0 means GOMAXPROCS
	Limits  Limits // what one Build accepts; the zero value means the defaults
}

// Limits bound the work of one Build, so that no upload can exhaust
// memory or time: each is checked before the work it bounds (pixels from
// image headers, streams while they inflate). A file over a limit is that
// file's finding; a manifest over MaxFiles fails the Build. Zero fields
// take the defaults.
type Limits struct {
	MaxFiles       int   // files in the manifest; default 500
	MaxFileSize    int64 // bytes of one source file; default 200 MiB
	MaxPages       int   // pages of one PDF or TIFF file; default 1000
	MaxTotalPages  int   // pages of the whole dossier; files past it are findings; default 5000
	MaxPixels      int64 // pixels of one image, from its header; default 100 million
	MaxImageBytes  int64 // memory of one decoded image (pixels × bytes per pixel); default 400 MB
	MaxStreamBytes int64 // what one stream inside a PDF, other than an image, inflates to; default 64 MiB
}

// ingest returns the limits for one file.
func (o *Options) ingest() ingest.Limits {
	return ingest.Limits{
		MaxFileBytes:   o.Limits.MaxFileSize,
		MaxPixels:      o.Limits.MaxPixels,
		MaxImageBytes:  o.Limits.MaxImageBytes,
		MaxPages:       o.Limits.MaxPages,
		MaxStreamBytes: o.Limits.MaxStreamBytes,
	}.WithDefaults()
}

func (o Options) withDefaults() Options {
	if o.DPI <= 0 {
		o.DPI = 200
	}
	if o.Quality <= 0 || o.Quality > 100 {
		o.Quality = 85
	}
	if o.Watermark == "" {
		o.Watermark = defaultWatermark()
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Limits.MaxFiles <= 0 {
		o.Limits.MaxFiles = 500
	}
	if o.Limits.MaxTotalPages <= 0 {
		o.Limits.MaxTotalPages = 5000
	}
	if o.Limits.MaxFileSize <= 0 {
		o.Limits.MaxFileSize = 200 << 20
	}
	return o
}

// quality is one rung of the image re-encoding ladder.
type quality struct{ dpi, jpeg int }

// ladder lists the settings tried, after the requested one, to meet MaxSize.
func ladder(start quality) []quality {
	steps := []quality{start}
	for _, q := range []quality{{200, 70}, {150, 70}, {150, 55}, {120, 50}, {100, 45}, {85, 40}, {72, 35}} {
		if q.dpi <= start.dpi && q.jpeg <= start.jpeg && q != start {
			steps = append(steps, q)
		}
	}
	return steps
}

// File statuses.
const (
	StatusOK    = "ok"
	StatusError = "error"
)

// FileReport describes one source file and what was done with it.
type FileReport struct {
	File      string   `json:"file"`
	Category  Category `json:"category"`
	Title     string   `json:"title"`
	Status    string   `json:"status"`
	Code      string   `json:"code,omitempty"`
	Message   string   `json:"message,omitempty"` // Chinese
	Format    string   `json:"format,omitempty"`  // from the content
	Size      int64    `json:"size"`
	SHA256    string   `json:"sha256,omitempty"`
	Pages     int      `json:"pages"`
	FirstPage int      `json:"first_page,omitempty"` // in the dossier
	Actions   []string `json:"actions,omitempty"`
	Links     []string `json:"links,omitempty"` // form table rows this file proves
}

// Checks are the findings about the evidence as a whole.
type Checks struct {
	MissingRequired []Category  `json:"missing_required"`
	Seals           []SealCheck `json:"seals"`
	SealsChecked    bool        `json:"seals_checked"`
	Duplicates      [][]string  `json:"duplicates"`   // groups of files with one SHA-256
	BrokenLinks     []Link      `json:"broken_links"` // rows naming no usable file
	SizeBudget      *Budget     `json:"size_budget,omitempty"`
}

// Budget reports how the size budget was met.
type Budget struct {
	Max     int64 `json:"max"`
	Size    int64 `json:"size"`
	Fits    bool  `json:"fits"`
	DPI     int   `json:"dpi"`
	Quality int   `json:"quality"`
}

// Report is the outcome of Build.
type Report struct {
	Files  []FileReport `json:"files"`
	Checks Checks       `json:"checks"`
	Pages  int          `json:"pages"`
	Size   int64        `json:"size"`

	manifest []byte
}

// Manifest returns the provenance manifest embedded in the dossier (JSON),
// to be stored beside it.
func (r *Report) Manifest() []byte { return r.manifest }

// Findings reports whether anything needs a person's attention.
func (r *Report) Findings() bool {
	for _, f := range r.Files {
		if f.Status != StatusOK {
			return true
		}
	}
	c := r.Checks
	if len(c.MissingRequired) > 0 || len(c.Duplicates) > 0 || len(c.BrokenLinks) > 0 {
		return true
	}
	for _, s := range c.Seals {
		if s.Status != SealFound {
			return true
		}
	}
	return c.SizeBudget != nil && !c.SizeBudget.Fits
}

// Build reads the files of m from fsys (the manifest's folder; use
// os.Root.FS so that symbolic links cannot leave it), writes the dossier
// to w and returns the report. Problems with single files are in the
// report and do not stop the build unless opt.Strict is set. The error is
// a *Error when nothing usable can be written.
func Build(ctx context.Context, fsys fs.FS, m Manifest, w io.Writer, opt Options) (*Report, error) {
	opt = opt.withDefaults()
	if len(m.Files) > opt.Limits.MaxFiles {
		return nil, &Error{Code: CodeTooManyFiles, Msg: fmt.Sprintf("清单列出 %d 个文件，超过上限 %d 个；请合并同类材料后重试", len(m.Files), opt.Limits.MaxFiles)}
	}
	steps := ladder(quality{opt.DPI, opt.Quality})
	ns, err := normalizeAll(ctx, fsys, m.Files, &opt, steps[0], nil)
	if err != nil {
		return nil, &Error{Code: CodeCanceled, Err: err, Msg: "已取消"}
	}
	capPages(ns, opt.Limits.MaxTotalPages)
	rep, out, err := assembleAll(ctx, ns, &opt, steps[0])
	if err != nil {
		return rep, err
	}
	if opt.MaxSize > 0 {
		used := steps[0]
		for _, q := range steps[1:] {
			if int64(len(out)) <= opt.MaxSize {
				break
			}
			if ns, err = normalizeAll(ctx, fsys, m.Files, &opt, q, ns); err != nil {
				return rep, &Error{Code: CodeCanceled, Err: err, Msg: "已取消"}
			}
			if rep, out, err = assembleAll(ctx, ns, &opt, q); err != nil {
				return rep, err
			}
			used = q
		}
		rep.Checks.SizeBudget = &Budget{Max: opt.MaxSize, Size: int64(len(out)), Fits: int64(len(out)) <= opt.MaxSize, DPI: used.dpi, Quality: used.jpeg}
	}
	rep.Size = int64(len(out))
	if _, err := w.Write(out); err != nil {
		return rep, &Error{Code: CodeWriteFailed, Err: err, Msg: "写出 PDF 失败"}
	}
	return rep, nil
}

// capPages turns the files that would take the dossier past max pages,
// in dossier order, into findings: stamping and merging cost time with
// every page, and no deadline can interrupt them.
func capPages(ns []*normalized, max int) {
	total := 0
	for _, i := range dossierOrder(ns) {
		if total+ns[i].rep.Pages > max {
			ns[i].fail(fileErr(CodeTotalPages, ns[i].rep.File, nil, "汇编总页数将超过 %d 页上限（此前已有 %d 页，本文件 %d 页），未收录；请精简材料", max, total, ns[i].rep.Pages))
			continue
		}
		total += ns[i].rep.Pages
	}
}

// fileFault is an assembling failure caused by one file (index i of the
// manifest), such as a merge that pdfcpu cannot do or panics in.
type fileFault struct {
	i   int
	err error
}

func (f *fileFault) Error() string { return f.err.Error() }

// faultPage finds the dossier page pdfcpu names in an error ("page 12: …").
var faultPage = regexp.MustCompile(`\bpage (\d+):`)

// pageFault attributes an error about a page of the dossier (stamping a
// page whose content cannot be decoded) to the file the page came from.
func pageFault(ns []*normalized, order []int, err error) error {
	m := faultPage.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	p, _ := strconv.Atoi(m[1])
	for _, i := range order {
		if r := ns[i].rep; p >= r.FirstPage && p < r.FirstPage+r.Pages {
			return &fileFault{i, err}
		}
	}
	return err
}
func (f *fileFault) Unwrap() error { return f.err }

// assembleAll reports on ns and assembles the dossier at quality q. A file
// that makes assembling fail becomes that file's finding and the dossier
// is assembled again without it, so one hostile file never costs the
// applicant the others.
func assembleAll(ctx context.Context, ns []*normalized, opt *Options, q quality) (*Report, []byte, error) {
	for {
		rep, err := newReport(ns, opt)
		if err != nil {
			return rep, nil, err
		}
		if err := ctx.Err(); err != nil {
			return rep, nil, &Error{Code: CodeCanceled, Err: err, Msg: "已取消"}
		}
		var out []byte
		err = ingest.Guard(func() error {
			var err error
			out, err = assemble(ctx, ns, rep, opt, q)
			return err
		})
		var ff *fileFault
		if errors.As(err, &ff) {
			ns[ff.i].fail(fileErr(CodePDFCorrupt, ns[ff.i].rep.File, ff.err, "PDF 无法并入汇编（%s）；请重新导出或扫描后上传", shortErr(ff.err)))
			continue
		}
		if err != nil {
			return rep, nil, &Error{Code: CodeWriteFailed, Err: err, Msg: "生成 PDF 失败"}
		}
		return rep, out, nil
	}
}

// newReport lists the files of ns and checks the evidence as a whole; the
// error says why no dossier can be made of them.
func newReport(ns []*normalized, opt *Options) (*Report, error) {
	rep := &Report{}
	for _, n := range ns {
		n.rep.Links = nil
		rep.Files = append(rep.Files, n.rep)
	}
	rep.check(ns, opt)
	var failed []string
	for _, n := range ns {
		if n.rep.Status != StatusOK {
			failed = append(failed, n.rep.File)
		}
	}
	if opt.Strict && len(failed) > 0 {
		return rep, &Error{Code: CodeStrict, File: failed[0], Msg: fmt.Sprintf("有 %d 个文件无法收录（严格模式下不生成汇编）", len(failed))}
	}
	if len(failed) == len(ns) {
		return rep, &Error{Code: CodeNoUsableFiles, Msg: "没有可以收录的文件"}
	}
	return rep, nil
}

// normalizeAll processes the entries on opt.Workers goroutines. With prev
// set (a size-budget retry) only image files are redone, at quality q, and
// the rest (and the seal verdicts) are kept.
func normalizeAll(ctx context.Context, fsys fs.FS, es []Entry, opt *Options, q quality, prev []*normalized) ([]*normalized, error) {
	out := make([]*normalized, len(es))
	jobs := make(chan int)
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		done    int
		lastErr error
	)
	retryOpt := *opt
	retryOpt.Seals = nil
	for range min(opt.Workers, max(1, len(es))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				var n *normalized
				var err error
				switch {
				case prev == nil:
					n, err = normalize(ctx, fsys, es[i], opt, q)
				case prev[i].image && prev[i].rep.Status == StatusOK:
					n, err = normalize(ctx, fsys, es[i], &retryOpt, q)
					if err == nil {
						n.seal = prev[i].seal
					}
				default:
					n = prev[i]
				}
				mu.Lock()
				if err != nil {
					lastErr = err
				}
				out[i] = n
				done++
				if opt.Progress != nil && prev == nil {
					opt.Progress(done, len(es), es[i].Path)
				}
				mu.Unlock()
			}
		}()
	}
	for _, i := range largestFirst(fsys, es) {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, lastErr
}

// largestFirst orders the work so that the big files (photos) start first
// and small ones fill the gaps at the end, keeping every worker busy. The
// order of the output does not depend on it.
func largestFirst(fsys fs.FS, es []Entry) []int {
	size := make([]int64, len(es))
	idx := make([]int, len(es))
	for i, e := range es {
		idx[i] = i
		if p, ok := checkPath(e.Path); ok {
			if st, err := fs.Stat(fsys, p); err == nil {
				size[i] = st.Size()
			}
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return size[idx[a]] > size[idx[b]] })
	return idx
}

// check fills rep.Checks and the files' links.
func (r *Report) check(ns []*normalized, opt *Options) {
	c := &r.Checks
	have := map[Category]bool{}
	byHash := map[string][]string{}
	var hashes []string
	for _, n := range ns {
		if n.rep.Status == StatusOK {
			have[n.rep.Category] = true
		}
		if n.rep.SHA256 != "" && n.rep.Size > 0 {
			if byHash[n.rep.SHA256] == nil {
				hashes = append(hashes, n.rep.SHA256)
			}
			byHash[n.rep.SHA256] = append(byHash[n.rep.SHA256], n.rep.File)
		}
	}
	c.MissingRequired = []Category{}
	for _, cat := range required {
		if !have[cat] {
			c.MissingRequired = append(c.MissingRequired, cat)
		}
	}
	c.Duplicates = [][]string{}
	for _, h := range hashes {
		if len(byHash[h]) > 1 {
			c.Duplicates = append(c.Duplicates, byHash[h])
		}
	}
	c.SealsChecked = opt.Seals != nil
	c.Seals = []SealCheck{}
	for _, n := range ns {
		if n.seal != nil {
			c.Seals = append(c.Seals, *n.seal)
		}
	}
	c.BrokenLinks = []Link{}
	for _, l := range opt.Links {
		i := findFile(ns, l.File)
		if i < 0 || ns[i].rep.Status != StatusOK {
			c.BrokenLinks = append(c.BrokenLinks, l)
			continue
		}
		r.Files[i].Links = append(r.Files[i].Links, l.Row)
		ns[i].rep.Links = r.Files[i].Links
	}
}

// findFile matches a link's file by manifest path, then by base name.
func findFile(ns []*normalized, name string) int {
	for i, n := range ns {
		if n.rep.File == name {
			return i
		}
	}
	for i, n := range ns {
		if baseName(n.rep.File) == name {
			return i
		}
	}
	return -1
}

func baseName(p string) string {
	if i := bytes.LastIndexByte([]byte(p), '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

// dossierOrder returns the indexes of the usable files: by category, then
// in manifest order.
func dossierOrder(ns []*normalized) []int {
	var idx []int
	for i, n := range ns {
		if n.rep.Status == StatusOK {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool {
		return ns[idx[a]].rep.Category.rank() < ns[idx[b]].rep.Category.rank()
	})
	return idx
}
