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
		{"credit outside Beijing", KindIndividual, func(d Document) { d.(*Individual).Employer.CreditCode = "91350100M000100Y43" }, CodeCreditRegion, "$.employer.credit_code"},
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
		{"letter rank", KindLetter, func(d Document) { d.(*Letter).Recommendations[1].Rank = 3 }, CodeRankOrder, "$.recommendations[1].rank"},
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
	Normalize(doc)
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
