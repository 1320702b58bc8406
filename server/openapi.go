package server

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/bast-tools/shenbao/form"
)

//go:embed openapi.json
var openapiSource []byte

// OpenAPI returns the OpenAPI 3.1 document of the service, as served at
// GET /openapi.json: the routes of openapi.json with the document schema
// (form.Schema) and the examples (form.Sample) filled in, so neither can
// drift from the data model.
func OpenAPI() ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(openapiSource, &doc); err != nil {
		return nil, fmt.Errorf("server: openapi.json: %w", err)
	}
	comp := doc["components"].(map[string]any)
	var schema any
	if err := json.Unmarshal(form.Schema(), &schema); err != nil {
		return nil, fmt.Errorf("server: form schema: %w", err)
	}
	comp["schemas"].(map[string]any)["Document"] = schema

	samples := map[form.Kind]any{}
	examples := comp["examples"].(map[string]any)
	for _, k := range form.Kinds() {
		b, err := form.Sample(k, false)
		if err != nil {
			return nil, err
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			return nil, err
		}
		samples[k] = v
		examples[string(k)].(map[string]any)["value"] = v
	}
	examples["round"].(map[string]any)["value"] = map[string]any{
		"documents": []any{samples[form.KindIndividual], samples[form.KindTeam], samples[form.KindLetter]},
		"districts": map[string]any{"edition": "2026", "districts": map[string]any{"海淀区": map[string]int{"individual": 3, "team": 2}}},
	}
	invalid, err := invalidSample()
	if err != nil {
		return nil, err
	}
	examples["invalid"].(map[string]any)["value"] = invalid

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// invalidSample is the individual sample with a wrong check digit in the
// applicant's identity number.
func invalidSample() (any, error) {
	b, err := form.Sample(form.KindIndividual, false)
	if err != nil {
		return nil, err
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, err
	}
	app := v["applicant"].(map[string]any)
	id := app["id_number"].(string)
	last := byte('0')
	if id[len(id)-1] == '0' {
		last = '1'
	}
	app["id_number"] = id[:len(id)-1] + string(last)
	return v, nil
}
