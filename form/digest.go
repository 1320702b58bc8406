package form

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
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
