package form

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Beijing is the time zone of every deadline and of timestamps given
// without an offset. It is fixed at UTC+8 (China has no daylight saving
// time), so nothing depends on the machine's zoneinfo.
var Beijing = time.FixedZone("CST", 8*3600)

// Normalize rewrites doc in place into the one stored form of every value:
// Unicode NFC; surrounding spaces (including the ideographic space U+3000)
// trimmed; full-width digits and letters in identity numbers, phones,
// credit codes and e-mail turned into ASCII; dates, months and timestamps
// in the forms people type rewritten as YYYY-MM-DD, YYYY-MM and RFC 3339;
// line ends as LF, and tabs in long free text as spaces.
// A value it cannot read is left as it is, for [Validate] to report.
func Normalize(doc Document) {
	normalizeValue(reflect.ValueOf(doc).Elem())
}

func normalizeValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			normalizeValue(v.Field(i))
			// In long free text a tab is spacing pasted from a word
			// processor: store it as the space it is drawn as.
			if f := v.Field(i); f.Kind() == reflect.String && parseTags(v.Type().Field(i).Tag.Get("v")).max >= longText {
				f.SetString(strings.ReplaceAll(f.String(), "\t", " "))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			normalizeValue(v.Index(i))
		}
	case reflect.String:
		v.SetString(normalizeString(v.Type().Name(), v.String()))
	}
}

func normalizeString(typeName, s string) string {
	s = norm.NFC.String(s)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n") // a lone CR is an old Mac line end
	s = strings.TrimFunc(s, unicode.IsSpace)
	switch typeName {
	case "IDNumber", "CreditCode":
		return strings.ToUpper(removeSpaces(width.Narrow.String(s)))
	case "Mobile":
		s = removeSpaces(width.Narrow.String(s))
		s = strings.TrimPrefix(strings.TrimPrefix(s, "+86"), "86-")
		return strings.ReplaceAll(s, "-", "")
	case "Phone":
		s = removeSpaces(width.Narrow.String(s))
		return strings.ReplaceAll(s, "—", "-")
	case "Email":
		return strings.ToLower(removeSpaces(width.Narrow.String(s)))
	case "Date":
		if d, ok := ParseDate(s); ok {
			return d.Format(time.DateOnly)
		}
	case "Month":
		if y, m, ok := parseMonth(s); ok {
			return fmt.Sprintf("%04d-%02d", y, m)
		}
	case "Timestamp":
		if t, ok := ParseTimestamp(s); ok {
			return t.Format(time.RFC3339)
		}
	}
	return s
}

func removeSpaces(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

var (
	dateRE  = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)
	monthRE = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$`)
)

// ParseDate reads a calendar date written as 2026-04-27, 2026/4/27,
// 2026.4.27 or 2026年4月27日 (full-width digits allowed), rejecting dates
// that do not exist such as 2026-02-30.
func ParseDate(s string) (time.Time, bool) {
	m := dateRE.FindStringSubmatch(width.Narrow.String(strings.TrimSpace(s)))
	if m == nil {
		return time.Time{}, false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d || y < 1900 {
		return time.Time{}, false
	}
	return t, true
}

func parseMonth(s string) (int, int, bool) {
	m := monthRE.FindStringSubmatch(width.Narrow.String(strings.TrimSpace(s)))
	if m == nil {
		return 0, 0, false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	if mo < 1 || mo > 12 || y < 1900 {
		return 0, 0, false
	}
	return y, mo, true
}

// ParseMonth reads a month such as 2026-04, 2026.4 or 2026年4月 and returns
// its first day.
func ParseMonth(s string) (time.Time, bool) {
	y, m, ok := parseMonth(s)
	if !ok {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC), true
}

// ParseTimestamp reads an RFC 3339 instant, or a local time
// "2026-04-27 23:59:59" / "2026-04-27T23:59:59" taken as Beijing time.
func ParseTimestamp(s string) (time.Time, bool) {
	s = width.Narrow.String(strings.TrimSpace(s))
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(Beijing), true
	}
	for _, layout := range []string{time.DateTime, "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, Beijing); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
