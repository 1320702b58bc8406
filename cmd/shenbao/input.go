package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
)

// Codes of problems with the files a command is given or asked to write,
// the same in every command.
const (
	codeFileNotFound   = "file_not_found"
	codeFileUnreadable = "file_unreadable"
	codeFileTooLarge   = "file_too_large"
	codeFolderEmpty    = "folder_empty"
	codeWriteFailed    = "write_failed"
)

// problem is something a person must fix before a command can run: a
// stable code and a Chinese message that names the file and says what to
// do.
type problem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (p *problem) Error() string { return p.Message }

// about is the message without the leading name of path, for reports that
// name the file already.
func (p *problem) about(path string) string {
	return strings.TrimPrefix(p.Message, displayName(path)+"：")
}

// stdinName is how standard input is named in messages.
const stdinName = "标准输入"

// displayName is path as messages name it.
func displayName(path string) string {
	if path == "-" {
		return stdinName
	}
	return path
}

// openInput opens a file named on the command line; "-" is standard input.
// A file that cannot be opened is a *problem.
func openInput(cmd *cobra.Command, path string) (io.ReadCloser, error) {
	if path == "-" {
		return io.NopCloser(cmd.InOrStdin()), nil
	}
	f, err := os.Open(path)
	if err == nil {
		var st os.FileInfo
		if st, err = f.Stat(); err == nil && st.IsDir() {
			f.Close()
			return nil, &problem{codeFileUnreadable, path + "：是文件夹，请给出文件"}
		}
	}
	if err != nil {
		return nil, readProblem(path, err)
	}
	return f, nil
}

// readInput reads a whole input file of at most limit bytes.
func readInput(cmd *cobra.Command, path string, limit int64) ([]byte, error) {
	r, err := openInput(cmd, path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, readProblem(path, err)
	}
	if int64(len(data)) > limit {
		return nil, &problem{codeFileTooLarge, fmt.Sprintf("%s：超过 %d MB，请检查是否选错了文件", displayName(path), limit>>20)}
	}
	return data, nil
}

// readProblem says why path cannot be read.
func readProblem(path string, err error) *problem {
	name := displayName(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &problem{codeFileNotFound, name + "：文件不存在，请检查路径"}
	case errors.Is(err, fs.ErrPermission):
		return &problem{codeFileUnreadable, name + "：没有读取权限"}
	}
	return &problem{codeFileUnreadable, name + "：无法读取（" + errText(err) + "）"}
}

// writeProblem says why path cannot be written, naming path, never the
// temporary file it was written through.
func writeProblem(path string, err error) *problem {
	dir := filepath.Dir(path)
	if st, serr := os.Stat(dir); serr != nil {
		return &problem{codeWriteFailed, fmt.Sprintf("无法写入 %s：文件夹 %s 不存在，请先创建或换一个位置", path, dir)}
	} else if !st.IsDir() {
		return &problem{codeWriteFailed, fmt.Sprintf("无法写入 %s：%s 不是文件夹", path, dir)}
	}
	if st, serr := os.Stat(path); serr == nil && st.IsDir() {
		return &problem{codeWriteFailed, fmt.Sprintf("无法写入 %s：这是一个文件夹，请给出文件名", path)}
	}
	if errors.Is(err, fs.ErrPermission) {
		return &problem{codeWriteFailed, fmt.Sprintf("无法写入 %s：没有写入权限", path)}
	}
	return &problem{codeWriteFailed, fmt.Sprintf("无法写入 %s（%s）", path, errText(err))}
}

// errText is the innermost message of err, without the operation and path
// that os errors repeat.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// inputArgs is the Args check of commands that read files named as
// arguments: at least one, and "-" (standard input) at most once, since a
// second read of it would find nothing.
func inputArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return &problem{codeBadArguments, fmt.Sprintf("缺少文件：请至少给出一个文件（- 为标准输入）；运行 %s --help 查看用法", cmd.CommandPath())}
	}
	n := 0
	for _, a := range args {
		if a == "-" {
			n++
		}
	}
	if n > 1 {
		return &problem{codeBadArguments, "标准输入（-）只能读一次，请只写一个 -"}
	}
	return nil
}

// checkDir is a folder named by flag that must exist.
func checkDir(flag, dir string) error {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return &problem{codeFileNotFound, fmt.Sprintf("%s %s：文件夹不存在，请检查路径", flag, dir)}
	}
	if err != nil {
		p := readProblem(dir, err)
		return &problem{p.Code, flag + " " + p.Message}
	}
	if !st.IsDir() {
		return &problem{codeFileUnreadable, fmt.Sprintf("%s %s：不是文件夹，请给出文件夹", flag, dir)}
	}
	return nil
}
