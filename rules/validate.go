package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bast-tools/shenbao/form"
)

// Finding codes for values that depend on the edition.
const (
	CodeUnknownEdition = "unknown_edition"
	CodeBadField       = "bad_field"
	CodeBadChannel     = "bad_channel"
)

// Validate is [form.Validate] plus the enumerations that belong to the
// edition the document names: the edition itself, the 申报领域 and the
// 推荐渠道. It returns the edition when the document names a known one.
func Validate(doc form.Document, opt form.Options) (*Edition, []form.Finding) {
	findings := form.Validate(doc, opt)
	var edName, field, channel string
	var rowFields []string
	switch d := doc.(type) {
	case *form.Individual:
		edName, field, channel = d.Edition, d.Field, d.Channel
	case *form.Team:
		edName, field, channel = d.Edition, d.Field, d.Channel
	case *form.Letter:
		edName, channel = d.Edition, d.Channel
		for _, r := range d.Recommendations {
			rowFields = append(rowFields, r.Field)
		}
	}
	if edName == "" {
		return nil, findings // reported as required by form.Validate
	}
	ed, err := LoadEdition(edName)
	if err != nil {
		return nil, append(findings, form.Finding{Code: CodeUnknownEdition, Path: "$.edition", Message: "届次：" + err.Error()})
	}
	if field != "" && !slices.Contains(ed.Fields, field) {
		findings = append(findings, badField("$.field", "申报领域", field, ed))
	}
	for i, f := range rowFields {
		if f != "" && !slices.Contains(ed.Fields, f) {
			findings = append(findings, badField(fmt.Sprintf("$.recommendations[%d].field", i), fmt.Sprintf("推荐汇总表第 %d 项·申报领域", i+1), f, ed))
		}
	}
	if _, ok := ed.Channel(channel); channel != "" && !ok {
		findings = append(findings, form.Finding{Code: CodeBadChannel, Path: "$.channel",
			Message: fmt.Sprintf("推荐渠道：%q 不是 %s 年的推荐渠道；可选：%s", channel, ed.Edition, strings.Join(ed.channelNames(), "、"))})
	}
	return ed, findings
}

func badField(path, label, v string, ed *Edition) form.Finding {
	return form.Finding{Code: CodeBadField, Path: path,
		Message: fmt.Sprintf("%s：%q 不是 %s 年的申报领域；可选：%s", label, v, ed.Edition, strings.Join(ed.Fields, "、"))}
}
