package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/bast-tools/shenbao/fonts"
)

func init() { subcommands = append(subcommands, newFontsCmd) }

// fontsMaxCheckFile bounds --file; application data is far smaller.
const fontsMaxCheckFile = 32 << 20

var fontsRoleLabels = map[fonts.Role]string{
	fonts.Serif:    "正文（宋体类）",
	fonts.Sans:     "标题（黑体类）",
	fonts.SansBold: "大标题（黑体粗）",
}

func newFontsCmd() *cobra.Command {
	var text, file, dir string
	var asJSON, verbose bool
	cmd := &cobra.Command{
		Use:   "fonts [--text STRING | --file FILE] [--dir DIR] [--verbose] [--json]",
		Short: "列出所用字体，检查文字是否都有字形",
		Long: `fonts 列出每种用途（正文、标题、大标题）依次使用的字体：字族、许可、字形数与覆盖范围。

加 --text 或 --file 时检查其中每个字符是否有字体可用，只回答检查结果：缺字（文件注明行号；JSON 文件还注明字段路径）
或“全部有字形”；加 --verbose 时再列出字体。
--file 可以是任意 UTF-8 文本或 JSON（检查 JSON 中的字符串值，含 \uXXXX 转义）；- 为标准输入。
--dir 指定用户字体文件夹：serif/、sans/、sans-bold/ 子文件夹中的字体用于对应用途，
文件夹根下的字体用于全部用途；用户字体优先，内置字体兜底。只接受 TrueType（.ttf）。

退出码：0 无缺字；1 有缺字；2 输入不可用（文件无法读取、非 UTF-8、字体不可用）。`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if text != "" && file != "" {
				return &problem{codeUsage, "--text 与 --file 只能选一个"}
			}
			return runFonts(cmd, text, file, dir, asJSON, verbose)
		},
	}
	f := cmd.Flags()
	f.StringVar(&text, "text", "", "要检查的文字")
	f.StringVar(&file, "file", "", "要检查的 UTF-8 文本或 JSON 文件（- 为标准输入）")
	f.BoolVarP(&verbose, "verbose", "v", false, "检查时也列出所用字体")
	f.StringVar(&dir, "dir", "", "用户字体文件夹")
	f.BoolVar(&asJSON, "json", false, "输出 JSON")
	return cmd
}

type fontsReport struct {
	Roles []fontsRoleReport `json:"roles"`
	Check *fontsCheckReport `json:"check,omitempty"`
	Error *fontsErrJSON     `json:"error,omitempty"`
}

type fontsErrJSON struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type fontsRoleReport struct {
	Role     fonts.Role        `json:"role"`
	Chain    []fontsFaceReport `json:"chain"`
	Coverage []fonts.Coverage  `json:"coverage"` // of the whole chain
}

type fontsFaceReport struct {
	Family     string           `json:"family"`
	Style      string           `json:"style"`
	PostScript string           `json:"postscript_name"`
	Source     string           `json:"source"`
	License    string           `json:"license"`
	Glyphs     int              `json:"glyphs"`
	Chars      int              `json:"chars"`
	Coverage   []fonts.Coverage `json:"coverage"`
}

type fontsCheckReport struct {
	Source  string             `json:"source"` // "text" or the file path
	Chars   int                `json:"chars"`  // distinct characters checked
	Missing []fontsMissingChar `json:"missing"`
}

type fontsMissingChar struct {
	Char  string       `json:"char"`
	Code  string       `json:"code"`
	Roles []fonts.Role `json:"roles"` // roles whose chain lacks it
	Lines []int        `json:"lines,omitempty"`
	Paths []string     `json:"paths,omitempty"` // JSON field paths
}

func runFonts(cmd *cobra.Command, text, file, dir string, asJSON, verbose bool) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	fail := func(code, msg string) error {
		if asJSON {
			writeJSON(stdout, fontsReport{Error: &fontsErrJSON{code, msg}})
		} else {
			fmt.Fprintln(stderr, msg)
		}
		return exitError{exitUsage}
	}
	set := fonts.Embedded()
	if dir != "" {
		if err := checkDir("--dir", dir); err != nil {
			p := err.(*problem)
			return fail(p.Code, p.Message)
		}
		var err error
		if set, err = fonts.Open(dir); err != nil {
			return fail(fonts.CodeFontFile, "用户字体不可用："+err.Error())
		}
	}
	rep := fontsReport{}
	for _, role := range fonts.Roles() {
		rr := fontsRoleReport{Role: role, Coverage: set.Coverage(role)}
		for _, f := range set.Chain(role) {
			rr.Chain = append(rr.Chain, fontsFaceReport{
				Family: f.Family(), Style: f.Style(), PostScript: f.PostScriptName(), Source: f.Source(),
				License: f.License(), Glyphs: f.NumGlyphs(), Chars: f.NumChars(), Coverage: f.Coverage(),
			})
		}
		rep.Roles = append(rep.Roles, rr)
	}

	var spans []fontsTextSpan
	switch {
	case text != "":
		spans = []fontsTextSpan{{text: text}}
		rep.Check = &fontsCheckReport{Source: "text"}
	case file != "":
		data, err := readInput(cmd, file, fontsMaxCheckFile)
		if err != nil {
			p := err.(*problem)
			return fail(p.Code, p.Message)
		}
		if !utf8.Valid(data) {
			line := 1 + bytes.Count(data[:fontsInvalidUTF8At(data)], []byte("\n"))
			return fail("input_not_utf8", fmt.Sprintf("%s 第 %d 行：不是有效的 UTF-8，请先转换编码（例如 iconv -f GB18030 -t UTF-8）", displayName(file), line))
		}
		if spans, err = fontsJSONSpans(data); err != nil {
			spans = fontsLineSpans(data)
		}
		rep.Check = &fontsCheckReport{Source: displayName(file)}
	}
	if rep.Check != nil {
		rep.Check.Missing = []fontsMissingChar{}
		fontsCheckSpans(set, spans, rep.Check)
	}

	if asJSON {
		writeJSON(stdout, rep)
	} else {
		printFontsReport(stdout, rep, verbose || rep.Check == nil)
	}
	if rep.Check != nil && len(rep.Check.Missing) > 0 {
		return exitError{exitFindings}
	}
	return nil
}

// fontsTextSpan is a piece of checked text and where it came from.
type fontsTextSpan struct {
	text string
	line int    // 1-based; 0 for --text
	path string // JSON field path, if any
}

func fontsLineSpans(data []byte) []fontsTextSpan {
	var out []fontsTextSpan
	for i, l := range strings.Split(string(data), "\n") {
		out = append(out, fontsTextSpan{text: l, line: i + 1})
	}
	return out
}

// fontsJSONSpans returns the string values of a JSON document with their field
// paths and lines; object keys are names, not printed text, and are skipped.
func fontsJSONSpans(data []byte) ([]fontsTextSpan, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || (trimmed[0] != '{' && trimmed[0] != '[') {
		return nil, errors.New("not JSON")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	type frame struct {
		obj    bool
		key    string
		index  int
		expect bool // in an object: next string is a key
	}
	var stack []frame
	var out []fontsTextSpan
	path := func() string {
		var b strings.Builder
		for _, f := range stack {
			if f.obj {
				b.WriteString("." + f.key)
			} else {
				fmt.Fprintf(&b, "[%d]", f.index-1)
			}
		}
		return strings.TrimPrefix(b.String(), ".")
	}
	value := func() { // a value was read in the current container
		if n := len(stack); n > 0 {
			if stack[n-1].obj {
				stack[n-1].expect = true
			}
		}
	}
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if n := len(stack); n > 0 && !stack[n-1].obj {
			if d, ok := tok.(json.Delim); !ok || d != ']' {
				stack[n-1].index++
			}
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, frame{obj: true, expect: true})
			case '[':
				stack = append(stack, frame{})
			default:
				stack = stack[:len(stack)-1]
				value()
			}
		case string:
			if n := len(stack); n > 0 && stack[n-1].obj && stack[n-1].expect {
				stack[n-1].key, stack[n-1].expect = t, false
				continue
			}
			// The token starts after any whitespace or separator at start.
			off := int(start) + bytes.IndexByte(data[start:], '"')
			out = append(out, fontsTextSpan{text: t, line: 1 + bytes.Count(data[:off], []byte("\n")), path: path()})
			value()
		default:
			value()
		}
	}
	return out, nil
}

func fontsCheckSpans(set *fonts.Set, spans []fontsTextSpan, rep *fontsCheckReport) {
	index := map[rune]int{}
	distinct := map[rune]bool{}
	for _, sp := range spans {
		for _, r := range sp.text {
			distinct[r] = true
		}
		for _, role := range fonts.Roles() {
			err := set.Check(role, sp.text)
			var me *fonts.MissingError
			if !errors.As(err, &me) {
				continue
			}
			for _, r := range me.Runes {
				i, ok := index[r]
				if !ok {
					i = len(rep.Missing)
					index[r] = i
					rep.Missing = append(rep.Missing, fontsMissingChar{Char: string(r), Code: fmt.Sprintf("U+%04X", r)})
				}
				m := &rep.Missing[i]
				m.Roles = fontsAppendNew(m.Roles, role)
				if sp.line > 0 {
					m.Lines = fontsAppendNew(m.Lines, sp.line)
				}
				if sp.path != "" {
					m.Paths = fontsAppendNew(m.Paths, sp.path)
				}
			}
		}
	}
	rep.Chars = len(distinct)
}

func fontsAppendNew[T comparable](s []T, v T) []T {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// printFontsReport prints the answer to a check first, then, if list, the
// fonts in use.
func printFontsReport(w io.Writer, rep fontsReport, list bool) {
	if rep.Check != nil {
		printFontsCheck(w, rep.Check)
	}
	if !list {
		return
	}
	if rep.Check != nil {
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "所用字体（按优先顺序）：")
	for _, rr := range rep.Roles {
		fmt.Fprintf(w, "\n%s %s\n", fontsRoleLabels[rr.Role], rr.Role)
		for i, f := range rr.Chain {
			src := "内置"
			if f.Source != "embedded" {
				src = f.Source
			}
			fmt.Fprintf(w, "  %d. %s %s（%s）  许可：%s  字形 %d  字符 %d\n",
				i+1, f.Family, f.Style, src, fontsOneLine(f.License, 60), f.Glyphs, f.Chars)
			fmt.Fprintf(w, "     覆盖：%s\n", fontsCoverageLine(f.Coverage))
		}
		fmt.Fprintf(w, "  合计覆盖：%s\n", fontsCoverageLine(rr.Coverage))
	}
}

func printFontsCheck(w io.Writer, c *fontsCheckReport) {
	src := "--text"
	if c.Source != "text" {
		src = c.Source
	}
	fmt.Fprintf(w, "检查 %s：%d 个不同字符，", src, c.Chars)
	if len(c.Missing) == 0 {
		fmt.Fprintln(w, "全部有字形。")
		return
	}
	fmt.Fprintf(w, "缺字 %d 个：\n", len(c.Missing))
	for _, m := range c.Missing {
		var roles []string
		for _, r := range m.Roles {
			roles = append(roles, string(r))
		}
		fmt.Fprintf(w, "  %s %s  缺于 %s", fontsPrintableChar(m.Char), m.Code, strings.Join(roles, "、"))
		if len(m.Lines) > 0 {
			fmt.Fprintf(w, "  第 %s 行", fontsJoinInts(m.Lines, 10))
		}
		if len(m.Paths) > 0 {
			fmt.Fprintf(w, "  字段 %s", strings.Join(m.Paths[:min(len(m.Paths), 5)], "、"))
		}
		fmt.Fprintln(w)
	}
}

func fontsCoverageLine(cs []fonts.Coverage) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("%s %d/%d", c.Label, c.Have, c.Total))
	}
	return strings.Join(parts, "，")
}

func fontsPrintableChar(s string) string {
	r, _ := utf8.DecodeRuneInString(s)
	if strconv.IsPrint(r) && r != ' ' {
		return s
	}
	return strconv.QuoteRune(r)
}

func fontsJoinInts(v []int, limit int) string {
	var parts []string
	for i, n := range v {
		if i == limit {
			parts = append(parts, fmt.Sprintf("等 %d 处", len(v)))
			break
		}
		parts = append(parts, strconv.Itoa(n))
	}
	return strings.Join(parts, "、")
}

func fontsOneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func fontsInvalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}
