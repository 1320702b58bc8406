package rules

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bast-tools/shenbao/form"
)

var today = time.Date(2026, 11, 26, 12, 0, 0, 0, form.Beijing)

func edition(t *testing.T) *Edition {
	t.Helper()
	ed, err := LoadEdition("2026")
	if err != nil {
		t.Fatal(err)
	}
	return ed
}

func sample(t *testing.T, k form.Kind, max bool) form.Document {
	t.Helper()
	data, err := form.Sample(k, max)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := form.DecodeBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	form.Normalize(doc)
	return doc
}

func verdict(t *testing.T, vs []Verdict, rule string) Verdict {
	t.Helper()
	for _, v := range vs {
		if v.Rule == rule {
			return v
		}
	}
	t.Fatalf("no verdict for rule %s in %v", rule, vs)
	return Verdict{}
}

func TestSamplesEligible(t *testing.T) {
	ed := edition(t)
	for _, k := range form.Kinds() {
		for _, max := range []bool{false, true} {
			doc := sample(t, k, max)
			if _, fs := Validate(doc, form.Options{Now: today}); len(fs) != 0 {
				t.Fatalf("%s max=%v: findings %v", k, max, fs)
			}
			for _, v := range Check(doc, ed, Options{}) {
				if v.Status == Fail {
					t.Errorf("%s max=%v: %s fails: %s", k, max, v.Rule, v.Message)
				}
				if v.Message == "" {
					t.Errorf("%s: %s has no explanation", k, v.Rule)
				}
			}
		}
	}
}

// TestBoundaries pins every numeric rule of the 2026 notice on both sides
// of its boundary.
func TestBoundaries(t *testing.T) {
	ed := edition(t)
	tests := []struct {
		name   string
		kind   form.Kind
		change func(form.Document)
		rule   string
		want   Status
	}{
		{"born 1980-01-01 is 45", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Applicant.BirthDate = "1980-01-01" }, "individual.age", Pass},
		{"born 1979-12-31 is over 45", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Applicant.BirthDate = "1979-12-31" }, "individual.age", Fail},
		{"leader born 1980-01-01", form.KindTeam, func(d form.Document) { d.(*form.Team).Leader.BirthDate = "1980-01-01" }, "team.leader_age", Pass},
		{"leader born 1979-12-31", form.KindTeam, func(d form.Document) { d.(*form.Team).Leader.BirthDate = "1979-12-31" }, "team.leader_age", Fail},
		{"team of 5", form.KindTeam, func(d form.Document) { t := d.(*form.Team); t.Members = t.Members[:5] }, "team.size", Pass},
		{"team of 4", form.KindTeam, func(d form.Document) { t := d.(*form.Team); t.Members = t.Members[:4] }, "team.size", Fail},
		{"youngest born 1990-01-01", form.KindTeam, func(d form.Document) { setYoungest(d.(*form.Team), "1990-01-01", true) }, "team.young_member", Pass},
		{"youngest born 1989-12-31", form.KindTeam, func(d form.Document) { setYoungest(d.(*form.Team), "1989-12-31", true) }, "team.young_member", Fail},
		{"young member not frontline", form.KindTeam, func(d form.Document) { setYoungest(d.(*form.Team), "1995-01-01", false) }, "team.young_member", Fail},
		{"budget 5 万元", form.KindIndividual, func(d form.Document) { setTotal(&d.(*form.Individual).Budget, "5") }, "individual.budget_cap", Pass},
		{"budget 5.01 万元", form.KindIndividual, func(d form.Document) { setTotal(&d.(*form.Individual).Budget, "5.01") }, "individual.budget_cap", Fail},
		{"team budget 10 万元", form.KindTeam, func(d form.Document) { setTotal(&d.(*form.Team).Budget, "10") }, "team.budget_cap", Pass},
		{"team budget 10.0001 万元", form.KindTeam, func(d form.Document) { setTotal(&d.(*form.Team).Budget, "10.0001") }, "team.budget_cap", Fail},
		{"submitted 2026-04-27 23:59:59", form.KindIndividual, func(d form.Document) { d.(*form.Individual).SubmittedAt = "2026-04-27T23:59:59+08:00" }, "individual.deadline", Pass},
		{"submitted 2026-04-28 00:00:00", form.KindIndividual, func(d form.Document) { d.(*form.Individual).SubmittedAt = "2026-04-28T00:00:00+08:00" }, "individual.deadline", Fail},
		{"submitted 15:59:59 UTC", form.KindTeam, func(d form.Document) { d.(*form.Team).SubmittedAt = "2026-04-27T15:59:59Z" }, "team.deadline", Pass},
		{"submitted 16:00 UTC", form.KindTeam, func(d form.Document) { d.(*form.Team).SubmittedAt = "2026-04-27T16:00:00Z" }, "team.deadline", Fail},
		{"no submission time", form.KindIndividual, func(d form.Document) { d.(*form.Individual).SubmittedAt = "" }, "individual.deadline", Review},
		{"letter 2026-05-18 23:59:59", form.KindLetter, func(d form.Document) { d.(*form.Letter).SubmittedAt = "2026-05-18T23:59:59+08:00" }, "letter.deadline", Pass},
		{"letter 2026-05-19 00:00:00", form.KindLetter, func(d form.Document) { d.(*form.Letter).SubmittedAt = "2026-05-19T00:00:00+08:00" }, "letter.deadline", Fail},
		{"8 years of work", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Applicant.EngineeringSince = "2018-01" }, "individual.work_years", Pass},
		{"7 years 11 months", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Applicant.EngineeringSince = "2018-02" }, "individual.work_years", Fail},
		{"no longer engineering", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Applicant.StillEngineering = new(bool) }, "individual.work_years", Fail},
		{"part-time master", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Applicant.FullTime = new(bool) }, "individual.education", Fail},
		{"bachelor only", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Applicant.Education = "大学本科" }, "individual.education", Fail},
		{"not a citizen", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Applicant.IDType = "护照" }, "individual.citizen", Fail},
		{"funded before", form.KindIndividual, func(d form.Document) { b := true; d.(*form.Individual).PreviouslyFunded = &b }, "individual.not_funded_before", Fail},
		{"results outside Beijing", form.KindIndividual, func(d form.Document) { d.(*form.Individual).ResultsInBeijing = new(bool) }, "individual.results_in_beijing", Fail},
		{"results in Beijing need review", form.KindIndividual, func(form.Document) {}, "individual.results_in_beijing", Review},
		{"field outside the 12", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Field = "新材料" }, "individual.field", Fail},
		{"core member of a city project only", form.KindIndividual, func(d form.Document) { onlyProject(d.(*form.Individual), "市级", "核心骨干") }, "individual.major_project", Fail},
		{"leader of a city project", form.KindIndividual, func(d form.Document) { onlyProject(d.(*form.Individual), "市级", "负责人") }, "individual.major_project", Review},
		{"core member of a provincial project", form.KindIndividual, func(d form.Document) { onlyProject(d.(*form.Individual), "省部级", "核心骨干") }, "individual.major_project", Pass},
		{"leader senior title only", form.KindTeam, func(d form.Document) { d.(*form.Team).Leader.EngineeringSince = "2020-01" }, "team.leader_qualification", Pass},
		{"leader 8 years, no senior title", form.KindTeam, func(d form.Document) { d.(*form.Team).Leader.TitleLevel = "中级" }, "team.leader_qualification", Pass},
		{"leader neither", form.KindTeam, func(d form.Document) {
			d.(*form.Team).Leader.TitleLevel = "中级"
			d.(*form.Team).Leader.EngineeringSince = "2018-02"
		}, "team.leader_qualification", Fail},
		{"no expert", form.KindTeam, func(d form.Document) { d.(*form.Team).Experts = nil }, "team.expert", Fail},
		{"leader led before", form.KindTeam, func(d form.Document) { b := true; d.(*form.Team).LeaderPreviouslyFunded = &b }, "team.leader_not_funded_before", Fail},
		{"employer outside Beijing", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Employer.CreditCode = "91350100M000100Y43" }, "employer.beijing", Fail},
		{"no matching funds", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Budget.Matching = 0 }, "employer.matching_funds", Fail},
		{"cannot invoice", form.KindTeam, func(d form.Document) { d.(*form.Team).Employer.CanInvoice = new(bool) }, "employer.invoice", Fail},
		{"unknown channel", form.KindLetter, func(d form.Document) { d.(*form.Letter).Channel = "市科协" }, "letter.channel", Fail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := sample(t, tt.kind, false)
			tt.change(doc)
			v := verdict(t, Check(doc, ed, Options{}), tt.rule)
			if v.Status != tt.want {
				t.Fatalf("%s = %s (%s), want %s", tt.rule, v.Status, v.Message, tt.want)
			}
		})
	}
}

func setYoungest(t *form.Team, birth form.Date, frontline bool) {
	for i := range t.Members {
		if b, _ := form.ParseDate(string(t.Members[i].BirthDate)); b.Year() >= 1990 {
			t.Members[i].BirthDate = "1988-01-01"
		}
	}
	t.Members[2].BirthDate = birth
	t.Members[2].Frontline = &frontline
}

func setTotal(b *form.Budget, total string) {
	w, err := form.ParseWan(total)
	if err != nil {
		panic(err)
	}
	b.Total, b.Research, b.Training, b.IP, b.Transfer = w, w, 0, 0, 0
}

func onlyProject(d *form.Individual, level form.ProjectLevel, role form.ProjectRole) {
	p := d.Projects[0]
	p.Level, p.Role = level, role
	d.Projects = []form.Project{p}
}

func TestChannelQuotas(t *testing.T) {
	ed := edition(t)
	letter := func(channel string, individuals, teams int) *form.Letter {
		l := sample(t, form.KindLetter, true).(*form.Letter)
		l.Channel = channel
		var rows []form.Recommendation
		for _, r := range l.Recommendations {
			if r.Programme == form.ProgrammeIndividual && individuals > 0 {
				rows, individuals = append(rows, r), individuals-1
			}
			if r.Programme == form.ProgrammeTeam && teams > 0 {
				rows, teams = append(rows, r), teams-1
			}
		}
		l.Recommendations = rows
		return l
	}
	districts, err := ReadDistricts(strings.NewReader(`{"edition":"2026","districts":{"海淀区":{"individual":3,"team":2}}}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		channel   string
		ind, team int
		districts *Districts
		want      Status
	}{
		{"园区科协", 2, 1, nil, Pass},
		{"园区科协", 3, 1, nil, Fail},
		{"园区科协", 2, 2, nil, Fail},
		{"工程师服务站", 3, 1, nil, Pass},
		{"工程师服务站", 4, 0, nil, Fail},
		{"企事业单位科协", 1, 1, nil, Pass},
		{"企事业单位科协", 2, 0, nil, Fail},
		{"区科协", 3, 2, nil, Review},
		{"区科协", 3, 2, districts, Pass},
		{"区科协", 4, 2, districts, Fail},
	}
	for _, tt := range tests {
		v := verdict(t, Check(letter(tt.channel, tt.ind, tt.team), ed, Options{Districts: tt.districts}), "letter.quota")
		if v.Status != tt.want {
			t.Errorf("%s %d/%d: %s (%s), want %s", tt.channel, tt.ind, tt.team, v.Status, v.Message, tt.want)
		}
	}
}

func TestRound(t *testing.T) {
	ed := edition(t)
	ind := sample(t, form.KindIndividual, false).(*form.Individual)
	team := sample(t, form.KindTeam, false).(*form.Team)
	letter := sample(t, form.KindLetter, false).(*form.Letter)
	clean := []Entry{{"a.json", ind}, {"t.json", team}, {"l.json", letter}}
	if got := CheckRound(clean, ed, Options{}); len(got) != 0 {
		t.Fatalf("clean round: %v", got)
	}

	// Another individual from the same employer: over the 1 + 1 limit.
	other := sample(t, form.KindIndividual, false).(*form.Individual)
	other.Applicant.IDNumber, other.Applicant.Name = "110105198605120013", "王立"
	got := CheckRound([]Entry{{"a.json", ind}, {"b.json", other}}, ed, Options{})
	wantRules(t, got, "round.per_organisation")

	// The individual applicant also leads the team.
	lead := sample(t, form.KindTeam, false).(*form.Team)
	lead.Leader.IDNumber = ind.Applicant.IDNumber
	got = CheckRound([]Entry{{"a.json", ind}, {"t.json", lead}}, ed, Options{})
	wantRules(t, got, "round.dual_role")
	if strings.Contains(got[0].Message, string(ind.Applicant.IDNumber)) {
		t.Error("identity number not masked")
	}
	if got := CheckRound([]Entry{{"a.json", ind}, {"t.json", lead}}, ed, Options{Reveal: true}); !strings.Contains(got[0].Message, string(ind.Applicant.IDNumber)) {
		t.Error("--reveal did not reveal")
	}

	// Recommended by a second organisation as well.
	second := sample(t, form.KindLetter, false).(*form.Letter)
	second.Recommender = "中关村科技园区海淀园科协"
	second.Channel = "园区科协"
	second.Recommendations = second.Recommendations[:1]
	got = CheckRound([]Entry{{"a.json", ind}, {"l.json", letter}, {"m.json", second}}, ed, Options{})
	wantRules(t, got, "round.multi_channel")

	// The same application submitted twice.
	got = CheckRound([]Entry{{"a.json", ind}, {"a2.json", sample(t, form.KindIndividual, false)}}, ed, Options{})
	wantRules(t, got, "round.duplicate")

	// An application no letter recommends.
	got = CheckRound([]Entry{{"a.json", ind}, {"b.json", other}, {"m.json", second}}, ed, Options{})
	wantRules(t, got, "round.not_recommended", "round.multi_channel", "round.per_organisation")
}

func wantRules(t *testing.T, got []RoundFinding, rules ...string) {
	t.Helper()
	var have []string
	for _, f := range got {
		have = append(have, f.Rule)
	}
	if strings.Join(have, ",") != strings.Join(rules, ",") {
		t.Fatalf("round findings %v, want %v\n%v", have, rules, got)
	}
}

func TestEditionNumbers(t *testing.T) {
	ed := edition(t)
	if got := ed.OldestBirth().Format(time.DateOnly); got != "1980-01-01" {
		t.Errorf("oldest birth %s", got)
	}
	if got := ed.YoungestBirth().Format(time.DateOnly); got != "1990-01-01" {
		t.Errorf("youngest birth %s", got)
	}
	if len(ed.Fields) != 12 || len(ed.Channels) != 8 {
		t.Errorf("%d fields, %d channels", len(ed.Fields), len(ed.Channels))
	}
	if _, err := LoadEdition("2027"); err == nil || !strings.Contains(err.Error(), "2026") {
		t.Errorf("unknown edition error %v does not list the known ones", err)
	}
	_, err := LoadEdition("../x")
	var ue *UnknownEditionError
	if !errors.Is(err, ErrUnknownEdition) || !errors.As(err, &ue) || ue.Name != "../x" || ue.Code() != CodeUnknownEdition {
		t.Errorf("path-like edition: %v, want an *UnknownEditionError matching ErrUnknownEdition", err)
	}
}

func TestValidateEditionEnums(t *testing.T) {
	doc := sample(t, form.KindIndividual, false).(*form.Individual)
	doc.Field, doc.Channel = "新材料", "市科协"
	_, fs := Validate(doc, form.Options{Now: today})
	if len(fs) != 2 || fs[0].Code != CodeBadField || fs[1].Code != CodeBadChannel {
		t.Fatalf("findings %v", fs)
	}
	doc.Edition = "2025"
	if _, fs := Validate(doc, form.Options{Now: today}); len(fs) != 1 || fs[0].Code != CodeUnknownEdition {
		t.Fatalf("findings %v", fs)
	}
}

func TestAssess(t *testing.T) {
	ind := sample(t, form.KindIndividual, false).(*form.Individual)
	bad := sample(t, form.KindTeam, false).(*form.Team)
	bad.Leader.Mobile = "123"
	old := sample(t, form.KindIndividual, false).(*form.Individual)
	old.Applicant.IDNumber, old.Applicant.BirthDate, old.Applicant.Name = "110105197603120031", "1976-03-12", "赵老"
	a, err := Assess(context.Background(), []Entry{{"a.json", ind}, {"t.json", bad}, {"o.json", old}}, AssessOptions{Round: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Documents) != 3 || len(a.Documents[1].Findings) != 1 || len(a.Documents[1].Verdicts) != 0 {
		t.Fatalf("documents %+v", a.Documents)
	}
	// The invalid team is left out of the round; the two individuals from
	// one employer are not.
	if len(a.Round) != 1 || a.Round[0].Rule != "round.per_organisation" || !a.Failed() || a.Count[Fail] != 2 {
		t.Fatalf("round %v, count %v", a.Round, a.Count)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Assess(ctx, []Entry{{"a.json", ind}}, AssessOptions{}); err == nil {
		t.Fatal("cancelled assessment succeeded")
	}
}

// TestDistrictsErrorsSayWhatToDo: problems with a district quota file reach
// staff (CLI) and portals (HTTP) in Chinese, with the expected form.
func TestDistrictsErrorsSayWhatToDo(t *testing.T) {
	for in, want := range map[string]string{
		`{"edition":"2026","districts":{"海淀区":{"teams":3}}}`:        `未知字段 "teams"`,
		`{"edition":"2026","districts":{"海淀区":{"individual":"x"}}}`: "districts.individual 应为整数",
		`{"edition":"2026","districts":{"海淀":{"individual":1}}}`:    "“海淀”不是北京市的区",
		`{"edition":`: "文件为空或不完整",
	} {
		_, err := ReadDistricts(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "json:") {
			t.Errorf("%s: %v, want a Chinese message with %q", in, err, want)
		}
	}
}
