package batch

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"sync"
)

// cacheFormat changes whenever the meaning of a cached result changes, so
// old caches are ignored rather than misread.
const cacheFormat = "shenbao-batch-cache/2"

// Input is one input file of a submission and its content hash.
type Input struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256,omitempty"`
	Error  string `json:"error,omitempty"`
}

// cache keeps each submission's result under out/.cache/results/KEY.json,
// the key hashing the tool version, the options that change results, the
// submission's layout and the content of every input file. To keep a
// rerun fast it also remembers each file's hash with its size and
// modification time, and hashes again only files whose stat changed.
type cache struct {
	dir string

	mu    sync.Mutex
	files map[string]fileMemo
	dirty bool
}

type fileMemo struct {
	Size    int64  `json:"size"`
	ModTime int64  `json:"mtime_ns"`
	SHA256  string `json:"sha256"`
}

func openCache(out string) *cache {
	c := &cache{dir: filepath.Join(out, ".cache"), files: map[string]fileMemo{}}
	if b, err := os.ReadFile(filepath.Join(c.dir, "files.json")); err == nil {
		_ = json.Unmarshal(b, &c.files) // a damaged memo only costs rehashing
	}
	return c
}

func (c *cache) save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.dirty {
		return nil
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	b, err := json.Marshal(c.files)
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(c.dir, "files.json"), b)
}

// inputs hashes every file the submission uses.
func (c *cache) inputs(fsys fs.FS, s Submission) []Input {
	paths := append([]string{}, s.Scans...)
	paths = append(paths, s.LetterScans...)
	for _, p := range []string{s.Record, s.Letter, s.Manifest} {
		if p != "" {
			paths = append(paths, p)
		}
	}
	for _, e := range s.EvidenceList {
		if p, ok := safePath(e.Path); ok {
			paths = append(paths, path.Join(s.Evidence, p))
		}
	}
	sort.Strings(paths)
	var out []Input
	for i, p := range paths {
		if i > 0 && p == paths[i-1] {
			continue
		}
		out = append(out, c.hash(fsys, p))
	}
	return out
}

func (c *cache) hash(fsys fs.FS, p string) Input {
	in := Input{Path: p}
	st, err := fs.Stat(fsys, p)
	if err != nil {
		in.Error = err.Error()
		return in
	}
	in.Size = st.Size()
	c.mu.Lock()
	m, ok := c.files[p]
	c.mu.Unlock()
	if ok && m.Size == st.Size() && m.ModTime == st.ModTime().UnixNano() {
		in.SHA256 = m.SHA256
		return in
	}
	f, err := fsys.Open(p)
	if err != nil {
		in.Error = err.Error()
		return in
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		in.Error = err.Error()
		return in
	}
	in.SHA256 = hex.EncodeToString(h.Sum(nil))
	c.mu.Lock()
	c.files[p] = fileMemo{Size: st.Size(), ModTime: st.ModTime().UnixNano(), SHA256: in.SHA256}
	c.dirty = true
	c.mu.Unlock()
	return in
}

// key is the cache key of a submission.
func (r *runner) key(s Submission, inputs []Input) string {
	verifier := "none"
	if r.opt.Verify != nil {
		verifier = "v:" + r.opt.VerifierVersion
	}
	version := r.opt.Version
	if version == "" {
		version = "dev"
	}
	h := sha256.New()
	enc := json.NewEncoder(h)
	// Encoding plain data cannot fail.
	_ = enc.Encode([]any{cacheFormat, version, verifier, r.opt.EvidenceSeals != nil, r.opt.Bundle, r.opt.Districts, s, inputs})
	return hex.EncodeToString(h.Sum(nil))
}

func (c *cache) resultPath(key string) string {
	return filepath.Join(c.dir, "results", key[:2], key+".json")
}

func (c *cache) result(key string) (Result, bool) {
	b, err := os.ReadFile(c.resultPath(key))
	if err != nil {
		return Result{}, false
	}
	var res Result
	if json.Unmarshal(b, &res) != nil || res.Key != key {
		return Result{}, false
	}
	return res, true
}

// store writes a result at once, so an interrupted run keeps it.
func (c *cache) store(key string, res Result) {
	p := c.resultPath(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	if b, err := json.Marshal(res); err == nil {
		_ = writeAtomic(p, b) // a result not cached is only redone
	}
}

// writeAtomic writes a private file (the cache holds the records, with
// personal data) through a temporary one and a rename.
func writeAtomic(name string, data []byte) error {
	return writeFileAtomic(name, 0o600, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeFileAtomic writes name so that nobody ever sees half a file and a
// failed write leaves the old one as it was.
func writeFileAtomic(name string, perm os.FileMode, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	err = tmp.Chmod(perm)
	if err == nil {
		err = write(tmp)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
