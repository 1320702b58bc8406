package edition_test

import (
	"fmt"

	"github.com/bast-tools/shenbao/edition"
)

func ExampleLoad() {
	ed, err := edition.Load("2026")
	if err != nil {
		fmt.Println(err)
		return
	}
	ch, _ := ed.Channel("园区科协")
	fmt.Println(ed.Title)
	fmt.Println(ed.OldestBirth().Format("2006-01-02"), ed.BudgetCap.Individual, ch.Quota.Individual, ch.Scope)
	fmt.Println(ed.HasField("新材料"))
	// Output:
	// 2026年卓越工程师选拔培育项目
	// 1980-01-01 5 2 park
	// false
}
