package form

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/bast-tools/shenbao/edition"
)

//go:embed schema.json
var schemaJSON []byte

// Schema returns the JSON Schema (draft 2020-12) of the document format. It
// accepts exactly what [Decode] accepts; requiredness, formats and lengths
// are left to [Validate], which reports them as findings.
func Schema() []byte { return append([]byte(nil), schemaJSON...) }

// generateSchema derives the schema from the model types, the same types
// the decoder walks. schema.json is its committed output (go test -update).
func generateSchema() []byte {
	g := &schemaGen{defs: map[string]any{}}
	var variants []any
	for _, k := range kinds {
		variants = append(variants, map[string]any{"$ref": "#/$defs/" + g.def(reflect.TypeOf(New(k)).Elem())})
	}
	root := map[string]any{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$id":         "https://github.com/bast-tools/shenbao/form/schema.json",
		"title":       "卓越工程师选拔培育项目申报数据（申报书、推荐函）",
		"description": "One document: kind individual (个人申报书), team (团队申报书) or letter (推荐函与推荐汇总表). Any field may be null or omitted; shenbao validate reports what is missing.",
		"oneOf":       variants,
		"$defs":       g.defs,
	}
	b, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

type schemaGen struct{ defs map[string]any }

func nullable(t string) []string { return []string{t, "null"} }

func (g *schemaGen) def(t reflect.Type) string {
	if _, ok := g.defs[t.Name()]; ok {
		return t.Name()
	}
	g.defs[t.Name()] = nil // reserve against recursion
	props := map[string]any{}
	obj := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	for i := range t.NumField() {
		f := t.Field(i)
		name := jsonName(f)
		if f.Type == reflect.TypeFor[Kind]() {
			k := strings.ToLower(t.Name())
			props[name] = map[string]any{"const": k}
			obj["required"] = []string{name}
			continue
		}
		s := g.schemaOf(f.Type)
		if zh := f.Tag.Get("zh"); zh != "" {
			s["description"] = zh
		}
		switch help := f.Tag.Get("help"); help {
		case "":
		case "fields":
			// The fields a notice emphasises are suggestions, not a
			// closed list ("着重面向以下领域…等").
			ed := edition.Latest()
			s["description"] = fmt.Sprintf("%s。%s年通知着重面向的领域见 examples；其他领域也可填写，由评审人员确认", s["description"], ed.Edition)
			s["examples"] = ed.Fields
		default:
			s["description"] = fmt.Sprintf("%s。%s", s["description"], help)
		}
		props[name] = s
	}
	if t.Name() != "Individual" && t.Name() != "Team" && t.Name() != "Letter" {
		obj["type"] = nullable("object")
	}
	g.defs[t.Name()] = obj
	return t.Name()
}

func (g *schemaGen) schemaOf(t reflect.Type) map[string]any {
	switch {
	case t == wanType:
		return map[string]any{"type": nullable("number"), "multipleOf": 0.0001, "maximum": 1e12, "minimum": -1e12}
	case t == boolPtr || t.Kind() == reflect.Bool:
		return map[string]any{"type": nullable("boolean")}
	case t.Kind() == reflect.String:
		s := map[string]any{"type": nullable("string")}
		if name := enumName(t); name != "" {
			vals := []any{"", nil}
			for _, v := range enumValues[name] {
				vals = append(vals, v)
			}
			s["enum"] = vals
		}
		return s
	case t.Kind() == reflect.Int:
		return map[string]any{"type": nullable("integer"), "minimum": -1 << 31, "maximum": 1<<31 - 1}
	case t.Kind() == reflect.Slice:
		return map[string]any{"type": nullable("array"), "items": g.schemaOf(t.Elem())}
	case t.Kind() == reflect.Struct:
		return map[string]any{"$ref": "#/$defs/" + g.def(t)}
	}
	panic("form: no schema for " + t.String())
}
