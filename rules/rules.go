package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/bast-tools/shenbao/edition"
	"github.com/bast-tools/shenbao/form"
)

// Status is the outcome of one rule.
type Status string

// The outcomes.
const (
	Pass   Status = "pass"
	Fail   Status = "fail"
	Review Status = "review" // only a person can confirm
	// NotEvaluated: a value the rule reads is invalid (a validation
	// finding), so the rule was not judged; the message says which.
	NotEvaluated Status = "not_evaluated"
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

// Check applies the edition's rules to one document. Findings are the
// document's validation findings ([form.Validate]): a rule that reads a
// value with a finding is not judged but reported as [NotEvaluated] with
// the finding as reason, so one wrong value hides no other verdict.
func Check(doc form.Document, ed *edition.Edition, opt Options, findings ...form.Finding) []Verdict {
	c := &checker{ed: ed, opt: opt, invalid: findings}
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
	ed      *edition.Edition
	opt     Options
	invalid []form.Finding
	out     []Verdict
}

var rowIndex = regexp.MustCompile(`\[\d+\]`)

// within reports whether path a is b or inside it, or b inside a; "[]" in
// b stands for any row ("$.members[].birth_date").
func within(a, b string) bool {
	if strings.Contains(b, "[]") {
		a = rowIndex.ReplaceAllString(a, "[]")
	}
	inside := func(x, y string) bool {
		return x == y || strings.HasPrefix(x, y+".") || strings.HasPrefix(x, y+"[")
	}
	return inside(a, b) || inside(b, a)
}

// blocked reports, and records as NotEvaluated, a rule one of whose
// inputs has a validation finding.
func (c *checker) blocked(rule string, inputs ...string) bool {
	for _, f := range c.invalid {
		for _, in := range inputs {
			if within(f.Path, in) {
				c.out = append(c.out, Verdict{Rule: rule, Status: NotEvaluated, Path: f.Path,
					Values:  map[string]string{"finding": f.Code},
					Message: fmt.Sprintf("所需数据有误（%s），此项未核查；请先修正后重新核查", f.Message)})
				return true
			}
		}
	}
	return false
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
	c.common("individual", d.Field, d.Channel, d.SubmittedAt, ed.ApplicationDue())
	c.citizen("individual.citizen", "$.applicant", p)
	c.age("individual.age", "$.applicant.birth_date", "申报人", p.BirthDate)
	c.education("individual.education", "$.applicant", p, d.Education)
	c.workYears("individual.work_years", "$.applicant", "申报人", p, d.FilledOn, d.SubmittedAt)
	c.projects("individual.major_project", d.Projects)
	c.review("individual.core_team_lead", "$.applicant.post", nil,
		"是否为本单位核心工程师团队牵头人，须由所在单位和推荐单位确认")
	c.beijingResults("individual.results_in_beijing", d.ResultsInBeijing)
	if !c.blocked("individual.not_funded_before", "$.previously_funded") {
		c.add("individual.not_funded_before", d.PreviouslyFunded != nil && !*d.PreviouslyFunded, "$.previously_funded", nil,
			"未曾获得卓越工程师成长计划资助", "已获得过卓越工程师成长计划资助的入选人不得重复申报")
	}
	c.budget("individual.budget_cap", d.Budget.Total, wan(ed.BudgetCap.Individual))
	c.employer(&d.Employer, d.Budget.Matching)
	c.applicationScope("individual.recommender_scope", d.Channel, d.Recommender, &d.Employer)
}

func (c *checker) team(d *form.Team) {
	ed, p := c.ed, &d.Leader
	c.common("team", d.Field, d.Channel, d.SubmittedAt, ed.ApplicationDue())
	c.add("team.size", len(d.Members) >= ed.MinTeamSize, "$.members",
		map[string]string{"members": fmt.Sprint(len(d.Members)), "min": fmt.Sprint(ed.MinTeamSize)},
		fmt.Sprintf("团队 %d 人，不少于 %d 人", len(d.Members), ed.MinTeamSize),
		fmt.Sprintf("团队仅 %d 人，须不少于 %d 人", len(d.Members), ed.MinTeamSize))
	c.age("team.leader_age", "$.leader.birth_date", "团队负责人", p.BirthDate)
	c.leaderQualification(d)
	young := -1
	for i, m := range d.Members {
		if b, ok := form.ParseDate(string(m.BirthDate)); ok && !b.Before(ed.YoungestBirth()) && yes(m.Frontline) {
			young = i
			break
		}
	}
	// One qualifying member is enough, whatever is wrong with the others.
	if young >= 0 || !c.blocked("team.young_member", "$.members[].birth_date", "$.members[].frontline") {
		yv := map[string]string{"born_on_or_after": date(ed.YoungestBirth())}
		if young >= 0 {
			yv["member"] = d.Members[young].Name
		}
		c.add("team.young_member", young >= 0, "$.members", yv,
			fmt.Sprintf("成员%s为 %d 周岁以下（%s 及以后出生）的一线工程技术人员", yv["member"], ed.YoungMaxAge, date(ed.YoungestBirth())),
			fmt.Sprintf("团队中须有一名 %d 周岁以下（截至 %s，即 %s 及以后出生）的一线工程技术人员", ed.YoungMaxAge, ed.AgeRef, date(ed.YoungestBirth())))
	}
	c.add("team.expert", len(d.Experts) >= ed.MinExperts, "$.experts",
		map[string]string{"experts": fmt.Sprint(len(d.Experts))},
		fmt.Sprintf("聘请指导专家 %d 名", len(d.Experts)), "团队须聘请至少一名指导专家")
	if !c.blocked("team.leader_not_funded_before", "$.leader_previously_funded") {
		c.add("team.leader_not_funded_before", d.LeaderPreviouslyFunded != nil && !*d.LeaderPreviouslyFunded, "$.leader_previously_funded", nil,
			"负责人未曾以负责人身份获得青创室资助", "已获得往届青创室资助过的团队负责人，不得以团队负责人的身份再次申报")
	}
	c.beijingResults("team.results_in_beijing", d.ResultsInBeijing)
	c.budget("team.budget_cap", d.Budget.Total, wan(ed.BudgetCap.Team))
	c.employer(&d.Employer, d.Budget.Matching)
	c.applicationScope("team.recommender_scope", d.Channel, d.Recommender, &d.Employer)
}

// common applies the rules every application shares: field, channel,
// deadline.
func (c *checker) common(prefix, field, channel string, submitted form.Timestamp, deadline time.Time) {
	c.field(prefix+".field", "$.field", "申报领域", field)
	if !c.blocked(prefix+".channel", "$.channel") {
		_, ok := c.ed.Channel(channel)
		c.add(prefix+".channel", ok, "$.channel", map[string]string{"channel": channel},
			fmt.Sprintf("推荐渠道“%s”", channel),
			fmt.Sprintf("推荐渠道“%s”不是本届的推荐渠道；可选：%s", channel, strings.Join(c.ed.ChannelNames(), "、")))
	}
	c.deadline(prefix+".deadline", submitted, deadline)
}

// field: "着重面向以下领域…等" (二1) is an emphasis, not a closed list, so a
// field the notice does not name is for a person to judge, not a fail.
func (c *checker) field(rule, path, label, field string) {
	if c.blocked(rule, path) {
		return
	}
	if c.ed.HasField(field) {
		c.add(rule, true, path, map[string]string{"field": field}, fmt.Sprintf("%s“%s”属于通知着重面向的领域", label, field), "")
		return
	}
	c.review(rule, path, map[string]string{"field": field},
		fmt.Sprintf("%s“%s”不在通知列出的 %d 个领域之中；通知写的是“着重面向以下领域…等”，并非封闭名单，须人工确认是否属于北京重点产业方向",
			label, field, len(c.ed.Fields)))
}

func (c *checker) deadline(rule string, submitted form.Timestamp, deadline time.Time) {
	if c.blocked(rule, "$.submitted_at") {
		return
	}
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

// citizen: "中华人民共和国公民" (一（一）2). The notice asks for a citizen, not
// a document: a 居民身份证 shows it; holders of a 港澳居民居住证 or 台湾居民
// 居住证 are citizens too but cannot supply the 身份证复印件 of 五（二）1; a
// passport may be Chinese or foreign; a 外国人永久居留身份证 is held by
// foreigners only.
func (c *checker) citizen(rule, base string, p *form.Person) {
	path := base + ".id_type"
	if c.blocked(rule, path) {
		return
	}
	vals := map[string]string{"id_type": string(p.IDType)}
	switch p.IDType {
	case form.IDResident:
		c.add(rule, true, path, vals, "持居民身份证，为中华人民共和国公民", "")
	case form.IDHKMacao, form.IDTaiwan:
		c.review(rule, path, vals, fmt.Sprintf("证件类型为%s：持证人是中国公民，符合“中华人民共和国公民”，但无法提供通知要求的身份证复印件；须人工确认以%s复印件代替", p.IDType, p.IDType))
	case form.IDPassport:
		c.review(rule, path, vals, "证件类型为护照：中国护照可以证明中华人民共和国公民身份，外国护照不能；须人工核实护照签发国")
	default:
		c.add(rule, false, path, vals, "", fmt.Sprintf("证件类型为%s：持证人为外国人，申报人须为中华人民共和国公民", p.IDType))
	}
}

func (c *checker) age(rule, path, who string, birth form.Date) {
	if c.blocked(rule, path) {
		return
	}
	ed := c.ed
	b, ok := form.ParseDate(string(birth))
	c.add(rule, ok && !b.Before(ed.OldestBirth()), path,
		map[string]string{"birth_date": string(birth), "born_on_or_after": date(ed.OldestBirth())},
		fmt.Sprintf("%s出生于 %s，截至 %s 不超过 %d 周岁", who, birth, ed.AgeRef, ed.MaxAge),
		fmt.Sprintf("%s出生于 %s，截至 %s 超过 %d 周岁（须 %s 及以后出生）", who, birth, ed.AgeRef, ed.MaxAge, date(ed.OldestBirth())))
}

// education: "具有全日制普通高等教育硕士及以上学历" (一（一）2) is met by any
// full-time master's or doctorate in the history, not only the highest
// level: a part-time doctorate on top of a full-time master's qualifies.
func (c *checker) education(rule, base string, p *form.Person, history []form.Education) {
	qualifies := func(level form.EducationLevel, fullTime *bool) bool {
		return slices.Contains(c.ed.QualifyingEducation, string(level)) && yes(fullTime)
	}
	for i, e := range history {
		if qualifies(e.Education, e.FullTime) {
			c.add(rule, true, fmt.Sprintf("$.education[%d]", i),
				map[string]string{"education": string(e.Education), "school": e.School, "full_time": "true"},
				fmt.Sprintf("教育经历第 %d 项为全日制%s（%s），符合“全日制普通高等教育硕士及以上学历”", i+1, e.Education, e.School), "")
			return
		}
	}
	if qualifies(p.Education, p.FullTime) {
		c.add(rule, true, base+".education", map[string]string{"education": string(p.Education), "full_time": "true"},
			fmt.Sprintf("最高学历为全日制%s，符合“全日制普通高等教育硕士及以上学历”", p.Education), "")
		return
	}
	if c.blocked(rule, "$.education[].education", "$.education[].full_time", base+".education", base+".full_time") {
		return
	}
	c.add(rule, false, base+".education",
		map[string]string{"education": string(p.Education), "full_time": fmt.Sprint(yes(p.FullTime))}, "",
		fmt.Sprintf("最高学历为%s（%s），教育经历中没有全日制硕士或博士研究生：须具有全日制普通高等教育硕士及以上学历",
			p.Education, fullTimeText(p.FullTime)))
}

// applicationDate is when the application was made ("申报时"): the
// submission time if given, else the day it was filled in.
func applicationDate(filled form.Date, submitted form.Timestamp) (time.Time, string, bool) {
	if t, ok := form.ParseTimestamp(string(submitted)); ok {
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), "提交时间 " + t.Format(time.DateOnly), true
	}
	if d, ok := form.ParseDate(string(filled)); ok {
		return d, "填报日期 " + d.Format(time.DateOnly), true
	}
	return time.Time{}, "", false
}

// engineeringMonths counts the whole months of engineering work from the
// first day of the start month to the application date.
func engineeringMonths(since form.Month, to time.Time) (int, bool) {
	s, ok := form.ParseMonth(string(since))
	if !ok {
		return 0, false
	}
	return (to.Year()-s.Year())*12 + int(to.Month()-s.Month()), true
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

// workYears: "8 年及以上，且申报时仍在从事" (一（一）3) counts to the
// application date. The notice names no other reference date and start
// months are approximate, so a case a few months short is for review.
func (c *checker) workYears(rule, base, who string, p *form.Person, filled form.Date, submitted form.Timestamp) {
	if c.blocked(rule, base+".engineering_since", base+".still_engineering", "$.filled_on", "$.submitted_at") {
		return
	}
	ed := c.ed
	to, toText, _ := applicationDate(filled, submitted)
	months, _ := engineeringMonths(p.EngineeringSince, to)
	need := ed.WorkYears * 12
	vals := map[string]string{"engineering_since": string(p.EngineeringSince), "counted_to": date(to),
		"months": fmt.Sprint(months), "still_engineering": fmt.Sprint(yes(p.StillEngineering))}
	span := fmt.Sprintf("%s自 %s 起从事工程技术工作，至申报时（%s）共 %s", who, p.EngineeringSince, toText, yearsText(max(months, 0)))
	switch {
	case months < need-ed.WorkReviewMonths:
		c.add(rule, false, base+".engineering_since", vals, "", fmt.Sprintf("%s，不足 %d 年", span, ed.WorkYears))
	case !yes(p.StillEngineering):
		c.add(rule, false, base+".still_engineering", vals, "", who+"申报时须仍在从事工程技术工作")
	case months < need:
		c.review(rule, base+".engineering_since", vals, fmt.Sprintf("%s，距 %d 年差 %d 个月：通知未给出计算截止日，起始年月也只精确到月，须人工核实工作起始时间",
			span, ed.WorkYears, need-months))
	default:
		c.add(rule, true, base+".engineering_since", vals, span+"，且仍在从事", "")
	}
}

// leaderQualification: a senior title, or 8 years of frontline work, as
// 一（二）1 says for the team leader.
func (c *checker) leaderQualification(d *form.Team) {
	const rule = "team.leader_qualification"
	ed, p := c.ed, &d.Leader
	if c.blocked(rule, "$.leader.title_level") {
		return
	}
	if slices.Contains(ed.SeniorTitles, string(p.TitleLevel)) {
		c.add(rule, true, "$.leader.title_level", map[string]string{"title_level": string(p.TitleLevel)},
			fmt.Sprintf("负责人职称级别为%s，满足“具有工程技术人才高级职称”", p.TitleLevel), "")
		return
	}
	before := len(c.out)
	c.workYears(rule, "$.leader", "负责人", p, d.FilledOn, d.SubmittedAt)
	if v := &c.out[before]; v.Status == Fail {
		v.Message = fmt.Sprintf("负责人职称级别为%s，不是高级职称；%s：须具有高级职称，或在一线从事工程技术工作 %d 年及以上", p.TitleLevel, v.Message, ed.WorkYears)
	}
}

// projects: "作为负责人主持过本领域重大工程项目，或者作为核心骨干承担过省部级
// 重大工程项目" (一（一）4). Whether a project led is "major", and whether a
// project a Beijing municipal body runs (labelled 市级) is provincial-level
// (Beijing is a provincial-level unit), only a reviewer can judge.
func (c *checker) projects(rule string, ps []form.Project) {
	major, lower := -1, -1
	for i, p := range ps {
		isMajor := slices.Contains(c.ed.MajorProjectLevels, string(p.Level))
		if isMajor && (p.Role == form.RoleLeader || p.Role == form.RoleCoreMember) && major < 0 {
			major = i
		}
		if !isMajor && (p.Role == form.RoleLeader || p.Level == form.LevelCity) && lower < 0 {
			lower = i
		}
	}
	vals := func(p form.Project) map[string]string {
		return map[string]string{"project": p.Name, "level": string(p.Level), "role": string(p.Role), "source": p.Source}
	}
	switch {
	case major >= 0:
		p := ps[major]
		c.add(rule, true, fmt.Sprintf("$.projects[%d]", major), vals(p), fmt.Sprintf("作为%s承担%s项目“%s”", p.Role, p.Level, p.Name), "")
	case c.blocked(rule, "$.projects[].level", "$.projects[].role"):
	case lower >= 0 && ps[lower].Role == form.RoleLeader:
		p := ps[lower]
		c.review(rule, fmt.Sprintf("$.projects[%d]", lower), vals(p),
			fmt.Sprintf("作为负责人主持%s项目“%s”（来源：%s），是否属于本领域重大工程项目须专家确认", p.Level, p.Name, p.Source))
	case lower >= 0:
		p := ps[lower]
		c.review(rule, fmt.Sprintf("$.projects[%d]", lower), vals(p),
			fmt.Sprintf("作为核心骨干承担市级项目“%s”（来源：%s）：北京为省级行政区，北京市主管部门立项的项目可能属于省部级，须人工核实项目级别", p.Name, p.Source))
	default:
		c.add(rule, false, "$.projects", nil, "",
			"项目均为企业级或未担任负责人、核心骨干：须作为负责人主持过本领域重大工程项目，或作为核心骨干承担过省部级及以上重大工程项目")
	}
}

func (c *checker) beijingResults(rule string, b *bool) {
	if c.blocked(rule, "$.results_in_beijing") {
		return
	}
	if b != nil && !*b {
		c.add(rule, false, "$.results_in_beijing", nil, "", "主要成果业绩应在北京")
		return
	}
	c.review(rule, "$.results_in_beijing", nil, "申报人声明主要成果业绩在北京，须评审时核实")
}

func (c *checker) budget(rule string, total, limit form.Wan) {
	if c.blocked(rule, "$.budget.total") {
		return
	}
	c.add(rule, total <= limit, "$.budget.total", map[string]string{"total": total.String(), "cap": limit.String()},
		fmt.Sprintf("申请经费 %s 万元，不超过 %s 万元", total, limit),
		fmt.Sprintf("申请经费 %s 万元，超过上限 %s 万元", total, limit))
}

func (c *checker) employer(e *form.Employer, matching form.Wan) {
	c.employerBeijing(e)
	flag := func(rule, path string, ok bool, pass, fail string) {
		if !c.blocked(rule, path) {
			c.add(rule, ok, path, nil, pass, fail)
		}
	}
	flag("employer.legal_person", "$.employer.legal_person", yes(e.LegalPerson),
		"所在单位具有独立法人资格", "所在单位须具有独立法人资格")
	flag("employer.invoice", "$.employer.can_invoice", yes(e.CanInvoice),
		"所在单位能接收项目经费并开具增值税普通发票", "所在单位须具备接收项目经费并开具增值税普通发票的能力")
	flag("employer.training_system", "$.employer.training_system", yes(e.TrainingSystem),
		"所在单位具有人才培养体系并制定成长培养方案", "所在单位须拥有较为完善的内部人才培养体系，并制定实施成长培养方案")
	if !c.blocked("employer.matching_funds", "$.budget.matching") {
		c.add("employer.matching_funds", matching > 0, "$.budget.matching", map[string]string{"matching": matching.String()},
			fmt.Sprintf("单位配套资金 %s 万元", matching), "所在单位须提供相应的配套资金（单位配套资金应大于 0）")
	}
}

// employerBeijing: "须在北京市注册" (一（三）). Characters 3–8 of the credit
// code are the registering authority's division: 11xxxx is Beijing; 100000
// is a central registration (universities, CAS institutes and other
// central units in Beijing often have one), which says nothing about where
// the unit is, so a person looks; any other province fails.
func (c *checker) employerBeijing(e *form.Employer) {
	const rule, path = "employer.beijing", "$.employer.credit_code"
	if c.blocked(rule, path) {
		return
	}
	div := form.CreditDivision(string(e.CreditCode))
	vals := map[string]string{"division": div}
	switch {
	case form.CreditInBeijing(string(e.CreditCode)):
		c.add(rule, true, path, vals, fmt.Sprintf("统一社会信用代码第 3–8 位为 %s，单位在北京市注册", div), "")
	case div == form.CentralDivision:
		c.review(rule, path, vals, fmt.Sprintf("统一社会信用代码第 3–8 位为 %s（中央机关登记，常见于在京高校、中科院院所等）：无法从代码判断注册地，须人工核实单位是否在北京市注册", div))
	default:
		c.add(rule, false, path, vals, "", fmt.Sprintf("统一社会信用代码第 3–8 位为 %s，不是北京（11 开头）的行政区划：所在单位须在北京市注册", div))
	}
}

// applicationScope checks, from the application alone, a 区科协 named in
// the recommender field against the district the employer is registered
// in (三1: "由其所在单位注册地科协负责推荐"). Letters are matched against
// applications by [CheckRound].
func (c *checker) applicationScope(rule, channel, recommender string, e *form.Employer) {
	ch, ok := c.ed.Channel(channel)
	if !ok || ch.Scope != edition.ScopeDistrict || e.District == "" {
		return
	}
	named := districtIn(recommender)
	if named == "" || c.blocked(rule, "$.recommender", "$.employer.district") {
		return
	}
	vals := map[string]string{"recommender_district": named, "employer_district": string(e.District)}
	c.add(rule, named == string(e.District), "$.recommender", vals,
		fmt.Sprintf("推荐单位%s与单位注册所在区%s一致", recommender, e.District),
		fmt.Sprintf("推荐单位为%s（%s），而所在单位注册在%s：区科协推荐注册地在本区的单位（通知三1“由其所在单位注册地科协负责推荐”，名额按区分配），须由%s科协推荐",
			recommender, named, e.District, e.District))
}

// districtIn returns the one Beijing district a name mentions, if any.
func districtIn(name string) string {
	found := ""
	for _, d := range form.EnumValues("District") {
		if strings.Contains(name, d) {
			if found != "" {
				return ""
			}
			found = d
		}
	}
	return found
}

func (c *checker) letter(d *form.Letter) {
	ed := c.ed
	ch, ok := ed.Channel(d.Channel)
	if !c.blocked("letter.channel", "$.channel") {
		c.add("letter.channel", ok, "$.channel", map[string]string{"channel": d.Channel},
			fmt.Sprintf("推荐渠道“%s”", d.Channel), fmt.Sprintf("推荐渠道“%s”不是本届的推荐渠道；可选：%s", d.Channel, strings.Join(ed.ChannelNames(), "、")))
	}
	c.deadline("letter.deadline", d.SubmittedAt, ed.RecommendationDue())
	for i, r := range d.Recommendations {
		if !ed.HasField(r.Field) {
			c.field("letter.field", fmt.Sprintf("$.recommendations[%d].field", i), fmt.Sprintf("推荐汇总表第 %d 项的申报领域", i+1), r.Field)
		}
	}
	if ok && !c.blocked("letter.quota", "$.channel", "$.district", "$.recommendations[].programme") {
		c.quota("letter.quota", d.Recommender, ch, d.District, countProgrammes(d.Recommendations))
	}
	if ok && !c.blocked("letter.scope", "$.unit", "$.unit_credit_code", "$.district", "$.park", "$.recommendations[].employer", "$.recommendations[].credit_code") {
		c.letterScope(d, ch)
	}
	if c.blocked("letter.per_organisation", "$.recommendations[].programme", "$.recommendations[].credit_code") {
		return
	}
	perOrg := map[string]int{}
	for i, r := range d.Recommendations {
		if r.CreditCode == "" {
			continue
		}
		key := string(r.CreditCode) + "|" + string(r.Programme)
		perOrg[key]++
		limit := quotaFor(ed.PerOrganisation, r.Programme)
		if perOrg[key] == limit+1 {
			c.add("letter.per_organisation", false, fmt.Sprintf("$.recommendations[%d]", i),
				map[string]string{"employer": r.Employer, "programme": string(r.Programme)}, "",
				fmt.Sprintf("%s的%s超过每单位 %d 个的限制", r.Employer, r.Programme, limit))
		}
	}
}

// letterScope checks what the letter alone shows of whom its channel may
// recommend (三): an enterprise or institution 科协 approved by the 市科协
// "须由本单位负责推荐"; a 区科协 and a 园区科协 need their district or park
// named so the round can compare it with the applications.
func (c *checker) letterScope(d *form.Letter, ch edition.Channel) {
	const rule = "letter.scope"
	switch ch.Scope {
	case edition.ScopeOwnUnit:
		if d.Unit == "" && d.UnitCreditCode == "" {
			c.review(rule, "$.unit", nil, fmt.Sprintf("%s须由本单位负责推荐（通知三2），但推荐函未填写本单位名称和统一社会信用代码（unit、unit_credit_code），无法核对被推荐人是否为本单位人员", ch.Description))
			return
		}
		for i, r := range d.Recommendations {
			if other, diff := otherUnit(d, r.Employer, string(r.CreditCode)); diff {
				c.add(rule, false, fmt.Sprintf("$.recommendations[%d].employer", i), map[string]string{"employer": r.Employer, "unit": other}, "",
					fmt.Sprintf("推荐汇总表第 %d 项%s的所在单位为%s，不是推荐单位所属的%s：市科协直接批复的企业、事业单位科协须由本单位负责推荐（通知三2），不能推荐其他单位的人员", i+1, r.Name, r.Employer, other))
				return
			}
		}
		c.add(rule, true, "$.recommendations", nil, "推荐汇总表所列人员均为本单位人员", "")
	case edition.ScopeDistrict:
		if d.District == "" {
			c.review(rule, "$.district", nil, "区科协推荐注册地在本区的单位（通知三1），但推荐函未填写所在区（district），无法核对")
		}
	case edition.ScopePark:
		if d.Park == "" {
			c.review(rule, "$.park", nil, "园区科协推荐本园区的单位（通知三3），但推荐函未填写园区名称（park），无法核对")
		}
	}
}

// otherUnit compares an employer with a letter's own unit, by credit code
// where both have one, else by name. It returns the unit and whether they
// clearly differ.
func otherUnit(d *form.Letter, employer, creditCode string) (string, bool) {
	unit := d.Unit
	if unit == "" {
		unit = string(d.UnitCreditCode)
	}
	if d.UnitCreditCode != "" && creditCode != "" {
		return unit, creditCode != string(d.UnitCreditCode)
	}
	if d.Unit != "" && employer != "" {
		return unit, employer != d.Unit
	}
	return unit, false
}

func countProgrammes(rs []form.Recommendation) edition.Quota {
	var q edition.Quota
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
func (c *checker) quota(rule, recommender string, ch edition.Channel, district form.District, n edition.Quota) {
	limit := ch.Quota
	vals := map[string]string{"channel": ch.Name, "individual": fmt.Sprint(n.Individual), "team": fmt.Sprint(n.Team)}
	if ch.DistrictQuotas {
		var q edition.Quota
		found := false
		if ds := c.opt.Districts; ds != nil && district != "" && ds.Edition == c.ed.Edition {
			q, found = ds.Districts[string(district)]
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
