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

// CodeFormat is the format tag and version that opens every page code.
const CodeFormat = "SB1"

// Code is what the QR code on a page says. Its text form uses only
// characters of the QR alphanumeric mode (upper case, digits, ":/.-"),
// which keeps the symbol small:
//
//	SB1:2026:INDIVIDUAL:1.0:<doc id>:<page>/<pages>:<page digest>:<record digest>
//
// Digests are the first 8 bytes of a SHA-256, base32 without padding.
type Code struct {
	Edition      string
	Kind         string // individual, team or letter
	Version      string // template version
	DocID        string
	Page, Pages  int
	PageDigest   string
	RecordDigest string
}

func (c Code) String() string {
	return strings.Join([]string{CodeFormat, c.Edition, strings.ToUpper(c.Kind), c.Version, c.DocID,
		fmt.Sprintf("%d/%d", c.Page, c.Pages), c.PageDigest, c.RecordDigest}, ":")
}

// ParseCode reads the text of a page code.
func ParseCode(s string) (Code, error) {
	f := strings.Split(s, ":")
	if len(f) != 8 || f[0] != CodeFormat {
		return Code{}, fmt.Errorf("pdfgen: %q is not a page code of format %s", s, CodeFormat)
	}
	c := Code{Edition: f[1], Kind: strings.ToLower(f[2]), Version: f[3], DocID: f[4], PageDigest: f[6], RecordDigest: f[7]}
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

// short is the first 8 bytes of a digest in base32 (13 characters).
func short(d [32]byte) string { return b32.EncodeToString(d[:8]) }

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

// qrModules encodes text as a QR code (error correction level M) and
// returns its dark modules as a square matrix.
func qrModules(text string) ([][]bool, error) {
	qr, err := encoder.Encoder_encodeWithoutHint(text, decoder.ErrorCorrectionLevel_M)
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
