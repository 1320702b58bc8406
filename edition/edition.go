// Package edition holds the numbers and words of one year's notice: reference
// dates, age limits, years of work, team size, funding caps, deadlines,
// recommendation channels and their quotas, the fields the notice names. It
// is the one home of this data: package form validates against it, package
// rules judges eligibility by it, pdfgen and bundle print its titles.
//
// Each edition is an embedded JSON file (editions/2026.json). A new notice
// is a new file, not new code; [Read] takes one from outside the binary, and
// [Register] makes it known to every package that looks editions up by name.
package edition

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed editions/*.json
var editionFS embed.FS

// Beijing is the zone of every deadline (UTC+8, no daylight saving time).
var Beijing = time.FixedZone("CST", 8*3600)

// Quota is a pair of limits, one per programme.
type Quota struct {
	Individual int `json:"individual"`
	Team       int `json:"team"`
}

// Amounts is a pair of amounts in 万元, one per programme.
type Amounts struct {
	Individual float64 `json:"individual"`
	Team       float64 `json:"team"`
}

// Channel is a recommendation channel (推荐渠道) and its quota.
type Channel struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	// Quota per recommending organisation of this channel.
	Quota Quota `json:"quota"`
	// DistrictQuotas means the quota depends on the district and comes
	// from a separate configuration, as 区科协 quotas come from
	// attachment 1 of the notice.
	DistrictQuotas bool `json:"district_quotas,omitempty"`
	// Scope says whom an organisation of this channel may recommend
	// (三 of the notice): "district" units registered in its district,
	// "own_unit" its own unit's people only, "park" units of its park;
	// empty for no restriction the record can show.
	Scope string `json:"scope,omitempty"`
}

// The recommendation scopes of [Channel.Scope].
const (
	ScopeDistrict = "district"
	ScopeOwnUnit  = "own_unit"
	ScopePark     = "park"
)

// Edition holds every number of one year's notice.
type Edition struct {
	Edition string `json:"edition"`
	// Title names the selection, "2026年卓越工程师选拔培育项目".
	Title      string `json:"title"`
	Issuer     string `json:"issuer"`
	NoticeDate string `json:"notice_date"`
	// AgeRef is the day ages are counted to ("截至 2025 年 12 月 31 日").
	AgeRef      string `json:"age_reference"`
	MaxAge      int    `json:"max_age"`
	YoungMaxAge int    `json:"young_max_age"`
	WorkYears   int    `json:"work_years"`
	// WorkReviewMonths: engineering work is counted to the application
	// date ("申报时"); someone short of WorkYears by no more than this many
	// months is for a person to review rather than a fail, since the
	// notice names no reference date and start months are approximate.
	WorkReviewMonths    int       `json:"work_years_review_months"`
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

	ageRef                     time.Time
	appDeadline, recDeadline   time.Time
	oldestBirth, youngestBirth time.Time
}

var (
	nameRE = regexp.MustCompile(`^\d{4}$`)

	registry = struct {
		sync.RWMutex
		m map[string]*Edition
	}{m: map[string]*Edition{}}
)

// Names lists the known editions (embedded and registered), oldest first.
func Names() []string {
	entries, _ := editionFS.ReadDir("editions")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".json"))
	}
	registry.RLock()
	for n := range registry.m {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	registry.RUnlock()
	sort.Strings(names)
	return names
}

// Latest returns the newest known edition.
func Latest() *Edition {
	names := Names()
	ed, err := Load(names[len(names)-1])
	if err != nil {
		panic("edition: embedded edition unusable: " + err.Error())
	}
	return ed
}

// CodeUnknown is the code of [UnknownError].
const CodeUnknown = "unknown_edition"

// UnknownError is returned for an edition that is neither embedded nor
// registered.
type UnknownError struct{ Name string }

// Code returns CodeUnknown.
func (e *UnknownError) Code() string { return CodeUnknown }

func (e *UnknownError) Error() string {
	return fmt.Sprintf("届次 %q 不存在；已有：%s", e.Name, strings.Join(Names(), "、"))
}

var embedded sync.Map // name → *Edition, parsed once

// Load returns a known edition by name ("2026"). The result is shared; do
// not modify it.
func Load(name string) (*Edition, error) {
	if !nameRE.MatchString(name) {
		return nil, &UnknownError{Name: name}
	}
	registry.RLock()
	ed := registry.m[name]
	registry.RUnlock()
	if ed != nil {
		return ed, nil
	}
	if v, ok := embedded.Load(name); ok {
		return v.(*Edition), nil
	}
	data, err := editionFS.ReadFile("editions/" + name + ".json")
	if err != nil {
		return nil, &UnknownError{Name: name}
	}
	ed, err = Read(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	v, _ := embedded.LoadOrStore(name, ed)
	return v.(*Edition), nil
}

// Register makes ed known by its name to [Load], and so to every package
// that looks editions up by the name a record gives, in place of an
// embedded edition of the same name. It is how a notice not yet embedded
// is put to use, and how tests try one.
func Register(ed *Edition) {
	registry.Lock()
	registry.m[ed.Edition] = ed
	registry.Unlock()
}

// Unregister forgets an edition given to [Register].
func Unregister(name string) {
	registry.Lock()
	delete(registry.m, name)
	registry.Unlock()
}

// Read reads an edition file.
func Read(r io.Reader) (*Edition, error) {
	var ed Edition
	dec := json.NewDecoder(io.LimitReader(r, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ed); err != nil {
		return nil, fmt.Errorf("届次文件无法读取：%w", err)
	}
	if err := ed.init(); err != nil {
		return nil, fmt.Errorf("届次文件 %s 有误：%w", ed.Edition, err)
	}
	return &ed, nil
}

func (ed *Edition) init() error {
	var err error
	if !nameRE.MatchString(ed.Edition) {
		return fmt.Errorf("edition %q：应为四位年份", ed.Edition)
	}
	if ed.ageRef, err = time.Parse(time.DateOnly, ed.AgeRef); err != nil {
		return fmt.Errorf("age_reference %q 不是日期（YYYY-MM-DD）", ed.AgeRef)
	}
	if ed.appDeadline, err = parseDeadline(ed.ApplicationDeadline); err != nil {
		return err
	}
	if ed.recDeadline, err = parseDeadline(ed.RecommendDeadline); err != nil {
		return err
	}
	if len(ed.Fields) == 0 || len(ed.Channels) == 0 || ed.MaxAge <= 0 || ed.MinTeamSize <= 0 || ed.Title == "" {
		return fmt.Errorf("title、fields、channels、max_age、min_team_size 不能为空")
	}
	for _, c := range ed.Channels {
		switch c.Scope {
		case "", ScopeDistrict, ScopeOwnUnit, ScopePark:
		default:
			return fmt.Errorf("渠道 %s 的 scope %q 应为 district、own_unit、park 或空", c.Name, c.Scope)
		}
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
	d, derr := time.Parse(time.DateOnly, day)
	h, m, hok := strings.Cut(hm, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || derr != nil || !hok || err1 != nil || err2 != nil || hh > 24 || mm > 59 || (hh == 24 && mm != 0) {
		return time.Time{}, fmt.Errorf("截止时间 %q 应为 YYYY-MM-DD HH:MM（当天结束写 24:00）", s)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), hh, mm, 0, 0, Beijing), nil
}

// OldestBirth is the earliest birth date that meets the age limit.
func (ed *Edition) OldestBirth() time.Time { return ed.oldestBirth }

// YoungestBirth is the earliest birth date of a "young" team member.
func (ed *Edition) YoungestBirth() time.Time { return ed.youngestBirth }

// AgeReference is the day ages are counted to.
func (ed *Edition) AgeReference() time.Time { return ed.ageRef }

// ApplicationDue is the first instant an application is late.
func (ed *Edition) ApplicationDue() time.Time { return ed.appDeadline }

// RecommendationDue is the first instant a recommendation letter is late.
func (ed *Edition) RecommendationDue() time.Time { return ed.recDeadline }

// Channel returns the channel of that name.
func (ed *Edition) Channel(name string) (Channel, bool) {
	i := slices.IndexFunc(ed.Channels, func(c Channel) bool { return c.Name == name })
	if i < 0 {
		return Channel{}, false
	}
	return ed.Channels[i], true
}

// ChannelNames lists the channels' names in the notice's order.
func (ed *Edition) ChannelNames() []string {
	var names []string
	for _, c := range ed.Channels {
		names = append(names, c.Name)
	}
	return names
}

// HasField reports whether the notice names field among those it
// emphasises ("着重面向"). The list is not closed: another field is valid.
func (ed *Edition) HasField(field string) bool { return slices.Contains(ed.Fields, field) }

// ProgrammeTitle is a programme's name with the edition's year, as a cover
// or dossier shows it: "2026年卓越工程师成长计划".
func (ed *Edition) ProgrammeTitle(programme string) string {
	return ed.Edition + "年" + programme
}

// Watermark is the default text stamped on evidence pages of a dossier.
func (ed *Edition) Watermark() string { return "仅供" + ed.Title + "申报使用" }
