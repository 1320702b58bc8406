package gopdf

import (
	"fmt"
	"os"
	"testing"
)

// testOut replaces upstream's ./test/out: the upstream tests write their
// PDFs there, and a test run must not write into the source tree.
var testOut string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gopdf-test-out-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testOut = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
