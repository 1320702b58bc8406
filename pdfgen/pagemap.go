package pdfgen

import (
	"encoding/json"
	"io"
	"math"
)

// Zone kinds.
const (
	ZoneField     = "field"     // a field's value (Paths)
	ZoneSignature = "signature" // a box to sign in (ID)
	ZoneSeal      = "seal"      // a box to seal in (ID); on a letter it lies over the printed 落款 and date
	ZoneDate      = "date"      // a 「年 月 日」 blank filled in by hand (ID of its signature or seal)
	ZonePageCode  = "page_code" // the QR code, with its quiet zone
	ZoneMark      = "mark"      // a corner registration mark (ID tl, tr, bl, br)
)

// PageMapFormat names the page map's JSON format.
const PageMapFormat = "shenbao-pagemap/1"

// PageMap lists, for every page, every zone with its box in millimetres
// from the top-left corner of the page. The layout is a pure function of
// the data, the template version and the fonts, so a verifier can
// recompute it.
type PageMap struct {
	Format       string     `json:"format"`
	Kind         string     `json:"kind"`
	Edition      string     `json:"edition"`
	Template     string     `json:"template"` // kind-edition@version
	Version      string     `json:"template_version"`
	DocID        string     `json:"doc_id"`
	RecordDigest string     `json:"record_digest"` // hex SHA-256 of the canonical JSON
	PageSize     [2]float64 `json:"page_size_mm"`
	// Fonts names the faces the layout used ("NotoSerifCJKsc-Regular
	// (embedded)"): the layout depends on them, so a verifier recomputing
	// it must use the same.
	Fonts []string   `json:"fonts"`
	Pages []PageInfo `json:"pages"`
}

// PageInfo is one page of a page map.
type PageInfo struct {
	Number int  `json:"number"`
	Filler bool `json:"filler,omitempty"` // （此页无正文）
	// Landscape: the page's content is set rotated on the portrait sheet,
	// its top at the sheet's left edge, and the PDF page has /Rotate 90 so
	// that viewers show it upright. Zones, the page code and the marks are
	// in sheet coordinates like every page's.
	Landscape bool   `json:"landscape,omitempty"`
	Digest    string `json:"digest"` // hex SHA-256 of the data on the page
	Code      string `json:"code"`   // the page code's text
	Zones     []Zone `json:"zones"`
}

// Zone is a region of a page.
type Zone struct {
	Kind  string   `json:"kind"`
	ID    string   `json:"id,omitempty"`
	Label string   `json:"label,omitempty"` // signature, seal and date zones: a name for people (成员 4 张三 签字)
	Paths []string `json:"paths,omitempty"`
	Box   Box      `json:"box"`
}

// Box is a rectangle in millimetres from the page's top-left corner.
type Box struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
	W float64 `json:"w"`
	H float64 `json:"h"`
}

// boxMM converts a box in points to millimetres, rounded to 0.01 mm so the
// JSON is stable.
func boxMM(x, y, w, h float64) Box {
	r := func(v float64) float64 { return math.Round(v/mm*100) / 100 }
	return Box{r(x), r(y), r(w), r(h)}
}

// WriteJSON writes the page map as indented JSON.
func (m *PageMap) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc.Encode(m)
}
