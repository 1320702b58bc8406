package form

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"io"
)

// Canonical returns the canonical JSON of a document: fields in model
// order, no insignificant space, HTML characters unescaped. Two records
// with the same content after [Normalize] have the same canonical bytes,
// whatever key order or spacing the portal sent.
func Canonical(doc Document) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		// The model holds only strings, numbers, booleans and slices of
		// them; encoding cannot fail on it.
		panic("form: encode: " + err.Error())
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// Digest is the SHA-256 of the canonical JSON of a document. Page codes
// carry it so that paper printed from other data, or an older version of
// the data, is recognised.
func Digest(doc Document) [32]byte {
	return sha256.Sum256(Canonical(doc))
}

// Read decodes, normalises and validates one document: the usual way in.
// A decode failure is returned as an error (*DecodeError); validation
// findings are returned beside a usable document.
func Read(r io.Reader, opt Options) (Document, []Finding, error) {
	doc, err := Decode(r)
	if err != nil {
		return nil, nil, err
	}
	Normalize(doc)
	return doc, Validate(doc, opt), nil
}
