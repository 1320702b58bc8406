package ingest

import (
	"encoding/binary"
	"errors"
	"io"
)

// tiffIFDs walks the chain of image file directories of a classic TIFF and
// returns their offsets: the one page walk for every TIFF this package
// reads. A loop, an offset past the end or more than maxPages pages ends
// it with an error.
func tiffIFDs(r io.ReaderAt, size int64, maxPages int) ([]uint32, binary.ByteOrder, error) {
	var hdr [8]byte
	if _, err := r.ReadAt(hdr[:], 0); err != nil {
		return nil, nil, errors.New("short header")
	}
	var order binary.ByteOrder = binary.LittleEndian
	if hdr[0] == 'M' {
		order = binary.BigEndian
	}
	var offs []uint32
	seen := map[uint32]bool{}
	for off := order.Uint32(hdr[4:]); off != 0; {
		if seen[off] {
			return nil, nil, errors.New("IFD chain loops")
		}
		if len(offs) >= maxPages {
			return nil, nil, &Error{Code: CodeTooManyPages, Format: TIFF, Err: errors.New("more pages than the limit")}
		}
		seen[off] = true
		var cnt [2]byte
		if int64(off)+2 > size {
			return nil, nil, errors.New("IFD offset past end of file")
		}
		if _, err := r.ReadAt(cnt[:], int64(off)); err != nil {
			return nil, nil, err
		}
		next := int64(off) + 2 + 12*int64(order.Uint16(cnt[:]))
		var nb [4]byte
		if next+4 > size {
			return nil, nil, errors.New("IFD past end of file")
		}
		if _, err := r.ReadAt(nb[:], next); err != nil {
			return nil, nil, err
		}
		offs = append(offs, off)
		off = order.Uint32(nb[:])
	}
	if len(offs) == 0 {
		return nil, nil, errors.New("no image directory")
	}
	return offs, order, nil
}

// ifdReader shows a TIFF file whose header points at another directory, so
// that the single-image TIFF decoder reads that page without a copy of the
// file.
type ifdReader struct {
	r   io.ReaderAt
	hdr [8]byte
}

func (t *ifdReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := t.r.ReadAt(p, off)
	for i := off; i < 8 && i-off < int64(n); i++ {
		p[i-off] = t.hdr[i]
	}
	return n, err
}

// tiffPage returns a reader of the file as if page ifd were its first.
func tiffPage(r io.ReaderAt, size int64, ifd uint32, order binary.ByteOrder) *io.SectionReader {
	t := &ifdReader{r: r}
	r.ReadAt(t.hdr[:], 0)
	order.PutUint32(t.hdr[4:], ifd)
	return io.NewSectionReader(t, 0, size)
}

// tiffOrientation reads tag 274 from the IFD at off.
func tiffOrientation(r io.ReaderAt, off uint32, order binary.ByteOrder) int {
	var cnt [2]byte
	if _, err := r.ReadAt(cnt[:], int64(off)); err != nil {
		return 1
	}
	var e [12]byte
	for i := range int64(order.Uint16(cnt[:])) {
		if _, err := r.ReadAt(e[:], int64(off)+2+12*i); err != nil {
			return 1
		}
		if order.Uint16(e[:]) == 274 && order.Uint16(e[2:]) == 3 {
			if o := int(order.Uint16(e[8:])); o >= 1 && o <= 8 {
				return o
			}
		}
	}
	return 1
}
