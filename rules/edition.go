package rules

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bast-tools/shenbao/form"
)

//go:embed editions/*.json
var editionFS embed.FS

// Quota is a pair of limits, one per programme.
type Quota struct {
	Individual int `json:"individual"`
	Team       int `json:"team"`
}

// For returns the limit for the programme of document kind k.
func (q Quota) For(k form.Kind) int {
	if k == form.KindTeam {
		return q.Team
	}
	return q.Individual
}

// Amounts is a pair of amounts in 万元, one per programme.
type Amounts struct {
	Individual form.Wan `json:"individual"`
	Team       form.Wan `json:"team"`
}

// Channel is a recommendation channel (推荐渠道) and its quota.
type Channel struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	// Quota per recommending organisation of this channel.
	Quota Quota `json:"quota"`
	// DistrictQuotas means the quota depends on the district and comes
	// from a separate configuration ([Districts]), as 区科协 quotas come
	// from attachment 1 of the notice.
	DistrictQuotas bool `json:"district_quotas,omitempty"`
}

// Edition holds every number of one year's notice. A new notice is a new
// edition file, not new code.
type Edition struct {
	Edition     string `json:"edition"`
	Title       string `json:"title"`
	Issuer      string `json:"issuer"`
	NoticeDate  string `json:"notice_date"`
	AgeRef      string `json:"age_reference"`
	MaxAge      int    `json:"max_age"`
	YoungMaxAge int    `json:"young_max_age"`
	WorkYears   int    `json:"work_years"`
	// WorkYearsRef is the month up to which engineering work is counted,
	// inclusive; the notice gives none, so this is the edition's choice.
	WorkYearsRef        string    `json:"work_years_reference"`
	QualifyingEducation []string  `json:"qualifying_education"`
	SeniorTitles        []string  `json:"senior_titles"`
	MajorProjectLevels  []string  `json:"major_project_levels"`
	MinTeamSize         int       `json:"min_team_size"`
	MinExperts          int       `json:"min_experts"`
	BudgetCap           Amounts   `json:"budget_cap"`
	Places              Quota     `json:"places"`
	PerOrganisation     Quota     `json:"per_organisation"`
	ApplicationDeadline string    `json:"application_deadline"`
	RecommendDeadline   string    `json:"recommendation_deadline"`
	Fields              []string  `json:"fields"`
	Channels            []Channel `json:"channels"`

	ageRef, workRef            time.Time
	appDeadline, recDeadline   time.Time
	oldestBirth, youngestBirth time.Time
}

// Editions lists the embedded editions, oldest first.
func Editions() []string {
	entries, _ := editionFS.ReadDir("editions")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".json"))
	}
	sort.Strings(names)
	return names
}

// ErrUnknownEdition matches (errors.Is) every *UnknownEditionError.
var ErrUnknownEdition = errors.New("rules: unknown edition")

// UnknownEditionError is returned for an edition that is not embedded.
type UnknownEditionError struct{ Name string }

func (e *UnknownEditionError) Error() string {
	return fmt.Sprintf("届次 %q 不存在；已有：%s", e.Name, strings.Join(Editions(), "、"))
}

// Code returns CodeUnknownEdition.
func (e *UnknownEditionError) Code() string { return CodeUnknownEdition }

// Is reports whether target is ErrUnknownEdition.
func (e *UnknownEditionError) Is(target error) bool { return target == ErrUnknownEdition }

// LoadEdition returns an embedded edition by name ("2026").
func LoadEdition(name string) (*Edition, error) {
	data, err := editionFS.ReadFile("editions/" + name + ".json")
	if err != nil || !regexp.MustCompile(`^\d{4}$`).MatchString(name) {
		return nil, &UnknownEditionError{Name: name}
	}
	return ReadEdition(bytes.NewReader(data))
}

// ReadEdition reads an edition file, for a notice not yet embedded.
func ReadEdition(r io.Reader) (*Edition, error) {
	var ed Edition
	dec := json.NewDecoder(io.LimitReader(r, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ed); err != nil {
		return nil, fmt.Errorf("rules: edition file: %w", err)
	}
	if err := ed.init(); err != nil {
		return nil, fmt.Errorf("rules: edition %s: %w", ed.Edition, err)
	}
	return &ed, nil
}

func (ed *Edition) init() error {
	var ok bool
	if ed.ageRef, ok = form.ParseDate(ed.AgeRef); !ok {
		return fmt.Errorf("age_reference %q is not a date", ed.AgeRef)
	}
	if ed.workRef, ok = form.ParseMonth(ed.WorkYearsRef); !ok {
		return fmt.Errorf("work_years_reference %q is not a month", ed.WorkYearsRef)
	}
	var err error
	if ed.appDeadline, err = parseDeadline(ed.ApplicationDeadline); err != nil {
		return err
	}
	if ed.recDeadline, err = parseDeadline(ed.RecommendDeadline); err != nil {
		return err
	}
	if len(ed.Fields) == 0 || len(ed.Channels) == 0 || ed.MaxAge <= 0 || ed.MinTeamSize <= 0 {
		return fmt.Errorf("fields, channels, max_age and min_team_size are required")
	}
	ed.oldestBirth = birthLimit(ed.ageRef, ed.MaxAge)
	ed.youngestBirth = birthLimit(ed.ageRef, ed.YoungMaxAge)
	return nil
}

// birthLimit is the earliest birth date of someone no older than age full
// years on ref: "不超过 45 周岁（截至 2025 年 12 月 31 日）" admits people born
// on or after 1980-01-01.
func birthLimit(ref time.Time, age int) time.Time {
	return ref.AddDate(-age-1, 0, 1)
}

// parseDeadline reads "2026-04-27 24:00" (the notice's way of writing the
// end of a day) in Beijing time and returns the first instant that is late.
func parseDeadline(s string) (time.Time, error) {
	day, hm, ok := strings.Cut(s, " ")
	d, dok := form.ParseDate(day)
	h, m, hok := strings.Cut(hm, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || !dok || !hok || err1 != nil || err2 != nil || hh > 24 || mm > 59 || (hh == 24 && mm != 0) {
		return time.Time{}, fmt.Errorf("deadline %q: want YYYY-MM-DD HH:MM (24:00 for the end of the day)", s)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), hh, mm, 0, 0, form.Beijing), nil
}

// OldestBirth is the earliest birth date that meets the age limit.
func (ed *Edition) OldestBirth() time.Time { return ed.oldestBirth }

// YoungestBirth is the earliest birth date of a "young" team member.
func (ed *Edition) YoungestBirth() time.Time { return ed.youngestBirth }

// Channel returns the channel of that name.
func (ed *Edition) Channel(name string) (Channel, bool) {
	i := slices.IndexFunc(ed.Channels, func(c Channel) bool { return c.Name == name })
	if i < 0 {
		return Channel{}, false
	}
	return ed.Channels[i], true
}

func (ed *Edition) channelNames() []string {
	var names []string
	for _, c := range ed.Channels {
		names = append(names, c.Name)
	}
	return names
}

// Districts holds the 区科协 quotas of attachment 1 (推荐名额分配表), which
// the notice does not include: staff supply them as a JSON file
//
//	{"edition": "2026", "districts": {"海淀区": {"individual": 3, "team": 2}, …}}
type Districts struct {
	Edition   string           `json:"edition"`
	Districts map[string]Quota `json:"districts"`
}

// ReadDistricts reads a district quota file.
func ReadDistricts(r io.Reader) (*Districts, error) {
	var d Districts
	dec := json.NewDecoder(io.LimitReader(r, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("区科协名额文件：%s", jsonProblem(err))
	}
	for name := range d.Districts {
		if !slices.Contains(form.EnumValues("District"), name) {
			return nil, fmt.Errorf("区科协名额文件：“%s”不是北京市的区；应为：%s", name, strings.Join(form.EnumValues("District"), "、"))
		}
	}
	return &d, nil
}

// jsonProblem says in Chinese what encoding/json found wrong, with what to
// do; the format is {"edition": "2026", "districts": {"海淀区":
// {"individual": 3, "team": 2}}}.
func jsonProblem(err error) string {
	const want = `应为 {"edition": "2026", "districts": {"海淀区": {"individual": 3, "team": 2}}}`
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("不是有效的 JSON（第 %d 字节）；%s", se.Offset, want)
	case errors.As(err, &te):
		kind := "对象"
		switch te.Type.Kind() {
		case reflect.Int:
			kind = "整数"
		case reflect.String:
			kind = "字符串"
		}
		return fmt.Sprintf("%s 应为%s；%s", te.Field, kind, want)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return fmt.Sprintf("未知字段 %s；%s", strings.TrimPrefix(err.Error(), "json: unknown field "), want)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "文件为空或不完整；" + want
	}
	return err.Error() + "；" + want
}
