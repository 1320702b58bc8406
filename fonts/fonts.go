// Package fonts provides the typefaces shenbao draws documents with: embedded
// defaults that need nothing installed, optional user-supplied TrueType fonts
// in front of them, and the per-document font subsets that gopdf embeds and
// the raster backend draws.
//
// # Roles and chains
//
// Text is drawn in a [Role]: [Serif] (宋体-style body text and tables),
// [Sans] (黑体-style headings) or [SansBold] (titles). Each role has a chain
// of faces; a character is drawn with the first face in the chain that has
// it. The embedded faces close every chain:
//
//	Serif     Noto Serif CJK SC Regular
//	Sans      Noto Sans CJK SC Regular
//	SansBold  Noto Sans CJK SC Bold
//
// converted to TrueType outlines and subset to ASCII and Latin-1, Greek,
// common symbols, CJK punctuation and full-width forms, all of CJK Unified
// Ideographs (U+4E00–U+9FFF) and Extension A, and all 8105 characters of
// 通用规范汉字表 (196 of them outside the BMP); see fonts/build. They carry
// mainland punctuation forms and proportional Latin. Licence: SIL OFL 1.1
// (fonts/licenses).
//
// A character that no face in the chain has is an error that lists the
// characters ([*MissingError]); nothing is ever drawn as a blank or a space
// (shenbao's patched gopdf, internal/gopdf, refuses such characters too).
//
// Methods of a [Face] do not return errors: embedded faces are verified by
// this package's tests and user fonts are parsed when the Set is made. A
// Face reached through [Set.Face], [Set.Runs] or [Set.Chain] is ready to use.
//
// # Drawing a PDF
//
// Measure with [Face.Advance] (em units: multiply by the font size), collect
// what each face draws in a [Usage], embed each of [Usage.Subsets] in the
// PDF under the family name [Usage.Family] and select it by that name. See
// the package example; package pdfgen does this for shenbao's documents.
//
// # Drawing an image
//
// [Face.Subset] returns a small TrueType font for the characters given;
// [Subset.Font] parses it with golang.org/x/image/font/opentype and
// [Subset.RasterFace] returns a font.Face at a size and resolution.
//
// # Cost
//
// [Embedded] is free; a face's metrics and character map are decoded on
// first use (about 1 ms per face). Glyph outlines are stored in chunks of 32
// glyphs: those of ASCII, punctuation and the 8105 common characters
// uncompressed, read in place; the rarer ones deflated, inflated on first
// use and kept for the life of the process (at most about 28 MB).
package fonts

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// Role is what a piece of text is for; each role has its own chain of faces.
type Role string

// The roles.
const (
	Serif    Role = "serif"     // 宋体-style: body text, tables, field values
	Sans     Role = "sans"      // 黑体-style: headings
	SansBold Role = "sans-bold" // bold 黑体: titles
)

// Roles lists every role, in a fixed order.
func Roles() []Role { return []Role{Serif, Sans, SansBold} }

func (r Role) valid() bool { return r == Serif || r == Sans || r == SansBold }

// Error codes, stable for callers and JSON reports.
const (
	CodeMissingGlyph = "font_missing_glyph"
	CodeFontFile     = "font_file_unusable"
	CodeUnknownRole  = "font_unknown_role"
)

// ErrUnknownRole is returned for a Role other than Serif, Sans and SansBold.
var ErrUnknownRole = errors.New("fonts: unknown role")

// MissingError lists characters that no face in a role's chain has (or,
// from Face.Subset, that one face lacks). The caller adds where they occur
// (a field path, a line).
type MissingError struct {
	Role  Role   // set by Set methods
	Face  string // set by Face.Subset: the face's Key
	Runes []rune // in order of first appearance, each once
}

// Code returns CodeMissingGlyph.
func (e *MissingError) Code() string { return CodeMissingGlyph }

func (e *MissingError) Error() string {
	var b strings.Builder
	if e.Role != "" {
		fmt.Fprintf(&b, "fonts: no %s font has %d character(s): ", e.Role, len(e.Runes))
	} else {
		fmt.Fprintf(&b, "fonts: font %s lacks %d character(s): ", e.Face, len(e.Runes))
	}
	for i, r := range e.Runes {
		if i > 0 {
			b.WriteString(", ")
		}
		if i == 20 {
			fmt.Fprintf(&b, "and %d more", len(e.Runes)-20)
			break
		}
		fmt.Fprintf(&b, "%s (U+%04X)", printable(r), r)
	}
	return b.String()
}

// printable quotes characters that would not show in a message.
func printable(r rune) string {
	if unicode.IsPrint(r) && r != ' ' {
		return string(r)
	}
	return fmt.Sprintf("%q", r)
}

// FileError reports a user font file that cannot be used, and why.
type FileError struct {
	Path string
	Err  error
}

// Code returns CodeFontFile.
func (e *FileError) Code() string { return CodeFontFile }

func (e *FileError) Error() string { return fmt.Sprintf("fonts: %s: %v", e.Path, e.Err) }

func (e *FileError) Unwrap() error { return e.Err }

// Set holds a chain of faces per role. It is safe for concurrent use.
type Set struct {
	chains map[Role][]*Face
}

// Chain returns the faces of role, first choice first.
func (s *Set) Chain(role Role) []*Face {
	return append([]*Face(nil), s.chains[role]...)
}

// Face returns the first face in role's chain that has r, or a
// *MissingError when none has it.
func (s *Set) Face(role Role, r rune) (*Face, error) {
	if !role.valid() {
		return nil, fmt.Errorf("%w %q", ErrUnknownRole, role)
	}
	for _, f := range s.chains[role] {
		ok, err := f.has(r)
		if err != nil {
			return nil, err
		}
		if ok {
			return f, nil
		}
	}
	return nil, &MissingError{Role: role, Runes: []rune{r}}
}

// skip reports characters that are layout, not glyphs: control characters
// such as newline and tab.
func skip(r rune) bool { return unicode.Is(unicode.Cc, r) }

// Check returns a *MissingError listing every character of text that no face
// in role's chain has, or nil. Control characters (newline, tab) are not
// checked: layout handles them.
func (s *Set) Check(role Role, text string) error {
	_, err := s.Runs(role, text)
	return err
}

// Run is a stretch of text drawn with one face.
type Run struct {
	Face *Face
	Text string
}

// Runs splits text into stretches each drawn with one face of role's chain.
// Control characters stay in the run they occur in. If some characters are
// in no face, it returns a *MissingError listing them all.
func (s *Set) Runs(role Role, text string) ([]Run, error) {
	if !role.valid() {
		return nil, fmt.Errorf("%w %q", ErrUnknownRole, role)
	}
	var runs []Run
	var missing []rune
	seen := map[rune]bool{}
	start := 0
	var cur *Face
	for i, r := range text {
		if skip(r) {
			continue
		}
		f, err := s.Face(role, r)
		var me *MissingError
		if errors.As(err, &me) {
			if !seen[r] {
				seen[r] = true
				missing = append(missing, r)
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		switch {
		case cur == nil:
			cur = f // leading control characters join the first run
		case f != cur:
			runs = append(runs, Run{cur, text[start:i]})
			cur, start = f, i
		}
	}
	if len(missing) > 0 {
		return nil, &MissingError{Role: role, Runes: missing}
	}
	if cur == nil {
		if text == "" {
			return nil, nil
		}
		// Only control characters: give them to the first face.
		if c := s.chains[role]; len(c) > 0 {
			return []Run{{c[0], text}}, nil
		}
		return nil, nil
	}
	return append(runs, Run{cur, text[start:]}), nil
}
