package ingest

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/bast-tools/shenbao/internal/pdfobj"
)

var (
	objHeader = regexp.MustCompile(`(?m)(?:^|[\r\n])[ \t]*(\d{1,7})[ \t]+(\d{1,5})[ \t]+obj\b`)
	rootEntry = regexp.MustCompile(`/Root\s+(\d+)\s+(\d+)\s+R`)
	catalog   = regexp.MustCompile(`/Type\s*/Catalog\b`)
)

// rebuildXref appends a fresh cross-reference table, found by scanning
// for "n g obj" headers, to a PDF whose own table is unusable (offsets
// wrong, table missing). Viewers do the same. It returns nil when no
// catalog can be found. Objects inside object streams are not seen, so
// files that keep their pages there stay unreadable.
func rebuildXref(b []byte) []byte {
	type loc struct{ off, gen int }
	objs := map[int]loc{}
	maxNr := 0
	for _, m := range objHeader.FindAllSubmatchIndex(b, -1) {
		nr, _ := strconv.Atoi(string(b[m[2]:m[3]]))
		gen, _ := strconv.Atoi(string(b[m[4]:m[5]]))
		if nr == 0 {
			continue
		}
		objs[nr] = loc{m[2], gen} // a later definition wins, as in an update
		maxNr = max(maxNr, nr)
	}
	root := ""
	if all := rootEntry.FindAllSubmatch(b, -1); len(all) > 0 {
		last := all[len(all)-1]
		if nr, _ := strconv.Atoi(string(last[1])); objs[nr].off > 0 {
			root = fmt.Sprintf("%s %s R", last[1], last[2])
		}
	}
	if root == "" {
		for nr := 1; nr <= maxNr; nr++ {
			l, ok := objs[nr]
			if !ok {
				continue
			}
			end := bytes.Index(b[l.off:], []byte("endobj"))
			if end > 0 && catalog.Match(b[l.off:l.off+end]) {
				root = fmt.Sprintf("%d %d R", nr, l.gen)
				break
			}
		}
	}
	if root == "" {
		return nil
	}
	w := pdfobj.Append(b)
	for nr, l := range objs {
		w.Locate(nr, l.off, l.gen)
	}
	return w.Finish("/Root " + root)
}

// missingObjects counts references, reachable from the catalog, to
// objects the file does not contain: what a cut-off download leaves.
func missingObjects(ctx *model.Context) int {
	seen := map[int]bool{}
	missing := 0
	var walk func(o types.Object)
	walk = func(o types.Object) {
		switch v := o.(type) {
		case types.IndirectRef:
			n := v.ObjectNumber.Value()
			if seen[n] {
				return
			}
			seen[n] = true
			e, ok := ctx.Table[n]
			if !ok || e == nil || e.Free || e.Object == nil {
				missing++
				return
			}
			walk(e.Object)
		case types.Dict:
			for _, x := range v {
				walk(x)
			}
		case types.StreamDict:
			walk(v.Dict)
		case types.Array:
			for _, x := range v {
				walk(x)
			}
		}
	}
	if ctx.Root != nil {
		walk(*ctx.Root)
	}
	return missing
}

// truncated reports a file with neither "startxref" nor "%%EOF" in its
// last kilobyte.
func truncated(b []byte) bool {
	tail := b[max(0, len(b)-1024):]
	return !bytes.Contains(tail, []byte("%%EOF")) && !bytes.Contains(tail, []byte("startxref"))
}
