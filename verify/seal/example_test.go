package seal_test

import (
	"context"
	"fmt"
	"image/jpeg"
	"os"

	"github.com/bast-tools/shenbao/verify/seal"
)

func Example() {
	// The lower part of a page scanned at 150 dpi, with a 公章 and a
	// 财务专用章 over the sign-off.
	f, err := os.Open("testdata/scan-150dpi.jpg")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	img, err := jpeg.Decode(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := seal.Find(context.Background(), img, seal.Options{DPI: 150})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("judgeable:", res.Judgeable)
	for _, s := range res.Seals {
		fmt.Printf("%s seal at %v, confidence ≥ 0.9: %v\n", s.Shape, s.Box, s.Confidence >= 0.9)
	}
	// Output:
	// judgeable: true
	// round seal at (340,149)-(585,394), confidence ≥ 0.9: true
	// oval seal at (832,182)-(1067,376), confidence ≥ 0.9: true
}
