// Package pdfobj writes PDF files object by object, with a classic
// cross-reference table: the one place in shenbao that writes raw PDF
// syntax. (Documents are drawn by pdfgen through gopdf; pdfcpu's own
// writer puts objects in map order and the clock in the file, so the
// dossier is serialised here.)
//
// The caller writes each object's body — a dictionary including /Length
// for a stream — and the bytes of its stream; the Writer numbers objects,
// records offsets and ends the file with the table and the trailer. The
// output is a function of the calls alone.
package pdfobj

import (
	"bytes"
	"fmt"
)

// Writer builds one PDF file in memory.
type Writer struct {
	buf  bytes.Buffer
	objs []entry // objs[n] is object n; objs[0] is the head of the free list
}

type entry struct {
	off, gen int
	used     bool
}

// New starts a file of PDF version ("1.4", "1.7"), sized for about size
// bytes (0 if unknown): a dossier is mostly image streams, and a buffer
// doubling its way up to tens of megabytes copies them repeatedly.
func New(version string, size int) *Writer {
	w := &Writer{objs: make([]entry, 1)}
	w.buf.Grow(size)
	// The comment line of four high bytes marks the file as binary.
	fmt.Fprintf(&w.buf, "%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n", version)
	return w
}

// Append starts from an existing file, to which Finish adds a new
// cross-reference table; Locate tells where its objects are.
func Append(pdf []byte) *Writer {
	w := &Writer{objs: make([]entry, 1)}
	w.buf.Grow(len(pdf) + 1024)
	w.buf.Write(pdf)
	w.buf.WriteString("\n")
	return w
}

// Reserve returns the next object number, to be written later with Put
// (a page tree that lists pages written after it).
func (w *Writer) Reserve() int {
	w.objs = append(w.objs, entry{})
	return len(w.objs) - 1
}

// Add writes the next object and returns its number.
func (w *Writer) Add(body string, stream []byte) int {
	n := w.Reserve()
	w.Put(n, body, stream)
	return n
}

// Put writes object n: body, and the stream when stream is not nil. n
// must come from Reserve (or be the next number) and be written once.
func (w *Writer) Put(n int, body string, stream []byte) {
	for len(w.objs) <= n {
		w.objs = append(w.objs, entry{})
	}
	w.objs[n] = entry{off: w.buf.Len(), used: true}
	fmt.Fprintf(&w.buf, "%d 0 obj\n%s", n, body)
	if stream != nil {
		w.buf.WriteString("\nstream\n")
		w.buf.Write(stream)
		w.buf.WriteString("\nendstream")
	}
	w.buf.WriteString("\nendobj\n")
}

// Locate records that object n of generation gen starts at byte off of
// the file given to Append.
func (w *Writer) Locate(n, off, gen int) {
	for len(w.objs) <= n {
		w.objs = append(w.objs, entry{})
	}
	w.objs[n] = entry{off: off, gen: gen, used: true}
}

// Body returns what is written so far, for a file identifier computed
// from the content. It is valid until the next call.
func (w *Writer) Body() []byte { return w.buf.Bytes() }

// Size is the trailer's /Size: one more than the highest object number.
func (w *Writer) Size() int { return len(w.objs) }

// Finish appends the cross-reference table and the trailer, holding /Size
// and then entries ("/Root 1 0 R", "/Info 9 0 R /ID[…]"), and returns the
// file. Numbers never written are free entries.
func (w *Writer) Finish(entries string) []byte {
	xref := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 %d\n", len(w.objs))
	for n, e := range w.objs {
		if n == 0 || !e.used {
			w.buf.WriteString("0000000000 65535 f \n")
			continue
		}
		fmt.Fprintf(&w.buf, "%010d %05d n \n", e.off, e.gen)
	}
	fmt.Fprintf(&w.buf, "trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n", len(w.objs), entries, xref)
	return w.buf.Bytes()
}
