package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

// writeJSON writes v as indented JSON with Chinese left readable.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// isTerminal reports whether f is an interactive terminal, for progress
// bars and colour.
func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// fileError is how every command reports a file it cannot use.
func fileError(w io.Writer, path string, err error) {
	fmt.Fprintf(w, "%s：%v\n", path, err)
}
