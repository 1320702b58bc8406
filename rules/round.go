package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/bast-tools/shenbao/edition"
	"github.com/bast-tools/shenbao/form"
)

// Entry is one document of a round and where it came from (a file name),
// so findings can point at the files involved.
type Entry struct {
	Source string
	Doc    form.Document
	// Findings are the document's validation findings, as [form.Read]
	// gave them; nil means [Assess] validates the document itself.
	Findings []form.Finding
}

// RoundFinding is a verdict about several documents of a round together.
type RoundFinding struct {
	Rule    string            `json:"rule"`
	Status  Status            `json:"status"`
	Sources []string          `json:"sources"`
	Values  map[string]string `json:"values,omitempty"`
	Message string            `json:"message"`
}

// application is one 申报书 of the round.
type application struct {
	source    string
	programme form.Programme
	id        string
	name      string // the applicant, or the team name
	leader    string // a team's leader
	appNo     string
	field     string
	employer  *form.Employer
	recommend string
	rows      []*row // letter rows matched to it
}

// row is one line of a letter's 推荐汇总表.
type row struct {
	source string
	index  int
	letter *form.Letter
	r      form.Recommendation
	app    *application
}

func (w *row) label() string { return fmt.Sprintf("%s 推荐汇总表第 %d 项", w.source, w.index+1) }

// person is who a row or application stands for: the application's
// identity number when a row is matched to one.
func (w *row) person() string {
	if w.app != nil {
		return w.app.id
	}
	return string(w.r.IDNumber)
}

// CheckRound judges what no single document shows: per-organisation limits,
// one person as both individual applicant and team leader, one applicant
// through two channels, duplicate applications, per-recommender quotas over
// several letters, applications no letter recommends, letters that disagree
// with the applications they name, and recommenders recommending outside
// their district, park or unit. Letter rows are matched to applications by
// identity number, then by application number, then by name; a mismatch
// is reported as such, never counted as a second applicant. Findings come
// in a fixed order.
func CheckRound(entries []Entry, ed *edition.Edition, opt Options) []RoundFinding {
	var apps []*application
	var rows []*row
	letters := map[string][]Entry{}
	for _, e := range entries {
		switch d := e.Doc.(type) {
		case *form.Individual:
			apps = append(apps, &application{source: e.Source, programme: form.ProgrammeIndividual, id: string(d.Applicant.IDNumber),
				name: d.Applicant.Name, appNo: d.ApplicationNo, field: d.Field, employer: &d.Employer, recommend: d.Recommender})
		case *form.Team:
			apps = append(apps, &application{source: e.Source, programme: form.ProgrammeTeam, id: string(d.Leader.IDNumber),
				name: d.TeamName, leader: d.Leader.Name, appNo: d.ApplicationNo, field: d.Field, employer: &d.Employer, recommend: d.Recommender})
		case *form.Letter:
			letters[d.Recommender] = append(letters[d.Recommender], e)
			for i, r := range d.Recommendations {
				rows = append(rows, &row{source: e.Source, index: i, letter: d, r: r})
			}
		}
	}
	var out []RoundFinding
	add := func(rule string, st Status, sources []string, vals map[string]string, msg string) {
		out = append(out, RoundFinding{Rule: rule, Status: st, Sources: uniqSorted(sources), Values: vals, Message: msg})
	}
	mask := func(id string) string { return Mask(id, opt.Reveal) }

	// Identity numbers first, for every row; then the rows left over, by
	// application number or name, to applications no row names by number.
	for _, exact := range []bool{true, false} {
		found := map[*row]*application{}
		for _, w := range rows {
			if w.app == nil {
				if a := match(w, apps, exact); a != nil {
					found[w] = a
				}
			}
		}
		for _, w := range rows {
			if a := found[w]; a != nil {
				w.app, a.rows = a, append(a.rows, w)
			}
		}
	}
	// Letters against applications, row by row.
	for _, w := range rows {
		if w.app == nil {
			if len(apps) > 0 {
				add("round.letter_unmatched", Review, []string{w.source}, map[string]string{"name": w.r.Name, "id_number": mask(string(w.r.IDNumber)), "programme": string(w.r.Programme)},
					fmt.Sprintf("%s %s（%s，身份证号 %s）在本轮没有对应的申报书（按身份证号、申报编号、姓名均未找到）：可能本轮缺少其申报书，或推荐函中姓名、身份证号填写有误，请核对",
						w.label(), w.r.Name, w.r.Programme, mask(string(w.r.IDNumber))))
			}
			continue
		}
		if diffs := disagreements(w, mask); len(diffs) > 0 {
			add("round.letter_mismatch", Review, []string{w.source, w.app.source}, map[string]string{"row": fmt.Sprint(w.index + 1), "fields": strings.Join(diffKeys(diffs), ",")},
				fmt.Sprintf("%s与申报书 %s 不一致：%s。推荐函与申报书须一致，请核对哪一份填写有误并更正", w.label(), w.app.source, strings.Join(diffTexts(diffs), "；")))
		}
		if f, ok := scope(w, ed); ok {
			add(f.Rule, f.Status, []string{w.source, w.app.source}, f.Values, f.Message)
		}
	}

	// People: each application, and each letter row no application matches.
	type appearance struct {
		source, recommender string
		programme           form.Programme
		fromLetter          bool
		app                 *application
	}
	byID := map[string][]appearance{}
	for _, a := range apps {
		if a.id != "" {
			byID[a.id] = append(byID[a.id], appearance{a.source, a.recommend, a.programme, false, a})
		}
	}
	for _, w := range rows {
		if id := w.person(); id != "" {
			byID[id] = append(byID[id], appearance{w.source, w.letter.Recommender, w.r.Programme, true, w.app})
		}
	}
	perOrg := map[string][]string{}    // credit code|programme → names
	perOrgSrc := map[string][]string{} // … → sources
	perOrgName := map[string]string{}  // … → employer name
	for _, id := range sortedKeys(byID) {
		as := byID[id]
		var srcs []string
		programmes := map[form.Programme][]appearance{}
		recommenders := map[string]bool{}
		for _, a := range as {
			srcs = append(srcs, a.source)
			programmes[a.programme] = append(programmes[a.programme], a)
			recommenders[a.recommender] = true
		}
		if len(programmes) > 1 {
			add("round.dual_role", Fail, srcs, map[string]string{"id_number": mask(id)},
				fmt.Sprintf("同一人（身份证号 %s）既申报卓越工程师成长计划又作为团队负责人申报青创室，不允许同时申报", mask(id)))
		}
		if len(recommenders) > 1 {
			names := strings.Join(sortedKeys(recommenders), "、")
			add("round.multi_channel", Fail, srcs, map[string]string{"id_number": mask(id), "recommenders": names},
				fmt.Sprintf("同一人（身份证号 %s）经多个推荐单位申报（%s），不得多渠道申报", mask(id), names))
		}
		for _, p := range sortedKeys(programmes) {
			var applications []*application
			perRecommender := map[string]int{}
			dupRow := false
			var psrcs []string
			for _, a := range programmes[p] {
				psrcs = append(psrcs, a.source)
				if a.fromLetter {
					perRecommender[a.recommender]++
					dupRow = dupRow || perRecommender[a.recommender] > 1
				} else {
					applications = append(applications, a.app)
				}
			}
			if len(applications) > 1 || dupRow {
				add("round.duplicate", Fail, psrcs, map[string]string{"id_number": mask(id), "programme": string(p)},
					fmt.Sprintf("同一人（身份证号 %s）重复申报或被重复推荐%s", mask(id), p))
			}
			if len(letters) > 0 && len(applications) > 0 && len(perRecommender) == 0 {
				add("round.not_recommended", Review, psrcs, map[string]string{"id_number": mask(id), "programme": string(p)},
					fmt.Sprintf("%s（%s）未出现在本轮任何推荐函的推荐汇总表中，须确认是否已推荐", applications[0].name, p))
			}
			// One count per person and programme, from the application;
			// letter rows count only in a round of letters alone, since
			// with applications present an unmatched row is reported
			// above as a mismatch, not as another applicant.
			var code, name, employer, src string
			switch {
			case len(applications) > 0:
				a := applications[0]
				code, name, employer, src = string(a.employer.CreditCode), a.name, a.employer.Name, a.source
			case len(apps) == 0:
				w := firstRow(rows, id, p)
				code, name, employer, src = string(w.r.CreditCode), w.r.Name, w.r.Employer, w.source
			}
			if code != "" {
				key := code + "|" + string(p)
				perOrg[key] = append(perOrg[key], name)
				perOrgSrc[key] = append(perOrgSrc[key], src)
				perOrgName[key] = employer
			}
		}
	}
	for _, key := range sortedKeys(perOrg) {
		names := perOrg[key]
		_, p, _ := strings.Cut(key, "|")
		limit := quotaFor(ed.PerOrganisation, form.Programme(p))
		if len(names) > limit {
			add("round.per_organisation", Fail, perOrgSrc[key], map[string]string{"employer": perOrgName[key], "programme": p, "count": fmt.Sprint(len(names)), "limit": fmt.Sprint(limit)},
				fmt.Sprintf("%s申报%s %d 个（%s），每个单位不超过 %d 个", perOrgName[key], p, len(names), strings.Join(names, "、"), limit))
		}
	}
	for _, rec := range sortedKeys(letters) {
		ls := letters[rec]
		if len(ls) < 2 {
			continue // a single letter's quota is judged by Check
		}
		var all []form.Recommendation
		var srcs []string
		for _, e := range ls {
			all = append(all, e.Doc.(*form.Letter).Recommendations...)
			srcs = append(srcs, e.Source)
		}
		first := ls[0].Doc.(*form.Letter)
		ch, ok := ed.Channel(first.Channel)
		if !ok {
			continue
		}
		c := &checker{ed: ed, opt: opt}
		c.quota("round.channel_quota", rec, ch, first.District, countProgrammes(all))
		v := c.out[0]
		add(v.Rule, v.Status, srcs, v.Values, fmt.Sprintf("（%d 封推荐函合计）%s", len(ls), v.Message))
	}
	return out
}

func firstRow(rows []*row, id string, p form.Programme) *row {
	for _, w := range rows {
		if w.person() == id && w.r.Programme == p {
			return w
		}
	}
	return nil
}

// match finds the application a letter row stands for: with exact, the
// same programme and identity number; else, among applications no row
// names by number, the one with the same application number, or failing
// that the one with the same name and employer (names repeat: 王伟 of one
// unit is not 王伟 of another).
func match(w *row, apps []*application, exact bool) *application {
	var byNo, byName []*application
	for _, a := range apps {
		if a.programme != w.r.Programme {
			continue
		}
		if exact {
			if a.id != "" && a.id == string(w.r.IDNumber) {
				return a
			}
			continue
		}
		if len(a.rows) > 0 {
			continue
		}
		if a.appNo != "" && a.appNo == w.r.ApplicationNo {
			byNo = append(byNo, a)
		}
		sameEmployer := a.employer.Name == w.r.Employer
		if w.r.CreditCode != "" && a.employer.CreditCode != "" {
			sameEmployer = a.employer.CreditCode == w.r.CreditCode
		}
		if a.name == w.r.Name && sameEmployer {
			byName = append(byName, a)
		}
	}
	if len(byNo) == 1 {
		return byNo[0]
	}
	if len(byName) == 1 {
		return byName[0]
	}
	return nil
}

type diff struct{ key, text string }

func diffKeys(ds []diff) []string {
	var ks []string
	for _, d := range ds {
		ks = append(ks, d.key)
	}
	return ks
}

func diffTexts(ds []diff) []string {
	var ts []string
	for _, d := range ds {
		ts = append(ts, d.text)
	}
	return ts
}

// disagreements lists what a letter row says differently from the
// application it was matched to.
func disagreements(w *row, mask func(string) string) []diff {
	a, r := w.app, w.r
	var ds []diff
	cmp := func(key, label, letter, app string, show func(string) string) {
		if letter != "" && app != "" && letter != app {
			ds = append(ds, diff{key, fmt.Sprintf("%s（推荐函 %s，申报书 %s）", label, show(letter), show(app))})
		}
	}
	same := func(s string) string { return s }
	cmp("id_number", "身份证号", string(r.IDNumber), a.id, mask)
	nameLabel := "姓名"
	if a.programme == form.ProgrammeTeam {
		nameLabel = "工作室名称"
		cmp("leader", "团队负责人", r.Leader, a.leader, same)
	}
	cmp("name", nameLabel, r.Name, a.name, same)
	cmp("application_no", "申报编号", r.ApplicationNo, a.appNo, same)
	if r.CreditCode != "" {
		cmp("credit_code", "所在单位统一社会信用代码", string(r.CreditCode), string(a.employer.CreditCode), same)
	} else {
		cmp("employer", "所在单位", r.Employer, a.employer.Name, same)
	}
	cmp("field", "申报领域", r.Field, a.field, same)
	return ds
}

// scope compares a matched letter row's recommender with the
// application's employer, as 三 of the notice restricts whom each kind of
// recommender may recommend.
func scope(w *row, ed *edition.Edition) (RoundFinding, bool) {
	const rule = "round.recommender_scope"
	l, e := w.letter, w.app.employer
	ch, ok := ed.Channel(l.Channel)
	if !ok {
		return RoundFinding{}, false
	}
	who := fmt.Sprintf("%s推荐%s（%s）", l.Recommender, w.app.name, w.source)
	switch ch.Scope {
	case edition.ScopeDistrict:
		if l.District == "" || e.District == "" {
			return RoundFinding{Rule: rule, Status: Review, Message: fmt.Sprintf("%s：推荐函或申报书未写明区（district），无法核对区科协是否推荐本区注册的单位（通知三1），须人工核对", who)}, true
		}
		if l.District != e.District {
			return RoundFinding{Rule: rule, Status: Fail, Values: map[string]string{"letter_district": string(l.District), "employer_district": string(e.District)},
				Message: fmt.Sprintf("%s：推荐函写明推荐单位在%s，而所在单位%s注册在%s。区科协推荐注册地在本区的单位（通知三1“由其所在单位注册地科协负责推荐”，名额按区分配，附件1），应由%s科协推荐",
					who, l.District, e.Name, e.District, e.District)}, true
		}
	case edition.ScopeOwnUnit:
		if other, diff := otherUnit(l, e.Name, string(e.CreditCode)); diff {
			return RoundFinding{Rule: rule, Status: Fail, Values: map[string]string{"unit": other, "employer": e.Name},
				Message: fmt.Sprintf("%s：申报书所在单位为%s，不是推荐单位所属的%s。市科协直接批复的企业、事业单位科协须由本单位负责推荐（通知三2）", who, e.Name, other)}, true
		}
		if l.Unit == "" && l.UnitCreditCode == "" {
			return RoundFinding{Rule: rule, Status: Review, Message: fmt.Sprintf("%s：推荐函未填写本单位（unit、unit_credit_code），无法核对是否为本单位人员（通知三2“须由本单位负责推荐”），须人工核对", who)}, true
		}
	case edition.ScopePark:
		if l.Park == "" || e.Park == "" {
			return RoundFinding{Rule: rule, Status: Review, Message: fmt.Sprintf("%s：推荐函或申报书未写明园区（park），无法核对园区科协是否推荐本园区的单位（通知三3），须人工核对", who)}, true
		}
		if l.Park != e.Park {
			return RoundFinding{Rule: rule, Status: Fail, Values: map[string]string{"letter_park": l.Park, "employer_park": e.Park},
				Message: fmt.Sprintf("%s：推荐函写明园区为%s，而所在单位%s属于%s。园区科协推荐本园区的单位（通知三3）", who, l.Park, e.Name, e.Park)}, true
		}
	}
	return RoundFinding{}, false
}

func uniqSorted(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

func sortedKeys[K ~string, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}
