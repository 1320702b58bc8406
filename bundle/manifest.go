package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
)

// Manifest lists the evidence files of one application.
type Manifest struct {
	Files []Entry `json:"files"`
	// Unplaced lists the sub-folders ScanDir filed under 其他 because their
	// names name no category, for the caller to tell the user.
	Unplaced []string `json:"-"`
}

// Entry is one evidence file. Path is slash-separated and relative to the
// folder the manifest lives in (the fs.FS given to Build).
type Entry struct {
	Path     string   `json:"path"`
	Category Category `json:"category"`
	Title    string   `json:"title,omitempty"`
}

// ManifestError is a manifest that cannot be used, with the JSON path of
// the offending value (e.g. "files[2].category").
type ManifestError struct {
	Path string
	Msg  string
}

func (e *ManifestError) Error() string {
	if e.Path == "" {
		return "清单：" + e.Msg
	}
	return "清单 " + e.Path + "：" + e.Msg
}

// Code returns "manifest_invalid".
func (e *ManifestError) Code() string { return "manifest_invalid" }

// maxManifest bounds the manifest document; real ones are a few kilobytes.
const maxManifest = 4 << 20

// DecodeManifest reads a manifest strictly: unknown fields, wrong types,
// unknown categories, empty paths and trailing data are errors naming the
// JSON path. Category may be the Chinese name or an English alias.
func DecodeManifest(r io.Reader) (Manifest, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxManifest+1))
	if err != nil {
		return Manifest{}, err
	}
	if len(data) > maxManifest {
		return Manifest{}, &ManifestError{Msg: fmt.Sprintf("超过 %d MB，请检查是否选错了文件", maxManifest>>20)}
	}
	var top map[string]json.RawMessage
	if err := strictUnmarshal(data, &top, ""); err != nil {
		return Manifest{}, err
	}
	if err := onlyKeys(top, "", "files"); err != nil {
		return Manifest{}, err
	}
	raw, ok := top["files"]
	if !ok {
		return Manifest{}, &ManifestError{Path: "files", Msg: "缺少 files（文件列表）"}
	}
	var items []json.RawMessage
	if err := strictUnmarshal(raw, &items, "files"); err != nil {
		return Manifest{}, err
	}
	m := Manifest{Files: make([]Entry, 0, len(items))}
	for i, item := range items {
		at := fmt.Sprintf("files[%d]", i)
		var fields map[string]json.RawMessage
		if err := strictUnmarshal(item, &fields, at); err != nil {
			return Manifest{}, err
		}
		if err := onlyKeys(fields, at, "path", "category", "title"); err != nil {
			return Manifest{}, err
		}
		var e Entry
		var cat string
		for _, f := range []struct {
			key      string
			dst      *string
			required bool
		}{{"path", &e.Path, true}, {"category", &cat, false}, {"title", &e.Title, false}} {
			v, ok := fields[f.key]
			if !ok {
				if f.required {
					return Manifest{}, &ManifestError{Path: at + "." + f.key, Msg: "缺少 " + f.key}
				}
				continue
			}
			if err := strictUnmarshal(v, f.dst, at+"."+f.key); err != nil {
				return Manifest{}, err
			}
		}
		if strings.TrimSpace(e.Path) == "" {
			return Manifest{}, &ManifestError{Path: at + ".path", Msg: "文件路径为空"}
		}
		e.Category = Other
		if cat != "" {
			c, ok := ParseCategory(cat)
			if !ok {
				return Manifest{}, &ManifestError{Path: at + ".category", Msg: fmt.Sprintf("未知类别“%s”；可用：%s", cat, categoryList())}
			}
			e.Category = c
		}
		m.Files = append(m.Files, e)
	}
	return m, nil
}

func categoryList() string {
	s := make([]string, len(categories))
	for i, c := range categories {
		s[i] = string(c)
	}
	return strings.Join(s, "、")
}

// strictUnmarshal decodes exactly one JSON value into v, reporting type
// errors and trailing data at the JSON path at.
func strictUnmarshal(data []byte, v any, at string) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return &ManifestError{Path: at, Msg: fmt.Sprintf("应为%s，实为 JSON %s", jsonKind(v), te.Value)}
		}
		return &ManifestError{Path: at, Msg: "不是有效的 JSON（" + err.Error() + "）"}
	}
	if _, err := dec.Token(); err != io.EOF {
		return &ManifestError{Path: at, Msg: "JSON 值之后还有多余的内容"}
	}
	if m, ok := v.(*map[string]json.RawMessage); ok && *m == nil {
		return &ManifestError{Path: at, Msg: "应为对象，实为 null"}
	}
	return nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case *string:
		return "字符串"
	case *[]json.RawMessage:
		return "数组"
	}
	return "对象"
}

func onlyKeys(m map[string]json.RawMessage, at string, allowed ...string) error {
	var unknown []string
	for k := range m {
		if !contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	p := unknown[0]
	if at != "" {
		p = at + "." + p
	}
	return &ManifestError{Path: p, Msg: fmt.Sprintf("未知字段；可用：%s", strings.Join(allowed, "、"))}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ScanDir builds a manifest from a folder: each sub-folder named by a
// category (its Chinese name, an alias or a name with its key words, see
// ParseCategory) holds that category's files, at any depth; files directly
// in the folder or under any other sub-folder are 其他, and those other
// sub-folders are listed in Unplaced. Hidden files (".name") are skipped.
// Files are listed in category order, then by path.
func ScanDir(fsys fs.FS) (Manifest, error) {
	var m Manifest
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		// Everything else is listed, pipes and devices included, so that
		// the report names what cannot be read instead of leaving it out.
		cat := Other
		if top, _, found := strings.Cut(p, "/"); found {
			if c, ok := ParseCategory(top); ok {
				cat = c
			} else if !slices.Contains(m.Unplaced, top) {
				m.Unplaced = append(m.Unplaced, top)
			}
		}
		m.Files = append(m.Files, Entry{Path: p, Category: cat})
		return nil
	})
	if err != nil {
		return Manifest{}, err
	}
	sort.SliceStable(m.Files, func(i, j int) bool {
		return m.Files[i].Category.rank() < m.Files[j].Category.rank()
	})
	return m, nil
}

// checkPath refuses paths that are absolute or climb out of the manifest's
// folder; fs.FS implementations refuse them too, but the report should say
// why in words.
func checkPath(p string) (string, bool) {
	p = strings.ReplaceAll(p, "\\", "/")
	if strings.HasPrefix(p, "/") || (len(p) > 1 && p[1] == ':') {
		return p, false
	}
	clean := path.Clean(p)
	if clean == ".." || strings.HasPrefix(clean, "../") || !fs.ValidPath(clean) {
		return clean, false
	}
	return clean, true
}
