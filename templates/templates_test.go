package templates

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestEmbeddedTemplates(t *testing.T) {
	for _, kind := range []string{"individual", "team", "letter"} {
		tpl, err := Load(kind, "2026", Options{})
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if tpl.ID() != kind+"-2026@1.0" {
			t.Errorf("%s: id %s", kind, tpl.ID())
		}
	}
	known, err := Known("")
	if err != nil || !slices.Equal(known, []string{"individual-2026@1.0", "letter-2026@1.0", "team-2026@1.0"}) {
		t.Errorf("Known() = %v, %v", known, err)
	}
}

func TestSizeNames(t *testing.T) {
	for name, pt := range map[string]Size{"初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18,
		"三号": 16, "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9, "11": 11} {
		got, err := ParseSize(name)
		if err != nil || got != pt {
			t.Errorf("ParseSize(%q) = %v, %v; want %v", name, got, err, pt)
		}
	}
	for _, bad := range []string{"大四", "", "-3", "1e9"} {
		if _, err := ParseSize(bad); err == nil {
			t.Errorf("ParseSize(%q) accepted", bad)
		}
	}
}

func embeddedFile(t *testing.T, kind string) string {
	t.Helper()
	data, err := builtin.ReadFile("data/" + kind + "-2026-1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestParseRejects(t *testing.T) {
	base := embeddedFile(t, "individual")
	tests := []struct{ name, from, to, want string }{
		{"unknown key", `"kind": "individual",`, `"kind": "individual", "colour": 1,`, "unknown field"},
		{"bad size name", `"size": "小四"`, `"size": "大四"`, "size name"},
		{"bad block type", `{"type": "pagebreak"}`, `{"type": "pagebrake"}`, "unknown block type"},
		{"row spans", `[{"label": "姓名"}, {"value": "{applicant.name}"},`, `[{"label": "姓名"}, {"value": "{applicant.name}", "span": 2},`, "spans 7 columns"},
		{"margins", `"top": 32,`, `"top": 10,`, "page code"},
		{"kind", `"kind": "individual"`, `"kind": "memo"`, "kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(base, tt.from) {
				t.Fatalf("template lacks %q", tt.from)
			}
			_, err := Parse([]byte(strings.Replace(base, tt.from, tt.to, 1)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error about %q", err, tt.want)
			}
		})
	}
}

func TestOverrideDirectory(t *testing.T) {
	dir := t.TempDir()
	s := strings.Replace(embeddedFile(t, "team"), `"version": "1.0"`, `"version": "1.10"`, 1)
	if err := os.WriteFile(filepath.Join(dir, "team-2026-1.10.json"), []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	tpl, err := Load("team", "2026", Options{Dir: dir})
	if err != nil || tpl.Version != "1.10" {
		t.Fatalf("newest version: got %v, %v; want 1.10 (numeric order, 1.10 > 1.9 > 1.0)", tpl, err)
	}
	if tpl, err := Load("team", "2026", Options{Dir: dir, Version: "1.0"}); err != nil || tpl.Version != "1.0" {
		t.Fatalf("version 1.0: %v, %v", tpl, err)
	}
	_, err = Load("team", "2027", Options{Dir: dir})
	var ue *UnknownError
	if !errors.As(err, &ue) || ue.Code() != CodeUnknownTemplate || !slices.Contains(ue.Known, "team-2026@1.10") {
		t.Fatalf("edition 2027: got %v, want an UnknownError listing team-2026@1.10", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "broken.json"), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	var fe *FormatError
	if _, err := Load("team", "2026", Options{Dir: dir}); !errors.As(err, &fe) || !strings.Contains(err.Error(), "broken.json") {
		t.Fatalf("broken file: got %v, want a FormatError naming it", err)
	}
}

func TestVersionLess(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		less bool
	}{{"1.0", "1.1", true}, {"1.9", "1.10", true}, {"1.10", "1.9", false}, {"1", "1.0", true}, {"2.0", "10.0", true}} {
		if versionLess(tt.a, tt.b) != tt.less {
			t.Errorf("versionLess(%q, %q) = %v", tt.a, tt.b, !tt.less)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"kind":"letter","edition":"2026","version":"1"}`))
	f.Add([]byte(`{"styles":{"body":{"size":"小四"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tpl, err := Parse(data)
		if err == nil && (tpl.Kind == "" || tpl.Version == "") {
			t.Fatalf("accepted a template without kind or version: %q", data)
		}
	})
}
