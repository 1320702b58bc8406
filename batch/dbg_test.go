package batch_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/bast-tools/shenbao/batch"
)

func TestDebugKeep(t *testing.T) {
	dir := os.Getenv("KEEP")
	if dir == "" {
		t.Skip()
	}
	os.RemoveAll(dir)
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	makeBatch(t, in)
	calls := 0
	_, err := batch.Run(context.Background(), in, out, batch.Options{Verify: fakeVerifier(&calls), Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
}
