package form

import (
	"strings"
	"testing"
	"time"
)

// today is fixed so tests do not depend on the clock.
var today = time.Date(2026, 11, 26, 12, 0, 0, 0, Beijing)

func loadSample(t *testing.T, k Kind, max bool) Document {
	t.Helper()
	data, err := Sample(k, max)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := DecodeBytes(data)
	if err != nil {
		t.Fatalf("sample %s: %v", k, err)
	}
	Normalize(doc)
	return doc
}

func TestSamplesValid(t *testing.T) {
	for _, k := range kinds {
		for _, max := range []bool{false, true} {
			if fs := Validate(loadSample(t, k, max), Options{Now: today}); len(fs) != 0 {
				t.Errorf("sample %s max=%v: %d findings, first: %v", k, max, len(fs), fs[0])
			}
		}
	}
}

func TestMaxSampleFillsLimits(t *testing.T) {
	ind := loadSample(t, KindIndividual, true).(*Individual)
	if n := len([]rune(ind.Achievements)); n != 2000 {
		t.Errorf("maximal achievements has %d characters, want 2000", n)
	}
	if len(ind.Projects) != 5 || len(ind.Results.Patents) != 10 {
		t.Errorf("maximal lists not full: %d projects, %d patents", len(ind.Projects), len(ind.Results.Patents))
	}
	team := loadSample(t, KindTeam, true).(*Team)
	if len(team.Members) != 20 || len(team.Experts) != 5 {
		t.Errorf("maximal team: %d members, %d experts", len(team.Members), len(team.Experts))
	}
	if l := loadSample(t, KindLetter, true).(*Letter); len(l.Recommendations) != 30 {
		t.Errorf("maximal letter: %d rows", len(l.Recommendations))
	}
}

// TestOneChangeOneFinding changes one value of a valid sample and expects
// exactly one finding, with the given code and path.
func TestOneChangeOneFinding(t *testing.T) {
	tests := []struct {
		name   string
		kind   Kind
		change func(Document)
		code   string
		path   string
	}{
		{"missing name", KindIndividual, func(d Document) { d.(*Individual).Applicant.Name = "" }, CodeRequired, "$.applicant.name"},
		{"id checksum", KindIndividual, func(d Document) { d.(*Individual).Applicant.IDNumber = "110108198506121238" }, CodeIDChecksum, "$.applicant.id_number"},
		{"id birth mismatch", KindIndividual, func(d Document) { d.(*Individual).Applicant.BirthDate = "1985-06-13" }, CodeIDBirthMismatch, "$.applicant.birth_date"},
		{"id sex mismatch", KindIndividual, func(d Document) { d.(*Individual).Applicant.Sex = SexFemale }, CodeIDSexMismatch, "$.applicant.sex"},
		{"credit checksum", KindIndividual, func(d Document) { d.(*Individual).Employer.CreditCode = "91110108MA01C4Q8X2" }, CodeCreditChecksum, "$.employer.credit_code"},
		{"enum typo", KindIndividual, func(d Document) { d.(*Individual).Applicant.Sex = "男性" }, CodeBadEnum, "$.applicant.sex"},
		{"unknown edition", KindIndividual, func(d Document) { d.(*Individual).Edition = "2025" }, CodeUnknownEdition, "$.edition"},
		{"unknown channel", KindIndividual, func(d Document) { d.(*Individual).Channel = "市科协" }, CodeBadChannel, "$.channel"},
		{"HK permit number", KindIndividual, func(d Document) {
			// 港澳居民居住证 numbers begin with 810000 or 820000.
			d.(*Individual).Applicant.IDType = IDHKMacao
		}, CodeIDFormat, "$.applicant.id_number"},
		{"mobile", KindIndividual, func(d Document) { d.(*Individual).Applicant.Mobile = "1391001234" }, CodeBadMobile, "$.applicant.mobile"},
		{"landline", KindIndividual, func(d Document) { d.(*Individual).Employer.Phone = "010-123" }, CodeBadPhone, "$.employer.phone"},
		{"email", KindIndividual, func(d Document) { d.(*Individual).Applicant.Email = "zhang@" }, CodeBadEmail, "$.applicant.email"},
		{"bad date", KindIndividual, func(d Document) { d.(*Individual).FilledOn = "2026-02-30" }, CodeBadDate, "$.filled_on"},
		{"future date", KindIndividual, func(d Document) { d.(*Individual).FilledOn = "2026-12-01" }, CodeFutureDate, "$.filled_on"},
		{"period order", KindIndividual, func(d Document) { d.(*Individual).Projects[0].End = "2020-12" }, CodePeriodOrder, "$.projects[0].end"},
		{"too long", KindIndividual, func(d Document) {
			d.(*Individual).Practicality = strings.Repeat("长", 1001)
		}, CodeTooLong, "$.practicality"},
		{"too many projects", KindIndividual, func(d Document) {
			p := d.(*Individual).Projects
			d.(*Individual).Projects = append(p, p[0], p[1], p[2])
		}, CodeTooManyItems, "$.projects"},
		{"budget sum", KindIndividual, func(d Document) { d.(*Individual).Budget.IP = 4000 }, CodeBudgetSum, "$.budget.total"},
		{"negative amount", KindIndividual, func(d Document) { d.(*Individual).Budget.Matching = -1 }, CodeNegativeAmount, "$.budget.matching"},
		{"highest education disagrees", KindIndividual, func(d Document) {
			d.(*Individual).Applicant.Education = EduDoctor
		}, CodeHistoryConflict, "$.applicant.education"},
		{"graduation month disagrees", KindIndividual, func(d Document) { d.(*Individual).Applicant.GraduatedOn = "2010-06" }, CodeHistoryConflict, "$.applicant.graduated_on"},
		{"work during full-time study", KindIndividual, func(d Document) { d.(*Individual).Work[0].Start = "2009-01" }, CodeHistoryConflict, "$.work[0].start"},
		{"engineering before any job", KindIndividual, func(d Document) {
			d.(*Individual).Applicant.EngineeringSince = "2010-01"
		}, CodeHistoryConflict, "$.applicant.engineering_since"},
		{"missing yes/no", KindIndividual, func(d Document) { d.(*Individual).PreviouslyFunded = nil }, CodeRequired, "$.previously_funded"},
		{"two leaders", KindTeam, func(d Document) { d.(*Team).Members[1].Leader = true }, CodeLeaderRow, "$.members"},
		{"leader row name", KindTeam, func(d Document) { d.(*Team).Members[0].Name = "李晶" }, CodeLeaderRow, "$.members[0].name"},
		{"duplicate member", KindTeam, func(d Document) { d.(*Team).Members[2] = d.(*Team).Members[1] }, CodeDuplicateRow, "$.members[2]"},
		{"team budget sum", KindTeam, func(d Document) { d.(*Team).Budget.Total = 90000 }, CodeBudgetSum, "$.budget.total"},
		{"letter rank fits neither numbering", KindLetter, func(d Document) { d.(*Letter).Recommendations[1].Rank = 3 }, CodeRankOrder, "$.recommendations[1].rank"},
		{"letter row id", KindLetter, func(d Document) { d.(*Letter).Recommendations[0].IDNumber = "110108198506121230" }, CodeIDChecksum, "$.recommendations[0].id_number"},
		{"letter team without leader", KindLetter, func(d Document) { d.(*Letter).Recommendations[1].Leader = "" }, CodeRequired, "$.recommendations[1].leader"},
		{"letter phone", KindLetter, func(d Document) { d.(*Letter).ContactPhone = "12345" }, CodeBadPhone, "$.contact_phone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := loadSample(t, tt.kind, false)
			tt.change(doc)
			fs := Validate(doc, Options{Now: today})
			if len(fs) != 1 || fs[0].Code != tt.code || fs[0].Path != tt.path {
				t.Fatalf("got %d findings %v, want exactly one %s at %s", len(fs), fs, tt.code, tt.path)
			}
			if !strings.Contains(fs[0].Message, "：") {
				t.Errorf("message %q does not name the field", fs[0].Message)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	doc := loadSample(t, KindIndividual, false).(*Individual)
	doc.Applicant.IDNumber = "１１０１０８１９８５０６１２１２３９"
	doc.Applicant.Mobile = " １３９ １００１ ２３４５ "
	doc.Applicant.Email = "ＺＨＡＮＧ@Example.COM"
	doc.Employer.CreditCode = "91110108ma01c4q8x1"
	doc.FilledOn = "2026年4月20日"
	doc.Applicant.BirthDate = "1985.6.12"
	doc.Applicant.GraduatedOn = "2010年7月"
	doc.Applicant.Name = "\u3000张明远 "
	doc.Achievements = "e\u0301" // decomposed é
	doc.SubmittedAt = "2026-04-25 16:30:00"
	doc.Plan = "一、\t攻关\r\n二、\t转化\r三、培养"
	Normalize(doc)
	if doc.Plan != "一、 攻关\n二、 转化\n三、培养" {
		t.Errorf("plan %q: want LF line ends and spaces for tabs", doc.Plan)
	}
	got := []string{string(doc.Applicant.IDNumber), string(doc.Applicant.Mobile), string(doc.Applicant.Email),
		string(doc.Employer.CreditCode), string(doc.FilledOn), string(doc.Applicant.BirthDate),
		string(doc.Applicant.GraduatedOn), doc.Applicant.Name, doc.Achievements, string(doc.SubmittedAt)}
	want := []string{"110108198506121239", "13910012345", "zhang@example.com", "91110108MA01C4Q8X1",
		"2026-04-20", "1985-06-12", "2010-07", "张明远", "\u00e9", "2026-04-25T16:30:00+08:00"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("normalised value %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2026-04-27": "2026-04-27", "2026年4月27日": "2026-04-27", "2026.4.27": "2026-04-27",
		"2026/04/27": "2026-04-27", "２０２６年４月２７日": "2026-04-27", "2024-02-29": "2024-02-29",
		"2026-02-29": "", "2026-13-01": "", "27.4.2026": "", "": "", "2026-04": "",
	} {
		d, ok := ParseDate(in)
		got := ""
		if ok {
			got = d.Format(time.DateOnly)
		}
		if got != want {
			t.Errorf("ParseDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWan(t *testing.T) {
	for in, want := range map[string]string{"5": "5", "5.00": "5", "5.01": "5.01", "0.0001": "0.0001", "1e-4": "0.0001", "4.5": "4.5"} {
		w, err := ParseWan(in)
		if err != nil || w.String() != want {
			t.Errorf("ParseWan(%q) = %v, %v; want %s", in, w, err, want)
		}
	}
	for _, in := range []string{"0.00001", "abc", "1/2", "1e20", "1e999999999", "1e-999999999", "0x10", "+5", ".5"} {
		if _, err := ParseWan(in); err == nil {
			t.Errorf("ParseWan(%q) succeeded, want error", in)
		}
	}
}

// TestAcceptedValues changes one value of a valid sample to something the
// notice admits and expects no finding.
func TestAcceptedValues(t *testing.T) {
	central := "12100000" + "400000624"
	tests := []struct {
		name   string
		kind   Kind
		change func(Document)
	}{
		// 一（三）"在北京市注册": a central registration (division 100000)
		// is valid data; whether the unit is in Beijing is for review.
		{"central credit code", KindIndividual, func(d Document) {
			d.(*Individual).Employer.CreditCode = CreditCode(central + string(CreditCheckChar(central)))
		}},
		// 二1 "着重面向以下领域…等": any field text is valid.
		{"field outside the twelve", KindIndividual, func(d Document) { d.(*Individual).Field = "新材料" }},
		{"letter row field outside the twelve", KindLetter, func(d Document) { d.(*Letter).Recommendations[0].Field = "新材料" }},
		// Ranks per programme (1 and 1) and one sequence (1 and 2) are
		// both accepted.
		{"ranks per programme", KindLetter, func(d Document) { d.(*Letter).Recommendations[1].Rank = 1 }},
		{"Taiwan permit", KindIndividual, func(d Document) {
			p := &d.(*Individual).Applicant
			id := "83000019850612123"
			p.IDType, p.IDNumber = IDTaiwan, IDNumber(id+string(IDCheckChar(id)))
		}},
		{"passport number not checked", KindIndividual, func(d Document) {
			p := &d.(*Individual).Applicant
			p.IDType, p.IDNumber = IDPassport, "E12345678"
		}},
		{"tab and line break in long text", KindIndividual, func(d Document) { d.(*Individual).Achievements = "一、技术攻关\t成果\n二、转化" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := loadSample(t, tt.kind, false)
			tt.change(doc)
			if fs := Validate(doc, Options{Now: today}); len(fs) != 0 {
				t.Fatalf("findings %v, want none", fs)
			}
		})
	}
}

// TestCharacters: no control characters in one-line fields, no bidi
// controls anywhere, and every character in the fonts.
func TestCharacters(t *testing.T) {
	tests := []struct {
		name, value string
		long        bool
		code        string
	}{
		{"BEL in name", "张\a明远", false, CodeControlChar},
		{"NUL in name", "张\x00明远", false, CodeControlChar},
		{"tab in name", "张\t明远", false, CodeControlChar},
		{"line break in name", "张\n明远", false, CodeControlChar},
		{"C1 control in long text", "成果\u0085转化", true, CodeControlChar},
		{"RLO in name", "张\u202e远明", false, CodeBidiControl},
		{"isolate in long text", "成果\u2067转化", true, CodeBidiControl},
		{"no font has it", "北京市海淀区\U00030EDE面馆", false, CodeGlyphMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := loadSample(t, KindIndividual, false).(*Individual)
			path := "$.applicant.name"
			if tt.long {
				doc.Achievements, path = tt.value, "$.achievements"
			} else {
				doc.Applicant.Name = tt.value
			}
			fs := Validate(doc, Options{Now: today})
			if len(fs) != 1 || fs[0].Code != tt.code || fs[0].Path != path {
				t.Fatalf("findings %v, want one %s at %s", fs, tt.code, path)
			}
			if !strings.Contains(fs[0].Message, "U+") {
				t.Errorf("message %q does not name the character", fs[0].Message)
			}
		})
	}
	// A caller that checks glyphs itself (pdfgen) can leave them out.
	doc := loadSample(t, KindIndividual, false).(*Individual)
	doc.Applicant.Address = "\U00030EDE"
	if fs := Validate(doc, Options{Now: today, SkipGlyphs: true}); len(fs) != 0 {
		t.Errorf("SkipGlyphs: findings %v", fs)
	}
}

// TestReadEnumTypo: a value outside an enumeration does not make the file
// unusable; it is one finding among the others.
func TestReadEnumTypo(t *testing.T) {
	data, _ := Sample(KindIndividual, false)
	data = []byte(strings.Replace(string(data), `"sex": "男"`, `"sex": "男性"`, 1))
	data = []byte(strings.Replace(string(data), `"mobile": "13910012345"`, `"mobile": "123"`, 1))
	if _, err := DecodeBytes(data); err == nil {
		t.Fatal("strict decoder accepted 男性: the schema refuses it")
	}
	doc, fs, err := ReadBytes(data, Options{Now: today})
	if err != nil {
		t.Fatal(err)
	}
	if doc.(*Individual).Applicant.Sex != "男性" || len(fs) != 2 || fs[0].Code != CodeBadEnum || fs[0].Path != "$.applicant.sex" || fs[1].Code != CodeBadMobile {
		t.Fatalf("findings %v", fs)
	}
	if !strings.Contains(fs[0].Message, "男、女") {
		t.Errorf("message %q does not list the allowed values", fs[0].Message)
	}
}

func TestRankNumbering(t *testing.T) {
	row := func(p Programme, rank int) Recommendation { return Recommendation{Programme: p, Rank: rank} }
	I, T := ProgrammeIndividual, ProgrammeTeam
	for _, tt := range []struct {
		rows []Recommendation
		want string
	}{
		{[]Recommendation{row(I, 1), row(T, 2), row(I, 3)}, RankSingle},
		{[]Recommendation{row(I, 1), row(T, 1), row(I, 2)}, RankPerProgramme},
		{[]Recommendation{row(I, 1), row(I, 2)}, RankPerProgramme},
	} {
		if got := RankNumbering(tt.rows); got != tt.want {
			t.Errorf("%v: %s, want %s", tt.rows, got, tt.want)
		}
	}
	blocks := ByProgramme([]Recommendation{row(I, 1), row(T, 2), row(I, 3)})
	if len(blocks) != 2 || blocks[0].Programme != I || len(blocks[0].Rows) != 2 || blocks[0].Ranks[1] != 2 || blocks[0].Index[1] != 2 || blocks[1].Ranks[0] != 1 {
		t.Errorf("blocks %+v", blocks)
	}
}
