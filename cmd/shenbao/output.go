package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

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
// half a file and a failed run leaves the old file as it was. The
// temporary file is created at the first byte written, not before the
// (possibly long) work that makes the bytes, so a run killed while it
// works leaves nothing; one killed while writing leaves a temporary file
// that the next run for the same output removes.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	dir, base := filepath.Dir(path), filepath.Base(path)
	removeStaleTemps(dir, base)
	lw := &lazyFile{dir: dir, pattern: "." + base + ".*.tmp"}
	err := write(lw)
	if lw.f == nil && err == nil {
		_, err = lw.Write(nil) // an empty output is still an output
	}
	if lw.f == nil {
		return err
	}
	defer os.Remove(lw.f.Name())
	if err == nil {
		err = lw.f.Sync()
	}
	if cerr := lw.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(lw.f.Name(), path)
}

// lazyFile creates its temporary file on the first Write.
type lazyFile struct {
	dir, pattern string
	f            *os.File
}

func (l *lazyFile) Write(p []byte) (int, error) {
	if l.f == nil {
		f, err := os.CreateTemp(l.dir, l.pattern)
		if err != nil {
			return 0, err
		}
		// CreateTemp makes the file private; outputs are ordinary documents.
		if err := f.Chmod(0o644); err != nil {
			f.Close()
			os.Remove(f.Name())
			return 0, err
		}
		l.f = f
	}
	return l.f.Write(p)
}

// staleTemp is how old a temporary file of an output must be before a
// later run takes it for the leftover of a killed one.
const staleTemp = 10 * time.Minute

// removeStaleTemps removes temporary files of base left by killed runs.
func removeStaleTemps(dir, base string) {
	old, _ := filepath.Glob(filepath.Join(dir, "."+globEscape(base)+".*.tmp"))
	for _, p := range old {
		if st, err := os.Lstat(p); err == nil && st.Mode().IsRegular() && time.Since(st.ModTime()) > staleTemp {
			os.Remove(p)
		}
	}
}

func globEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "?", `\?`, "[", `\[`)
	return r.Replace(s)
}
