package pdfgen

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"strconv"
	"strings"

	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/encoder"
)

// CodeFormat is the format tag and version that opens every page code
// printed now. ParseCode also reads codes of the older format SB1, on
// paper printed before SB2.
const CodeFormat = "SB2"

// Code is what the QR code on a page says. Its text form uses only
// characters of the QR alphanumeric mode (upper case, digits, ":/."):
//
//	SB2:2026:I:1.0:<doc id>:<page>/<pages>:<page digest>:<record digest>
//
// The kind is one letter (I individual, T team, L letter); the document id
// and the digests are the first 5 bytes of a SHA-256 in base32 (8
// characters, 40 bits: a page printed from other data goes unnoticed once
// in a trillion). That keeps the text at 47 characters or fewer, which
// fits a version 2 symbol (25 modules): in the 24 mm box the page
// reserves for the symbol and its quiet zone of four modules, a module is
// 24/33 = 0.73 mm, over 4 pixels at 150 dpi, which ZBar and ZXing both read without upscaling. SB1 took
// 13 characters per digest and spelled the kind out, which needed version
// 4 (33 modules, 3.5 pixels per module at 150 dpi), too small for ZBar.
//
// The symbol uses error correction level L (7 %): the page code sits in
// the page's top-right margin, where no seal or signature goes, and the
// four corner marks locate the page if the code is lost; a clearer
// module does more for a 150-dpi scan than more redundancy would.
type Code struct {
	Edition      string
	Kind         string // individual, team or letter
	Version      string // template version
	DocID        string
	Page, Pages  int
	PageDigest   string
	RecordDigest string
}

// kindLetters abbreviates the kinds in SB2 codes.
var kindLetters = map[string]string{"individual": "I", "team": "T", "letter": "L"}

func (c Code) String() string {
	k := kindLetters[c.Kind]
	if k == "" {
		k = strings.ToUpper(c.Kind)
	}
	return strings.Join([]string{CodeFormat, c.Edition, k, c.Version, c.DocID,
		fmt.Sprintf("%d/%d", c.Page, c.Pages), c.PageDigest, c.RecordDigest}, ":")
}

// ParseCode reads the text of a page code of format SB2 or SB1.
func ParseCode(s string) (Code, error) {
	f := strings.Split(s, ":")
	if len(f) != 8 || (f[0] != CodeFormat && f[0] != "SB1") {
		return Code{}, fmt.Errorf("pdfgen: %q is not a page code of format %s or SB1", s, CodeFormat)
	}
	// One letter names a kind in either format, so that every code
	// parsed prints and parses again to the same Code.
	kind := strings.ToLower(f[2])
	for k, l := range kindLetters {
		if l == strings.ToUpper(f[2]) {
			kind = k
		}
	}
	c := Code{Edition: f[1], Kind: kind, Version: f[3], DocID: f[4], PageDigest: f[6], RecordDigest: f[7]}
	n, m, ok := strings.Cut(f[5], "/")
	var err1, err2 error
	c.Page, err1 = strconv.Atoi(n)
	c.Pages, err2 = strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || c.Page < 1 || c.Page > c.Pages {
		return Code{}, fmt.Errorf("pdfgen: page code %q: bad page number %q", s, f[5])
	}
	return c, nil
}

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// short is the first 5 bytes of a digest in base32 (8 characters).
func short(d [32]byte) string { return b32.EncodeToString(d[:5]) }

// pageDigest hashes what a page shows of the record: for each field zone
// in order, its paths and the text shown there.
func pageDigest(p *page) [32]byte {
	h := sha256.New()
	for _, s := range p.shown {
		h.Write([]byte(s.paths))
		h.Write([]byte{0x1f})
		h.Write([]byte(s.text))
		h.Write([]byte{0x1e})
	}
	var d [32]byte
	h.Sum(d[:0])
	return d
}

// qrModules encodes text as a QR code (error correction level L, see
// Code) and returns its dark modules as a square matrix.
func qrModules(text string) ([][]bool, error) {
	qr, err := encoder.Encoder_encodeWithoutHint(text, decoder.ErrorCorrectionLevel_L)
	if err != nil {
		return nil, fmt.Errorf("pdfgen: page code: %w", err)
	}
	m := qr.GetMatrix()
	out := make([][]bool, m.GetHeight())
	for y := range out {
		out[y] = make([]bool, m.GetWidth())
		for x := range out[y] {
			out[y][x] = m.Get(x, y) == 1
		}
	}
	return out, nil
}
