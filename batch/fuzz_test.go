package batch_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bast-tools/shenbao/batch"
)

// FuzzReadList feeds lists in any encoding and shape: an error or
// submissions, never a panic, and never a path outside the folder.
func FuzzReadList(f *testing.F) {
	f.Add([]byte("申报编号,申报书,扫描件,证明材料\r\nA,a.json,a.pdf;b.pdf,材料/A\r\n"))
	f.Add([]byte("id,dir\nA,../x\nB,/etc\nC,c:\\x\nD,a/../../b\n"))
	f.Add([]byte("\xef\xbb\xbfid,record\n\"A\"\"\",\"a\nb\"\n"))
	f.Add([]byte("\xc9\xea\xb1\xa8\xb1\xe0\xba\xc5,record\r\n1,a.json\r\n"))
	f.Add([]byte("\xff\xfei\x00d\x00,\x00d\x00i\x00r\x00\n\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{
			"list.csv":          {Data: data},
			"a.json":            {Data: []byte(`{"kind":"individual"}`)},
			"A/申报书.json":        {Data: []byte(`{"kind":"team"}`)},
			"材料/A/身份证复印件/x.png": {Data: []byte("x")},
		}
		subs, err := batch.ReadList(fsys, "list.csv")
		if err != nil {
			return
		}
		for _, s := range subs {
			for _, p := range append(append([]string{s.Record, s.Letter, s.Evidence, s.Manifest, s.Dir}, s.Scans...), s.LetterScans...) {
				if strings.HasPrefix(p, "/") || p == ".." || strings.HasPrefix(p, "../") || strings.Contains(p, "/../") {
					t.Fatalf("%s: path %q leaves the folder", s.ID, p)
				}
			}
		}
	})
}
