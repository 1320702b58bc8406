package main

import (
	"encoding/json"
	"testing"
)

// FuzzFontsJSONSpans checks the JSON walker behind `fonts --file` never
// panics and reports every string value of a document it accepts.
func FuzzFontsJSONSpans(f *testing.F) {
	f.Add([]byte(`{"a":"张三","b":[{"c":"x\ud83d\ude00"},1,true,null,"d"]}`))
	f.Add([]byte(`[["a"],{"k":{"k2":"v"}},"\n"]`))
	f.Add([]byte("{\n\"a\":\n  \"b\"}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		spans, err := fontsJSONSpans(data)
		if err != nil {
			return
		}
		var v any
		if json.Unmarshal(data, &v) != nil {
			return // the token stream accepted a prefix only
		}
		// Unmarshal keeps one value per duplicated key, the walker all.
		if want := countStrings(v); len(spans) < want {
			t.Fatalf("%d spans, want at least %d string values", len(spans), want)
		}
		for _, s := range spans {
			if s.line < 1 {
				t.Fatalf("span %q has line %d", s.text, s.line)
			}
		}
	})
}

func countStrings(v any) int {
	switch x := v.(type) {
	case string:
		return 1
	case []any:
		n := 0
		for _, e := range x {
			n += countStrings(e)
		}
		return n
	case map[string]any:
		n := 0
		for _, e := range x {
			n += countStrings(e)
		}
		return n
	}
	return 0
}
