package bundle

import (
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// pageFanout is the most kids a node of a balanced page tree has.
const pageFanout = 32

// inheritable are the page attributes a page may take from its ancestors
// (PDF 32000-1 7.7.3.4).
var inheritable = []string{"Resources", "MediaBox", "CropBox", "Rotate"}

// balancePages rebuilds the page tree of ctx as a balanced tree of at
// most pageFanout kids a node, the inherited attributes copied onto the
// pages. pdfcpu finds page n by walking the tree from the root, so on the
// flat trees most writers make (and merging appends whole trees) stamping
// every page costs time quadratic in the pages: 10,000 pages took a
// minute. The page order does not change; the old inner nodes are left
// for renumber to drop.
func balancePages(ctx *model.Context) error {
	cat, err := ctx.Catalog()
	if err != nil {
		return err
	}
	root := cat.IndirectRefEntry("Pages")
	if root == nil {
		return fmt.Errorf("no page tree")
	}
	var leaves []types.IndirectRef
	seen := map[int]bool{}
	var walk func(ref types.IndirectRef, inh types.Dict, depth int) error
	walk = func(ref types.IndirectRef, inh types.Dict, depth int) error {
		nr := ref.ObjectNumber.Value()
		if seen[nr] || depth > 64 {
			return fmt.Errorf("page tree loops or is too deep at object %d", nr)
		}
		seen[nr] = true
		d, err := ctx.DereferenceDict(ref)
		if err != nil || d == nil {
			return fmt.Errorf("page tree object %d: %v", nr, err)
		}
		if t := d.Type(); t == nil || *t != "Pages" {
			for k, v := range inh {
				if _, ok := d[k]; !ok {
					d[k] = v
				}
			}
			leaves = append(leaves, ref)
			return nil
		}
		next := types.Dict{}
		for k, v := range inh {
			next[k] = v
		}
		for _, k := range inheritable {
			if v, ok := d[k]; ok {
				next[k] = v
			}
		}
		for _, kid := range d.ArrayEntry("Kids") {
			kr, ok := kid.(types.IndirectRef)
			if !ok {
				return fmt.Errorf("page tree object %d: a kid is not a reference", nr)
			}
			if err := walk(kr, next, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(*root, types.Dict{}, 0); err != nil {
		return err
	}
	if len(leaves) != ctx.PageCount {
		return fmt.Errorf("page tree holds %d pages, the document %d", len(leaves), ctx.PageCount)
	}
	level, counts := leaves, make([]int, len(leaves))
	for i := range counts {
		counts[i] = 1
	}
	setParent := func(ref types.IndirectRef, parent types.IndirectRef) error {
		d, err := ctx.DereferenceDict(ref)
		if err != nil {
			return err
		}
		d["Parent"] = parent
		return nil
	}
	for len(level) > pageFanout {
		var up []types.IndirectRef
		var upCounts []int
		for i := 0; i < len(level); i += pageFanout {
			kids := level[i:min(i+pageFanout, len(level))]
			n := 0
			arr := make(types.Array, len(kids))
			for j, k := range kids {
				arr[j] = k
				n += counts[i+j]
			}
			ref, err := ctx.IndRefForNewObject(types.Dict{"Type": types.Name("Pages"), "Kids": arr, "Count": types.Integer(n), "Parent": *root})
			if err != nil {
				return err
			}
			for _, k := range kids {
				if err := setParent(k, *ref); err != nil {
					return err
				}
			}
			up, upCounts = append(up, *ref), append(upCounts, n)
		}
		level, counts = up, upCounts
	}
	rd, err := ctx.DereferenceDict(*root)
	if err != nil {
		return err
	}
	arr := make(types.Array, len(level))
	for i, k := range level {
		arr[i] = k
		if err := setParent(k, *root); err != nil {
			return err
		}
	}
	rd["Kids"] = arr
	rd["Count"] = types.Integer(len(leaves))
	return nil
}

// balancedPDF is pdf, made here, rewritten with a balanced page tree.
func balancedPDF(pdf []byte) ([]byte, error) {
	ctx, err := readPDF(pdf)
	if err != nil {
		return nil, err
	}
	if err := balancePages(ctx); err != nil {
		return nil, err
	}
	if err := renumber(ctx); err != nil {
		return nil, err
	}
	return writePDF(ctx)
}
