package form_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/bast-tools/shenbao/form"
)

// Read is the one way in: a value outside an enumeration is a finding at
// its path, not a refusal, and the rest of the record is still checked.
func ExampleRead() {
	data, _ := form.Sample(form.KindIndividual, false)
	record := strings.Replace(string(data), `"sex": "男"`, `"sex": "男性"`, 1)
	record = strings.Replace(record, `"name": "张明远"`, `"name": "张明远\u202e"`, 1)
	doc, findings, err := form.Read(strings.NewReader(record), form.Options{Now: time.Date(2026, 5, 1, 0, 0, 0, 0, form.Beijing)})
	if err != nil {
		fmt.Println("unusable:", err)
		return
	}
	fmt.Println(doc.DocKind())
	for _, f := range findings {
		fmt.Println(f.Code, f.Path)
	}
	// Output:
	// individual
	// bidi_control $.applicant.name
	// bad_enum $.applicant.sex
}

// ByProgramme splits a 推荐汇总表 into one ranked block per programme,
// whichever numbering the letter uses.
func ExampleByProgramme() {
	rows := []form.Recommendation{
		{Rank: 1, Programme: form.ProgrammeIndividual, Name: "张明远"},
		{Rank: 2, Programme: form.ProgrammeTeam, Name: "储能创新工作室"},
		{Rank: 3, Programme: form.ProgrammeIndividual, Name: "王立"},
	}
	fmt.Println(form.RankNumbering(rows))
	for _, b := range form.ByProgramme(rows) {
		for i, r := range b.Rows {
			fmt.Println(b.Programme, b.Ranks[i], r.Name)
		}
	}
	// Output:
	// single
	// 卓越工程师成长计划 1 张明远
	// 卓越工程师成长计划 2 王立
	// 北京优秀青年工程师创新工作室 1 储能创新工作室
}
