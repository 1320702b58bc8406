package fontfile

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
)

// A pack is a TrueType font stored for cheap start-up and cheap subsetting:
//
//	"SBFP" u16 version
//	u32 n, n bytes: index
//	the glyph chunks: the first few stored as they are, the rest each
//	deflated on its own
//
// The index holds the metrics, names, per-glyph advance and side bearing,
// the cmap (rune deltas and glyph numbers as uvarints), each glyph's length,
// how many leading chunks are stored and each chunk's length in the pack.
// Glyphs are stored in an order chosen at pack time (the characters nearly
// every document uses first) and cut into chunks of ChunkSize glyphs. The
// chunks holding those first characters are stored uncompressed and the
// index is not compressed either: a render that stays inside them reads
// glyphs straight from the embedded bytes and inflates nothing, for about
// 1.5 times their deflated size (see fonts/build/README.md for the figures).
// Chunks of rarer characters are inflated when first used.
const (
	packMagic   = "SBFP"
	packVersion = 2
)

// ErrPack reports a corrupt or foreign font pack.
var ErrPack = errors.New("bad font pack")

// EncodePack writes f as a pack. The glyphs of the characters in first come
// right after .notdef, in that order, in chunks stored uncompressed; the rest
// keep their relative order and are deflated.
func EncodePack(f *Font, first []rune, chunkSize int) ([]byte, error) {
	if chunkSize < 1 {
		return nil, fmt.Errorf("fontfile: chunk size %d", chunkSize)
	}
	order := make([]int, 0, f.NumGlyphs) // new → old
	placed := make([]bool, f.NumGlyphs)
	place := func(g int) {
		if !placed[g] {
			placed[g] = true
			order = append(order, g)
		}
	}
	place(0)
	for _, r := range first {
		if g, ok := f.Lookup(r); ok {
			place(int(g))
		}
	}
	hot := len(order) // .notdef and the glyphs of first
	for g := range f.NumGlyphs {
		place(g)
	}
	stored := (hot + chunkSize - 1) / chunkSize
	newOf := make([]int, f.NumGlyphs)
	for n, g := range order {
		newOf[g] = n
	}

	var idx bytes.Buffer
	if err := binary.Write(&idx, binary.BigEndian, f.Metrics); err != nil {
		return nil, err
	}
	for _, s := range []string{f.Family, f.Subfamily, f.PostScript, f.Version, f.Copyright, f.License} {
		putUvarint(&idx, uint64(len(s)))
		idx.WriteString(s)
	}
	putUvarint(&idx, uint64(f.NumGlyphs))
	putUvarint(&idx, uint64(chunkSize))
	for _, g := range order {
		binary.Write(&idx, binary.BigEndian, [2]uint16{f.Advances[g], uint16(f.LSBs[g])})
	}
	putUvarint(&idx, uint64(len(f.Cmap)))
	prev := rune(0)
	for _, m := range f.Cmap {
		putUvarint(&idx, uint64(m.R-prev))
		putUvarint(&idx, uint64(newOf[m.G]))
		prev = m.R
	}

	var chunks bytes.Buffer
	var chunkLens []int
	var raw bytes.Buffer
	flush := func() error {
		n0 := chunks.Len()
		if len(chunkLens) < stored {
			chunks.Write(raw.Bytes())
		} else if err := deflate(&chunks, raw.Bytes()); err != nil {
			return err
		}
		chunkLens = append(chunkLens, chunks.Len()-n0)
		raw.Reset()
		return nil
	}
	for n, g := range order {
		data, err := f.Glyphs.Glyph(g)
		if err != nil {
			return nil, err
		}
		// Composite glyphs would need their component numbers rewritten
		// to the new order; the packed fonts are converted from CFF and
		// have none.
		if len(data) >= 2 && int16(be16(data, 0)) < 0 {
			return nil, fmt.Errorf("fontfile: glyph %d is composite; packs hold simple glyphs only", g)
		}
		data, err = rewriteGlyph(data, nil)
		if err != nil {
			return nil, err
		}
		putUvarint(&idx, uint64(len(data)))
		raw.Write(data)
		if (n+1)%chunkSize == 0 || n == len(order)-1 {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	putUvarint(&idx, uint64(len(chunkLens)))
	putUvarint(&idx, uint64(stored))
	for _, n := range chunkLens {
		putUvarint(&idx, uint64(n))
	}

	var out bytes.Buffer
	out.WriteString(packMagic)
	binary.Write(&out, binary.BigEndian, uint16(packVersion))
	binary.Write(&out, binary.BigEndian, uint32(idx.Len()))
	out.Write(idx.Bytes())
	out.Write(chunks.Bytes())
	return out.Bytes(), nil
}

func deflate(w io.Writer, b []byte) error {
	zw, err := flate.NewWriter(w, flate.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(b); err != nil {
		return err
	}
	return zw.Close()
}

func putUvarint(b *bytes.Buffer, v uint64) {
	b.Write(binary.AppendUvarint(nil, v))
}

// packGlyphs reads glyphs from a pack: from the stored chunks in place, and
// from the others by inflating each once on first use and keeping it for the
// life of the process.
type packGlyphs struct {
	data      []byte // all chunks, back to back
	chunkSize int
	stored    int   // leading chunks stored uncompressed
	chunkOff  []int // len(chunks)+1 offsets into data
	glyphOff  []int // per glyph, offset inside its chunk; plus the chunk's end
	chunks    []packChunk
}

// inflaters keeps flate readers between chunks: a new one costs more than
// inflating a chunk of 32 glyphs.
var inflaters sync.Pool

type packChunk struct {
	once sync.Once
	raw  []byte
	err  error
}

func (p *packGlyphs) Glyph(g int) ([]byte, error) {
	if g < 0 || g+1 >= len(p.glyphOff) {
		return nil, fmt.Errorf("%w: glyph %d out of range", ErrPack, g)
	}
	c := g / p.chunkSize
	ch := &p.chunks[c]
	ch.once.Do(func() {
		in := p.data[p.chunkOff[c]:p.chunkOff[c+1]]
		want := p.glyphOff[min((c+1)*p.chunkSize, len(p.glyphOff)-1)] - p.glyphOff[c*p.chunkSize]
		if c < p.stored {
			if len(in) != want {
				ch.err = fmt.Errorf("%w: stored chunk %d holds %d bytes, its glyphs %d", ErrPack, c, len(in), want)
			}
			ch.raw = in
			return
		}
		ch.raw = make([]byte, want)
		if err := inflate(ch.raw, in); err != nil {
			ch.err = fmt.Errorf("%w: chunk %d: %v", ErrPack, c, err)
		}
	})
	if ch.err != nil {
		return nil, ch.err
	}
	base := p.glyphOff[c*p.chunkSize]
	return ch.raw[p.glyphOff[g]-base : p.glyphOff[g+1]-base], nil
}

// inflate fills out from the deflated in with a pooled flate reader.
func inflate(out, in []byte) error {
	zr, _ := inflaters.Get().(io.ReadCloser)
	if zr == nil {
		zr = flate.NewReader(bytes.NewReader(in))
	} else if err := zr.(flate.Resetter).Reset(bytes.NewReader(in), nil); err != nil {
		return err
	}
	_, err := io.ReadFull(zr, out)
	inflaters.Put(zr)
	return err
}

// DecodePack reads a pack written by EncodePack. It parses the index and
// keeps data (which must not change afterwards); deflated glyph chunks are
// inflated when first used.
func DecodePack(data []byte) (*Font, error) {
	if len(data) < 10 || string(data[:4]) != packMagic {
		return nil, fmt.Errorf("%w: no %s signature", ErrPack, packMagic)
	}
	if v := be16(data, 4); v != packVersion {
		return nil, fmt.Errorf("%w: version %d, want %d", ErrPack, v, packVersion)
	}
	n := int(be32(data, 6))
	if 10+n > len(data) {
		return nil, fmt.Errorf("%w: index runs past the end", ErrPack)
	}
	r := &reader{b: data[10 : 10+n]}
	f := &Font{}
	if err := binary.Read(r, binary.BigEndian, &f.Metrics); err != nil {
		return nil, fmt.Errorf("%w: metrics: %v", ErrPack, err)
	}
	for _, s := range []*string{&f.Family, &f.Subfamily, &f.PostScript, &f.Version, &f.Copyright, &f.License} {
		*s = string(r.bytes(int(r.uvarint())))
	}
	f.NumGlyphs = int(r.uvarint())
	chunkSize := int(r.uvarint())
	if r.err != nil || f.NumGlyphs < 1 || f.NumGlyphs > 0xFFFF || chunkSize < 1 {
		return nil, fmt.Errorf("%w: header", ErrPack)
	}
	hm := r.bytes(4 * f.NumGlyphs)
	if r.err != nil {
		return nil, fmt.Errorf("%w: metrics", ErrPack)
	}
	f.Advances = make([]uint16, f.NumGlyphs)
	f.LSBs = make([]int16, f.NumGlyphs)
	for g := range f.NumGlyphs {
		f.Advances[g], f.LSBs[g] = be16(hm, 4*g), int16(be16(hm, 4*g+2))
	}
	nm := int(r.uvarint())
	if nm > maxMappings {
		return nil, fmt.Errorf("%w: cmap size %d", ErrPack, nm)
	}
	f.Cmap = make([]Mapping, nm)
	prev := rune(0)
	for i := range f.Cmap {
		prev += rune(r.uvarint())
		g := r.uvarint()
		if g >= uint64(f.NumGlyphs) {
			return nil, fmt.Errorf("%w: cmap glyph %d", ErrPack, g)
		}
		f.Cmap[i] = Mapping{prev, uint16(g)}
	}
	p := &packGlyphs{data: data[10+n:], chunkSize: chunkSize, glyphOff: make([]int, f.NumGlyphs+1)}
	for g := range f.NumGlyphs {
		p.glyphOff[g+1] = p.glyphOff[g] + int(r.uvarint())
	}
	nc := int(r.uvarint())
	p.stored = int(r.uvarint())
	if r.err != nil || nc != (f.NumGlyphs+chunkSize-1)/chunkSize || p.stored > nc {
		return nil, fmt.Errorf("%w: chunk table", ErrPack)
	}
	p.chunkOff = make([]int, nc+1)
	for c := range nc {
		p.chunkOff[c+1] = p.chunkOff[c] + int(r.uvarint())
	}
	if r.err != nil || p.chunkOff[nc] != len(p.data) {
		return nil, fmt.Errorf("%w: chunk sizes do not add up", ErrPack)
	}
	p.chunks = make([]packChunk, nc)
	f.Glyphs = p
	return f, nil
}

// reader reads an index, remembering the first error.
type reader struct {
	b   []byte
	err error
}

func (r *reader) Read(p []byte) (int, error) {
	if len(r.b) < len(p) {
		r.err = io.ErrUnexpectedEOF
		return 0, r.err
	}
	copy(p, r.b)
	r.b = r.b[len(p):]
	return len(p), nil
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = io.ErrUnexpectedEOF
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) bytes(n int) []byte {
	if n < 0 || n > len(r.b) {
		r.err = io.ErrUnexpectedEOF
		return nil
	}
	b := r.b[:n]
	r.b = r.b[n:]
	return b
}
