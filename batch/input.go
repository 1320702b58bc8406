package batch

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/bast-tools/shenbao/bundle"
	"github.com/bast-tools/shenbao/form"
)

// Submission is one applicant's files, as found in the batch folder. Every
// path is slash-separated and relative to the batch folder.
type Submission struct {
	ID  string `json:"id"`
	Dir string `json:"dir,omitempty"`

	Record      string   `json:"record,omitempty"` // 申报书 data (individual or team)
	Scans       []string `json:"scans,omitempty"`  // its signed and sealed scan, possibly split
	Letter      string   `json:"letter,omitempty"` // 推荐函 data
	LetterScans []string `json:"letter_scans,omitempty"`

	// Evidence is the folder the evidence paths are relative to, and
	// Manifest the manifest file (inside it) when one was given; Files
	// lists the evidence files either way.
	Evidence     string         `json:"evidence,omitempty"`
	Manifest     string         `json:"manifest,omitempty"`
	EvidenceList []bundle.Entry `json:"evidence_files,omitempty"`
	Stray        []string       `json:"stray,omitempty"`
	Problems     []Finding      `json:"problems,omitempty"`
	hasEvidence  bool           // an evidence folder, manifest or category folder was found
}

// Names of things in a submission folder, compared case-insensitively.
var (
	recordNames   = []string{"申报书.json", "application.json", "个人申报书.json", "团队申报书.json"}
	letterNames   = []string{"推荐函.json", "letter.json"}
	manifestNames = []string{"manifest.json", "清单.json", "证明材料清单.json", "材料清单.json"}
	evidenceDirs  = []string{"证明材料", "evidence", "材料", "附件", "attachments"}
	scanDirs      = []string{"扫描件", "scans", "scan", "签字盖章扫描件"}
	scanExts      = []string{".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff"}
	// junk is what operating systems leave in folders; it is not reported.
	junk = []string{".ds_store", "thumbs.db", "desktop.ini"}
)

func oneOf(name string, set []string) bool {
	for _, s := range set {
		if strings.EqualFold(name, s) {
			return true
		}
	}
	return false
}

func isScan(name string) bool { return oneOf(path.Ext(name), scanExts) }

// isLetterScan tells a scan of the 推荐函 from one of the 申报书 by its name.
func isLetterScan(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "推荐函") || strings.HasPrefix(n, "letter")
}

// Discover lists the submissions of a batch folder: every sub-folder is one
// submission (see the package documentation for the layout). Files directly
// in the folder are returned as stray, except a list file, which is read
// by [ReadList] instead. Nothing is written.
func Discover(fsys fs.FS) ([]Submission, []Finding, error) {
	ents, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, nil, err
	}
	var subs []Submission
	var stray []Finding
	for _, e := range ents {
		name := e.Name()
		if strings.HasPrefix(name, ".") || oneOf(name, junk) {
			continue
		}
		if e.Type()&fs.ModeSymlink != 0 {
			if st, err := fs.Stat(fsys, name); err != nil {
				stray = append(stray, outside(name, name))
				continue
			} else if st.IsDir() {
				// A linked folder could lead anywhere; os.Root refuses it
				// when it does, and a link that stays inside is a copy.
				stray = append(stray, Finding{Check: CheckInput, Code: CodeStray, Severity: Info, File: name,
					Message: fmt.Sprintf("%s 是指向其他文件夹的链接，已跳过；请把申报材料直接放在批次文件夹中", name)})
				continue
			}
		}
		if !e.IsDir() {
			stray = append(stray, Finding{Check: CheckInput, Code: CodeStray, Severity: Info, File: name,
				Message: fmt.Sprintf("批次文件夹中的文件 %s 不属于任何申报，已忽略（每个申报应是一个子文件夹）", name)})
			continue
		}
		subs = append(subs, discoverOne(fsys, name, name))
	}
	sortSubmissions(subs)
	return subs, stray, nil
}

func sortSubmissions(subs []Submission) {
	sort.SliceStable(subs, func(i, j int) bool { return subs[i].ID < subs[j].ID })
}

func outside(file, shown string) Finding {
	return Finding{Check: CheckInput, Code: CodePathOutside, Severity: Error, File: file,
		Message: fmt.Sprintf("%s 指向批次文件夹之外（符号链接或“..”），出于安全原因拒绝读取；请把文件复制到申报文件夹中", shown)}
}

// discoverOne classifies the files of one submission folder.
func discoverOne(fsys fs.FS, id, dir string) Submission {
	s := Submission{ID: id, Dir: dir}
	var records, letters, manifests []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			s.Problems = append(s.Problems, unreadable(p, err))
			return nil
		}
		if p == dir {
			return nil
		}
		rel := strings.TrimPrefix(p, dir+"/")
		name := d.Name()
		top, _, nested := strings.Cut(rel, "/")
		if strings.HasPrefix(name, ".") || oneOf(name, junk) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			st, err := fs.Stat(fsys, p)
			if err != nil {
				s.Problems = append(s.Problems, outside(p, rel))
				return nil
			}
			if st.IsDir() {
				s.Stray = append(s.Stray, p)
				return nil
			}
		}
		if d.IsDir() {
			if !nested && oneOf(name, evidenceDirs) {
				s.Evidence, s.hasEvidence = p, true
				return fs.SkipDir
			}
			if c, ok := bundle.ParseCategory(name); ok && !nested && c != "" {
				// Category folders right in the submission folder are
				// evidence too, beside the record and the scans.
				s.hasEvidence = true
				return fs.SkipDir
			}
			return nil
		}
		inScanDir := nested && oneOf(top, scanDirs)
		switch {
		case nested && !inScanDir:
			s.Stray = append(s.Stray, p)
		case strings.EqualFold(path.Ext(name), ".json") && !inScanDir:
			switch sniffJSON(fsys, p) {
			case kindApplication:
				records = append(records, p)
			case kindLetter:
				letters = append(letters, p)
			case kindManifest:
				manifests = append(manifests, p)
			default:
				if oneOf(name, recordNames) {
					records = append(records, p) // undecodable: reported when read
				} else if oneOf(name, letterNames) {
					letters = append(letters, p)
				} else {
					s.Stray = append(s.Stray, p)
				}
			}
		case isScan(name):
			if isLetterScan(name) {
				s.LetterScans = append(s.LetterScans, p)
			} else {
				s.Scans = append(s.Scans, p)
			}
		default:
			s.Stray = append(s.Stray, p)
		}
		return nil
	})
	if err != nil {
		s.Problems = append(s.Problems, unreadable(dir, err))
	}
	s.Record = pick(&s, records, recordNames, "申报书")
	s.Letter = pick(&s, letters, letterNames, "推荐函")
	if len(manifests) > 0 && s.Evidence == "" {
		s.Manifest = pick(&s, manifests, manifestNames, "证明材料清单")
		s.hasEvidence = true
	} else {
		for _, m := range manifests {
			s.Stray = append(s.Stray, m)
		}
	}
	sortNatural(s.Scans)
	sortNatural(s.LetterScans)
	s.listEvidence(fsys)
	if s.Record == "" && s.Letter == "" {
		s.Problems = append(s.Problems, Finding{Check: CheckInput, Code: CodeNoRecord, Severity: Error, File: dir,
			Message: "文件夹中没有申报书数据（申报书.json、application.json，或 kind 为 individual/team 的 .json 文件），无法核查；请补交电子数据"})
	}
	return s
}

// pick chooses the file among candidates: the one with the first
// conventional name, else the first by name. Two candidates are a problem the staff must resolve.
func pick(s *Submission, cands, names []string, what string) string {
	if len(cands) == 0 {
		return ""
	}
	sort.Strings(cands)
	chosen := cands[0]
	for i := len(names) - 1; i >= 0; i-- { // the first name listed wins
		for _, c := range cands {
			if strings.EqualFold(path.Base(c), names[i]) {
				chosen = c
			}
		}
	}
	if len(cands) > 1 {
		var others []string
		for _, c := range cands {
			if c != chosen {
				others = append(others, c)
				s.Stray = append(s.Stray, c)
			}
		}
		s.Problems = append(s.Problems, Finding{Check: CheckInput, Code: CodeTwoRecords, Severity: Review, File: chosen,
			Message: fmt.Sprintf("文件夹中有多份%s数据，已使用 %s，未使用 %s；请确认并删除多余的文件", what, path.Base(chosen), strings.Join(others, "、"))})
	}
	return chosen
}

// listEvidence fills EvidenceList from the evidence folder, the manifest,
// or the category folders beside the record.
func (s *Submission) listEvidence(fsys fs.FS) {
	switch {
	case s.Manifest != "":
		s.Evidence = path.Dir(s.Manifest)
		f, err := fsys.Open(s.Manifest)
		if err != nil {
			s.Problems = append(s.Problems, unreadable(s.Manifest, err))
			return
		}
		defer f.Close()
		m, err := bundle.DecodeManifest(f)
		var me *bundle.ManifestError
		switch {
		case errors.As(err, &me):
			s.Problems = append(s.Problems, Finding{Check: CheckEvidence, Code: me.Code(), Severity: Error, File: s.Manifest, Path: me.Path,
				Message: fmt.Sprintf("证明材料清单 %s 有误：%s；请按清单格式修改", s.Manifest, me.Msg)})
		case err != nil:
			s.Problems = append(s.Problems, unreadable(s.Manifest, err))
		default:
			s.EvidenceList = m.Files
		}
	case s.Evidence != "":
		sub, err := fs.Sub(fsys, s.Evidence)
		if err == nil {
			var m bundle.Manifest
			if m, err = bundle.ScanDir(sub); err == nil {
				s.EvidenceList = m.Files
			}
		}
		if err != nil {
			s.Problems = append(s.Problems, unreadable(s.Evidence, err))
		}
	case s.hasEvidence:
		// Category folders directly in the submission folder.
		s.Evidence = s.Dir
		sub, err := fs.Sub(fsys, s.Dir)
		if err != nil {
			return
		}
		m, err := bundle.ScanDir(sub)
		if err != nil {
			s.Problems = append(s.Problems, unreadable(s.Dir, err))
			return
		}
		for _, e := range m.Files {
			top, _, nested := strings.Cut(e.Path, "/")
			if c, ok := bundle.ParseCategory(top); nested && ok && c != "" && !oneOf(top, scanDirs) {
				s.EvidenceList = append(s.EvidenceList, e)
			}
		}
	}
}

func unreadable(p string, err error) Finding {
	msg := "无法读取"
	switch {
	case errors.Is(err, fs.ErrNotExist):
		msg = "文件不存在"
	case errors.Is(err, fs.ErrPermission):
		msg = "没有读取权限"
	case strings.Contains(err.Error(), "escapes") || strings.Contains(err.Error(), "path escapes"):
		return outside(p, p)
	}
	return Finding{Check: CheckInput, Code: CodeUnreadable, Severity: Error, File: p, Message: fmt.Sprintf("%s：%s，请检查文件", p, msg)}
}

type jsonKind int

const (
	kindUnknown jsonKind = iota
	kindApplication
	kindLetter
	kindManifest
)

// sniffJSON reads just enough of a .json file to tell what it is.
func sniffJSON(fsys fs.FS, p string) jsonKind {
	f, err := fsys.Open(p)
	if err != nil {
		return kindUnknown
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, form.MaxDocumentSize+1))
	if err != nil {
		return kindUnknown
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var top struct {
		Kind  string          `json:"kind"`
		Files json.RawMessage `json:"files"`
	}
	if json.Unmarshal(data, &top) != nil {
		return kindUnknown
	}
	switch {
	case top.Kind == string(form.KindIndividual) || top.Kind == string(form.KindTeam):
		return kindApplication
	case top.Kind == string(form.KindLetter):
		return kindLetter
	case top.Kind == "" && len(top.Files) > 0:
		return kindManifest
	}
	return kindUnknown
}

// sortNatural orders split scans as people number them: 2 before 10.
func sortNatural(s []string) {
	sort.SliceStable(s, func(i, j int) bool { return naturalLess(s[i], s[j]) })
}

func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := digits(a), digits(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func digits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}
