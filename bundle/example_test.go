package bundle_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"

	"github.com/bast-tools/shenbao/bundle"
)

func ExampleBuild() {
	dir, _ := os.MkdirTemp("", "bundle-example")
	defer os.RemoveAll(dir)
	var photo bytes.Buffer
	_ = jpeg.Encode(&photo, image.NewGray(image.Rect(0, 0, 600, 800)), nil)
	_ = os.WriteFile(filepath.Join(dir, "身份证.jpg"), photo.Bytes(), 0o644)

	root, _ := os.OpenRoot(dir) // os.Root: symbolic links cannot leave dir
	defer root.Close()
	m := bundle.Manifest{Files: []bundle.Entry{
		{Path: "身份证.jpg", Category: bundle.IDCard},
		{Path: "专利证书.pdf", Category: bundle.Patent},
	}}
	var dossier bytes.Buffer
	rep, err := bundle.Build(context.Background(), root.FS(), m, &dossier, bundle.Options{
		Cover: bundle.Cover{Applicant: "陈立航", Organisation: "北京华晟智能装备有限公司", Date: "2026-04-20"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("pages:", rep.Pages)
	for _, f := range rep.Files {
		fmt.Println(f.File, f.Status, f.Code, f.FirstPage)
	}
	fmt.Println("missing:", rep.Checks.MissingRequired)
	// Output:
	// pages: 3
	// 身份证.jpg ok  3
	// 专利证书.pdf error file_missing 0
	// missing: [最高学历证书 最高学位证书 营业执照/法人登记证书]
}
