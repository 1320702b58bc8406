package form

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

var update = flag.Bool("update", false, "rewrite golden files (schema.json)")

func TestSchemaUpToDate(t *testing.T) {
	got := generateSchema()
	if *update {
		if err := os.WriteFile("schema.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(got, Schema()) {
		t.Fatal("schema.json is stale: run go test ./form -run TestSchemaUpToDate -update and review the diff")
	}
}

func compileSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// mutations yields variants of a JSON document: an unknown key added to
// every object, and every value replaced by values of every JSON type,
// including enum values, amounts with too many decimals and huge numbers.
func mutations(v any, yield func(any)) {
	replacements := []any{"x", "", "国家级", "男", json.Number("1"), json.Number("1.5"), json.Number("0.00001"),
		json.Number("1e13"), json.Number("-5"), json.Number("3000000000"), true, nil, []any{}, map[string]any{}}
	var walk func(cur any, set func(any))
	walk = func(cur any, set func(any)) {
		for _, r := range replacements {
			set(r)
			yield(nil)
		}
		set(cur)
		switch c := cur.(type) {
		case map[string]any:
			c["zz_unknown"] = json.Number("1")
			yield(nil)
			delete(c, "zz_unknown")
			keys := make([]string, 0, len(c))
			for k := range c {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(c[k], func(x any) { c[k] = x })
			}
		case []any:
			for i := range c {
				walk(c[i], func(x any) { c[i] = x })
			}
		}
	}
	walk(v, func(any) {})
}

// TestSchemaAgreesWithDecoder proves the schema and the Go decoder accept
// and reject the same documents, over thousands of mutations of every
// sample. Duplicate keys and syntax errors are outside a schema's reach and
// are tested with the decoder alone.
func TestSchemaAgreesWithDecoder(t *testing.T) {
	schema := compileSchema(t)
	total, rejected := 0, 0
	for _, k := range kinds {
		// The maximal samples repeat the same rows; the normal ones already
		// reach every field.
		data, err := Sample(k, false)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var root any
		if err := dec.Decode(&root); err != nil {
			t.Fatal(err)
		}
		mutations(root, func(any) {
			b, err := json.Marshal(root)
			if err != nil {
				t.Fatal(err)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			schemaErr := schema.Validate(inst)
			_, decErr := DecodeBytes(b)
			total++
			if decErr != nil {
				rejected++
			}
			if (schemaErr == nil) != (decErr == nil) {
				t.Fatalf("disagree on %s\nschema: %v\ndecoder: %v", shorten(b), schemaErr, decErr)
			}
		})
	}
	if rejected == 0 || rejected == total {
		t.Fatalf("mutations not discriminating: %d of %d rejected", rejected, total)
	}
	t.Logf("%d mutated documents, %d rejected by both", total, rejected)
}

func shorten(b []byte) string {
	if len(b) > 400 {
		return fmt.Sprintf("%s…(%d bytes)", b[:400], len(b))
	}
	return string(b)
}
