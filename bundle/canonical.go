package bundle

import (
	"fmt"
	"sort"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// renumber gives the objects of ctx the numbers of a depth-first walk from
// the trailer (Root, then Info), dictionary keys in sorted order, and drops
// objects nothing refers to. pdfcpu numbers merged and stamped objects in
// Go map order, which changes from run to run; the walk does not.
func renumber(ctx *model.Context) error {
	newNr := map[int]int{}
	var order []int
	var walk func(o types.Object) error
	walk = func(o types.Object) error {
		switch v := o.(type) {
		case types.IndirectRef:
			old := v.ObjectNumber.Value()
			if _, ok := newNr[old]; ok {
				return nil
			}
			e, ok := ctx.Table[old]
			if !ok || e == nil || e.Free {
				return nil // dangling: rewritten to null below
			}
			newNr[old] = len(order) + 1
			order = append(order, old)
			return walk(e.Object)
		case *types.IndirectRef:
			if v != nil {
				return walk(*v)
			}
		case types.Dict:
			for _, k := range sortedKeys(v) {
				if err := walk(v[k]); err != nil {
					return err
				}
			}
		case types.StreamDict:
			return walk(v.Dict)
		case *types.StreamDict:
			return walk(v.Dict)
		case types.Array:
			for _, x := range v {
				if err := walk(x); err != nil {
					return err
				}
			}
		case types.ObjectStreamDict, types.XRefStreamDict:
			return fmt.Errorf("unexpected %T in the object graph", v)
		}
		return nil
	}
	if ctx.Root == nil {
		return fmt.Errorf("no document catalog")
	}
	if err := walk(*ctx.Root); err != nil {
		return err
	}
	if ctx.Info != nil {
		if err := walk(*ctx.Info); err != nil {
			return err
		}
	}
	ref := func(old int) types.Object {
		n, ok := newNr[old]
		if !ok {
			return nil
		}
		return *types.NewIndirectRef(n, 0)
	}
	// patch copies rather than edits: pdfcpu lets objects share one map or
	// slice, and renumbering a shared one twice would corrupt it.
	var patch func(o types.Object) types.Object
	patch = func(o types.Object) types.Object {
		switch v := o.(type) {
		case types.IndirectRef:
			return ref(v.ObjectNumber.Value())
		case types.Dict:
			d := make(types.Dict, len(v))
			for k, x := range v {
				d[k] = patch(x)
			}
			return d
		case types.StreamDict:
			v.Dict = patch(v.Dict).(types.Dict)
			return v
		case *types.StreamDict:
			c := *v
			c.Dict = patch(v.Dict).(types.Dict)
			return c
		case types.Array:
			a := make(types.Array, len(v))
			for i, x := range v {
				a[i] = patch(x)
			}
			return a
		}
		return o
	}
	table := map[int]*model.XRefTableEntry{0: model.NewFreeHeadXRefTableEntry()}
	for _, old := range order {
		e := ctx.Table[old]
		gen := 0
		table[newNr[old]] = &model.XRefTableEntry{Generation: &gen, Object: patch(e.Object), Valid: e.Valid}
	}
	root := ref(ctx.Root.ObjectNumber.Value()).(types.IndirectRef)
	ctx.Root = &root
	// The writer takes the catalog from this cache, not from the table.
	ctx.RootDict, _ = table[root.ObjectNumber.Value()].Object.(types.Dict)
	if ctx.Info != nil {
		info := ref(ctx.Info.ObjectNumber.Value()).(types.IndirectRef)
		ctx.Info = &info
	}
	ctx.Table = table
	size := len(order) + 1
	ctx.Size = &size
	return nil
}

func sortedKeys(d types.Dict) []string {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
