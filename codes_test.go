package shenbao

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var codeValue = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// sourceCodes collects the problem codes the module can emit: string
// constants named Code…/code…, Code: fields of literals, fail("code", …)
// calls and code := "…" assignments, outside tests and the vendored gopdf.
func sourceCodes(t *testing.T) map[string][]string {
	t.Helper()
	codes := map[string][]string{}
	add := func(v, file string) {
		if codeValue.MatchString(v) && !strings.Contains(strings.Join(codes[v], " "), file) {
			codes[v] = append(codes[v], file)
		}
	}
	lit := func(e ast.Expr) (string, bool) {
		bl, ok := e.(*ast.BasicLit)
		if !ok || bl.Kind != token.STRING {
			return "", false
		}
		v, err := strconv.Unquote(bl.Value)
		return v, err == nil
	}
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "gopdf", "testdata", "bench":
				return filepath.SkipDir
			}
			if strings.HasPrefix(d.Name(), ".") && p != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.ValueSpec:
				for i, name := range x.Names {
					if strings.HasPrefix(strings.ToLower(name.Name), "code") && i < len(x.Values) {
						if v, ok := lit(x.Values[i]); ok {
							add(v, p)
						}
					}
				}
			case *ast.KeyValueExpr:
				if k, ok := x.Key.(*ast.Ident); ok && k.Name == "Code" {
					if v, ok := lit(x.Value); ok {
						add(v, p)
					}
				}
			case *ast.CallExpr:
				if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "fail" && len(x.Args) > 0 {
					if v, ok := lit(x.Args[0]); ok {
						add(v, p)
					}
				}
			case *ast.AssignStmt:
				for i, l := range x.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name == "code" && i < len(x.Rhs) {
						if v, ok := lit(x.Rhs[i]); ok {
							add(v, p)
						}
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return codes
}

// readmeCodes reads the code column of the README's Codes table.
func readmeCodes(t *testing.T) map[string]bool {
	t.Helper()
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(data), "\n## Codes\n")
	if !ok {
		t.Fatal("README has no ## Codes section")
	}
	sec, _, _ = strings.Cut(sec, "\n## ")
	codes := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z0-9_]+)` \\|").FindAllStringSubmatch(sec, -1) {
		if codes[m[1]] {
			t.Errorf("README lists %s twice", m[1])
		}
		codes[m[1]] = true
	}
	return codes
}

// TestCodesTable: every code in the source is in the README's table, and
// every code in the table is still emitted somewhere.
func TestCodesTable(t *testing.T) {
	src, doc := sourceCodes(t), readmeCodes(t)
	if len(src) < 50 || len(doc) < 50 {
		t.Fatalf("found %d codes in the source and %d in the README; the scan is broken", len(src), len(doc))
	}
	var undocumented, stale []string
	for c, files := range src {
		if !doc[c] {
			undocumented = append(undocumented, c+" ("+strings.Join(files, ", ")+")")
		}
	}
	for c := range doc {
		if src[c] == nil {
			stale = append(stale, c)
		}
	}
	sort.Strings(undocumented)
	sort.Strings(stale)
	for _, c := range undocumented {
		t.Errorf("code %s is not in the README's Codes table", c)
	}
	for _, c := range stale {
		t.Errorf("README's Codes table lists %s, which nothing emits", c)
	}
}

// TestCodesInOpenAPI: the OpenAPI document lists the same codes as the
// README's table, so a program reading the contract knows every code a
// route or a finding may carry.
func TestCodesInOpenAPI(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("server", "openapi.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas struct {
				Code struct {
					OneOf []struct {
						Const string `json:"const"`
					} `json:"oneOf"`
				} `json:"Code"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	api := map[string]bool{}
	for _, c := range doc.Components.Schemas.Code.OneOf {
		api[c.Const] = true
	}
	readme := readmeCodes(t)
	for c := range readme {
		if !api[c] {
			t.Errorf("code %s is in the README's table but not in server/openapi.json (components.schemas.Code)", c)
		}
	}
	for c := range api {
		if !readme[c] {
			t.Errorf("server/openapi.json lists code %s, which the README's table does not", c)
		}
	}
}
