package rules

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/bast-tools/shenbao/edition"
	"github.com/bast-tools/shenbao/form"
)

// quotaFor returns the limit of q for programme p.
func quotaFor(q edition.Quota, p form.Programme) int {
	if p == form.ProgrammeTeam {
		return q.Team
	}
	return q.Individual
}

// wan turns an edition amount into the exact form amounts are compared in.
func wan(x float64) form.Wan { return form.Wan(math.Round(x * 10000)) }

// Districts holds the 区科协 quotas of attachment 1 (推荐名额分配表), which
// the notice does not include: staff supply them as a JSON file
//
//	{"edition": "2026", "districts": {"海淀区": {"individual": 3, "team": 2}, …}}
//
// The file belongs to one edition: [Assess] refuses to apply it to the
// documents of another.
type Districts struct {
	Edition   string                   `json:"edition"`
	Districts map[string]edition.Quota `json:"districts"`
}

// Codes of problems with a district quota file.
const (
	CodeDistrictsInvalid = "districts_invalid"
	CodeDistrictsEdition = "districts_edition"
)

// DistrictsError is a district quota file that cannot be used.
type DistrictsError struct {
	code, msg string
}

// Code returns CodeDistrictsInvalid or CodeDistrictsEdition.
func (e *DistrictsError) Code() string { return e.code }

func (e *DistrictsError) Error() string { return "区科协名额配置文件：" + e.msg }

// ReadDistricts reads a district quota file.
func ReadDistricts(r io.Reader) (*Districts, error) {
	var d Districts
	dec := json.NewDecoder(io.LimitReader(r, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return nil, &DistrictsError{CodeDistrictsInvalid, jsonProblem(err)}
	}
	if d.Edition == "" {
		return nil, &DistrictsError{CodeDistrictsInvalid, `缺少 "edition"（届次，如 "2026"），无法确认是哪一年的推荐名额分配表`}
	}
	for name := range d.Districts {
		if !slices.Contains(form.EnumValues("District"), name) {
			return nil, &DistrictsError{CodeDistrictsInvalid, fmt.Sprintf("%q 不是北京市的区；可选：%v", name, form.EnumValues("District"))}
		}
	}
	return &d, nil
}

// forEdition returns an error when d is another edition's file.
func (d *Districts) forEdition(ed string) error {
	if d == nil || d.Edition == ed {
		return nil
	}
	return &DistrictsError{CodeDistrictsEdition, fmt.Sprintf("为 %s 年的推荐名额分配表，而申报材料为 %s 年：各年名额不同，请使用 %s 年的配置文件", d.Edition, ed, ed)}
}

// jsonProblem says in Chinese what encoding/json found wrong in a district
// quota file, and what the file should look like.
func jsonProblem(err error) string {
	const want = `格式为 {"edition": "2026", "districts": {"海淀区": {"individual": 3, "team": 2}}}`
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
	return "不是有效的配置；" + want
}
