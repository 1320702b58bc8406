package server

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const openapiURL = "https://shenbao.test/openapi.json"

var (
	apiOnce     sync.Once
	apiDoc      map[string]any
	apiCompiler *jsonschema.Compiler
	apiErr      error
)

// openapiSchemas loads the served document once and returns it with a
// compiler that resolves "#/components/schemas/…" inside it.
func openapiSchemas(t testing.TB) (map[string]any, *jsonschema.Compiler) {
	t.Helper()
	apiOnce.Do(func() {
		var b []byte
		if b, apiErr = OpenAPI(); apiErr != nil {
			return
		}
		if apiErr = json.Unmarshal(b, &apiDoc); apiErr != nil {
			return
		}
		var inst any
		if inst, apiErr = jsonschema.UnmarshalJSON(bytes.NewReader(b)); apiErr != nil {
			return
		}
		apiCompiler = jsonschema.NewCompiler()
		apiErr = apiCompiler.AddResource(openapiURL, inst)
	})
	if apiErr != nil {
		t.Fatal(apiErr)
	}
	return apiDoc, apiCompiler
}

// validateAgainst checks body against a schema of the document, named by
// a JSON pointer such as "#/components/schemas/Error".
func validateAgainst(t testing.TB, pointer string, body []byte) error {
	t.Helper()
	_, c := openapiSchemas(t)
	sch, err := c.Compile(openapiURL + pointer)
	if err != nil {
		t.Fatalf("compile %s: %v", pointer, err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }

// deref follows a local "$ref" of the document.
func deref(doc map[string]any, v map[string]any) map[string]any {
	ref, ok := v["$ref"].(string)
	if !ok {
		return v
	}
	cur := any(doc)
	for _, p := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		cur = obj(cur)[p]
	}
	return obj(cur)
}

func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc, _ := openapiSchemas(t)
	s, _ := newTestServer(t, Config{})
	var documented, served []string
	for path, item := range obj(doc["paths"]) {
		for method, op := range obj(item) {
			documented = append(documented, strings.ToUpper(method)+" "+path)
			if !strings.HasPrefix(path, "/v1/") {
				continue
			}
			// Every operation that does work documents every error the
			// frame can return.
			responses := obj(obj(op)["responses"])
			for _, status := range []string{"200", "400", "401", "408", "413", "415", "429", "503"} {
				if _, ok := responses[status]; !ok {
					t.Errorf("%s %s does not document %s", method, path, status)
				}
			}
		}
	}
	for _, rt := range s.routes {
		served = append(served, rt.method+" "+rt.pattern)
	}
	sort.Strings(documented)
	sort.Strings(served)
	if !slices.Equal(documented, served) {
		t.Errorf("documented operations\n\t%v\nserved routes\n\t%v", documented, served)
	}

	w := req{method: "GET", path: "/openapi.json"}.do(t, s)
	want, _ := OpenAPI()
	if !bytes.Equal(w.Body.Bytes(), want) {
		t.Error("GET /openapi.json differs from OpenAPI()")
	}
}

// TestOpenAPIExamples sends every JSON request example of the document to
// the server and checks the answer against the documented responses.
func TestOpenAPIExamples(t *testing.T) {
	doc, _ := openapiSchemas(t)
	s, _ := newTestServer(t, Config{})
	n := 0
	for path, item := range obj(doc["paths"]) {
		for method, op := range obj(item) {
			media := obj(obj(obj(obj(op)["requestBody"])["content"])["application/json"])
			if media == nil {
				continue
			}
			reqSchema := "#/paths/" + strings.ReplaceAll(strings.ReplaceAll(path, "~", "~0"), "/", "~1") + "/" + method + "/requestBody/content/application~1json/schema"
			for name, ex := range obj(media["examples"]) {
				ex := deref(doc, obj(ex))
				t.Run(method+" "+path+" "+name, func(t *testing.T) {
					n++
					body, err := json.Marshal(ex["value"])
					if err != nil || ex["value"] == nil {
						t.Fatalf("example %s has no value", name)
					}
					want := 200
					if st, ok := ex["x-status"].(float64); ok {
						want = int(st)
					}
					if err := validateAgainst(t, reqSchema, body); (err == nil) != (want == 200) {
						t.Errorf("example against the request schema: %v (expected status %d)", err, want)
					}
					target := path
					if strings.Contains(path, "{document}") {
						kind, _ := obj(ex["value"])["kind"].(string)
						target = strings.ReplaceAll(path, "{document}", kind)
					}
					w := req{method: strings.ToUpper(method), path: target, body: body}.do(t, s)
					if w.Code != want {
						t.Fatalf("status %d, want %d: %s", w.Code, want, truncate(w.Body.String()))
					}
					checkDocumented(t, doc, obj(op), w)
				})
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d examples", n)
	}
}

// checkDocumented checks that the status and content type of w are
// documented for op, and that a JSON body fits the documented schema.
func checkDocumented(t *testing.T, doc, op map[string]any, w *httptest.ResponseRecorder) {
	t.Helper()
	resp := obj(obj(op["responses"])[strconv.Itoa(w.Code)])
	if resp == nil {
		t.Fatalf("status %d is not documented", w.Code)
	}
	ptr := ""
	if ref, ok := resp["$ref"].(string); ok {
		ptr = ref
		resp = deref(doc, resp)
	}
	ct, _, _ := strings.Cut(w.Header().Get("Content-Type"), ";")
	content := obj(obj(resp["content"])[ct])
	if content == nil {
		t.Fatalf("status %d: content type %q is not documented", w.Code, ct)
	}
	if !strings.HasSuffix(ct, "json") {
		return
	}
	schema := "#/components/schemas/Error"
	if ptr == "" {
		s := obj(content["schema"])
		ref, _ := s["$ref"].(string)
		if ref == "" {
			return
		}
		schema = ref
	}
	if err := validateAgainst(t, schema, w.Body.Bytes()); err != nil {
		t.Errorf("response does not fit %s: %v\n%s", schema, err, truncate(w.Body.String()))
	}
}

func TestOpenAPIErrorCodes(t *testing.T) {
	doc, _ := openapiSchemas(t)
	var enum []string
	for _, v := range obj(obj(obj(obj(obj(doc["components"])["schemas"])["Error"])["properties"])["code"])["enum"].([]any) {
		enum = append(enum, v.(string))
	}
	for _, code := range []string{CodeBadRequest, CodeDecodeFailed, CodeInvalidData, CodeKindMismatch, CodeUnknownDocument,
		CodeRenderRefused, CodeManifestInvalid, CodeUnauthorized, CodeNotFound, CodeMethod, CodeNotAcceptable, CodeBodyTimeout,
		CodeTooLarge, CodeMediaType, CodeUnprocessable, CodeBusy, CodeInternal, CodeTimeout, CodeNotReady} {
		if !slices.Contains(enum, code) {
			t.Errorf("error code %q is not in the Error schema", code)
		}
	}
}
