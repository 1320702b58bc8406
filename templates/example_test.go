package templates_test

import (
	"fmt"
	"log"

	"github.com/bast-tools/shenbao/templates"
)

func ExampleLoad() {
	t, err := templates.Load("team", "2026", templates.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.ID(), t.Title)
	fmt.Println("body text:", t.Styles["body"].Font, float64(t.Styles["body"].Size), "pt")

	_, err = templates.Load("team", "2026", templates.Options{Version: "0.9"})
	fmt.Println(err)
	// Output:
	// team-2026@1.0 2026年北京优秀青年工程师创新工作室申报书（团队）
	// body text: serif 12 pt
	// 没有模板 team-2026@0.9；可用的模板：individual-2026@1.0, letter-2026@1.0, team-2026@1.0
}
