package pdfgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/bast-tools/shenbao/form"
)

// record is the document as a JSON tree, so templates can name any field by
// the same JSON path that validation findings use ($.applicant.name).
type record struct {
	root  any
	dates map[string]bool // paths of date and month fields, indexes as []
}

func newRecord(doc form.Document) (*record, error) {
	dec := json.NewDecoder(bytes.NewReader(form.Canonical(doc)))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return nil, fmt.Errorf("pdfgen: re-reading the record: %w", err)
	}
	return &record{root: root, dates: datePaths(reflect.TypeOf(doc))}, nil
}

var (
	dateTypes = map[reflect.Type]bool{reflect.TypeFor[form.Date](): true, reflect.TypeFor[form.Month](): true}
	dateCache sync.Map // reflect.Type → map[string]bool
)

// datePaths lists the JSON paths of a document type's date and month
// fields ("$.education[].start"): every one is printed in the notice's
// style, 2026年4月20日 and 2023年6月, wherever a template shows it.
func datePaths(t reflect.Type) map[string]bool {
	if m, ok := dateCache.Load(t); ok {
		return m.(map[string]bool)
	}
	m := map[string]bool{}
	var walk func(t reflect.Type, path string, depth int)
	walk = func(t reflect.Type, path string, depth int) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch {
		case dateTypes[t]:
			m[path] = true
		case depth > 8:
		case t.Kind() == reflect.Slice:
			walk(t.Elem(), path+"[]", depth+1)
		case t.Kind() == reflect.Struct:
			for i := range t.NumField() {
				f := t.Field(i)
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				if name != "" && name != "-" && f.IsExported() {
					walk(f.Type, path+"."+name, depth+1)
				}
			}
		}
	}
	walk(t, "$", 0)
	dateCache.Store(t, m)
	return m
}

// isDate reports a date or month field ("$.work[2].start").
func (r *record) isDate(path string) bool {
	if len(r.dates) == 0 {
		return false
	}
	var b strings.Builder
	in := false
	for _, c := range path {
		switch {
		case c == '[':
			in = true
			b.WriteRune(c)
		case c == ']':
			in = false
			b.WriteRune(c)
		case !in:
			b.WriteRune(c)
		}
	}
	return r.dates[b.String()]
}

// get returns the value at an absolute path ("$.results.works[0].title"),
// or nil when any step is missing.
func (r *record) get(path string) any {
	v := r.root
	p := strings.TrimPrefix(path, "$")
	for p != "" {
		switch p[0] {
		case '.':
			p = p[1:]
			end := strings.IndexAny(p, ".[")
			if end < 0 {
				end = len(p)
			}
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v, p = m[p[:end]], p[end:]
		case '[':
			end := strings.IndexByte(p, ']')
			if end < 0 {
				return nil
			}
			i, err := strconv.Atoi(p[1:end])
			a, ok := v.([]any)
			if err != nil || !ok || i < 0 || i >= len(a) {
				return nil
			}
			v, p = a[i], p[end+1:]
		default:
			return nil
		}
	}
	return v
}

// list returns the length of the list at path (0 when absent).
func (r *record) list(path string) int {
	a, _ := r.get(path).([]any)
	return len(a)
}

// show formats a value the way the form prints it: strings and numbers as
// stored, booleans as 是/否, absent values as empty.
func show(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		if v {
			return "是"
		}
		return "否"
	}
	return ""
}

// expr is a parsed value expression: literal text with {path} or
// {path|filter} references.
type expr struct {
	parts []part
}

type part struct {
	lit    string
	path   string // relative to the expression's base; "#" is the row number
	filter string // text shown when the value is empty
}

func parseExpr(s string) (expr, error) {
	var e expr
	for s != "" {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			e.parts = append(e.parts, part{lit: s})
			break
		}
		if i > 0 {
			e.parts = append(e.parts, part{lit: s[:i]})
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return e, fmt.Errorf("unclosed { in %q", s)
		}
		ref := s[i+1 : i+j]
		p := part{path: ref}
		if k := strings.IndexByte(ref, '|'); k >= 0 {
			p.path, p.filter = ref[:k], ref[k+1:]
		}
		if p.path == "" {
			return e, fmt.Errorf("empty reference in %q", s)
		}
		e.parts = append(e.parts, p)
		s = s[i+j+1:]
	}
	return e, nil
}

// value is an evaluated expression: the text to print and the absolute
// paths of the fields it shows.
type value struct {
	text  string
	paths []string
	// empty is set when every referenced field is empty (literals alone
	// are not content).
	empty bool
}

// eval evaluates e with paths relative to base ("$" or "$.work[1]"); row is
// the 1-based row number for "{#}".
func (r *record) eval(e expr, base string, row int) value {
	var b strings.Builder
	out := value{empty: true}
	for _, p := range e.parts {
		if p.path == "" {
			b.WriteString(p.lit)
			continue
		}
		if p.path == "#" {
			b.WriteString(strconv.Itoa(row))
			continue
		}
		abs := join(base, p.path)
		s := show(r.get(abs))
		out.paths = append(out.paths, abs)
		switch {
		case s != "" && r.isDate(abs):
			s = chineseDate(s)
		case s == "":
			s = p.filter
		}
		if s != "" {
			out.empty = false
		}
		b.WriteString(s)
	}
	out.text = b.String()
	return out
}

// join makes a relative path absolute.
func join(base, rel string) string {
	if strings.HasPrefix(rel, "$") {
		return rel
	}
	return base + "." + rel
}

// chineseDate writes "2026-05-12" as 2026年5月12日 and "2026-05" as
// 2026年5月 (GB/T 9704 dates use Arabic numerals without leading zeros).
func chineseDate(s string) string {
	f := strings.Split(s, "-")
	if len(f) < 2 || len(f) > 3 {
		return s
	}
	n := make([]int, len(f))
	for i, x := range f {
		v, err := strconv.Atoi(x)
		if err != nil {
			return s
		}
		n[i] = v
	}
	out := fmt.Sprintf("%d年%d月", n[0], n[1])
	if len(n) == 3 {
		out += fmt.Sprintf("%d日", n[2])
	}
	return out
}
