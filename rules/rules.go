package rules

import (
	"fmt"
	"slices"
	"time"

	"github.com/bast-tools/shenbao/form"
)

// Status is the outcome of one rule.
type Status string

// The outcomes.
const (
	Pass   Status = "pass"
	Fail   Status = "fail"
	Review Status = "review" // only a person can confirm
)

// Verdict is the outcome of one rule for one document or round.
type Verdict struct {
	Rule    string            `json:"rule"`
	Status  Status            `json:"status"`
	Path    string            `json:"path,omitempty"`
	Values  map[string]string `json:"values,omitempty"`
	Message string            `json:"message"`
}

// Options tune checking. The zero value applies the document's edition
// with no district quotas (those rules then ask for review).
type Options struct {
	// Districts supplies 区科协 quotas (attachment 1 of the notice).
	Districts *Districts
	// Reveal shows identity numbers in full in verdicts; by default they
	// are masked (110108********1239).
	Reveal bool
}

// Mask hides the middle of an identity number unless reveal is set.
func Mask(id string, reveal bool) string {
	if reveal || len(id) < 10 {
		return id
	}
	return id[:6] + "********" + id[len(id)-4:]
}

// EditionOf returns the embedded edition a document names.
func EditionOf(doc form.Document) (*Edition, error) {
	var name string
	switch d := doc.(type) {
	case *form.Individual:
		name = d.Edition
	case *form.Team:
		name = d.Edition
	case *form.Letter:
		name = d.Edition
	}
	return LoadEdition(name)
}

// Check applies the edition's rules to one validated document. It assumes
// [form.Validate] found nothing; on an invalid document some verdicts may
// be judged on missing values.
func Check(doc form.Document, ed *Edition, opt Options) []Verdict {
	c := &checker{ed: ed, opt: opt}
	switch d := doc.(type) {
	case *form.Individual:
		c.individual(d)
	case *form.Team:
		c.team(d)
	case *form.Letter:
		c.letter(d)
	}
	return c.out
}

type checker struct {
	ed  *Edition
	opt Options
	out []Verdict
}

func (c *checker) add(rule string, ok bool, path string, values map[string]string, pass, fail string) {
	v := Verdict{Rule: rule, Status: Pass, Path: path, Values: values, Message: pass}
	if !ok {
		v.Status, v.Message = Fail, fail
	}
	c.out = append(c.out, v)
}

func (c *checker) review(rule, path string, values map[string]string, msg string) {
	c.out = append(c.out, Verdict{Rule: rule, Status: Review, Path: path, Values: values, Message: msg})
}

func yes(b *bool) bool { return b != nil && *b }

func date(t time.Time) string { return t.Format(time.DateOnly) }

func (c *checker) individual(d *form.Individual) {
	ed, p := c.ed, &d.Applicant
	c.common("individual", d.Field, d.Channel, d.SubmittedAt, ed.appDeadline)
	c.add("individual.citizen", p.IDType == form.IDResident, "$.applicant.id_type",
		map[string]string{"id_type": string(p.IDType)},
		"持居民身份证，为中华人民共和国公民",
		fmt.Sprintf("证件类型为%s：申报人须为中华人民共和国公民（居民身份证）", p.IDType))
	c.age("individual.age", "$.applicant.birth_date", "申报人", p.BirthDate)
	edu := slices.Contains(ed.QualifyingEducation, string(p.Education)) && yes(p.FullTime)
	c.add("individual.education", edu, "$.applicant.education",
		map[string]string{"education": string(p.Education), "full_time": fmt.Sprint(yes(p.FullTime))},
		fmt.Sprintf("全日制%s，符合“全日制普通高等教育硕士及以上学历”", p.Education),
		fmt.Sprintf("最高学历为%s（%s），须为全日制普通高等教育硕士及以上学历", p.Education, fullTimeText(p.FullTime)))
	c.workYears("individual.work_years", "$.applicant.engineering_since", "申报人", p)
	c.projects("individual.major_project", d.Projects)
	c.review("individual.core_team_lead", "$.applicant.post", nil,
		"是否为本单位核心工程师团队牵头人，须由所在单位和推荐单位确认")
	c.beijingResults("individual.results_in_beijing", d.ResultsInBeijing)
	c.add("individual.not_funded_before", d.PreviouslyFunded != nil && !*d.PreviouslyFunded, "$.previously_funded", nil,
		"未曾获得卓越工程师成长计划资助", "已获得过卓越工程师成长计划资助的入选人不得重复申报")
	c.budget("individual.budget_cap", d.Budget.Total, ed.BudgetCap.Individual)
	c.employer(&d.Employer, d.Budget.Matching)
}

func (c *checker) team(d *form.Team) {
	ed, p := c.ed, &d.Leader
	c.common("team", d.Field, d.Channel, d.SubmittedAt, ed.appDeadline)
	c.add("team.size", len(d.Members) >= ed.MinTeamSize, "$.members",
		map[string]string{"members": fmt.Sprint(len(d.Members)), "min": fmt.Sprint(ed.MinTeamSize)},
		fmt.Sprintf("团队 %d 人，不少于 %d 人", len(d.Members), ed.MinTeamSize),
		fmt.Sprintf("团队仅 %d 人，须不少于 %d 人", len(d.Members), ed.MinTeamSize))
	c.age("team.leader_age", "$.leader.birth_date", "团队负责人", p.BirthDate)
	senior := slices.Contains(ed.SeniorTitles, string(p.TitleLevel))
	months, ok := engineeringMonths(p, ed)
	enough := ok && months >= ed.WorkYears*12 && yes(p.StillEngineering)
	c.add("team.leader_qualification", senior || enough, "$.leader.title_level",
		map[string]string{"title_level": string(p.TitleLevel), "engineering_months": fmt.Sprint(months)},
		fmt.Sprintf("负责人职称级别为%s、从事工程技术工作 %s，满足“高级职称或一线工作 %d 年及以上”", p.TitleLevel, yearsText(months), ed.WorkYears),
		fmt.Sprintf("负责人职称级别为%s、从事工程技术工作 %s：须具有高级职称，或在一线从事工程技术工作 %d 年及以上", p.TitleLevel, yearsText(months), ed.WorkYears))
	young := -1
	for i, m := range d.Members {
		if b, ok := form.ParseDate(string(m.BirthDate)); ok && !b.Before(ed.youngestBirth) && yes(m.Frontline) {
			young = i
			break
		}
	}
	yv := map[string]string{"born_on_or_after": date(ed.youngestBirth)}
	if young >= 0 {
		yv["member"] = d.Members[young].Name
	}
	c.add("team.young_member", young >= 0, "$.members", yv,
		fmt.Sprintf("成员%s为 %d 周岁以下（%s 及以后出生）的一线工程技术人员", yv["member"], ed.YoungMaxAge, date(ed.youngestBirth)),
		fmt.Sprintf("团队中须有一名 %d 周岁以下（截至 %s，即 %s 及以后出生）的一线工程技术人员", ed.YoungMaxAge, ed.AgeRef, date(ed.youngestBirth)))
	c.add("team.expert", len(d.Experts) >= ed.MinExperts, "$.experts",
		map[string]string{"experts": fmt.Sprint(len(d.Experts))},
		fmt.Sprintf("聘请指导专家 %d 名", len(d.Experts)), "团队须聘请至少一名指导专家")
	c.add("team.leader_not_funded_before", d.LeaderPreviouslyFunded != nil && !*d.LeaderPreviouslyFunded, "$.leader_previously_funded", nil,
		"负责人未曾以负责人身份获得青创室资助", "已获得往届青创室资助过的团队负责人，不得以团队负责人的身份再次申报")
	c.beijingResults("team.results_in_beijing", d.ResultsInBeijing)
	c.budget("team.budget_cap", d.Budget.Total, ed.BudgetCap.Team)
	c.employer(&d.Employer, d.Budget.Matching)
}

// common applies the rules every application shares: field, channel,
// deadline.
func (c *checker) common(prefix, field, channel string, submitted form.Timestamp, deadline time.Time) {
	ed := c.ed
	c.add(prefix+".field", slices.Contains(ed.Fields, field), "$.field", map[string]string{"field": field},
		fmt.Sprintf("申报领域“%s”属于本届重点领域", field),
		fmt.Sprintf("申报领域“%s”不在本届 %d 个领域之内", field, len(ed.Fields)))
	_, ok := ed.Channel(channel)
	c.add(prefix+".channel", ok, "$.channel", map[string]string{"channel": channel},
		fmt.Sprintf("推荐渠道“%s”", channel),
		fmt.Sprintf("推荐渠道“%s”不是本届的推荐渠道", channel))
	c.deadline(prefix+".deadline", submitted, deadline)
}

func (c *checker) deadline(rule string, submitted form.Timestamp, deadline time.Time) {
	shown := deadline.Add(-time.Minute).Format("2006-01-02") + " 24:00"
	t, ok := form.ParseTimestamp(string(submitted))
	if !ok {
		c.review(rule, "$.submitted_at", map[string]string{"deadline": shown},
			fmt.Sprintf("未提供提交时间，须确认在截止时间（北京时间 %s）之前提交", shown))
		return
	}
	c.add(rule, t.Before(deadline), "$.submitted_at",
		map[string]string{"submitted_at": t.Format(time.RFC3339), "deadline": shown},
		fmt.Sprintf("提交于北京时间 %s，在截止时间 %s 之前", t.Format(time.DateTime), shown),
		fmt.Sprintf("提交于北京时间 %s，已过截止时间 %s，逾期不予受理", t.Format(time.DateTime), shown))
}

func (c *checker) age(rule, path, who string, birth form.Date) {
	ed := c.ed
	b, ok := form.ParseDate(string(birth))
	c.add(rule, ok && !b.Before(ed.oldestBirth), path,
		map[string]string{"birth_date": string(birth), "born_on_or_after": date(ed.oldestBirth)},
		fmt.Sprintf("%s出生于 %s，截至 %s 不超过 %d 周岁", who, birth, ed.AgeRef, ed.MaxAge),
		fmt.Sprintf("%s出生于 %s，截至 %s 超过 %d 周岁（须 %s 及以后出生）", who, birth, ed.AgeRef, ed.MaxAge, date(ed.oldestBirth)))
}

// engineeringMonths counts the months of engineering work from the start
// month to the edition's reference month, both included.
func engineeringMonths(p *form.Person, ed *Edition) (int, bool) {
	s, ok := form.ParseMonth(string(p.EngineeringSince))
	if !ok {
		return 0, false
	}
	r := ed.workRef
	return (r.Year()-s.Year())*12 + int(r.Month()-s.Month()) + 1, true
}

func yearsText(months int) string {
	if months%12 == 0 {
		return fmt.Sprintf("%d 年", months/12)
	}
	return fmt.Sprintf("%d 年 %d 个月", months/12, months%12)
}

func fullTimeText(b *bool) string {
	if yes(b) {
		return "全日制"
	}
	return "非全日制"
}

func (c *checker) workYears(rule, path, who string, p *form.Person) {
	ed := c.ed
	months, ok := engineeringMonths(p, ed)
	vals := map[string]string{"engineering_since": string(p.EngineeringSince), "counted_to": ed.WorkYearsRef,
		"months": fmt.Sprint(months), "still_engineering": fmt.Sprint(yes(p.StillEngineering))}
	switch {
	case !ok || months < ed.WorkYears*12:
		c.add(rule, false, path, vals, "", fmt.Sprintf("%s自 %s 起从事工程技术工作，至 %s 共 %s，不足 %d 年",
			who, p.EngineeringSince, ed.WorkYearsRef, yearsText(months), ed.WorkYears))
	case !yes(p.StillEngineering):
		c.add(rule, false, "$.applicant.still_engineering", vals, "", who+"申报时须仍在从事工程技术工作")
	default:
		c.add(rule, true, path, vals, fmt.Sprintf("%s自 %s 起从事工程技术工作，至 %s 共 %s，且仍在从事",
			who, p.EngineeringSince, ed.WorkYearsRef, yearsText(months)), "")
	}
}

// projects: led a major project, or was a core member of a provincial or
// national one. Leading only a lower-level project may still be "major" in
// its field, which only a reviewer can judge.
func (c *checker) projects(rule string, ps []form.Project) {
	major, ledLower := -1, -1
	for i, p := range ps {
		isMajor := slices.Contains(c.ed.MajorProjectLevels, string(p.Level))
		if isMajor && (p.Role == form.RoleLeader || p.Role == form.RoleCoreMember) && major < 0 {
			major = i
		}
		if !isMajor && p.Role == form.RoleLeader && ledLower < 0 {
			ledLower = i
		}
	}
	switch {
	case major >= 0:
		p := ps[major]
		c.add(rule, true, fmt.Sprintf("$.projects[%d]", major), map[string]string{"project": p.Name, "level": string(p.Level), "role": string(p.Role)},
			fmt.Sprintf("作为%s承担%s项目“%s”", p.Role, p.Level, p.Name), "")
	case ledLower >= 0:
		p := ps[ledLower]
		c.review(rule, fmt.Sprintf("$.projects[%d]", ledLower), map[string]string{"project": p.Name, "level": string(p.Level), "role": string(p.Role)},
			fmt.Sprintf("作为负责人主持%s项目“%s”，是否属于本领域重大工程项目须专家确认", p.Level, p.Name))
	default:
		c.add(rule, false, "$.projects", nil, "",
			"须作为负责人主持过本领域重大工程项目，或作为核心骨干承担过省部级及以上重大工程项目")
	}
}

func (c *checker) beijingResults(rule string, b *bool) {
	if b != nil && !*b {
		c.add(rule, false, "$.results_in_beijing", nil, "", "主要成果业绩应在北京")
		return
	}
	c.review(rule, "$.results_in_beijing", nil, "申报人声明主要成果业绩在北京，须评审时核实")
}

func (c *checker) budget(rule string, total, limit form.Wan) {
	c.add(rule, total <= limit, "$.budget.total", map[string]string{"total": total.String(), "cap": limit.String()},
		fmt.Sprintf("申请经费 %s 万元，不超过 %s 万元", total, limit),
		fmt.Sprintf("申请经费 %s 万元，超过上限 %s 万元", total, limit))
}

func (c *checker) employer(e *form.Employer, matching form.Wan) {
	cc := string(e.CreditCode)
	c.add("employer.beijing", form.CreditInBeijing(cc), "$.employer.credit_code",
		map[string]string{"division": safeSlice(cc, 2, 8)},
		"统一社会信用代码显示单位在北京市注册",
		"统一社会信用代码第 3–8 位不在北京（应以 11 开头）：所在单位须在北京市注册")
	c.add("employer.legal_person", yes(e.LegalPerson), "$.employer.legal_person", nil,
		"所在单位具有独立法人资格", "所在单位须具有独立法人资格")
	c.add("employer.invoice", yes(e.CanInvoice), "$.employer.can_invoice", nil,
		"所在单位能接收项目经费并开具增值税普通发票", "所在单位须具备接收项目经费并开具增值税普通发票的能力")
	c.add("employer.training_system", yes(e.TrainingSystem), "$.employer.training_system", nil,
		"所在单位具有人才培养体系并制定成长培养方案", "所在单位须拥有较为完善的内部人才培养体系，并制定实施成长培养方案")
	c.add("employer.matching_funds", matching > 0, "$.budget.matching", map[string]string{"matching": matching.String()},
		fmt.Sprintf("单位配套资金 %s 万元", matching), "所在单位须提供相应的配套资金（单位配套资金应大于 0）")
}

func safeSlice(s string, i, j int) string {
	if len(s) < j {
		return ""
	}
	return s[i:j]
}

func (c *checker) letter(d *form.Letter) {
	ed := c.ed
	ch, ok := ed.Channel(d.Channel)
	c.add("letter.channel", ok, "$.channel", map[string]string{"channel": d.Channel},
		fmt.Sprintf("推荐渠道“%s”", d.Channel), fmt.Sprintf("推荐渠道“%s”不是本届的推荐渠道", d.Channel))
	c.deadline("letter.deadline", d.SubmittedAt, ed.recDeadline)
	for i, r := range d.Recommendations {
		if !slices.Contains(ed.Fields, r.Field) {
			c.add("letter.field", false, fmt.Sprintf("$.recommendations[%d].field", i), map[string]string{"field": r.Field}, "",
				fmt.Sprintf("推荐汇总表第 %d 项的申报领域“%s”不在本届领域之内", i+1, r.Field))
		}
	}
	if ok {
		counts := countProgrammes(d.Recommendations)
		c.quota("letter.quota", d.Recommender, ch, d.District, counts)
	}
	perOrg := map[string]int{}
	for i, r := range d.Recommendations {
		if r.CreditCode == "" {
			continue
		}
		key := string(r.CreditCode) + "|" + string(r.Programme)
		perOrg[key]++
		limit := ed.PerOrganisation.Individual
		if r.Programme == form.ProgrammeTeam {
			limit = ed.PerOrganisation.Team
		}
		if perOrg[key] == limit+1 {
			c.add("letter.per_organisation", false, fmt.Sprintf("$.recommendations[%d]", i),
				map[string]string{"employer": r.Employer, "programme": string(r.Programme)}, "",
				fmt.Sprintf("%s的%s超过每单位 %d 个的限制", r.Employer, r.Programme, limit))
		}
	}
}

func countProgrammes(rs []form.Recommendation) Quota {
	var q Quota
	for _, r := range rs {
		if r.Programme == form.ProgrammeTeam {
			q.Team++
		} else {
			q.Individual++
		}
	}
	return q
}

// quota compares what one recommender sends with its channel's quota.
func (c *checker) quota(rule, recommender string, ch Channel, district form.District, n Quota) {
	limit := ch.Quota
	vals := map[string]string{"channel": ch.Name, "individual": fmt.Sprint(n.Individual), "team": fmt.Sprint(n.Team)}
	if ch.DistrictQuotas {
		var q Quota
		found := false
		if c.opt.Districts != nil && district != "" {
			q, found = c.opt.Districts.Districts[string(district)]
		}
		if !found {
			c.review(rule, "$.recommendations", vals, fmt.Sprintf("%s推荐成长计划 %d 人、青创室 %d 个；区科协名额见推荐名额分配表（附件1），未配置%s的名额，须人工核对",
				recommender, n.Individual, n.Team, districtText(district)))
			return
		}
		limit = q
	}
	vals["individual_quota"], vals["team_quota"] = fmt.Sprint(limit.Individual), fmt.Sprint(limit.Team)
	c.add(rule, n.Individual <= limit.Individual && n.Team <= limit.Team, "$.recommendations", vals,
		fmt.Sprintf("%s推荐成长计划 %d 人（限 %d）、青创室 %d 个（限 %d）", recommender, n.Individual, limit.Individual, n.Team, limit.Team),
		fmt.Sprintf("%s推荐成长计划 %d 人（限 %d）、青创室 %d 个（限 %d），超出推荐名额", recommender, n.Individual, limit.Individual, n.Team, limit.Team))
}

func districtText(d form.District) string {
	if d == "" {
		return "所在区（推荐函未填写 district）"
	}
	return string(d)
}
