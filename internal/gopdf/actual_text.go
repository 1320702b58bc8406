package gopdf

// PATCH(shenbao): marked content with /ActualText, so text drawn with wide
// character spacing (a letter-spaced title) extracts and is found by search
// as the word it is; PDF 32000-1 14.9.4.

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
)

type cacheContentActualText struct {
	text string
	end  bool
}

func (c *cacheContentActualText) write(w io.Writer, protection *PDFProtection) error {
	if c.end {
		_, err := io.WriteString(w, "EMC\n")
		return err
	}
	var b strings.Builder
	b.WriteString("/Span <</ActualText <FEFF")
	for _, u := range utf16.Encode([]rune(c.text)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">>> BDC\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// BeginActualText starts a marked-content sequence whose text, for
// extraction and search, is text instead of the glyphs drawn in it; end
// it with EndActualText.
func (gp *GoPdf) BeginActualText(text string) {
	gp.getContent().listCache.append(&cacheContentActualText{text: text})
}

// EndActualText ends the sequence BeginActualText started.
func (gp *GoPdf) EndActualText() {
	gp.getContent().listCache.append(&cacheContentActualText{end: true})
}
