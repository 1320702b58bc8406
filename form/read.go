package form

import (
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode"

	"github.com/bast-tools/shenbao/edition"
	"github.com/bast-tools/shenbao/fonts"
)

// Finding codes of [Validate] that depend on the edition, the fonts or the
// characters of a value.
const (
	CodeUnknownEdition = edition.CodeUnknown
	CodeBadChannel     = "bad_channel"
	CodeGlyphMissing   = "glyph_missing"
	CodeControlChar    = "control_char"
	CodeBidiControl    = "bidi_control"
)

// Read is the one way in for a record from outside: it decodes one JSON
// document, normalises it and validates it. The error is a *DecodeError
// when the input is not a usable document at all (not JSON, wrong types,
// unknown fields); everything else, a value outside an enumeration
// included, is a finding at its JSON path, so one pass lists every problem.
func Read(r io.Reader, opt Options) (Document, []Finding, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocumentSize+1))
	if err != nil {
		return nil, nil, err
	}
	return ReadBytes(data, opt)
}

// ReadBytes is [Read] on a byte slice.
func ReadBytes(data []byte, opt Options) (Document, []Finding, error) {
	doc, err := decodeBytes(data, true)
	if err != nil {
		return nil, nil, err
	}
	Normalize(doc)
	return doc, Validate(doc, opt), nil
}

// Edition returns the edition a document names.
func Edition(doc Document) (*edition.Edition, error) {
	return edition.Load(editionName(doc))
}

func editionName(doc Document) string {
	switch d := doc.(type) {
	case *Individual:
		return d.Edition
	case *Team:
		return d.Edition
	case *Letter:
		return d.Edition
	}
	return ""
}

// editionChecks reports an edition that is not known and a channel that
// is not one of the edition's.
func (v *validator) editionChecks(doc Document) {
	name := editionName(doc)
	if name == "" {
		return // reported as required
	}
	ed, err := edition.Load(name)
	if err != nil {
		v.add(CodeUnknownEdition, "$.edition", "届次", err.Error())
		return
	}
	channel := reflect.ValueOf(doc).Elem().FieldByName("Channel").String()
	if _, ok := ed.Channel(channel); channel != "" && !ok {
		v.add(CodeBadChannel, "$.channel", "推荐渠道", fmt.Sprintf("%q 不是 %s 年的推荐渠道；可选：%s", channel, ed.Edition, strings.Join(ed.ChannelNames(), "、")))
	}
}

// longText is the length limit from which a free-text field may hold
// paragraphs (line breaks) and tabs.
const longText = 200

// characters checks the characters of one string value: no control
// characters (a line break or tab only in long free text), no
// bidirectional controls anywhere (the documents are drawn left to right,
// and an override would let a name or number read differently on screen
// than it is stored), and a glyph in the fonts for every character.
func (v *validator) characters(path, label, s string, long bool) {
	var ctl, bidi, missing []rune
	for _, r := range s {
		switch {
		case (r == '\n' || r == '\t') && long:
		case unicode.Is(unicode.Cc, r):
			ctl = appendOnce(ctl, r)
		case isBidiControl(r):
			bidi = appendOnce(bidi, r)
		case v.glyphs != nil && !v.hasGlyph(r):
			missing = appendOnce(missing, r)
		}
	}
	if len(ctl) > 0 {
		hint := "请删除这些字符"
		if !long {
			hint = "本栏只能填写一行文字，请删除换行、制表符等控制字符"
		}
		v.add(CodeControlChar, path, label, fmt.Sprintf("含有控制字符 %s；%s", runeList(ctl), hint))
	}
	if len(bidi) > 0 {
		v.add(CodeBidiControl, path, label, fmt.Sprintf("含有改变文字方向的不可见字符 %s，会使显示内容与实际内容不一致，请删除后重新填写", runeList(bidi)))
	}
	if len(missing) > 0 {
		v.add(CodeGlyphMissing, path, label, fmt.Sprintf("字体中没有 %s，无法打印；请改用常用字（如生僻字可用拼音或同音常用字加注）", runeList(missing)))
	}
}

// isBidiControl reports the explicit directional formatting characters of
// Unicode's bidi algorithm (embeddings, overrides, isolates) and the
// directional marks.
func isBidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C
}

func (v *validator) hasGlyph(r rune) bool {
	if ok, seen := v.glyphSeen[r]; seen {
		return ok
	}
	ok := true
	for _, role := range fonts.Roles() {
		if _, err := v.glyphs.Face(role, r); err != nil {
			ok = false
			break
		}
	}
	v.glyphSeen[r] = ok
	return ok
}

func appendOnce(rs []rune, r rune) []rune {
	for _, x := range rs {
		if x == r {
			return rs
		}
	}
	return append(rs, r)
}

func runeList(rs []rune) string {
	var parts []string
	for _, r := range rs {
		if unicode.IsPrint(r) {
			parts = append(parts, fmt.Sprintf("“%c”（U+%04X）", r, r))
		} else {
			parts = append(parts, fmt.Sprintf("U+%04X", r))
		}
	}
	return strings.Join(parts, "、")
}
