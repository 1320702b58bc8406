// Package templates holds the document templates: one embedded data file per
// document and edition, each with a template version. A template describes
// what a document shows and in which order — cover, fixed texts such as
// 填写说明 and 申报人承诺, headings, field tables, list tables with their
// columns, free-text blocks, signature and seal blocks — and references the
// record's fields by JSON path. Package pdfgen lays a template out.
//
// A new year's form is a new template file, not new Go code. Templates can be
// overridden from a directory holding files of the same form (see [Load]).
package templates

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	ed "github.com/bast-tools/shenbao/edition"
)

//go:embed data/*.json
var builtin embed.FS

// Error codes, stable for callers and JSON reports.
const (
	CodeUnknownTemplate = "template_unknown"
	CodeBadTemplate     = "template_invalid"
)

// UnknownError reports a template (kind, edition, version) that is neither
// embedded nor in the override directory. Known lists what is available, as
// "individual-2026@1.0".
type UnknownError struct {
	Kind, Edition, Version string
	Known                  []string
}

// Code returns CodeUnknownTemplate.
func (e *UnknownError) Code() string { return CodeUnknownTemplate }

func (e *UnknownError) Error() string {
	want := e.Kind + "-" + e.Edition
	if e.Version != "" {
		want += "@" + e.Version
	}
	return fmt.Sprintf("没有模板 %s；可用的模板：%s", want, strings.Join(e.Known, ", "))
}

// FormatError reports a template file that cannot be used, and where.
type FormatError struct {
	File string
	Err  error
}

// Code returns CodeBadTemplate.
func (e *FormatError) Code() string { return CodeBadTemplate }

func (e *FormatError) Error() string { return fmt.Sprintf("模板 %s 不可用：%v", e.File, e.Err) }

func (e *FormatError) Unwrap() error { return e.Err }

// Template is one document template.
type Template struct {
	Kind     string `json:"kind"`     // individual, team or letter (form.Kind)
	Edition  string `json:"edition"`  // "2026"
	Version  string `json:"version"`  // template version, "1.0"
	Title    string `json:"title"`    // PDF title and running header
	Subject  string `json:"subject"`  // PDF subject
	Keywords string `json:"keywords"` // PDF keywords, comma separated
	// Author is a value expression ("{applicant.name}") for the PDF author.
	Author string `json:"author"`
	// Date is the path of the date the PDF's creation date is taken from.
	Date string `json:"date"`
	// TitleSuffix is appended to the PDF title ("—{applicant.name}").
	TitleSuffix string `json:"title_suffix"`

	Page   Page             `json:"page"`
	Styles map[string]Style `json:"styles"`
	Blocks []Block          `json:"blocks"`
}

// ID names the template as the page code and the page map do:
// "individual-2026@1.0".
func (t *Template) ID() string { return t.Kind + "-" + t.Edition + "@" + t.Version }

// Page holds the page geometry in millimetres. The binding margin (Inner)
// is on the left of odd pages and on the right of even pages.
type Page struct {
	Top    float64 `json:"top"`
	Bottom float64 `json:"bottom"`
	Inner  float64 `json:"inner"`
	Outer  float64 `json:"outer"`
	// Header is the running header printed at the top of every page but
	// the first; empty for none.
	Header string `json:"header"`
	// Folio is the page number line, with {n} the page number and {N} the
	// page count; empty is "第 {n} 页　共 {N} 页". A page with a cover or a
	// letterhead shows none.
	Folio string `json:"folio,omitempty"`
	// FolioOuter sets the page number at the outer side, one character in
	// (right on odd pages, left on even ones; GB/T 9704), not centred.
	FolioOuter bool `json:"folio_outer,omitempty"`
}

// Style is a text style.
type Style struct {
	Font    string  `json:"font"`    // serif, sans or sans-bold
	Size    Size    `json:"size"`    // points, or a Chinese size name
	Leading float64 `json:"leading"` // line height as a multiple of the size
	Indent  float64 `json:"indent"`  // first-line indent in characters
	Align   string  `json:"align"`   // left (default), center, right
	Before  float64 `json:"before"`  // space above, mm
	After   float64 `json:"after"`   // space below, mm
	Color   string  `json:"color"`   // "#rrggbb"; empty is black
	Spacing float64 `json:"spacing"` // extra space between characters, in em
	// Balance sets a text of several lines in lines of even length (a
	// two-line title), breaking where the text allows.
	Balance bool `json:"balance,omitempty"`
}

// Size is a font size in points. In a template it is a number or a Chinese
// size name such as "小四" or "五号".
type Size float64

// sizeNames are the traditional Chinese type sizes, in points.
var sizeNames = map[string]float64{
	"初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18,
	"三号": 16, "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9,
	"六号": 7.5, "小六": 6.5,
}

// ParseSize parses a size name ("小四") or a number of points ("12").
func ParseSize(s string) (Size, error) {
	if pt, ok := sizeNames[s]; ok {
		return Size(pt), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 || v > 200 {
		return 0, fmt.Errorf("size %q is neither a size name (初号…小六) nor points", s)
	}
	return Size(v), nil
}

// UnmarshalJSON accepts a number of points or a size name.
func (s *Size) UnmarshalJSON(b []byte) error {
	var name string
	if err := json.Unmarshal(b, &name); err != nil {
		var v float64
		if err := json.Unmarshal(b, &v); err != nil {
			return fmt.Errorf("size must be a number or a size name")
		}
		name = strconv.FormatFloat(v, 'f', -1, 64)
	}
	v, err := ParseSize(name)
	*s = v
	return err
}

// Block is one element of a document, laid out top to bottom.
//
// Types:
//
//	cover      the cover page: Lines (titles), Fields (label + underlined value), Issuer
//	heading    Text in Style (default h1); kept with what follows
//	paragraph  fixed Text with {path} expressions, in Style (default body)
//	text       the free text at Path, paragraphs split at newlines, flowing across pages
//	table      a table: fixed Rows, or one row per element of the list at Path (those matching
//	           Where, ordered by Sort; {#} numbers them from 1)
//	signature  Label, a signature box and a date line
//	seal       Label, a seal box with the date inside it (seal over the date)
//	letterhead GB/T 9704 发文机关标志: Text (with {path}) in red, a red rule, Number right-aligned
//	closing    GB/T 9704 落款: Text (organisation) and Date, right-aligned, seal box over the date;
//	           Label (the responsible person) with a box to sign in on the left
//	spacer     Height mm of space
//	pagebreak  continue on a new page; Landscape: the pages from here on are landscape, set
//	           rotated on the A4 sheet (top at the left edge), until a pagebreak without it
//	group      Blocks kept together on one page where they fit
type Block struct {
	Type  string `json:"type"`
	Style string `json:"style,omitempty"`
	Text  string `json:"text,omitempty"`
	Path  string `json:"path,omitempty"`
	Label string `json:"label,omitempty"`
	// Empty is printed when the text or list at Path is empty.
	Empty string `json:"empty,omitempty"`
	// MaxLines refuses a value that needs more lines than this (0: no limit).
	MaxLines int `json:"max_lines,omitempty"`
	// MaxChars refuses a value longer than this many characters (0: no limit).
	MaxChars int `json:"max_chars,omitempty"`

	Columns []Column `json:"columns,omitempty"`
	Rows    [][]Cell `json:"rows,omitempty"`
	// Detail is printed under each list row as a row of its own: Head in
	// the first two columns, Value across the rest (a long text that a
	// narrow column would stretch to a page).
	Detail    *Column `json:"detail,omitempty"`
	Header    bool    `json:"header,omitempty"`     // table: print the column heads, repeated on continuation pages
	MinHeight float64 `json:"min_height,omitempty"` // table: minimum row height, mm
	// Where keeps the list elements whose field equals a value
	// ("programme=卓越工程师成长计划"); Sort orders them by a field,
	// numbers as numbers.
	Where string `json:"where,omitempty"`
	Sort  string `json:"sort,omitempty"`
	// Landscape: see pagebreak.
	Landscape bool `json:"landscape,omitempty"`

	Lines  []Line  `json:"lines,omitempty"`  // cover titles
	Fields []Field `json:"fields,omitempty"` // cover fields
	Issuer string  `json:"issuer,omitempty"` // cover issuer line
	Number string  `json:"number,omitempty"` // cover 申报编号 / letterhead 发文字号 expression
	Date   string  `json:"date,omitempty"`   // seal, closing: date expression

	Width  float64 `json:"width,omitempty"`  // signature/seal box width, mm
	Height float64 `json:"height,omitempty"` // signature/seal box height, spacer height, mm
	ID     string  `json:"id,omitempty"`     // signature/seal zone id
	// ZoneLabel names the signature or seal zone for people (申报人签字);
	// the date zone is named after it (申报人签字日期).
	ZoneLabel string `json:"zone_label,omitempty"`

	Blocks []Block `json:"blocks,omitempty"` // group
}

// Column is a table column.
type Column struct {
	Head string `json:"head"`
	// Width fixes the column's width in mm; 0 sizes it from its content.
	Width float64 `json:"width,omitempty"`
	// Value is the cell text: literal text with {path} expressions, paths
	// relative to the list element; "{#}" is the row number. Empty with
	// Sign set: a signature cell.
	Value    string `json:"value,omitempty"`
	Align    string `json:"align,omitempty"`
	Sign     bool   `json:"sign,omitempty"`
	MaxLines int    `json:"max_lines,omitempty"`
	// ZoneLabel names each signature zone of a Sign column for people,
	// with {path} expressions and {#}: "成员 {#} {name} 签字".
	ZoneLabel string `json:"zone_label,omitempty"`
}

// Cell is a cell of a fixed table row: a Label (fixed text, drawn as a
// label) or a Value expression, spanning Span columns.
type Cell struct {
	Label    string `json:"label,omitempty"`
	Value    string `json:"value,omitempty"`
	Span     int    `json:"span,omitempty"`
	Align    string `json:"align,omitempty"`
	MaxLines int    `json:"max_lines,omitempty"`
}

// Line is a line of the cover title.
type Line struct {
	Text  string `json:"text"`
	Style string `json:"style"`
}

// Field is a cover field: label, then the value on an underline.
type Field struct {
	Label    string `json:"label"`
	Value    string `json:"value"`
	MaxLines int    `json:"max_lines,omitempty"`
}

// Options choose where templates come from. The zero value uses the
// embedded templates and the newest version.
type Options struct {
	// Dir holds template files that override or add to the embedded ones;
	// a file there with the same kind, edition and version wins.
	Dir string
	// Version selects a template version; empty means the newest.
	Version string
}

// Load returns the template for a document kind and edition. The result
// is shared; do not modify it.
func Load(kind, edition string, opt Options) (*Template, error) {
	all, err := loadAll(opt.Dir)
	if err != nil {
		return nil, err
	}
	var cands []*Template
	for _, t := range all {
		if t.Kind == kind && t.Edition == edition && (opt.Version == "" || t.Version == opt.Version) {
			cands = append(cands, t)
		}
	}
	if _, err := ed.Load(edition); err == nil && len(cands) == 0 {
		// A known edition without templates of its own: a new notice is a
		// new edition file, so the newest earlier edition's layout serves,
		// with this edition's words filled in.
		for _, t := range all {
			if t.Kind == kind && t.Edition < edition && (opt.Version == "" || t.Version == opt.Version) {
				if len(cands) > 0 && cands[0].Edition < t.Edition {
					cands = cands[:0]
				}
				if len(cands) == 0 || cands[0].Edition == t.Edition {
					cands = append(cands, t)
				}
			}
		}
	}
	if len(cands) == 0 {
		known := make([]string, len(all))
		for i, t := range all {
			known[i] = t.ID()
		}
		return nil, &UnknownError{Kind: kind, Edition: edition, Version: opt.Version, Known: known}
	}
	sort.Slice(cands, func(i, j int) bool { return versionLess(cands[i].Version, cands[j].Version) })
	return forEdition(cands[len(cands)-1], edition)
}

// filled caches templates with an edition's words filled in, by template
// ID and edition (*filledTemplate).
var filled sync.Map

// forEdition returns t for the edition named: its Edition set to it and
// every "${key}" in its texts replaced by the edition's value of key
// ("${title}", "${budget_cap.individual}": the keys of the edition file,
// see package edition), so the words that change with each notice live in
// the edition file alone.
func forEdition(t *Template, name string) (*Template, error) {
	key := t.ID() + "|" + name
	if v, ok := filled.Load(key); ok && v.(*filledTemplate).from == t {
		return v.(*filledTemplate).t, nil
	}
	raw, err := json.Marshal(t)
	if err != nil {
		return nil, err
	}
	e, err := ed.Load(name)
	if err != nil {
		return nil, err
	}
	vars, err := editionVars(e)
	if err != nil {
		return nil, err
	}
	var missing []string
	out := placeholderRE.ReplaceAllFunc(raw, func(m []byte) []byte {
		v, ok := vars[string(m[2:len(m)-1])]
		if !ok {
			missing = append(missing, string(m))
			return m
		}
		q, _ := json.Marshal(v)
		return q[1 : len(q)-1] // inside a JSON string already
	})
	if len(missing) > 0 {
		return nil, &FormatError{File: t.ID(), Err: fmt.Errorf("unknown edition keys %s", strings.Join(missing, ", "))}
	}
	nt, err := Parse(out)
	if err != nil {
		return nil, &FormatError{File: t.ID(), Err: err}
	}
	nt.Edition = name
	filled.Store(key, &filledTemplate{from: t, t: nt})
	return nt, nil
}

// filledTemplate is a template with an edition's words filled in, and the
// template it was made from (an override directory may replace that).
type filledTemplate struct{ from, t *Template }

var placeholderRE = regexp.MustCompile(`\$\{[a-z_.]+\}`)

// editionVars flattens an edition file into "budget_cap.team" → "10".
func editionVars(e *ed.Edition) (map[string]string, error) {
	raw, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	var tree map[string]any
	if err := json.Unmarshal(raw, &tree); err != nil {
		return nil, err
	}
	vars := map[string]string{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				walk(prefix+k+".", x)
			}
		case string:
			vars[strings.TrimSuffix(prefix, ".")] = v
		case float64:
			vars[strings.TrimSuffix(prefix, ".")] = strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	walk("", tree)
	return vars, nil
}

// Known lists every available template as "kind-edition@version", sorted.
func Known(dir string) ([]string, error) {
	all, err := loadAll(dir)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(all))
	for i, t := range all {
		out[i] = t.ID()
	}
	return out, nil
}

// loadAll reads the embedded templates and those in dir; dir's win on the
// same ID. The result is sorted by ID.
func loadAll(dir string) ([]*Template, error) {
	embedded.once.Do(func() {
		embedded.byID = map[string]*Template{}
		embedded.err = readFS(builtin, "data", embedded.byID)
	})
	if embedded.err != nil {
		return nil, embedded.err
	}
	byID := maps.Clone(embedded.byID)
	if dir != "" {
		if err := readFS(os.DirFS(dir), ".", byID); err != nil {
			return nil, err
		}
	}
	out := make([]*Template, 0, len(byID))
	for _, t := range byID {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID() < out[j].ID() })
	return out, nil
}

// embedded holds the embedded templates, parsed once per process: every
// render loads its template, and they never change. Callers share the
// values and must not modify them.
var embedded struct {
	once sync.Once
	byID map[string]*Template
	err  error
}

// maxFileSize bounds a template file; the largest embedded one is ~15 KB.
const maxFileSize = 1 << 20

func readFS(fsys fs.FS, dir string, byID map[string]*Template) error {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return err
	}
	for _, name := range names {
		if st, err := fs.Stat(fsys, name); err == nil && st.Size() > maxFileSize {
			return &FormatError{File: name, Err: fmt.Errorf("larger than %d bytes", maxFileSize)}
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return &FormatError{File: name, Err: err}
		}
		t, err := Parse(data)
		if err != nil {
			return &FormatError{File: name, Err: err}
		}
		byID[t.ID()] = t
	}
	return nil
}

// Parse reads one template file strictly: unknown keys are errors, so a
// misspelt key is not silently ignored.
func Parse(data []byte) (*Template, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var t Template
	if err := dec.Decode(&t); err != nil {
		return nil, err
	}
	if err := t.check(); err != nil {
		return nil, err
	}
	return &t, nil
}

var fontNames = map[string]bool{"serif": true, "sans": true, "sans-bold": true}

var blockTypes = map[string]bool{
	"cover": true, "heading": true, "paragraph": true, "text": true, "table": true,
	"signature": true, "seal": true, "letterhead": true, "closing": true,
	"spacer": true, "pagebreak": true, "group": true,
}

// requiredStyles are the styles the layout engine uses itself.
var requiredStyles = []string{"body", "h1", "cell", "label", "footer", "header", "note"}

func (t *Template) check() error {
	switch t.Kind {
	case "individual", "team", "letter":
	default:
		return fmt.Errorf("kind %q: want individual, team or letter", t.Kind)
	}
	if t.Edition == "" || t.Version == "" {
		return errors.New("edition and version are required")
	}
	p := t.Page
	if p.Top < 30 || p.Bottom < 20 || p.Inner < 15 || p.Outer < 15 || p.Inner+p.Outer > 100 || p.Top+p.Bottom > 150 {
		return fmt.Errorf("page margins top %g bottom %g inner %g outer %g mm leave no room for the page code and marks (top ≥ 30, bottom ≥ 20, sides ≥ 15)", p.Top, p.Bottom, p.Inner, p.Outer)
	}
	for _, name := range requiredStyles {
		if _, ok := t.Styles[name]; !ok {
			return fmt.Errorf("style %q is missing", name)
		}
	}
	for name, s := range t.Styles {
		if !fontNames[s.Font] {
			return fmt.Errorf("style %q: font %q: want serif, sans or sans-bold", name, s.Font)
		}
		if s.Size <= 0 {
			return fmt.Errorf("style %q: size is required", name)
		}
	}
	return t.checkBlocks(t.Blocks, "blocks")
}

func (t *Template) checkBlocks(bs []Block, where string) error {
	for i, b := range bs {
		at := fmt.Sprintf("%s[%d] (%s)", where, i, b.Type)
		if !blockTypes[b.Type] {
			return fmt.Errorf("%s: unknown block type", at)
		}
		if b.Style != "" {
			if _, ok := t.Styles[b.Style]; !ok {
				return fmt.Errorf("%s: unknown style %q", at, b.Style)
			}
		}
		for _, l := range b.Lines {
			if _, ok := t.Styles[l.Style]; !ok {
				return fmt.Errorf("%s: unknown style %q", at, l.Style)
			}
		}
		switch b.Type {
		case "text":
			if b.Path == "" {
				return fmt.Errorf("%s: path is required", at)
			}
		case "table":
			if len(b.Columns) == 0 {
				return fmt.Errorf("%s: columns are required", at)
			}
			for _, c := range b.Columns {
				if c.Width < 0 {
					return fmt.Errorf("%s: column %q: width must not be negative", at, c.Head)
				}
			}
			for r, row := range b.Rows {
				n := 0
				for _, c := range row {
					n += max(c.Span, 1)
				}
				if n != len(b.Columns) {
					return fmt.Errorf("%s: row %d spans %d columns, the table has %d", at, r, n, len(b.Columns))
				}
			}
			if b.Detail != nil && (b.Path == "" || len(b.Columns) < 3) {
				return fmt.Errorf("%s: a detail row needs a list path and at least 3 columns", at)
			}
			if b.Path == "" && len(b.Rows) == 0 {
				return fmt.Errorf("%s: a table needs rows or a path", at)
			}
		case "group":
			if err := t.checkBlocks(b.Blocks, at+".blocks"); err != nil {
				return err
			}
		}
	}
	return nil
}

// versionLess compares dotted version numbers numerically ("1.10" > "1.9").
func versionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, errx := strconv.Atoi(as[i])
		y, erry := strconv.Atoi(bs[i])
		if errx != nil || erry != nil {
			if as[i] != bs[i] {
				return as[i] < bs[i]
			}
			continue
		}
		if x != y {
			return x < y
		}
	}
	return len(as) < len(bs)
}
