package form

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// MaxDocumentSize bounds the JSON of one document. The maximal samples are
// under 100 KB; 4 MiB leaves room without letting a client exhaust memory.
const MaxDocumentSize = 4 << 20

// maxDepth bounds nesting; the model is five levels deep.
const maxDepth = 32

// maxProblems bounds how many decode problems one error lists.
const maxProblems = 50

// Decode error codes (Problem.Code).
const (
	CodeEmpty        = "empty"
	CodeTooLarge     = "too_large"
	CodeEncoding     = "bad_encoding"
	CodeNotJSON      = "not_json"
	CodeSyntax       = "json_syntax"
	CodeUnknownField = "unknown_field"
	CodeDuplicateKey = "duplicate_key"
	CodeWrongType    = "wrong_type"
	CodeBadEnum      = "bad_enum"
	CodeBadNumber    = "bad_number"
	CodeBadKind      = "bad_kind"
	CodeTooDeep      = "too_deep"
)

// Problem is one reason a document could not be decoded. Path is a JSON
// path such as $.education[1].start; Line and Column (1-based) locate it
// in the input where known.
type Problem struct {
	Code    string `json:"code"`
	Path    string `json:"path"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	loc := p.Path
	if p.Line > 0 {
		loc = fmt.Sprintf("%s（第 %d 行第 %d 列）", p.Path, p.Line, p.Column)
	}
	if loc == "" {
		return p.Message
	}
	return loc + "：" + p.Message
}

// DecodeError lists every problem found while decoding one document.
type DecodeError struct {
	Problems []Problem
}

func (e *DecodeError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("；")
		}
		if i == 5 {
			fmt.Fprintf(&b, "另有 %d 处问题", len(e.Problems)-i)
			break
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// Code returns the code of the first problem, so callers that map errors
// to statuses need not look inside.
func (e *DecodeError) Code() string { return e.Problems[0].Code }

// Document is one decoded document: *Individual, *Team or *Letter.
type Document interface {
	DocKind() Kind
}

// DocKind reports KindIndividual.
func (*Individual) DocKind() Kind { return KindIndividual }

// DocKind reports KindTeam.
func (*Team) DocKind() Kind { return KindTeam }

// DocKind reports KindLetter.
func (*Letter) DocKind() Kind { return KindLetter }

// New returns an empty document of kind k, or nil for an unknown kind.
func New(k Kind) Document {
	switch k {
	case KindIndividual:
		return &Individual{Kind: k}
	case KindTeam:
		return &Team{Kind: k}
	case KindLetter:
		return &Letter{Kind: k}
	}
	return nil
}

// Decode reads one JSON document strictly: unknown fields, wrong JSON
// types, values outside an enumeration and malformed JSON are errors of
// type *DecodeError naming the JSON path (and for syntax, line and
// column). It does not normalise or validate; see [Normalize] and
// [Validate].
func Decode(r io.Reader) (Document, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocumentSize+1))
	if err != nil {
		return nil, err
	}
	return DecodeBytes(data)
}

// DecodeBytes is [Decode] on a byte slice.
func DecodeBytes(data []byte) (Document, error) { return decodeBytes(data, false) }

// decodeBytes decodes a document; with anyEnum it keeps a value outside its
// enumeration for [Validate] to report instead of refusing the document.
func decodeBytes(data []byte, anyEnum bool) (Document, error) {
	data, p := checkEncoding(data)
	if p != nil {
		return nil, &DecodeError{Problems: []Problem{*p}}
	}
	d := &decoder{data: data, anyEnum: anyEnum}
	root := d.parse()
	if len(d.problems) > 0 {
		return nil, &DecodeError{Problems: d.problems}
	}
	if root.kind != 'o' {
		return nil, d.fail(CodeWrongType, "$", root, "文档应为 JSON 对象 {…}")
	}
	kn := root.field("kind")
	if kn == nil || kn.kind != 's' {
		return nil, d.fail(CodeBadKind, "$.kind", root, `缺少 "kind"：应为 "individual"（个人申报书）、"team"（团队申报书）或 "letter"（推荐函）`)
	}
	doc := New(Kind(kn.str))
	if doc == nil {
		return nil, d.fail(CodeBadKind, "$.kind", kn, fmt.Sprintf(`"kind" 为 %q：应为 "individual"、"team" 或 "letter"`, kn.str))
	}
	d.assign("$", root, reflect.ValueOf(doc).Elem())
	if len(d.problems) > 0 {
		return nil, &DecodeError{Problems: d.problems}
	}
	return doc, nil
}

func checkEncoding(data []byte) ([]byte, *Problem) {
	if len(data) > MaxDocumentSize {
		return nil, &Problem{Code: CodeTooLarge, Message: fmt.Sprintf("文件超过 %d MB 上限，请检查是否选错了文件", MaxDocumentSize>>20)}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Problem{Code: CodeEmpty, Message: "文件为空，请导出申报数据后重试"}
	}
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return nil, &Problem{Code: CodeEncoding, Message: "文件为 UTF-16 编码，请另存为 UTF-8 编码后重试"}
	}
	if !utf8.Valid(data) {
		msg := "文件不是有效的 UTF-8 编码，请另存为 UTF-8 编码后重试"
		if _, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data); err == nil {
			msg = "文件疑似 GBK/GB18030 编码，请另存为 UTF-8 编码后重试"
		}
		return nil, &Problem{Code: CodeEncoding, Message: msg}
	}
	if c := bytes.TrimLeft(data, " \t\r\n")[0]; c != '{' && c != '[' {
		return nil, &Problem{Code: CodeNotJSON, Line: 1, Column: 1, Message: "文件不是 JSON 格式（应以 { 开头），请确认选择的是申报数据文件"}
	}
	return data, nil
}

// node is a parsed JSON value that keeps key order and its input offset,
// so errors can name a line and column and be reported in document order.
type node struct {
	kind    byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' bool, 'z' null
	off     int
	str     string
	num     json.Number
	b       bool
	keys    []string
	keyOffs []int
	elems   []*node
}

func (n *node) field(key string) *node {
	for i, k := range n.keys {
		if k == key {
			return n.elems[i]
		}
	}
	return nil
}

type decoder struct {
	data       []byte
	anyEnum    bool
	problems   []Problem
	tokenStart int // offset of the token being read, for syntax errors
}

func (d *decoder) lineCol(off int) (int, int) {
	if off > len(d.data) {
		off = len(d.data)
	}
	before := d.data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return line, col
}

func (d *decoder) add(code, path string, n *node, msg string) {
	if len(d.problems) >= maxProblems {
		return
	}
	p := Problem{Code: code, Path: path, Message: msg}
	if n != nil {
		p.Line, p.Column = d.lineCol(n.off)
	}
	d.problems = append(d.problems, p)
}

func (d *decoder) fail(code, path string, n *node, msg string) error {
	d.add(code, path, n, msg)
	return &DecodeError{Problems: d.problems}
}

// parse reads the whole input into a node tree. Syntax errors are recorded
// with their line and column.
func (d *decoder) parse() *node {
	dec := json.NewDecoder(bytes.NewReader(d.data))
	dec.UseNumber()
	root, err := d.value(dec, 0)
	if err == nil {
		d.tokenStart = d.skipSpace(int(dec.InputOffset()))
		if _, err = dec.Token(); err == io.EOF {
			return root
		} else if err == nil {
			err = errors.New("文档结束后还有多余内容")
		}
	}
	// json.SyntaxError offsets are relative to the value being scanned,
	// not the input; the start of the token that failed is what a person
	// needs to find the mistake.
	off := d.tokenStart
	msg := "JSON 格式错误：" + syntaxMessage(err)
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		msg = "JSON 不完整：文件在对象或数组结束前就结束了，请检查括号是否成对、文件是否被截断"
		off = len(d.data)
	}
	if d.problems == nil {
		d.add(CodeSyntax, "", nil, msg)
		d.problems[0].Line, d.problems[0].Column = d.lineCol(off)
	}
	return nil
}

func syntaxMessage(err error) string {
	s := strings.TrimPrefix(err.Error(), "json: ")
	switch {
	case strings.Contains(s, "invalid character"):
		return s + "（常见原因：多余或缺少逗号、使用了中文引号或单引号、缺少引号）"
	}
	return s
}

// value reads one JSON value. It returns an error for syntax problems
// only; depth and duplicate keys are recorded as problems and reading stops.
func (d *decoder) value(dec *json.Decoder, depth int) (*node, error) {
	off := d.skipSpace(int(dec.InputOffset()))
	d.tokenStart = off
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	n := &node{off: off}
	switch t := tok.(type) {
	case json.Delim:
		if depth >= maxDepth {
			d.add(CodeTooDeep, "", n, fmt.Sprintf("嵌套超过 %d 层", maxDepth))
			return nil, errors.New("too deep")
		}
		if t == '{' {
			n.kind = 'o'
			seen := map[string]bool{}
			for dec.More() {
				koff := d.skipSpace(int(dec.InputOffset()))
				d.tokenStart = koff
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k := kt.(string)
				if seen[k] {
					d.add(CodeDuplicateKey, "", &node{off: koff}, fmt.Sprintf("字段 %q 重复出现", k))
					return nil, errors.New("duplicate key")
				}
				seen[k] = true
				v, err := d.value(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k)
				n.keyOffs = append(n.keyOffs, koff)
				n.elems = append(n.elems, v)
			}
		} else {
			n.kind = 'a'
			for dec.More() {
				v, err := d.value(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, v)
			}
		}
		if _, err := dec.Token(); err != nil {
			return nil, err
		}
	case string:
		n.kind, n.str = 's', t
	case json.Number:
		n.kind, n.num = 'n', t
	case bool:
		n.kind, n.b = 'b', t
	case nil:
		n.kind = 'z'
	}
	return n, nil
}

// skipSpace moves off past whitespace and the separators the tokenizer
// consumes silently, so a node's offset points at its first character.
func (d *decoder) skipSpace(off int) int {
	for off < len(d.data) && strings.IndexByte(" \t\r\n,:", d.data[off]) >= 0 {
		off++
	}
	return off
}

var (
	wanType  = reflect.TypeFor[Wan]()
	boolPtr  = reflect.TypeFor[*bool]()
	formPath = reflect.TypeFor[Kind]().PkgPath()
)

// enumName returns the enumeration a type draws its values from, if any.
func enumName(t reflect.Type) string {
	if t.PkgPath() != formPath {
		return ""
	}
	if _, ok := enumValues[t.Name()]; ok {
		return t.Name()
	}
	return ""
}

var jsonTypeNames = map[byte]string{'o': "对象", 'a': "数组", 's': "字符串", 'n': "数字", 'b': "true/false", 'z': "null"}

func (d *decoder) wrongType(path string, n *node, want string) {
	d.add(CodeWrongType, path, n, fmt.Sprintf("应为%s，实际为%s", want, jsonTypeNames[n.kind]))
}

// assign stores n into v, recording a problem for every mismatch.
func (d *decoder) assign(path string, n *node, v reflect.Value) {
	if n.kind == 'z' {
		return // null is the same as absent
	}
	t := v.Type()
	switch {
	case t == wanType:
		if n.kind != 'n' {
			d.wrongType(path, n, "数字（万元）")
			return
		}
		w, err := ParseWan(n.num.String())
		if err != nil {
			d.add(CodeBadNumber, path, n, err.Error())
			return
		}
		v.SetInt(int64(w))
	case t == boolPtr:
		if n.kind != 'b' {
			d.wrongType(path, n, " true 或 false")
			return
		}
		b := n.b
		v.Set(reflect.ValueOf(&b))
	case t.Kind() == reflect.Bool:
		if n.kind != 'b' {
			d.wrongType(path, n, " true 或 false")
			return
		}
		v.SetBool(n.b)
	case t.Kind() == reflect.String:
		if n.kind != 's' {
			d.wrongType(path, n, "字符串")
			return
		}
		if name := enumName(t); name != "" && n.str != "" && !d.anyEnum && !inEnum(name, n.str) {
			d.add(CodeBadEnum, path, n, fmt.Sprintf("%q 不是允许的取值；可选：%s", n.str, strings.Join(enumValues[name], "、")))
			return
		}
		if t.Name() == "Kind" {
			return // checked by DecodeBytes before assign
		}
		v.SetString(n.str)
	case t.Kind() == reflect.Int:
		i, err := strconv.ParseInt(n.num.String(), 10, 32)
		if n.kind != 'n' {
			d.wrongType(path, n, "整数")
			return
		}
		if err != nil {
			f, ferr := n.num.Float64()
			if ferr != nil || f != float64(int32(f)) {
				d.add(CodeBadNumber, path, n, fmt.Sprintf("%s 不是整数", n.num))
				return
			}
			i = int64(f)
		}
		v.SetInt(i)
	case t.Kind() == reflect.Slice:
		if n.kind != 'a' {
			d.wrongType(path, n, "数组 […]")
			return
		}
		s := reflect.MakeSlice(t, len(n.elems), len(n.elems))
		for i, e := range n.elems {
			d.assign(fmt.Sprintf("%s[%d]", path, i), e, s.Index(i))
		}
		v.Set(s)
	case t.Kind() == reflect.Struct:
		if n.kind != 'o' {
			d.wrongType(path, n, "对象 {…}")
			return
		}
		for i, k := range n.keys {
			f, ok := fieldByJSONName(t, k)
			if !ok {
				d.add(CodeUnknownField, path+"."+k, &node{off: n.keyOffs[i]}, fmt.Sprintf("未知字段 %q；请对照 shenbao schema 检查字段名", k))
				continue
			}
			d.assign(path+"."+k, n.elems[i], v.FieldByIndex(f.Index))
		}
	default:
		panic("form: unsupported field type " + t.String())
	}
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

func fieldByJSONName(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if f := t.Field(i); jsonName(f) == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}
