package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/bast-tools/shenbao/form"
)

// Entry is one document of a round and where it came from (a file name),
// so findings can point at the files involved.
type Entry struct {
	Source string
	Doc    form.Document
}

// RoundFinding is a verdict about several documents of a round together.
type RoundFinding struct {
	Rule    string            `json:"rule"`
	Status  Status            `json:"status"`
	Sources []string          `json:"sources"`
	Values  map[string]string `json:"values,omitempty"`
	Message string            `json:"message"`
}

// appearance is one place a person shows up in a round: an application or
// a row of a letter's 推荐汇总表.
type appearance struct {
	source      string
	programme   form.Programme
	name        string // person, or team name for a team row
	employer    string
	creditCode  string
	recommender string
	fromLetter  bool
}

// CheckRound judges what no single document shows: per-organisation limits,
// one person as both individual applicant and team leader, one applicant
// through two channels, duplicate applications, per-recommender quotas over
// several letters, and applications no letter recommends. People are
// matched by identity number. Findings come in a fixed order.
func CheckRound(entries []Entry, ed *Edition, opt Options) []RoundFinding {
	byID := map[string][]appearance{}
	letters := map[string][]Entry{}
	hasLetters := false
	for _, e := range entries {
		switch d := e.Doc.(type) {
		case *form.Individual:
			id := string(d.Applicant.IDNumber)
			byID[id] = append(byID[id], appearance{e.Source, form.ProgrammeIndividual, d.Applicant.Name,
				d.Employer.Name, string(d.Employer.CreditCode), d.Recommender, false})
		case *form.Team:
			id := string(d.Leader.IDNumber)
			byID[id] = append(byID[id], appearance{e.Source, form.ProgrammeTeam, d.TeamName,
				d.Employer.Name, string(d.Employer.CreditCode), d.Recommender, false})
		case *form.Letter:
			hasLetters = true
			letters[d.Recommender] = append(letters[d.Recommender], e)
			for _, r := range d.Recommendations {
				id := string(r.IDNumber)
				byID[id] = append(byID[id], appearance{e.Source, r.Programme, r.Name,
					r.Employer, string(r.CreditCode), d.Recommender, true})
			}
		}
	}
	var out []RoundFinding
	add := func(rule string, st Status, sources []string, vals map[string]string, msg string) {
		out = append(out, RoundFinding{Rule: rule, Status: st, Sources: uniqSorted(sources), Values: vals, Message: msg})
	}

	perOrg := map[string][]appearance{} // credit code|programme → one appearance per person
	for _, id := range sortedKeys(byID) {
		apps := byID[id]
		masked := Mask(id, opt.Reveal)
		programmes := map[form.Programme][]appearance{}
		recommenders := map[string][]string{}
		for _, a := range apps {
			programmes[a.programme] = append(programmes[a.programme], a)
			recommenders[a.recommender] = append(recommenders[a.recommender], a.source)
		}
		if len(programmes) > 1 {
			add("round.dual_role", Fail, sources(apps), map[string]string{"id_number": masked},
				fmt.Sprintf("同一人（身份证号 %s）既申报卓越工程师成长计划又作为团队负责人申报青创室，不允许同时申报", masked))
		}
		if len(recommenders) > 1 {
			add("round.multi_channel", Fail, sources(apps), map[string]string{"id_number": masked, "recommenders": strings.Join(sortedKeys(recommenders), "、")},
				fmt.Sprintf("同一人（身份证号 %s）经多个推荐单位申报（%s），不得多渠道申报", masked, strings.Join(sortedKeys(recommenders), "、")))
		}
		for _, p := range sortedKeys(programmes) {
			var applications []appearance
			rows := 0
			for _, a := range programmes[p] {
				if a.fromLetter {
					rows++
				} else {
					applications = append(applications, a)
				}
			}
			if len(applications) > 1 || rows > len(recommenders) {
				add("round.duplicate", Fail, sources(programmes[p]), map[string]string{"id_number": masked, "programme": string(p)},
					fmt.Sprintf("同一人（身份证号 %s）重复申报或被重复推荐%s", masked, p))
			}
			if hasLetters && len(applications) > 0 && rows == 0 {
				add("round.not_recommended", Review, sources(applications), map[string]string{"id_number": masked, "programme": string(p)},
					fmt.Sprintf("%s（%s）未出现在本轮任何推荐函的推荐汇总表中，须确认是否已推荐", applications[0].name, p))
			}
			// One entry per person and programme: the application if there
			// is one, else the letter row.
			rep := programmes[p][0]
			if len(applications) > 0 {
				rep = applications[0]
			}
			if rep.creditCode != "" {
				key := rep.creditCode + "|" + string(p)
				perOrg[key] = append(perOrg[key], rep)
			}
		}
	}
	for _, key := range sortedKeys(perOrg) {
		apps := perOrg[key]
		p := apps[0].programme
		limit := ed.PerOrganisation.Individual
		if p == form.ProgrammeTeam {
			limit = ed.PerOrganisation.Team
		}
		if len(apps) > limit {
			var names []string
			for _, a := range apps {
				names = append(names, a.name)
			}
			add("round.per_organisation", Fail, sources(apps), map[string]string{"employer": apps[0].employer, "programme": string(p), "count": fmt.Sprint(len(apps)), "limit": fmt.Sprint(limit)},
				fmt.Sprintf("%s申报%s %d 个（%s），每个单位不超过 %d 个", apps[0].employer, p, len(apps), strings.Join(names, "、"), limit))
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

func sources(apps []appearance) []string {
	var s []string
	for _, a := range apps {
		s = append(s, a.source)
	}
	return s
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
