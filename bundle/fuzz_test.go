package bundle

import (
	"bytes"
	"context"
	"testing"
	"testing/fstest"

	"github.com/bast-tools/shenbao/internal/hostile"
)

// FuzzBuild runs the whole bundle path on one PDF from outside beside a
// good one: whatever the bytes, Build returns (no panic, no runaway
// allocation: scripts/test.sh runs it under an address-space limit), the
// good file is in the dossier and the dossier is a PDF. The corpus is
// seeded with every hostile class, made small.
func FuzzBuild(f *testing.F) {
	for _, b := range [][]byte{
		hostile.Plain(),
		hostile.SelfObjStm(),
		hostile.AllCompressed(4),
		hostile.AllCompressed(5),
		hostile.ObjStmOutOfRange(),
		hostile.HugeObjectNumber(2147483647),
		hostile.ContentBomb(8 << 20),
		hostile.FlateImageBomb(100, 100, 8<<20, false),
		hostile.FlateImageBomb(100, 100, 8<<20, true),
		hostile.ObjStmBomb(8 << 20),
		hostile.ManyPages(30),
		hostile.MediaBox("[0 0 1e308 1e308]"),
		hostile.MediaBox("[0 0 0 0]"),
	} {
		f.Add(b)
	}
	good := hostile.Plain()
	f.Fuzz(func(t *testing.T, data []byte) {
		files := fstest.MapFS{"good.pdf": {Data: good}, "fuzz.pdf": {Data: data}}
		m := Manifest{Files: []Entry{{Path: "good.pdf", Category: Award}, {Path: "fuzz.pdf", Category: BusinessLicence}}}
		var out bytes.Buffer
		opt := Options{Workers: 1, Seals: RedSeals, Limits: Limits{MaxPages: 20, MaxStreamBytes: 4 << 20, MaxPixels: 4 << 20, MaxImageBytes: 16 << 20}}
		rep, err := Build(context.Background(), files, m, &out, opt)
		if err != nil {
			t.Fatalf("Build: %v", err)
		}
		if rep.Files[0].Status != StatusOK {
			t.Fatalf("good file: %+v", rep.Files[0])
		}
		if !bytes.HasPrefix(out.Bytes(), []byte("%PDF-")) {
			t.Fatal("the dossier is not a PDF")
		}
	})
}
