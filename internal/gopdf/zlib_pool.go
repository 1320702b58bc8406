package gopdf

import (
	"compress/zlib"
	"io"
	"sync"
)

// PATCH(shenbao): every stream used to get a fresh zlib.Writer, whose
// compressor state (~1 MB) made up over half of the bytes a render
// allocated. Writers are pooled per level and Reset, which gives the same
// output bytes as a new writer.
var zlibPools sync.Map // compression level → *sync.Pool of *zlib.Writer

func getZlibWriter(w io.Writer, level int) (*zlib.Writer, error) {
	if p, ok := zlibPools.Load(level); ok {
		if zw, ok := p.(*sync.Pool).Get().(*zlib.Writer); ok {
			zw.Reset(w)
			return zw, nil
		}
	}
	return zlib.NewWriterLevel(w, level)
}

// putZlibWriter returns a closed writer to its pool.
func putZlibWriter(zw *zlib.Writer, level int) {
	p, _ := zlibPools.LoadOrStore(level, new(sync.Pool))
	p.(*sync.Pool).Put(zw)
}
