package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/bast-tools/shenbao/verify/seal"
)

func init() { subcommands = append(subcommands, newSealsCmd) }

// sealsFile is one file's entry in `shenbao seals --json`.
type sealsFile struct {
	File  string            `json:"file"`
	Pages []seal.PageResult `json:"pages,omitempty"`
	Error *sealsError       `json:"error,omitempty"`
}

type sealsError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func newSealsCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "seals FILE...",
		Short: "在扫描件（PDF 或图片）的每一页上查找红色印章",
		Long: `在扫描件的每一页上查找红色公章（圆形）和财务专用章（椭圆形）。
支持 PDF（取每页的扫描图像）和 JPEG、PNG、TIFF（含多页）、WebP、BMP、GIF 图片。
灰度或黑白扫描无法凭颜色区分印章与印刷内容，这类页面报告为"无法判断"。

退出码：0 已完成查找（无论是否发现印章）；2 文件不存在、不是支持的格式或过大。`,
		Args: inputArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			// Files are checked on every core, each page by page, so memory
			// is that of one page per core whatever the files hold.
			results := make([]sealsFile, len(args))
			next := make(chan int)
			var wg sync.WaitGroup
			for range min(runtime.GOMAXPROCS(0), len(args)) {
				wg.Go(func() {
					for i := range next {
						results[i] = sealsInFile(cmd, args[i])
					}
				})
			}
			for i := range args {
				next <- i
			}
			close(next)
			wg.Wait()
			bad := false
			for _, r := range results {
				if r.Error != nil {
					bad = true
					fmt.Fprintf(cmd.ErrOrStderr(), "shenbao seals: %s：%s\n", r.File, r.Error.Message)
				}
			}
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				if err := enc.Encode(results); err != nil {
					return err
				}
			} else {
				for _, r := range results {
					writeSealsText(out, r)
				}
			}
			if bad {
				return exitError{exitUsage}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "以 JSON 输出（每个文件一个对象）")
	return cmd
}

func sealsInFile(cmd *cobra.Command, name string) sealsFile {
	res := sealsFile{File: name}
	fail := func(code, msg string) sealsFile {
		res.Error = &sealsError{Code: code, Message: msg}
		return res
	}
	var src io.ReaderAt
	var size int64
	if name == "-" {
		// Read whole: the decoder needs random access.
		data, err := readInput(cmd, name, 512<<20)
		if err != nil {
			return fail(err.(*problem).Code, err.(*problem).about(name))
		}
		res.File, src, size = stdinName, bytes.NewReader(data), int64(len(data))
	} else {
		r, err := openInput(cmd, name)
		if err != nil {
			return fail(err.(*problem).Code, err.(*problem).about(name))
		}
		defer r.Close()
		f := r.(*os.File)
		st, err := f.Stat()
		if err != nil {
			p := readProblem(name, err)
			return fail(p.Code, p.about(name))
		}
		src, size = f, st.Size()
	}
	pages, err := seal.CheckFile(cmd.Context(), src, size, seal.FileOptions{})
	var se *seal.Error
	if err != nil && errors.As(err, &se) {
		return fail(se.Code, se.Msg)
	}
	if err != nil {
		p := readProblem(name, err)
		return fail(p.Code, p.about(name))
	}
	res.Pages = pages
	return res
}

var (
	shapeZH  = map[seal.Shape]string{seal.Round: "圆形", seal.Oval: "椭圆形"}
	reasonZH = map[string]string{
		seal.ReasonGrayscale:        "灰度扫描，无法判断印章",
		seal.ReasonBlackWhite:       "黑白扫描，无法判断印章",
		seal.ReasonNoImage:          "该页没有扫描图像，无法判断印章",
		seal.ReasonUnsupportedImage: "该页图像格式不受支持，无法判断印章",
		seal.ReasonTooLarge:         "该页图像过大，未处理",
		seal.ReasonCorruptImage:     "该页图像已损坏，无法判断印章",
	}
)

// writeSealsText writes one file's result; files that could not be read
// were reported on standard error already.
func writeSealsText(w io.Writer, r sealsFile) {
	if r.Error != nil {
		return
	}
	fmt.Fprintf(w, "%s\n", r.File)
	for _, p := range r.Pages {
		fmt.Fprintf(w, "  第 %d 页：", p.Page)
		switch {
		case !p.Judgeable:
			msg, ok := reasonZH[p.Reason]
			if !ok {
				msg = "无法判断印章（" + p.Reason + "）"
			}
			fmt.Fprintln(w, msg)
		case len(p.Seals) == 0:
			fmt.Fprintln(w, "未发现红色印章")
		default:
			parts := make([]string, len(p.Seals))
			for i, s := range p.Seals {
				parts[i] = fmt.Sprintf("%s，置信度 %.2f，位置 (%d, %d)，%d×%d 像素", shapeZH[s.Shape], s.Confidence, s.Box[0], s.Box[1], s.Box[2], s.Box[3])
			}
			fmt.Fprintf(w, "发现 %d 枚红色印章（%s）\n", len(p.Seals), strings.Join(parts, "；"))
		}
	}
}
