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
// The index holds the metrics and names, then the counts (uvarints: glyphs,
// glyphs per chunk, cmap entries, chunks, stored chunks), then fixed-width
// big-endian tables: per glyph its advance and side bearing (u16, i16), the
// cmap (u32 rune, u16 glyph, by rune), per glyph the end of its outline in
// the unpacked glyph stream (u32) and per chunk its end in the pack (u32).
// Fixed width lets DecodePack convert the tables in tight loops and leave
// the offsets where they are, read when a glyph is.
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
	nChunks := (f.NumGlyphs + chunkSize - 1) / chunkSize
	for _, n := range []int{f.NumGlyphs, chunkSize, len(f.Cmap), nChunks, stored} {
		putUvarint(&idx, uint64(n))
	}
	for _, g := range order {
		idx.Write(binary.BigEndian.AppendUint16(nil, f.Advances[g]))
		idx.Write(binary.BigEndian.AppendUint16(nil, uint16(f.LSBs[g])))
	}
	for _, m := range f.Cmap {
		idx.Write(binary.BigEndian.AppendUint32(nil, uint32(m.R)))
		idx.Write(binary.BigEndian.AppendUint16(nil, uint16(newOf[m.G])))
	}

	var chunks bytes.Buffer
	var chunkEnds []uint32
	var raw bytes.Buffer
	flush := func() error {
		if len(chunkEnds) < stored {
			chunks.Write(raw.Bytes())
		} else if err := deflate(&chunks, raw.Bytes()); err != nil {
			return err
		}
		chunkEnds = append(chunkEnds, uint32(chunks.Len()))
		raw.Reset()
		return nil
	}
	glyphEnd := 0
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
		glyphEnd += len(data)
		idx.Write(binary.BigEndian.AppendUint32(nil, uint32(glyphEnd)))
		raw.Write(data)
		if (n+1)%chunkSize == 0 || n == len(order)-1 {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	for _, e := range chunkEnds {
		idx.Write(binary.BigEndian.AppendUint32(nil, e))
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
	stored    int    // leading chunks stored uncompressed
	glyphEnds []byte // u32 per glyph: end of its outline in the glyph stream
	chunkEnds []byte // u32 per chunk: its end in data
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

// glyphStart returns where glyph g's outline starts in the glyph stream
// (g may be the number of glyphs: the stream's end).
func (p *packGlyphs) glyphStart(g int) int {
	if g == 0 {
		return 0
	}
	return int(be32(p.glyphEnds, 4*(g-1)))
}

func (p *packGlyphs) chunkStart(c int) int {
	if c == 0 {
		return 0
	}
	return int(be32(p.chunkEnds, 4*(c-1)))
}

func (p *packGlyphs) Glyph(g int) ([]byte, error) {
	n := len(p.glyphEnds) / 4
	if g < 0 || g >= n {
		return nil, fmt.Errorf("%w: glyph %d out of range", ErrPack, g)
	}
	c := g / p.chunkSize
	base := p.glyphStart(c * p.chunkSize)
	ch := &p.chunks[c]
	ch.once.Do(func() {
		in, end := p.data[p.chunkStart(c):], p.chunkStart(c+1)-p.chunkStart(c)
		want := p.glyphStart(min((c+1)*p.chunkSize, n)) - base
		if end < 0 || end > len(in) || want < 0 {
			ch.err = fmt.Errorf("%w: chunk %d: bad offsets", ErrPack, c)
			return
		}
		in = in[:end]
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
	lo, hi := p.glyphStart(g)-base, p.glyphStart(g+1)-base
	if lo < 0 || lo > hi || hi > len(ch.raw) {
		return nil, fmt.Errorf("%w: glyph %d: bad offsets", ErrPack, g)
	}
	return ch.raw[lo:hi], nil
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
	chunkSize, nm, nc, stored := int(r.uvarint()), int(r.uvarint()), int(r.uvarint()), int(r.uvarint())
	if r.err != nil || f.NumGlyphs < 1 || f.NumGlyphs > 0xFFFF || chunkSize < 1 ||
		nm > maxMappings || nc != (f.NumGlyphs+chunkSize-1)/chunkSize || stored > nc {
		return nil, fmt.Errorf("%w: header", ErrPack)
	}
	hm, cm := r.bytes(4*f.NumGlyphs), r.bytes(6*nm)
	p := &packGlyphs{data: data[10+n:], chunkSize: chunkSize, stored: stored,
		glyphEnds: r.bytes(4 * f.NumGlyphs), chunkEnds: r.bytes(4 * nc), chunks: make([]packChunk, nc)}
	if r.err != nil || len(r.b) != 0 {
		return nil, fmt.Errorf("%w: index is %d bytes, its tables need more or less", ErrPack, n)
	}
	if p.chunkStart(nc) != len(p.data) {
		return nil, fmt.Errorf("%w: chunk sizes do not add up", ErrPack)
	}
	f.Advances = make([]uint16, f.NumGlyphs)
	f.LSBs = make([]int16, f.NumGlyphs)
	for g := range f.NumGlyphs {
		f.Advances[g], f.LSBs[g] = be16(hm, 4*g), int16(be16(hm, 4*g+2))
	}
	f.Cmap = make([]Mapping, nm)
	for i := range f.Cmap {
		m := Mapping{rune(be32(cm, 6*i)), be16(cm, 6*i+4)}
		if int(m.G) >= f.NumGlyphs || m.R < 0 || i > 0 && m.R <= f.Cmap[i-1].R {
			return nil, fmt.Errorf("%w: cmap entry %d", ErrPack, i)
		}
		f.Cmap[i] = m
	}
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
