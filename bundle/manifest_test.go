package bundle

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

func TestDecodeManifest(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []Entry
		errPath  string
	}{
		{"chinese and alias categories", `{"files":[{"path":"a.pdf","category":"身份证复印件","title":"身份证"},{"path":"b/c.jpg","category":"patent"},{"path":"d.png"}]}`,
			[]Entry{{"a.pdf", IDCard, "身份证"}, {"b/c.jpg", Patent, ""}, {"d.png", Other, ""}}, ""},
		{"empty list", `{"files":[]}`, []Entry{}, ""},
		{"unknown top field", `{"files":[],"extra":1}`, nil, "extra"},
		{"unknown file field", `{"files":[{"path":"a.pdf"},{"path":"b.pdf","titel":"x"}]}`, nil, "files[1].titel"},
		{"unknown category", `{"files":[{"path":"a.pdf","category":"护照"}]}`, nil, "files[0].category"},
		{"missing path", `{"files":[{"title":"x"}]}`, nil, "files[0].path"},
		{"empty path", `{"files":[{"path":"  "}]}`, nil, "files[0].path"},
		{"path not a string", `{"files":[{"path":3}]}`, nil, "files[0].path"},
		{"files not an array", `{"files":{}}`, nil, "files"},
		{"file null", `{"files":[null]}`, nil, "files[0]"},
		{"missing files", `{}`, nil, "files"},
		{"trailing data", `{"files":[]} {}`, nil, ""},
		{"not json", `files: []`, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := DecodeManifest(strings.NewReader(tc.in))
			if tc.want != nil {
				if err != nil {
					t.Fatal(err)
				}
				if len(m.Files) != len(tc.want) {
					t.Fatalf("got %v", m.Files)
				}
				for i := range tc.want {
					if m.Files[i] != tc.want[i] {
						t.Errorf("file %d: %+v, want %+v", i, m.Files[i], tc.want[i])
					}
				}
				return
			}
			var me *ManifestError
			if !errors.As(err, &me) {
				t.Fatalf("error %v, want *ManifestError", err)
			}
			if me.Path != tc.errPath {
				t.Errorf("error path %q (%v), want %q", me.Path, err, tc.errPath)
			}
		})
	}
}

func FuzzDecodeManifest(f *testing.F) {
	f.Add(`{"files":[{"path":"a.pdf","category":"身份证复印件","title":"身份证"}]}`)
	f.Add(`{"files":[{"path":"../x","category":"other"}]}`)
	f.Add(`{"files":[{"path":"a","bogus":[1,2,{"x":null}]}]}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, in string) {
		m, err := DecodeManifest(strings.NewReader(in))
		if err != nil {
			var me *ManifestError
			if !errors.As(err, &me) {
				t.Fatalf("error %T %v is not a *ManifestError", err, err)
			}
			return
		}
		for _, e := range m.Files {
			if strings.TrimSpace(e.Path) == "" || e.Category.rank() == len(categories) {
				t.Fatalf("accepted entry %+v", e)
			}
		}
	})
}

func TestScanDir(t *testing.T) {
	fsys := fstest.MapFS{
		"loose.pdf":          {},
		"专利/p1.pdf":          {},
		"专利/deeper/p2.jpg":   {},
		"patents/p3.pdf":     {},
		"营业执照/licence.jpg":   {},
		"职称_执业资格/title.pdf":  {},
		"随便的文件夹/x.png":       {},
		".hidden/secret.pdf": {},
		".DS_Store":          {},
		"身份证复印件/front.jpg":   {},
		"经济社会效益证明/2025年度财务报表（盖章）.pdf": {},
	}
	m, err := ScanDir(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{Path: "身份证复印件/front.jpg", Category: IDCard},
		{Path: "营业执照/licence.jpg", Category: BusinessLicence},
		{Path: "patents/p3.pdf", Category: Patent},
		{Path: "专利/deeper/p2.jpg", Category: Patent},
		{Path: "专利/p1.pdf", Category: Patent},
		{Path: "经济社会效益证明/2025年度财务报表（盖章）.pdf", Category: BenefitProof},
		{Path: "职称_执业资格/title.pdf", Category: Qualification},
		{Path: "loose.pdf", Category: Other},
		{Path: "随便的文件夹/x.png", Category: Other},
	}
	if len(m.Files) != len(want) {
		t.Fatalf("got %v", m.Files)
	}
	for i := range want {
		if m.Files[i] != want[i] {
			t.Errorf("%d: %+v, want %+v", i, m.Files[i], want[i])
		}
	}
	if len(m.Unplaced) != 1 || m.Unplaced[0] != "随便的文件夹" {
		t.Errorf("unplaced folders %q, want [随便的文件夹]", m.Unplaced)
	}
}

// TestFolderNamesPeopleUse: the names staff and applicants give folders.
func TestFolderNamesPeopleUse(t *testing.T) {
	for name, want := range map[string]Category{
		"身份证": IDCard, "身份证明": IDCard, "身份证正反面": IDCard,
		"学历证书": Diploma, "毕业证": Diploma, "学位证书": Degree,
		"营业执照": BusinessLicence, "法人证书": BusinessLicence, "事业单位法人证书": BusinessLicence,
		"获奖证书": Award, "荣誉称号": Honour, "论文": Publication, "专利证书": Patent,
		"效益证明": BenefitProof, "职称证书": Qualification, "单位证明": EmployerDoc, "其它": Other,
	} {
		if got, ok := ParseCategory(name); !ok || got != want {
			t.Errorf("ParseCategory(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	for _, name := range []string{"学历学位", "获奖荣誉", "照片", ""} {
		if got, ok := ParseCategory(name); ok {
			t.Errorf("ParseCategory(%q) = %q; want no category (none or two)", name, got)
		}
	}
}

func TestCheckPath(t *testing.T) {
	for p, ok := range map[string]bool{
		"a.pdf": true, "sub/a.pdf": true, "./a.pdf": true, "sub/../a.pdf": true, "中文/证书.pdf": true,
		"../a.pdf": false, "sub/../../a.pdf": false, "/etc/passwd": false, `C:\x.pdf`: false, `..\x.pdf`: false, "..": false,
	} {
		if _, got := checkPath(p); got != ok {
			t.Errorf("checkPath(%q) = %v, want %v", p, got, ok)
		}
	}
}
