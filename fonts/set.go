package fonts

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/bast-tools/shenbao/fonts/internal/fontfile"
)

var (
	//go:embed data/serif.sbfp
	serifPack []byte
	//go:embed data/sans.sbfp
	sansPack []byte
	//go:embed data/sansbold.sbfp
	sansBoldPack []byte
	//go:embed data/fallback.sbfp
	fallbackPack []byte
	//go:embed data/fallbackbold.sbfp
	fallbackBoldPack []byte
)

// EmbeddedLicense names the licence of the embedded faces; the full text is
// in fonts/licenses/OFL-1.1-NotoCJK.txt.
const EmbeddedLicense = "SIL OFL 1.1"

var embedded = sync.OnceValue(newEmbedded)

// newEmbedded makes the embedded faces, not yet decoded.
func newEmbedded() map[Role][]*Face {
	mk := func(key string, pack []byte) *Face {
		return &Face{key: key, source: "embedded", license: EmbeddedLicense,
			load: func() (*fontfile.Font, error) { return fontfile.DecodePack(pack) }}
	}
	// The fallbacks hold the few ideographs of the coverage that Noto CJK
	// 2.00x lacks (U+9FEB–9FFF, U+4DB6–4DBF, and some symbols).
	fallback, fallbackBold := mk("shenbao-fallback", fallbackPack), mk("shenbao-fallback-bold", fallbackBoldPack)
	return map[Role][]*Face{
		Serif:    {mk("shenbao-serif", serifPack), fallback},
		Sans:     {mk("shenbao-sans", sansPack), fallback},
		SansBold: {mk("shenbao-sans-bold", sansBoldPack), fallbackBold},
	}
}

// Embedded returns the set of embedded faces. It is cheap: faces are
// decoded on first use and shared by every Set in the process.
func Embedded() *Set {
	s := &Set{chains: map[Role][]*Face{}}
	for role, chain := range embedded() {
		s.chains[role] = chain
	}
	return s
}

// Options choose user fonts to put in front of the embedded ones.
type Options struct {
	// Dir is a directory laid out as described at Open; empty for none.
	Dir string
	// Files lists TrueType files per role, tried in this order, before the
	// fonts found in Dir.
	Files map[Role][]string
	// NoEmbedded leaves the embedded faces out of the chains, for
	// organisations that must print with their licensed fonts only.
	NoEmbedded bool
}

// Open returns a set with the user fonts in dir in front of the embedded
// faces. Fonts in dir/serif, dir/sans and dir/sans-bold join that role's
// chain; fonts directly in dir join every chain after them (a catch-all,
// such as a font for rare characters). Files are taken in name order; only
// .ttf and .otf (TrueType outlines) are read, and .ttc files are refused with
// a message saying how to extract a face.
func Open(dir string) (*Set, error) { return New(Options{Dir: dir}) }

// New returns a set built from opts.
func New(opts Options) (*Set, error) {
	s := &Set{chains: map[Role][]*Face{}}
	loaded := map[string]*fontfile.Font{}
	keys := map[string]int{}
	add := func(role Role, path string) error {
		font, ok := loaded[path]
		if !ok {
			var err error
			if font, err = readFont(path); err != nil {
				return err
			}
			loaded[path] = font
		}
		for _, f := range s.chains[role] {
			if f.source == path {
				return nil
			}
		}
		key := font.PostScript
		keys[key]++
		if n := keys[key]; n > 1 {
			key = fmt.Sprintf("%s-%d", key, n)
		}
		license := font.License
		if license == "" {
			license = "user-supplied (no licence named in the font)"
		}
		s.chains[role] = append(s.chains[role], &Face{key: key, source: path, license: license,
			load: func() (*fontfile.Font, error) { return font, nil }})
		return nil
	}
	for r := range opts.Files {
		if !r.valid() {
			return nil, fmt.Errorf("%w %q in Options.Files", ErrUnknownRole, r)
		}
	}
	for _, role := range Roles() {
		for _, p := range opts.Files[role] {
			if err := add(role, p); err != nil {
				return nil, err
			}
		}
	}
	if opts.Dir != "" {
		common, err := fontFiles(opts.Dir)
		if err != nil {
			return nil, err
		}
		for _, role := range Roles() {
			own, err := fontFiles(filepath.Join(opts.Dir, string(role)))
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
			for _, p := range append(own, common...) {
				if err := add(role, p); err != nil {
					return nil, err
				}
			}
		}
	}
	if !opts.NoEmbedded {
		for role, chain := range embedded() {
			s.chains[role] = append(s.chains[role], chain...)
		}
	}
	for _, role := range Roles() {
		if len(s.chains[role]) == 0 {
			return nil, fmt.Errorf("fonts: no font for role %s: add one or keep the embedded fonts", role)
		}
	}
	return s, nil
}

// fontFiles lists the font files directly in dir, in name order.
func fontFiles(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("fonts: font directory: %w", err)
	}
	var out []string
	for _, e := range ents {
		switch strings.ToLower(filepath.Ext(e.Name())) {
		case ".ttf", ".otf", ".ttc", ".otc":
			if e.Type().IsRegular() || e.Type()&fs.ModeSymlink != 0 {
				out = append(out, filepath.Join(dir, e.Name()))
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

func readFont(path string) (*fontfile.Font, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, &FileError{path, err}
	}
	if st.Size() > fontfile.MaxFileSize {
		return nil, &FileError{path, fmt.Errorf("%w: %d bytes, more than the %d allowed",
			fontfile.ErrMalformed, st.Size(), fontfile.MaxFileSize)}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &FileError{path, err}
	}
	font, err := fontfile.Parse(data)
	if err != nil {
		return nil, &FileError{path, err}
	}
	return font, nil
}
