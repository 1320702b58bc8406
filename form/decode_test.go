package form

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func decodeProblem(t *testing.T, data []byte) Problem {
	t.Helper()
	_, err := DecodeBytes(data)
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("DecodeBytes(%.60q) error = %v, want *DecodeError", data, err)
	}
	return de.Problems[0]
}

func TestDecodeErrors(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(`{"kind":"individual","field":"集成电路"}`))
	tests := []struct {
		name      string
		in        string
		code      string
		path      string
		line, col int
	}{
		{"empty", "", CodeEmpty, "", 0, 0},
		{"spaces", " \n\t", CodeEmpty, "", 0, 0},
		{"not json", "申报人：张明远", CodeNotJSON, "", 1, 1},
		{"pdf renamed", "%PDF-1.7\n", CodeNotJSON, "", 1, 1},
		{"gbk", string(gbk), CodeEncoding, "", 0, 0},
		{"utf16", "\xff\xfe{\x00}\x00", CodeEncoding, "", 0, 0},
		{"truncated", "{\n  \"kind\": \"individual\",\n  \"applicant\": {\"name\": \"张", CodeSyntax, "", 3, 27},
		{"trailing comma", "{\n  \"kind\": \"individual\",\n}", CodeSyntax, "", 3, 1},
		{"chinese quotes", "{\n  \"kind\": “individual”\n}", CodeSyntax, "", 2, 11},
		{"extra content", `{"kind":"individual"} {}`, CodeSyntax, "", 1, 23},
		{"array", `[{"kind":"individual"}]`, CodeWrongType, "$", 1, 1},
		{"no kind", `{"edition":"2026"}`, CodeBadKind, "$.kind", 1, 1},
		{"bad kind", `{"kind":"personal"}`, CodeBadKind, "$.kind", 1, 9},
		{"unknown field", "{\"kind\":\"individual\",\n \"applicant\": {\"nmae\": \"张明远\"}}", CodeUnknownField, "$.applicant.nmae", 2, 16},
		{"wrong type", `{"kind":"team","members":[{"name":"李静","birth_date":19880304}]}`, CodeWrongType, "$.members[0].birth_date", 1, 53},
		{"bool as string", `{"kind":"individual","previously_funded":"否"}`, CodeWrongType, "$.previously_funded", 1, 42},
		{"bad enum", `{"kind":"individual","projects":[{"level":"国家级项目"}]}`, CodeBadEnum, "$.projects[0].level", 1, 43},
		{"amount decimals", `{"kind":"individual","budget":{"total":5.00001}}`, CodeBadNumber, "$.budget.total", 1, 40},
		{"amount as string", `{"kind":"individual","budget":{"total":"5"}}`, CodeWrongType, "$.budget.total", 1, 40},
		{"rank not integer", `{"kind":"letter","recommendations":[{"rank":1.5}]}`, CodeBadNumber, "$.recommendations[0].rank", 1, 45},
		{"duplicate key", `{"kind":"individual","field":"集成电路","field":"人工智能"}`, CodeDuplicateKey, "", 1, 37},
		{"deep", strings.Repeat("[", 100) + strings.Repeat("]", 100), CodeTooDeep, "", 1, 33},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := decodeProblem(t, []byte(tt.in))
			if p.Code != tt.code || p.Path != tt.path || p.Line != tt.line || p.Column != tt.col {
				t.Errorf("got %s at %q line %d col %d (%s), want %s at %q line %d col %d",
					p.Code, p.Path, p.Line, p.Column, p.Message, tt.code, tt.path, tt.line, tt.col)
			}
			if p.Message == "" {
				t.Error("empty message")
			}
		})
	}
}

func TestDecodeTooLarge(t *testing.T) {
	big := append([]byte(`{"kind":"individual","achievements":"`), bytes.Repeat([]byte("a"), MaxDocumentSize)...)
	if p := decodeProblem(t, big); p.Code != CodeTooLarge {
		t.Fatalf("code %s, want %s", p.Code, CodeTooLarge)
	}
	if _, err := Decode(bytes.NewReader(append(big, `"}`...))); err == nil {
		t.Fatal("Decode accepted an oversized document")
	}
}

func TestDecodeListsAllProblems(t *testing.T) {
	_, err := DecodeBytes([]byte(`{"kind":"individual","foo":1,"applicant":{"sex":"M","bar":2},"budget":{"total":"5"}}`))
	var de *DecodeError
	if !errors.As(err, &de) || len(de.Problems) != 4 {
		t.Fatalf("got %v, want 4 problems", err)
	}
}

func TestDecodeNullIsAbsent(t *testing.T) {
	doc, err := DecodeBytes([]byte(`{"kind":"individual","applicant":null,"projects":null,"budget":{"total":null},"previously_funded":null}`))
	if err != nil {
		t.Fatal(err)
	}
	if d := doc.(*Individual); d.PreviouslyFunded != nil || d.Projects != nil {
		t.Fatalf("null decoded as a value: %+v", d)
	}
}

// TestCanonicalStable: key order and spacing do not change the digest, a
// changed value does.
func TestCanonicalStable(t *testing.T) {
	a, _ := DecodeBytes([]byte(`{"kind":"letter","recommender":"甲","channel":"区科协"}`))
	b, _ := DecodeBytes([]byte("{ \"channel\" : \"区科协\",\n\"recommender\":\"甲\", \"kind\":\"letter\"}"))
	c, _ := DecodeBytes([]byte(`{"kind":"letter","recommender":"乙","channel":"区科协"}`))
	if Digest(a) != Digest(b) || Digest(a) == Digest(c) {
		t.Fatalf("digests: %x %x %x", Digest(a), Digest(b), Digest(c))
	}
}

func FuzzDecodeValidate(f *testing.F) {
	for _, k := range kinds {
		data, _ := Sample(k, false)
		f.Add(data)
	}
	f.Add([]byte(`{"kind":"team","members":[{"birth_date":"1990年1月1日","leader":true}]}`))
	f.Add([]byte(`{"kind":"individual","education":[{"start":"2010-09","end":"2003-01","full_time":true}],"work":[{"start":"2005-01"}]}`))
	f.Add([]byte(`{"kind":"individual","applicant":{"sex":"男性","name":"张\u202e\u0007"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, strictErr := DecodeBytes(data)
		doc, findings, err := ReadBytes(data, Options{Now: today, SkipGlyphs: true}) // font decoding would stall the fuzzer
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) || len(de.Problems) == 0 || de.Error() == "" {
				t.Fatalf("error %v is not a useful *DecodeError", err)
			}
			if strictErr == nil {
				t.Fatalf("the way in refuses what the strict decoder accepts: %v", err)
			}
			return
		}
		for _, f := range findings {
			if f.Code == "" || !strings.HasPrefix(f.Path, "$") || f.Message == "" {
				t.Fatalf("bad finding %+v", f)
			}
		}
		// Normalising twice changes nothing.
		before := Canonical(doc)
		Normalize(doc)
		if !bytes.Equal(before, Canonical(doc)) {
			t.Fatalf("Normalize is not idempotent")
		}
	})
}
