package seal_test

import (
	"context"
	"fmt"
	"os"

	"github.com/bast-tools/shenbao/verify/seal"
)

func ExampleCheckFile() {
	// An uploaded scan: checked page by page, whatever its format.
	f, err := os.Open("testdata/scan-150dpi.jpg")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		fmt.Println(err)
		return
	}
	pages, err := seal.CheckFile(context.Background(), f, st.Size(), seal.FileOptions{Options: seal.Options{DPI: 150}})
	if err != nil {
		// An *seal.Error: its Code for programs, its Msg for people.
		fmt.Println(err)
		return
	}
	for _, p := range pages {
		fmt.Printf("page %d: judgeable %v, %d seals\n", p.Page, p.Judgeable, len(p.Seals))
	}
	// Output:
	// page 1: judgeable true, 2 seals
}
