package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

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

// writeFileAtomic writes path through a temporary file in the same folder
// and renames it into place only when write succeeds, so nobody ever sees
// half a file and a failed run leaves the old file as it was.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	// CreateTemp makes the file private; outputs are ordinary documents.
	err = tmp.Chmod(0o644)
	if err == nil {
		err = write(tmp)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
