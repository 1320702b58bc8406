package fonts

import (
	_ "embed"
	"strings"
	"sync"
)

//go:embed build/tonggui-8105.txt
var tongguiText string

var tonggui = sync.OnceValue(func() []rune {
	var rs []rune
	for _, line := range strings.Split(tongguiText, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			rs = append(rs, []rune(line)[0])
		}
	}
	return rs
})

// Tonggui returns the 8105 characters of 通用规范汉字表 (2013), in table
// order: 3500 common, then 3000, then 1605 (196 of them above U+FFFF).
func Tonggui() []rune { return append([]rune(nil), tonggui()...) }

// Block is a named set of characters a coverage report counts.
type Block struct {
	Name  string // English, stable: used in JSON
	Label string // Chinese, for people
	Runes func() []rune
}

func span(lo, hi rune) func() []rune {
	return func() []rune {
		rs := make([]rune, 0, hi-lo+1)
		for r := lo; r <= hi; r++ {
			rs = append(rs, r)
		}
		return rs
	}
}

// Blocks returns the character sets the embedded faces promise to cover.
func Blocks() []Block { return append([]Block(nil), blocks...) }

var blocks = []Block{
	{"ascii", "ASCII", span(0x20, 0x7E)},
	{"cjk-punctuation", "中文标点", func() []rune {
		return []rune("、。，；：？！“”‘’（）《》〈〉【】〔〕「」『』—…·～")
	}},
	{"fullwidth", "全角字符", span(0xFF01, 0xFF5E)},
	{"cjk-unified", "CJK 基本区 U+4E00–9FFF", span(0x4E00, 0x9FFF)},
	{"cjk-ext-a", "CJK 扩展 A", span(0x3400, 0x4DBF)},
	{"tonggui-8105", "通用规范汉字表 8105 字", tonggui},
}

// Coverage counts how many characters of a Block a face (or chain) has.
type Coverage struct {
	Block   string `json:"block"`
	Label   string `json:"label"`
	Have    int    `json:"have"`
	Total   int    `json:"total"`
	Missing []rune `json:"-"` // in block order
}

// Coverage reports, for each of Blocks(), how many characters the face has.
func (f *Face) Coverage() []Coverage {
	return coverage(func(r rune) bool { return f.Has(r) })
}

// Coverage reports, for each of Blocks(), how many characters some face of
// role's chain has.
func (s *Set) Coverage(role Role) []Coverage {
	chain := s.chains[role]
	return coverage(func(r rune) bool {
		for _, f := range chain {
			if f.Has(r) {
				return true
			}
		}
		return false
	})
}

func coverage(has func(rune) bool) []Coverage {
	var out []Coverage
	for _, b := range blocks {
		rs := b.Runes()
		c := Coverage{Block: b.Name, Label: b.Label, Total: len(rs)}
		for _, r := range rs {
			if has(r) {
				c.Have++
			} else {
				c.Missing = append(c.Missing, r)
			}
		}
		out = append(out, c)
	}
	return out
}
