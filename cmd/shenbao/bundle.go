package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/bast-tools/shenbao/bundle"
	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/internal/progress"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func init() { subcommands = append(subcommands, newBundleCmd) }

func newBundleCmd() *cobra.Command {
	var (
		manifest, dir, data, out, maxSize string
		asJSON, noProgress                bool
		opt                               bundle.Options
	)
	cmd := &cobra.Command{
		Use:   "bundle (--manifest FILE | --dir DIR) --out FILE",
		Short: "把证明材料整理成一个带封面、目录、书签、页码和校验清单的 PDF",
		Long: `bundle 把一位申报人的全部证明材料（PDF 与各种图片）整理成一个归档 PDF：
封面、目录，再按类别排列各文件；图片转正、缩放到 A4；每页有页码；身份证复印件加水印；
内嵌 manifest.json 记录每个源文件的 SHA-256，并在输出旁另存一份。

输入二选一：--manifest 清单 JSON（{"files":[{"path":…,"category":…,"title":…}]}），
或 --dir 文件夹（子文件夹以类别命名，其余文件归入“其他”）。
上限参数也可用环境变量设置，如 --max-pages 即 SHENBAO_MAX_PAGES。

` + folderNames + `

退出码：0 无问题；1 有发现（文件无法收录、缺少必备材料、印章、重复、超出大小）；2 输入不可用。`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := flagsFromEnv(cmd.Flags()); err != nil {
				fmt.Fprintln(cmd.ErrOrStderr(), err)
				return exitError{exitUsage}
			}
			if (manifest == "") == (dir == "") || out == "" {
				return &problem{codeUsage, "用法：shenbao bundle --manifest FILE | --dir DIR --out FILE（清单与文件夹二选一）"}
			}
			if maxSize != "" {
				n, err := parseSize(maxSize)
				if err != nil {
					return &problem{codeBadFlag, fmt.Sprintf("--max-size %q 无法识别（例：20MB）", maxSize)}
				}
				opt.MaxSize = n
			}
			var dataFindings []form.Finding
			if data != "" {
				var err error
				if dataFindings, err = readBundleData(cmd, data, &opt); err != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "申报数据 %s：%v\n", displayName(data), err)
					return exitError{exitUsage}
				}
			}
			err := runBundle(cmd, manifest, dir, out, asJSON, noProgress, opt)
			if len(dataFindings) == 0 {
				return err
			}
			// The dossier is made; its cover and links come from data that
			// has problems, which are findings.
			fmt.Fprintf(cmd.ErrOrStderr(), "申报数据 %s 有 %d 处问题（封面和材料关联可能不完整）：\n", displayName(data), len(dataFindings))
			for _, f := range dataFindings {
				fmt.Fprintf(cmd.ErrOrStderr(), "  [%s] %s：%s\n", f.Code, f.Path, f.Message)
			}
			var ee exitError
			if err == nil || errors.As(err, &ee) && ee.code < exitFindings {
				return exitError{exitFindings}
			}
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&manifest, "manifest", "", "清单 JSON 文件；其中的路径相对于清单所在文件夹")
	f.StringVar(&dir, "dir", "", "材料文件夹，子文件夹以类别命名")
	f.StringVar(&data, "data", "", "申报书数据 JSON（个人或团队）：提供封面信息，并把表格中“证明材料”一栏关联到文件")
	f.StringVar(&out, "out", "", "输出 PDF 路径（清单另存为同名 .manifest.json）")
	f.BoolVar(&asJSON, "json", false, "在标准输出打印 JSON 报告")
	f.BoolVar(&noProgress, "no-progress", false, "不显示进度条")
	f.IntVar(&opt.DPI, "dpi", 200, "图片缩放到的分辨率")
	f.IntVar(&opt.Quality, "quality", 85, "图片 JPEG 质量 (1–100)")
	f.BoolVar(&opt.FitA4, "fit-a4", false, "把非 A4 的 PDF 页面缩放到 A4")
	f.StringVar(&maxSize, "max-size", "", "汇编大小上限，如 20MB；超出时降低图片分辨率与质量")
	f.StringVar(&opt.Watermark, "watermark", "", "身份证复印件上的水印文字（默认：仅供<届次>卓越工程师选拔培育项目申报使用）")
	f.BoolVar(&opt.NoWatermark, "no-watermark", false, "不加水印")
	f.BoolVar(&opt.Strict, "strict", false, "任一文件无法收录即不生成汇编")
	f.IntVar(&opt.Limits.MaxFiles, "max-files", 500, "材料文件数上限，超出即不生成汇编")
	f.IntVar(&opt.Limits.MaxPages, "max-pages", 1000, "每个 PDF 或 TIFF 文件的页数上限")
	f.Int64Var(&opt.Limits.MaxPixels, "max-pixels", 100_000_000, "每张图片的像素上限（解码前检查）")
	return cmd
}

func runBundle(cmd *cobra.Command, manifest, dir, out string, asJSON, noProgress bool, opt bundle.Options) error {
	stderr := cmd.ErrOrStderr()
	rootDir := dir
	if manifest != "" {
		rootDir = filepath.Dir(manifest)
	}
	root, err := os.OpenRoot(rootDir)
	if err != nil {
		fmt.Fprintf(stderr, "无法打开文件夹 %s：%v\n", rootDir, err)
		return exitError{exitUsage}
	}
	defer root.Close()
	var m bundle.Manifest
	if manifest != "" {
		fh, err := openInput(cmd, manifest) // "-": standard input, paths relative to the current folder
		if err != nil {
			fmt.Fprintf(stderr, "无法打开清单：%v\n", err)
			return exitError{exitUsage}
		}
		m, err = bundle.DecodeManifest(fh)
		fh.Close()
		if err != nil {
			fmt.Fprintf(stderr, "清单 %s 有误：%v\n", manifest, err)
			return exitError{exitUsage}
		}
	} else if m, err = bundle.ScanDir(root.FS()); err != nil {
		fmt.Fprintf(stderr, "无法读取文件夹 %s：%v\n", dir, err)
		return exitError{exitUsage}
	}
	warnUnplaced(stderr, m.Unplaced)
	var bar *progress.Bar
	if f, ok := stderr.(*os.File); ok && !noProgress && !asJSON && term.IsTerminal(int(f.Fd())) {
		bar = progress.New(f, len(m.Files), "整理材料")
		opt.Progress = func(done, _ int, file string) { bar.Set(done, file) }
	}
	opt.Seals = bundle.RedSeals

	var rep *bundle.Report
	buildErr := writeFileAtomic(out, func(w io.Writer) error {
		var err error
		rep, err = bundle.Build(cmd.Context(), root.FS(), m, w, opt)
		return err
	})
	if bar != nil {
		bar.Clear()
	}
	if rep != nil && rep.Manifest() != nil && buildErr == nil {
		side := strings.TrimSuffix(out, filepath.Ext(out)) + ".manifest.json"
		if err := writeFileAtomic(side, func(w io.Writer) error {
			_, err := w.Write(rep.Manifest())
			return err
		}); err != nil {
			fmt.Fprintf(stderr, "写出 %s 失败：%v\n", side, err)
			return exitError{exitUsage}
		}
	}
	if rep != nil {
		if asJSON {
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			if err := enc.Encode(rep); err != nil {
				return err
			}
		} else if err := rep.WriteText(cmd.OutOrStdout()); err != nil {
			return err
		}
	}
	if buildErr != nil {
		var be *bundle.Error
		if errors.As(buildErr, &be) {
			fmt.Fprintf(stderr, "未生成汇编：%s（%s）\n", be.Msg, be.Code)
			if be.Err != nil {
				fmt.Fprintf(stderr, "  原因：%v\n", be.Err)
			}
			if be.Code == bundle.CodeStrict {
				return exitError{exitFindings} // the files' findings are above
			}
		} else {
			fmt.Fprintf(stderr, "未生成汇编：%v\n", buildErr)
		}
		return exitError{exitUsage}
	}
	if rep.Findings() {
		return exitError{exitFindings}
	}
	return nil
}

// parseSize reads sizes like 20MB, 500KB, 1.5GB or a plain byte count.
func parseSize(s string) (int64, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return int64(f * float64(mult)), nil
}

// readBundleData reads an application the one way in and takes the
// dossier's cover, evidence links and watermark from it. The record's
// findings are returned for the caller to report; the dossier is made
// anyway.
func readBundleData(cmd *cobra.Command, path string, opt *bundle.Options) ([]form.Finding, error) {
	r, err := openInput(cmd, path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	doc, findings, err := form.Read(r, form.Options{})
	if err != nil {
		return nil, err
	}
	return findings, opt.FromRecord(doc)
}
