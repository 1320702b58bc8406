package batch_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/bast-tools/shenbao/batch"
	"github.com/bast-tools/shenbao/form"
)

// A batch folder with one submission that has its record but neither a
// scan nor evidence.
func ExampleRun() {
	tmp, err := os.MkdirTemp("", "batch-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	in := filepath.Join(tmp, "申报材料")
	record, _ := form.Sample(form.KindIndividual, false)
	os.MkdirAll(filepath.Join(in, "张明远"), 0o755)
	os.WriteFile(filepath.Join(in, "张明远", "申报书.json"), record, 0o644)

	oc, err := batch.Run(context.Background(), in, filepath.Join(tmp, "报告"), batch.Options{Jobs: 1})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range oc.Report.Submissions {
		fmt.Println(r.ID, r.Name, r.IDNumber, r.Verdict)
		for _, f := range r.Findings {
			if f.Severity == batch.Error {
				fmt.Printf("  %s %s: %s\n", f.Check, f.Code, f.Message)
			}
		}
	}
	// Output:
	// 张明远 张明远 110108********1239 不通过
	//   scan scan_missing: 未找到签字盖章的申报书扫描件（PDF 或图片）；请补交
	//   evidence evidence_missing: 未找到证明材料（“证明材料”文件夹、按类别命名的文件夹，或证明材料清单 manifest.json）；请补交
}
