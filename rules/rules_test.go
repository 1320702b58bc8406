package rules

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bast-tools/shenbao/edition"
	"github.com/bast-tools/shenbao/form"
)

var today = time.Date(2026, 11, 26, 12, 0, 0, 0, form.Beijing)

func load2026(t *testing.T) *edition.Edition {
	t.Helper()
	ed, err := edition.Load("2026")
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
	ed := load2026(t)
	for _, k := range form.Kinds() {
		for _, max := range []bool{false, true} {
			doc := sample(t, k, max)
			if fs := form.Validate(doc, form.Options{Now: today}); len(fs) != 0 {
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
	ed := load2026(t)
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
		// 一（一）3 "8 年及以上，且申报时仍在从事": counted to the application
		// date (the sample was submitted 2026-04-25), a few months short
		// is for review, more is a fail.
		{"8 years to the submission date", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Applicant.EngineeringSince = "2018-04" }, "individual.work_years", Pass},
		{"1 month short: review", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Applicant.EngineeringSince = "2018-05" }, "individual.work_years", Review},
		{"6 months short: review", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Applicant.EngineeringSince = "2018-10" }, "individual.work_years", Review},
		{"7 months short: fail", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Applicant.EngineeringSince = "2018-11" }, "individual.work_years", Fail},
		{"no submission time: counted to filled_on", form.KindIndividual, func(d form.Document) {
			d.(*form.Individual).SubmittedAt = "" // filled on 2026-04-20
			d.(*form.Individual).Applicant.EngineeringSince = "2018-04"
		}, "individual.work_years", Pass},
		{"no longer engineering", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Applicant.StillEngineering = new(bool) }, "individual.work_years", Fail},
		// 一（一）2 "具有全日制普通高等教育硕士及以上学历": any full-time
		// master's or doctorate in the history.
		{"part-time doctorate on a full-time master", form.KindIndividual, func(d form.Document) { addPartTimeDoctorate(d.(*form.Individual)) }, "individual.education", Pass},
		{"part-time master only", form.KindIndividual, func(d form.Document) {
			ind := d.(*form.Individual)
			ind.Applicant.FullTime, ind.Education[1].FullTime = new(bool), new(bool)
		}, "individual.education", Fail},
		{"part-time doctorate on a part-time master", form.KindIndividual, func(d form.Document) {
			ind := d.(*form.Individual)
			addPartTimeDoctorate(ind)
			ind.Education[1].FullTime = new(bool)
		}, "individual.education", Fail},
		{"bachelor only", form.KindIndividual, func(d form.Document) {
			ind := d.(*form.Individual)
			ind.Applicant.Education, ind.Education = "大学本科", ind.Education[:1]
		}, "individual.education", Fail},
		// 一（一）2 "中华人民共和国公民": a citizen, whatever the document.
		{"resident ID card", form.KindIndividual, func(form.Document) {}, "individual.citizen", Pass},
		{"Hong Kong/Macao residence permit", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Applicant.IDType = form.IDHKMacao }, "individual.citizen", Review},
		{"Taiwan residence permit", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Applicant.IDType = form.IDTaiwan }, "individual.citizen", Review},
		{"passport: Chinese or foreign", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Applicant.IDType = form.IDPassport }, "individual.citizen", Review},
		{"foreigner's permanent residence card", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Applicant.IDType = form.IDForeignPR }, "individual.citizen", Fail},
		{"funded before", form.KindIndividual, func(d form.Document) { b := true; d.(*form.Individual).PreviouslyFunded = &b }, "individual.not_funded_before", Fail},
		{"results outside Beijing", form.KindIndividual, func(d form.Document) { d.(*form.Individual).ResultsInBeijing = new(bool) }, "individual.results_in_beijing", Fail},
		{"results in Beijing need review", form.KindIndividual, func(form.Document) {}, "individual.results_in_beijing", Review},
		// 二1 "着重面向以下领域…等": an emphasis, not a closed list.
		{"field among the 12", form.KindIndividual, func(form.Document) {}, "individual.field", Pass},
		{"field outside the 12", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Field = "新材料" }, "individual.field", Review},
		{"team field outside the 12", form.KindTeam, func(d form.Document) { d.(*form.Team).Field = "新材料" }, "team.field", Review},
		// 一（一）4 "作为核心骨干承担过省部级重大工程项目": a 市级 project of a
		// Beijing body may be provincial-level.
		{"core member of a city project only", form.KindIndividual, func(d form.Document) { onlyProject(d.(*form.Individual), "市级", "核心骨干") }, "individual.major_project", Review},
		{"core member of an enterprise project only", form.KindIndividual, func(d form.Document) { onlyProject(d.(*form.Individual), "企业级", "核心骨干") }, "individual.major_project", Fail},
		{"leader of a city project", form.KindIndividual, func(d form.Document) { onlyProject(d.(*form.Individual), "市级", "负责人") }, "individual.major_project", Review},
		{"core member of a provincial project", form.KindIndividual, func(d form.Document) { onlyProject(d.(*form.Individual), "省部级", "核心骨干") }, "individual.major_project", Pass},
		{"leader senior title only", form.KindTeam, func(d form.Document) { d.(*form.Team).Leader.EngineeringSince = "2020-01" }, "team.leader_qualification", Pass},
		{"leader 8 years, no senior title", form.KindTeam, func(d form.Document) { d.(*form.Team).Leader.TitleLevel = "中级" }, "team.leader_qualification", Pass},
		{"leader neither", form.KindTeam, func(d form.Document) {
			d.(*form.Team).Leader.TitleLevel = "中级"
			d.(*form.Team).Leader.EngineeringSince = "2018-11"
		}, "team.leader_qualification", Fail},
		{"leader a month short of 8 years", form.KindTeam, func(d form.Document) {
			d.(*form.Team).Leader.TitleLevel = "中级"
			d.(*form.Team).Leader.EngineeringSince = "2018-05"
		}, "team.leader_qualification", Review},
		{"no expert", form.KindTeam, func(d form.Document) { d.(*form.Team).Experts = nil }, "team.expert", Fail},
		{"leader led before", form.KindTeam, func(d form.Document) { b := true; d.(*form.Team).LeaderPreviouslyFunded = &b }, "team.leader_not_funded_before", Fail},
		// 一（三）"在北京市注册": 11xxxx passes, a central registration
		// (100000) is for review, another province fails.
		{"employer in Beijing", form.KindIndividual, func(form.Document) {}, "employer.beijing", Pass},
		{"employer registered centrally", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Employer.CreditCode = creditCode("12100000400000624") }, "employer.beijing", Review},
		{"employer outside Beijing", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Employer.CreditCode = "91350100M000100Y43" }, "employer.beijing", Fail},
		// 三1 "由其所在单位注册地科协负责推荐": the application alone shows
		// a 区科协 of another district.
		{"district recommender of the employer's district", form.KindIndividual, func(form.Document) {}, "individual.recommender_scope", Pass},
		{"district recommender of another district", form.KindIndividual, func(d form.Document) { d.(*form.Individual).Recommender = "北京市朝阳区科学技术协会" }, "individual.recommender_scope", Fail},
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
			if v.Message == "" {
				t.Errorf("%s: no message", tt.rule)
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

func creditCode(first17 string) form.CreditCode {
	return form.CreditCode(first17 + string(form.CreditCheckChar(first17)))
}

func addPartTimeDoctorate(d *form.Individual) {
	no := false
	d.Education = append(d.Education, form.Education{Start: "2014-09", End: "2019-06", School: "清华大学", Major: "电子科学与技术",
		Education: form.EduDoctor, Degree: "博士", FullTime: &no})
	d.Applicant.Education, d.Applicant.Degree, d.Applicant.FullTime, d.Applicant.GraduatedOn = form.EduDoctor, "博士", &no, "2019-06"
}

func onlyProject(d *form.Individual, level form.ProjectLevel, role form.ProjectRole) {
	p := d.Projects[0]
	p.Level, p.Role = level, role
	d.Projects = []form.Project{p}
}

func TestChannelQuotas(t *testing.T) {
	ed := load2026(t)
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

func entries(docs ...any) []Entry {
	var es []Entry
	for i := 0; i < len(docs); i += 2 {
		es = append(es, Entry{Source: docs[i].(string), Doc: docs[i+1].(form.Document)})
	}
	return es
}

func TestRound(t *testing.T) {
	ed := load2026(t)
	ind := sample(t, form.KindIndividual, false).(*form.Individual)
	team := sample(t, form.KindTeam, false).(*form.Team)
	letter := sample(t, form.KindLetter, false).(*form.Letter)
	if got := CheckRound(entries("a.json", ind, "t.json", team, "l.json", letter), ed, Options{}); len(got) != 0 {
		t.Fatalf("clean round: %v", got)
	}

	// Another individual from the same employer: over the 1 + 1 limit.
	other := sample(t, form.KindIndividual, false).(*form.Individual)
	other.Applicant.IDNumber, other.Applicant.Name, other.ApplicationNo = "110105198605120013", "王立", "ZG2026-0999"
	got := CheckRound(entries("a.json", ind, "b.json", other), ed, Options{})
	wantRules(t, got, "round.per_organisation")

	// The individual applicant also leads the team.
	lead := sample(t, form.KindTeam, false).(*form.Team)
	lead.Leader.IDNumber = ind.Applicant.IDNumber
	got = CheckRound(entries("a.json", ind, "t.json", lead), ed, Options{})
	wantRules(t, got, "round.dual_role")
	if strings.Contains(got[0].Message, string(ind.Applicant.IDNumber)) {
		t.Error("identity number not masked")
	}
	if got := CheckRound(entries("a.json", ind, "t.json", lead), ed, Options{Reveal: true}); !strings.Contains(got[0].Message, string(ind.Applicant.IDNumber)) {
		t.Error("--reveal did not reveal")
	}

	// Recommended by a second organisation as well.
	second := sample(t, form.KindLetter, false).(*form.Letter)
	second.Recommender = "中关村科技园区海淀园科协"
	second.Channel, second.District, second.Park = "园区科协", "", "中关村科技园区海淀园"
	second.Recommendations = second.Recommendations[:1]
	// (The letter's team row has no application in this round.)
	got = CheckRound(entries("a.json", ind, "l.json", letter, "m.json", second), ed, Options{})
	wantRules(t, got, "round.letter_unmatched", "round.recommender_scope", "round.multi_channel")

	// The same application submitted twice.
	got = CheckRound(entries("a.json", ind, "a2.json", sample(t, form.KindIndividual, false)), ed, Options{})
	wantRules(t, got, "round.duplicate")

	// An application no letter recommends.
	got = CheckRound(entries("a.json", ind, "b.json", other, "m.json", second), ed, Options{})
	wantRules(t, got, "round.recommender_scope", "round.not_recommended", "round.multi_channel", "round.per_organisation")
}

// TestRoundLetterMismatch: issue 15 point 8. Letter rows are matched to
// applications by ID number first; a disagreement is a review of its own,
// never a second applicant over the unit's quota.
func TestRoundLetterMismatch(t *testing.T) {
	ed := load2026(t)
	ind := sample(t, form.KindIndividual, false).(*form.Individual)
	team := sample(t, form.KindTeam, false).(*form.Team)

	// Same name and application number, another ID: one person, one review.
	l := sample(t, form.KindLetter, false).(*form.Letter)
	l.Recommendations[0].IDNumber = "110105198605120013"
	got := CheckRound(entries("a.json", ind, "t.json", team, "l.json", l), ed, Options{})
	wantRules(t, got, "round.letter_mismatch")
	if m := got[0].Message; !strings.Contains(m, "身份证号") || !strings.Contains(m, "a.json") || !strings.Contains(m, "第 1 项") || strings.Contains(m, "110105198605120013") {
		t.Errorf("message %q should name the row, the application and the field, with the numbers masked", m)
	}

	// Matched by ID, another name and field.
	l = sample(t, form.KindLetter, false).(*form.Letter)
	l.Recommendations[0].Name, l.Recommendations[0].Field = "张明", "人工智能"
	got = CheckRound(entries("a.json", ind, "t.json", team, "l.json", l), ed, Options{})
	wantRules(t, got, "round.letter_mismatch")
	if m := got[0].Message; !strings.Contains(m, "姓名（推荐函 张明，申报书 张明远）") || !strings.Contains(m, "申报领域") {
		t.Errorf("message %q", m)
	}

	// A row naming someone with no application in the round.
	l = sample(t, form.KindLetter, false).(*form.Letter)
	extra := l.Recommendations[0]
	extra.Name, extra.IDNumber, extra.ApplicationNo, extra.Rank = "王立", "110105198605120013", "ZG2026-0999", 3
	l.Recommendations = append(l.Recommendations, extra)
	got = CheckRound(entries("a.json", ind, "t.json", team, "l.json", l), ed, Options{})
	wantRules(t, got, "round.letter_unmatched")
	if !strings.Contains(got[0].Message, "王立") || !strings.Contains(got[0].Message, "没有对应的申报书") {
		t.Errorf("message %q", got[0].Message)
	}
	// Names repeat: a row naming 张明远 of another unit, with another ID
	// and no application number, is not taken for this 张明远, so it is
	// reported as having no application, not as a second channel.
	other := sample(t, form.KindLetter, false).(*form.Letter)
	other.Recommender, other.District = "北京市朝阳区科学技术协会", "朝阳区"
	other.Recommendations = other.Recommendations[:1]
	o := &other.Recommendations[0]
	o.IDNumber, o.ApplicationNo, o.Employer, o.CreditCode = "110105198605120013", "", "北京朝阳某公司", ""
	got = CheckRound(entries("a.json", ind, "t.json", team, "l.json", sample(t, form.KindLetter, false), "o.json", other), ed, Options{})
	wantRules(t, got, "round.letter_unmatched")

	// A round of letters alone still counts their rows per unit.
	l2 := sample(t, form.KindLetter, false).(*form.Letter)
	l2.Recommender = "北京市海淀区工程师服务站"
	l2.Channel = "工程师服务站"
	l2.Recommendations = l2.Recommendations[:1]
	l2.Recommendations[0].IDNumber, l2.Recommendations[0].Name = "110105198605120013", "王立"
	got = CheckRound(entries("l.json", sample(t, form.KindLetter, false), "m.json", l2), ed, Options{})
	wantRules(t, got, "round.per_organisation")
}

// TestRoundRecommenderScope: issue 15 point 7, 三1–三3 of the notice.
func TestRoundRecommenderScope(t *testing.T) {
	ed := load2026(t)
	ind := sample(t, form.KindIndividual, false).(*form.Individual)
	one := func(change func(*form.Letter), employer func(*form.Employer)) []RoundFinding {
		l := sample(t, form.KindLetter, false).(*form.Letter)
		l.Recommendations = l.Recommendations[:1]
		change(l)
		a := sample(t, form.KindIndividual, false).(*form.Individual)
		if employer != nil {
			employer(&a.Employer)
		}
		return CheckRound(entries("a.json", a, "l.json", l), ed, Options{})
	}
	none := func(*form.Letter) {}
	// 三1: a 区科协 recommends units registered in its district.
	wantRules(t, one(none, nil))
	got := one(func(l *form.Letter) { l.District, l.Recommender = "朝阳区", "北京市朝阳区科学技术协会" }, nil)
	wantRules(t, got, "round.recommender_scope", "round.multi_channel")
	if got[0].Status != Fail || !strings.Contains(got[0].Message, "朝阳区") || !strings.Contains(got[0].Message, "海淀区") {
		t.Errorf("district mismatch: %+v", got[0])
	}
	// 三2: an enterprise 科协 approved by the 市科协 "须由本单位负责推荐".
	own := func(unit, code string) func(*form.Letter) {
		return func(l *form.Letter) {
			l.Channel, l.District, l.Unit, l.UnitCreditCode = "企事业单位科协", "", unit, form.CreditCode(code)
		}
	}
	wantRules(t, one(own("北京智芯微电子科技有限公司", string(ind.Employer.CreditCode)), nil))
	got = one(own("北京京能新能源技术研究院有限公司", "911100001020001237"), nil)
	wantRules(t, got, "round.recommender_scope")
	if got[0].Status != Fail || !strings.Contains(got[0].Message, "本单位") {
		t.Errorf("own unit: %+v", got[0])
	}
	got = one(own("", ""), nil)
	wantRules(t, got, "round.recommender_scope")
	if got[0].Status != Review {
		t.Errorf("own unit unknown: %+v", got[0])
	}
	// 三3: a 园区科协 recommends units of its park; review where the
	// record cannot show it.
	park := func(name string) func(*form.Letter) {
		return func(l *form.Letter) { l.Channel, l.District, l.Park = "园区科协", "", name }
	}
	inPark := func(e *form.Employer) { e.Park = "中关村科技园区海淀园" }
	wantRules(t, one(park("中关村科技园区海淀园"), inPark))
	got = one(park("中关村科技园区昌平园"), inPark)
	if len(got) != 1 || got[0].Status != Fail {
		t.Errorf("other park: %v", got)
	}
	got = one(park("中关村科技园区海淀园"), nil)
	if len(got) != 1 || got[0].Status != Review {
		t.Errorf("park unknown: %v", got)
	}
}

// TestLetterScope: what a letter alone shows of 三2.
func TestLetterScope(t *testing.T) {
	ed := load2026(t)
	l := sample(t, form.KindLetter, false).(*form.Letter)
	l.Channel, l.District, l.Unit, l.UnitCreditCode = "企事业单位科协", "", "北京智芯微电子科技有限公司", "91110108MA01C4Q8X1"
	l.Recommendations = l.Recommendations[:1]
	if v := verdict(t, Check(l, ed, Options{}), "letter.scope"); v.Status != Pass {
		t.Errorf("own unit: %+v", v)
	}
	l.Recommendations = sample(t, form.KindLetter, false).(*form.Letter).Recommendations
	if v := verdict(t, Check(l, ed, Options{}), "letter.scope"); v.Status != Fail || !strings.Contains(v.Message, "北京京能新能源技术研究院有限公司") {
		t.Errorf("another unit's team: %+v", v)
	}
}

// TestRanksEitherNumbering: issue 15 point 9. Quotas are per programme and
// both numberings are valid.
func TestRanksEitherNumbering(t *testing.T) {
	ed := load2026(t)
	for _, ranks := range [][2]int{{1, 2}, {1, 1}} {
		l := sample(t, form.KindLetter, false).(*form.Letter)
		l.Recommendations[0].Rank, l.Recommendations[1].Rank = ranks[0], ranks[1]
		if fs := form.Validate(l, form.Options{Now: today}); len(fs) != 0 {
			t.Errorf("ranks %v: %v", ranks, fs)
		}
		if v := verdict(t, Check(l, ed, Options{}), "letter.quota"); v.Values["individual"] != "1" || v.Values["team"] != "1" {
			t.Errorf("ranks %v: counted %v", ranks, v.Values)
		}
	}
}

func wantRules(t *testing.T, got []RoundFinding, rules ...string) {
	t.Helper()
	var have []string
	for _, f := range got {
		have = append(have, f.Rule)
		if f.Message == "" {
			t.Errorf("%s has no message", f.Rule)
		}
	}
	if strings.Join(have, ",") != strings.Join(rules, ",") {
		t.Fatalf("round findings %v, want %v\n%v", have, rules, got)
	}
}

func TestEditionNumbers(t *testing.T) {
	ed := load2026(t)
	if got := ed.OldestBirth().Format(time.DateOnly); got != "1980-01-01" {
		t.Errorf("oldest birth %s", got)
	}
	if got := ed.YoungestBirth().Format(time.DateOnly); got != "1990-01-01" {
		t.Errorf("youngest birth %s", got)
	}
	if len(ed.Fields) != 12 || len(ed.Channels) != 8 {
		t.Errorf("%d fields, %d channels", len(ed.Fields), len(ed.Channels))
	}
	if _, err := edition.Load("2025"); err == nil || !strings.Contains(err.Error(), "2026") {
		t.Errorf("unknown edition error %v does not list the known ones", err)
	}
	if _, err := edition.Load("../x"); err == nil {
		t.Error("path-like edition accepted")
	}
}

// TestNotEvaluated: issue 14 part 6. A wrong ID check digit hides no age
// or budget verdict; rules that read an invalid value say why they were
// not judged.
func TestNotEvaluated(t *testing.T) {
	ind := sample(t, form.KindIndividual, false).(*form.Individual)
	ind.Applicant.IDNumber = "110108198506121238" // check digit
	ind.Applicant.BirthDate = "1979-12-31"        // over 45, and not the ID's date
	ind.Budget.Research += 10000                  // sum no longer the total
	ind.Budget.Total += 10000                     // …now it is, and over the cap
	ind.Employer.Phone = "123"
	a, err := Assess(context.Background(), entries("a.json", ind), AssessOptions{Validation: form.Options{Now: today}})
	if err != nil {
		t.Fatal(err)
	}
	d := a.Documents[0]
	if len(d.Findings) != 2 {
		t.Fatalf("findings %v", d.Findings)
	}
	if v := verdict(t, d.Verdicts, "individual.age"); v.Status != Fail {
		t.Errorf("age: %+v", v)
	}
	if v := verdict(t, d.Verdicts, "individual.budget_cap"); v.Status != Fail {
		t.Errorf("budget: %+v", v)
	}
	ind.Applicant.EngineeringSince = "2026-13"
	a, _ = Assess(context.Background(), entries("a.json", ind), AssessOptions{Validation: form.Options{Now: today}})
	v := verdict(t, a.Documents[0].Verdicts, "individual.work_years")
	if v.Status != NotEvaluated || !strings.Contains(v.Message, "从事工程技术工作起始年月") || a.Count[NotEvaluated] != 1 {
		t.Errorf("work years: %+v, count %v", v, a.Count)
	}
}

func TestAssess(t *testing.T) {
	ind := sample(t, form.KindIndividual, false).(*form.Individual)
	bad := sample(t, form.KindTeam, false).(*form.Team)
	bad.Leader.Mobile = "123"
	old := sample(t, form.KindIndividual, false).(*form.Individual)
	old.Applicant.IDNumber, old.Applicant.BirthDate, old.Applicant.Name, old.ApplicationNo = "110105197603120031", "1976-03-12", "赵老", "ZG2026-0999"
	a, err := Assess(context.Background(), entries("a.json", ind, "t.json", bad, "o.json", old), AssessOptions{Round: true, Validation: form.Options{Now: today}})
	if err != nil {
		t.Fatal(err)
	}
	// The team's phone finding stops no rule: all its verdicts are given.
	if len(a.Documents) != 3 || len(a.Documents[1].Findings) != 1 || len(a.Documents[1].Verdicts) == 0 || a.Count[NotEvaluated] != 0 {
		t.Fatalf("documents %+v", a.Documents)
	}
	if len(a.Round) != 1 || a.Round[0].Rule != "round.per_organisation" || !a.Failed() || a.Count[Fail] != 2 {
		t.Fatalf("round %v, count %v", a.Round, a.Count)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Assess(ctx, entries("a.json", ind), AssessOptions{}); err == nil {
		t.Fatal("cancelled assessment succeeded")
	}
}

// TestDistrictsEdition: issue 14 part 14. A district quota file of another
// edition is refused, in Chinese, naming both years.
func TestDistrictsEdition(t *testing.T) {
	ds, err := ReadDistricts(strings.NewReader(`{"edition":"2027","districts":{"海淀区":{"individual":3,"team":2}}}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Assess(context.Background(), entries("l.json", sample(t, form.KindLetter, false)), AssessOptions{Options: Options{Districts: ds}})
	var de *DistrictsError
	if !errors.As(err, &de) || de.Code() != CodeDistrictsEdition || !strings.Contains(err.Error(), "2027") || !strings.Contains(err.Error(), "2026 年的配置文件") {
		t.Fatalf("got %v", err)
	}
	// Applications do not use district quotas: no refusal.
	if _, err := Assess(context.Background(), entries("a.json", sample(t, form.KindIndividual, false)), AssessOptions{Options: Options{Districts: ds}}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{`{"districts":{}}`, `{"edition":"2026","districts":{"浦东新区":{}}}`, `{"edition":"2026","teams":1}`} {
		if _, err := ReadDistricts(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "区科协名额配置文件") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

// TestSamplesVerdictsUnchanged: `shenbao check --round` over the samples
// gives the verdicts it gave before issue 15 (pinned from main), where no
// point of that issue applies; the one new rule, recommender_scope, passes.
func TestSamplesVerdictsUnchanged(t *testing.T) {
	before := map[form.Kind]map[string]Status{
		form.KindIndividual: {"individual.field": Pass, "individual.channel": Pass, "individual.deadline": Pass, "individual.citizen": Pass, "individual.age": Pass, "individual.education": Pass, "individual.work_years": Pass, "individual.major_project": Pass, "individual.core_team_lead": Review, "individual.results_in_beijing": Review, "individual.not_funded_before": Pass, "individual.budget_cap": Pass, "employer.beijing": Pass, "employer.legal_person": Pass, "employer.invoice": Pass, "employer.training_system": Pass, "employer.matching_funds": Pass},
		form.KindTeam:       {"team.field": Pass, "team.channel": Pass, "team.deadline": Pass, "team.size": Pass, "team.leader_age": Pass, "team.leader_qualification": Pass, "team.young_member": Pass, "team.expert": Pass, "team.leader_not_funded_before": Pass, "team.results_in_beijing": Review, "team.budget_cap": Pass, "employer.beijing": Pass, "employer.legal_person": Pass, "employer.invoice": Pass, "employer.training_system": Pass, "employer.matching_funds": Pass},
		form.KindLetter:     {"letter.channel": Pass, "letter.deadline": Pass, "letter.quota": Review},
	}
	var es []Entry
	for _, k := range form.Kinds() {
		es = append(es, Entry{Source: string(k) + ".json", Doc: sample(t, k, false)})
	}
	a, err := Assess(context.Background(), es, AssessOptions{Round: true, Validation: form.Options{Now: today}})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Round) != 0 || a.Failed() {
		t.Fatalf("round %v", a.Round)
	}
	for _, d := range a.Documents {
		got := map[string]Status{}
		for _, v := range d.Verdicts {
			got[v.Rule] = v.Status
		}
		for rule, want := range before[d.Kind] {
			if got[rule] != want {
				t.Errorf("%s: %s = %s, was %s", d.Kind, rule, got[rule], want)
			}
		}
		for rule, st := range got {
			if _, old := before[d.Kind][rule]; !old && (st != Pass || !strings.HasSuffix(rule, ".recommender_scope")) {
				t.Errorf("%s: new verdict %s = %s", d.Kind, rule, st)
			}
		}
	}
}

func FuzzReadDistricts(f *testing.F) {
	f.Add([]byte(`{"edition":"2026","districts":{"海淀区":{"individual":3,"team":2}}}`))
	f.Add([]byte(`{"edition":"2027","districts":{"浦东新区":{}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ReadDistricts(bytes.NewReader(data))
		if err != nil {
			var de *DistrictsError
			if !errors.As(err, &de) || !strings.HasPrefix(err.Error(), "区科协名额配置文件：") {
				t.Fatalf("error %v is not a *DistrictsError in Chinese", err)
			}
			return
		}
		if d.Edition == "" {
			t.Fatal("accepted a file without an edition")
		}
	})
}

// TestNotEvaluatedRows: a finding in one row stops only the rules that
// read that value, and not one another row already satisfies.
func TestNotEvaluatedRows(t *testing.T) {
	ed := load2026(t)
	team := sample(t, form.KindTeam, false).(*form.Team)
	team.Members[1].BirthDate = "1990-02-30"            // no such day
	team.Experts[0].Guidance = strings.Repeat("导", 201) // too long
	vs := Check(team, ed, Options{}, form.Validate(team, form.Options{Now: today})...)
	for _, rule := range []string{"team.size", "team.young_member", "team.expert"} {
		if v := verdict(t, vs, rule); v.Status != Pass {
			t.Errorf("%s: %+v", rule, v)
		}
	}
	// With no qualifying young member, the invalid birth date leaves the
	// rule unjudged rather than failed.
	for i := range team.Members {
		if i != 1 {
			team.Members[i].Frontline = new(bool)
		}
	}
	vs = Check(team, ed, Options{}, form.Validate(team, form.Options{Now: today})...)
	if v := verdict(t, vs, "team.young_member"); v.Status != NotEvaluated || v.Path != "$.members[1].birth_date" {
		t.Errorf("young member: %+v", v)
	}
	ind := sample(t, form.KindIndividual, false).(*form.Individual)
	ind.Projects[2].Contribution = strings.Repeat("贡", 301)
	l := sample(t, form.KindLetter, false).(*form.Letter)
	l.Recommendations[0].IDNumber = "110108198506121238"
	vs = append(Check(ind, ed, Options{}, form.Validate(ind, form.Options{Now: today})...),
		Check(l, ed, Options{}, form.Validate(l, form.Options{Now: today})...)...)
	for _, rule := range []string{"individual.major_project", "letter.quota"} {
		if v := verdict(t, vs, rule); v.Status == NotEvaluated {
			t.Errorf("%s not judged for a finding it does not read: %+v", rule, v)
		}
	}
}

// TestDistrictsErrorsSayWhatToDo: problems with a district quota file reach
// staff (CLI) and portals (HTTP) in Chinese, with the expected form.
func TestDistrictsErrorsSayWhatToDo(t *testing.T) {
	for in, want := range map[string]string{
		`{"edition":"2026","districts":{"海淀区":{"teams":3}}}`:        `未知字段 "teams"`,
		`{"edition":"2026","districts":{"海淀区":{"individual":"x"}}}`: "districts.individual 应为整数",
		`{"edition":`: "文件为空或不完整",
	} {
		_, err := ReadDistricts(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "json:") {
			t.Errorf("%s: %v, want a Chinese message with %q", in, err, want)
		}
	}
}
