package form

import (
	"fmt"
	"net/mail"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bast-tools/shenbao/fonts"
)

// Finding is one problem in a document: a stable code, the JSON path of the
// value, and a plain Chinese message for the applicant or staff.
type Finding struct {
	Code    string `json:"code"`
	Path    string `json:"path"`
	Message string `json:"message"`
}

func (f Finding) String() string { return f.Path + "：" + f.Message }

// Validation finding codes, beside the ID and credit-code ones.
const (
	CodeRequired        = "required"
	CodeTooLong         = "too_long"
	CodeTooManyItems    = "too_many_items"
	CodeBadDate         = "bad_date"
	CodeFutureDate      = "future_date"
	CodePeriodOrder     = "period_order"
	CodeBadMobile       = "bad_mobile"
	CodeBadPhone        = "bad_phone"
	CodeBadEmail        = "bad_email"
	CodeIDBirthMismatch = "id_number_birth_mismatch"
	CodeIDSexMismatch   = "id_number_sex_mismatch"
	CodeNegativeAmount  = "negative_amount"
	CodeBudgetSum       = "budget_sum"
	CodeHistoryConflict = "history_conflict"
	CodeLeaderRow       = "leader_row"
	CodeDuplicateRow    = "duplicate_row"
	CodeRankOrder       = "rank_order"
	CodeKindMismatch    = "kind_mismatch"
)

// Options tune validation. The zero value is ready to use.
type Options struct {
	// Now is the instant against which "not in the future" is judged;
	// zero means the current time.
	Now time.Time
	// Fonts are the fonts the record will be printed with: a character
	// none of them has is a glyph_missing finding. Nil means the embedded
	// fonts.
	Fonts *fonts.Set
	// SkipGlyphs leaves the glyph check out, for a caller that checks
	// glyphs itself while drawing.
	SkipGlyphs bool
}

// Validate checks a decoded document and returns every finding, in
// document order. It does not apply the programme's eligibility rules (see
// package rules); it checks that the record is complete and internally
// consistent. Call [Normalize] first: Validate reads values in their
// stored form.
func Validate(doc Document, opt Options) []Finding {
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	v := &validator{today: civil(now.In(Beijing))}
	if !opt.SkipGlyphs {
		v.glyphs, v.glyphSeen = opt.Fonts, map[rune]bool{}
		if v.glyphs == nil {
			v.glyphs = fonts.Embedded()
		}
	}
	rv := reflect.ValueOf(doc).Elem()
	v.walk("$", "", rv)
	v.editionChecks(doc)
	switch d := doc.(type) {
	case *Individual:
		v.person("$.applicant", "申报人", &d.Applicant)
		v.histories("applicant", &d.Applicant, d.Education, d.Work)
		v.budget(&d.Budget)
	case *Team:
		v.person("$.leader", "团队负责人", &d.Leader)
		v.histories("leader", &d.Leader, d.Education, d.Work)
		v.budget(&d.Budget)
		v.members(d)
	case *Letter:
		v.recommendations(d.Recommendations)
	}
	sort.SliceStable(v.out, func(i, j int) bool { return pathLess(v.out[i].Path, v.out[j].Path, rv.Type()) })
	return v.out
}

type validator struct {
	today     time.Time
	glyphs    *fonts.Set
	glyphSeen map[rune]bool
	out       []Finding
}

func civil(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func (v *validator) add(code, path, label, msg string) {
	v.out = append(v.out, Finding{Code: code, Path: path, Message: label + "：" + msg})
}

// walk applies the checks that follow from a field's type and tags: required,
// length limits, list limits and formats.
func (v *validator) walk(path, label string, rv reflect.Value) {
	t := rv.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name := jsonName(f)
		fp, fl := path+"."+name, joinLabel(label, f.Tag.Get("zh"))
		tags := parseTags(f.Tag.Get("v"))
		fv := rv.Field(i)
		if tags.req && isEmpty(fv) {
			v.add(CodeRequired, fp, fl, "未填写")
			continue
		}
		switch fv.Kind() {
		case reflect.Struct:
			v.walk(fp, fl, fv)
		case reflect.Slice:
			if tags.items > 0 && fv.Len() > tags.items {
				v.add(CodeTooManyItems, fp, fl, fmt.Sprintf("最多填写 %d 项，现有 %d 项", tags.items, fv.Len()))
			}
			for j := range fv.Len() {
				v.walk(fmt.Sprintf("%s[%d]", fp, j), fmt.Sprintf("%s第 %d 项", fl, j+1), fv.Index(j))
			}
		case reflect.String:
			s := fv.String()
			if n := utf8.RuneCountInString(s); tags.max > 0 && n > tags.max {
				v.add(CodeTooLong, fp, fl, fmt.Sprintf("不超过 %d 字，现有 %d 字", tags.max, n))
			}
			if s == "" || fv.Type() == reflect.TypeFor[Kind]() {
				continue
			}
			v.characters(fp, fl, s, tags.max >= longText)
			if name := enumName(fv.Type()); name != "" && !inEnum(name, s) {
				v.add(CodeBadEnum, fp, fl, fmt.Sprintf("%q 不是允许的取值；可选：%s", s, strings.Join(enumValues[name], "、")))
				continue
			}
			v.format(fv.Type().Name(), fp, fl, s)
		case reflect.Int64:
			if fv.Type() == wanType && fv.Int() < 0 {
				v.add(CodeNegativeAmount, fp, fl, "金额不能为负数")
			}
		}
	}
	// Any row with a start and an end month is a period.
	if s, e := rv.FieldByName("Start"), rv.FieldByName("End"); s.IsValid() && e.IsValid() {
		sm, ok1 := ParseMonth(s.String())
		em, ok2 := ParseMonth(e.String())
		if ok1 && ok2 && em.Before(sm) {
			v.add(CodePeriodOrder, path+".end", joinLabel(label, "截止年月"), fmt.Sprintf("%s 早于起始年月 %s", e.String(), s.String()))
		}
	}
}

func joinLabel(a, b string) string {
	if a == "" {
		return b
	}
	return a + "·" + b
}

type tagSet struct {
	req        bool
	max, items int
}

func parseTags(s string) tagSet {
	var t tagSet
	for _, p := range strings.Split(s, ",") {
		k, val, _ := strings.Cut(p, "=")
		n, _ := strconv.Atoi(val)
		switch k {
		case "req":
			t.req = true
		case "max":
			t.max = n
		case "items":
			t.items = n
		}
	}
	return t
}

func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String, reflect.Slice:
		return v.Len() == 0
	case reflect.Pointer:
		return v.IsNil()
	}
	return false
}

var (
	mobileRE = regexp.MustCompile(`^1[3-9]\d{9}$`)
	// A landline: optional area code 0xx(x), then 7–8 digits, optional extension.
	landlineRE = regexp.MustCompile(`^(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,6})?$`)
)

func (v *validator) format(typeName, path, label, s string) {
	switch typeName {
	case "Date":
		d, ok := ParseDate(s)
		if !ok {
			v.add(CodeBadDate, path, label, fmt.Sprintf("%q 不是有效日期，请按 2026-04-27 填写", s))
		} else if d.After(v.today) {
			v.add(CodeFutureDate, path, label, fmt.Sprintf("%s 晚于今天", s))
		}
	case "Month":
		m, ok := ParseMonth(s)
		if !ok {
			v.add(CodeBadDate, path, label, fmt.Sprintf("%q 不是有效年月，请按 2026-04 填写", s))
		} else if m.After(v.today) {
			v.add(CodeFutureDate, path, label, fmt.Sprintf("%s 晚于本月", s))
		}
	case "Timestamp":
		if _, ok := ParseTimestamp(s); !ok {
			v.add(CodeBadDate, path, label, fmt.Sprintf("%q 不是有效时间，请按 2026-04-27T18:30:00+08:00 填写", s))
		}
	case "CreditCode":
		if code, msg := CheckCreditCode(s); code != "" {
			v.add(code, path, label, msg)
		}
	case "Mobile":
		if !mobileRE.MatchString(s) {
			v.add(CodeBadMobile, path, label, "应为 11 位手机号码")
		}
	case "Phone":
		if !mobileRE.MatchString(s) && !landlineRE.MatchString(s) {
			v.add(CodeBadPhone, path, label, "应为固定电话（如 010-67224832）或 11 位手机号码")
		}
	case "Email":
		a, err := mail.ParseAddress(s)
		if err != nil || a.Address != s || !strings.Contains(s[strings.IndexByte(s, '@'):], ".") {
			v.add(CodeBadEmail, path, label, "不是有效的电子邮箱地址")
		}
	}
}

// person checks the identity number against the birth date and sex given.
// The residence permits of Hong Kong, Macao and Taiwan residents carry a
// number of the same form (GB 11643) as the 居民身份证, with the division
// 810000, 820000 or 830000.
func (v *validator) person(path, label string, p *Person) {
	if p.IDNumber == "" {
		return
	}
	prefixes, ok := idPrefixes[p.IDType]
	if !ok {
		return
	}
	idPath, idLabel := path+".id_number", label+"·证件号码"
	if p.IDType == IDResident {
		idLabel = label + "·身份证号"
	}
	info, code, msg := ParseIDNumber(string(p.IDNumber))
	if code != "" {
		v.add(code, idPath, idLabel, msg)
		return
	}
	if len(prefixes) > 0 && !slices.Contains(prefixes, info.Region) {
		v.add(CodeIDFormat, idPath, idLabel, fmt.Sprintf("%s号码应以 %s 开头，现为 %s；请核对证件类型与号码", p.IDType, strings.Join(prefixes, " 或 "), info.Region))
		return
	}
	if !info.Birth.After(v.today) {
		if b, ok := ParseDate(string(p.BirthDate)); ok && !b.Equal(info.Birth) {
			v.add(CodeIDBirthMismatch, path+".birth_date", label+"·出生日期",
				fmt.Sprintf("与身份证号中的出生日期 %s 不一致", info.Birth.Format(time.DateOnly)))
		}
	} else {
		v.add(CodeFutureDate, idPath, idLabel, "号码中的出生日期晚于今天")
	}
	if inEnum("Sex", string(p.Sex)) && p.Sex != info.Sex {
		v.add(CodeIDSexMismatch, path+".sex", label+"·性别", fmt.Sprintf("与身份证号（第 17 位表示%s）不一致", info.Sex))
	}
}

// idPrefixes lists the identity documents whose number is checked against
// GB 11643, with the divisions their numbers must begin with (none: any).
var idPrefixes = map[IDType][]string{
	IDResident: nil,
	IDHKMacao:  {"810000", "820000"},
	IDTaiwan:   {"830000"},
}

type period struct {
	path, label string
	start, end  time.Time // end is the first day of the month after the last
	fullTime    bool
}

func (v *validator) period(path, label string, start, end Month, open bool) (period, bool) {
	s, ok1 := ParseMonth(string(start))
	e, ok2 := ParseMonth(string(end))
	if !ok1 {
		return period{}, false
	}
	if end == "" && open {
		e, ok2 = v.today, true
	}
	if !ok2 {
		return period{}, false
	}
	if e.Before(s) {
		return period{}, false // reported by walk
	}
	return period{path: path, label: label, start: s, end: e.AddDate(0, 1, 0)}, true
}

// histories checks the education and work histories against each other and
// against the basic information: periods ordered, the highest education
// and graduation month agreeing with the history, no full-time study
// overlapping work by more than a quarter, engineering work not starting
// before any job.
func (v *validator) histories(key string, p *Person, edu []Education, work []Work) {
	var studies, jobs []period
	best := -1
	for i, e := range edu {
		path := fmt.Sprintf("$.education[%d]", i)
		if pr, ok := v.period(path, fmt.Sprintf("教育经历第 %d 项", i+1), e.Start, e.End, false); ok {
			pr.fullTime = e.FullTime != nil && *e.FullTime
			studies = append(studies, pr)
		}
		if best < 0 || eduRank(e.Education) > eduRank(edu[best].Education) {
			best = i
		}
	}
	for i, w := range work {
		path := fmt.Sprintf("$.work[%d]", i)
		if pr, ok := v.period(path, fmt.Sprintf("工作经历第 %d 项", i+1), w.Start, w.End, true); ok {
			jobs = append(jobs, pr)
		}
	}
	if best >= 0 && p.Education != "" && eduRank(edu[best].Education) != eduRank(p.Education) {
		v.add(CodeHistoryConflict, "$."+key+".education", "最高学历",
			fmt.Sprintf("基本情况填写为%s，教育经历中最高为%s", p.Education, edu[best].Education))
	}
	if best >= 0 && p.GraduatedOn != "" && edu[best].Education == p.Education && edu[best].End != p.GraduatedOn {
		v.add(CodeHistoryConflict, "$."+key+".graduated_on", "毕业时间",
			fmt.Sprintf("基本情况填写为 %s，教育经历中%s截止于 %s", p.GraduatedOn, p.Education, edu[best].End))
	}
	if best >= 0 && p.FullTime != nil && edu[best].FullTime != nil && *p.FullTime != *edu[best].FullTime && edu[best].Education == p.Education {
		v.add(CodeHistoryConflict, "$."+key+".full_time", "最高学历是否全日制", "与教育经历中最高学历一行不一致")
	}
	for _, s := range studies {
		if !s.fullTime {
			continue
		}
		for _, j := range jobs {
			if overlapMonths(s, j) > 3 {
				v.add(CodeHistoryConflict, j.path+".start", j.label,
					fmt.Sprintf("与%s（全日制学习）重叠超过 3 个月，请核对起止年月", s.label))
			}
		}
	}
	if since, ok := ParseMonth(string(p.EngineeringSince)); ok && len(jobs) > 0 {
		first := jobs[0].start
		for _, j := range jobs {
			if j.start.Before(first) {
				first = j.start
			}
		}
		if since.Before(first) {
			v.add(CodeHistoryConflict, "$."+key+".engineering_since", "从事工程技术工作起始年月",
				fmt.Sprintf("%s 早于工作经历中最早的起始年月 %s", p.EngineeringSince, first.Format("2006-01")))
		}
	}
}

func overlapMonths(a, b period) int {
	s, e := a.start, a.end
	if b.start.After(s) {
		s = b.start
	}
	if b.end.Before(e) {
		e = b.end
	}
	if !e.After(s) {
		return 0
	}
	return (e.Year()-s.Year())*12 + int(e.Month()-s.Month())
}

func eduRank(e EducationLevel) int {
	switch e {
	case EduDoctor:
		return 4
	case EduMaster:
		return 3
	case "大学本科":
		return 2
	case "大学专科":
		return 1
	}
	return 0
}

func (v *validator) budget(b *Budget) {
	sum := b.Research + b.Training + b.IP + b.Transfer
	if sum != b.Total {
		v.add(CodeBudgetSum, "$.budget.total", "经费预算·合计",
			fmt.Sprintf("各项之和为 %s 万元，与合计 %s 万元不符", sum, b.Total))
	}
}

func (v *validator) members(t *Team) {
	leaders := 0
	seen := map[string]int{}
	for _, m := range t.Members {
		if m.Leader {
			leaders++
		}
	}
	for i, m := range t.Members {
		path := fmt.Sprintf("$.members[%d]", i)
		if m.Leader && leaders == 1 {
			if t.Leader.Name != "" && m.Name != t.Leader.Name {
				v.add(CodeLeaderRow, path+".name", fmt.Sprintf("团队成员第 %d 项", i+1),
					fmt.Sprintf("标为负责人，但姓名 %s 与团队负责人 %s 不同", m.Name, t.Leader.Name))
			}
			if t.Leader.BirthDate != "" && m.BirthDate != t.Leader.BirthDate {
				v.add(CodeLeaderRow, path+".birth_date", fmt.Sprintf("团队成员第 %d 项", i+1), "负责人的出生日期与基本情况不一致")
			}
		}
		key := m.Name + "|" + string(m.BirthDate)
		if j, dup := seen[key]; dup && m.Name != "" {
			v.add(CodeDuplicateRow, path, fmt.Sprintf("团队成员第 %d 项", i+1), fmt.Sprintf("与第 %d 项重复", j+1))
		}
		seen[key] = i
	}
	if len(t.Members) > 0 && leaders != 1 {
		v.add(CodeLeaderRow, "$.members", "团队成员", fmt.Sprintf("应有且仅有 1 人标为负责人（leader: true），现有 %d 人", leaders))
	}
}

func (v *validator) recommendations(rs []Recommendation) {
	perProgramme := RankNumbering(rs) != RankSingle
	seen := map[string]int{}
	next := map[Programme]int{}
	for i, r := range rs {
		path := fmt.Sprintf("$.recommendations[%d]", i)
		label := fmt.Sprintf("推荐汇总表第 %d 项", i+1)
		next[r.Programme]++
		if perProgramme && r.Rank != next[r.Programme] {
			v.add(CodeRankOrder, path+".rank", label+"·排序", fmt.Sprintf("应为 %d：成长计划与青创室各自从 1 起按先后连续排序（也可两者合在一起从 1 起连续编号）", next[r.Programme]))
		}
		if r.IDNumber != "" {
			if _, code, msg := ParseIDNumber(string(r.IDNumber)); code != "" {
				v.add(code, path+".id_number", label+"·身份证号", msg)
			}
		}
		if r.Programme == ProgrammeTeam && r.Leader == "" {
			v.add(CodeRequired, path+".leader", label+"·团队负责人", "推荐青创室时须填写团队负责人")
		}
		if j, dup := seen[string(r.IDNumber)+string(r.Programme)]; dup && r.IDNumber != "" {
			v.add(CodeDuplicateRow, path, label, fmt.Sprintf("与第 %d 项重复", j+1))
		}
		seen[string(r.IDNumber)+string(r.Programme)] = i
	}
}

// How the rows of a 推荐汇总表 are numbered.
const (
	// RankPerProgramme: each programme ranked on its own from 1, as
	// quotas and selection are per programme.
	RankPerProgramme = "per_programme"
	// RankSingle: one sequence from 1 across both programmes, as letters
	// written before per-programme ranking were.
	RankSingle = "single"
)

// RankNumbering tells how a 推荐汇总表 is numbered: RankSingle when the
// ranks run 1, 2, 3 … down the table, else RankPerProgramme (the numbering
// validation asks for when the ranks fit neither). With only one
// programme in the table the two are the same and RankPerProgramme is
// returned.
func RankNumbering(rs []Recommendation) string {
	next := map[Programme]int{}
	single, per := true, true
	for i, r := range rs {
		next[r.Programme]++
		single = single && r.Rank == i+1
		per = per && r.Rank == next[r.Programme]
	}
	if single && !per {
		return RankSingle
	}
	return RankPerProgramme
}

// ProgrammeRanks is one programme's block of a 推荐汇总表.
type ProgrammeRanks struct {
	Programme Programme
	// Rows are the programme's rows in table order; Ranks[i] is row i's
	// rank within the programme (1, 2, …) whichever numbering the letter
	// uses, and Index[i] its position in the whole table.
	Rows  []Recommendation
	Ranks []int
	Index []int
}

// ByProgramme splits a 推荐汇总表 into one block per programme, individuals
// first, each ranked from 1 in table order, as quotas and selection are
// per programme. Programmes without rows are left out.
func ByProgramme(rs []Recommendation) []ProgrammeRanks {
	var out []ProgrammeRanks
	for _, p := range []Programme{ProgrammeIndividual, ProgrammeTeam} {
		b := ProgrammeRanks{Programme: p}
		for i, r := range rs {
			if r.Programme == p {
				b.Rows = append(b.Rows, r)
				b.Ranks = append(b.Ranks, len(b.Rows))
				b.Index = append(b.Index, i)
			}
		}
		if len(b.Rows) > 0 {
			out = append(out, b)
		}
	}
	return out
}

// pathLess orders findings as the fields appear in the document type, then
// by row index, so reports read top to bottom like the form.
func pathLess(a, b string, t reflect.Type) bool {
	ka, kb := pathKey(a, t), pathKey(b, t)
	for i := 0; i < len(ka) && i < len(kb); i++ {
		if ka[i] != kb[i] {
			return ka[i] < kb[i]
		}
	}
	return len(ka) < len(kb)
}

func pathKey(p string, t reflect.Type) []int {
	var key []int
	for _, seg := range strings.Split(strings.TrimPrefix(p, "$."), ".") {
		name, idx, hasIdx := strings.Cut(seg, "[")
		for t.Kind() == reflect.Slice || t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		pos := 1 << 20
		if t.Kind() == reflect.Struct {
			if f, ok := fieldByJSONName(t, name); ok {
				pos = f.Index[0]
				t = f.Type
			}
		}
		key = append(key, pos)
		if hasIdx {
			n, _ := strconv.Atoi(strings.TrimSuffix(idx, "]"))
			key = append(key, n)
		}
	}
	return key
}
