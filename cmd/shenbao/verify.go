package main

import (
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/pdfgen"
	"github.com/bast-tools/shenbao/verify"
)

func init() { subcommands = append(subcommands, newVerifyCmd) }

type verifyFlags struct {
	data     string
	scans    []string
	annotate string
	asJSON   bool
}

func newVerifyCmd() *cobra.Command {
	var f verifyFlags
	cmd := &cobra.Command{
		Use:   "verify --data RECORD.json --scan FILE [FILE…] [--json] [--annotate DIR]",
		Short: "核查签字盖章后的扫描件与电子数据是否一致、是否齐全、签字盖章是否到位",
		Long: `把签字盖章后的扫描件（PDF，或 JPEG、PNG、TIFF 等图片，可多个文件，按给出的顺序）
与生成它的电子数据（JSON）逐页核对：
  页面：读页面标识码、找四角定位标记，自动纠正倒置、横置和倾斜；
  完整：缺页、重复、顺序错误、混入其他材料的页面、扫描仪加入的空白页；
  一致：纸面是否由当前电子数据打印（数据摘要），各字段是否有手写改动或粘贴；
  签字：每个签字框内是否有签字；盖章：每个盖章处是否有红色公章（灰度扫描无法判断）；
  质量：分辨率、模糊、缺角、过暗过淡。
--annotate 为每页画出标注图（绿色已找到、红色缺失、橙色有改动）。

退出码：0 通过；1 需人工复核或不通过；2 输入不可用（文件不存在、格式不支持、已加密、已损坏、数据未通过校验）。`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runVerify(cmd, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.data, "data", "", "电子数据 JSON 文件（- 为标准输入）")
	fl.StringSliceVar(&f.scans, "scan", nil, "扫描件文件（PDF 或图片），可重复给出或用逗号分隔，按页序排列")
	fl.StringVar(&f.annotate, "annotate", "", "把每页的标注图写入此目录（scan-001.png …）")
	fl.BoolVar(&f.asJSON, "json", false, "以 JSON 输出核查报告")
	return cmd
}

// verifyProblem is the --json output when the input cannot be used.
type verifyProblem struct {
	Error struct {
		Code    string         `json:"code"`
		Message string         `json:"message"`
		File    string         `json:"file,omitempty"`
		Details []form.Finding `json:"details,omitempty"`
	} `json:"error"`
}

func runVerify(cmd *cobra.Command, f verifyFlags) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if f.data == "" || len(f.scans) == 0 {
		fmt.Fprintln(stderr, "用法：shenbao verify --data RECORD.json --scan FILE [FILE…] [--json] [--annotate DIR]")
		return exitError{exitUsage}
	}
	fail := func(code, file, msg string, details []form.Finding) error {
		if f.asJSON {
			var p verifyProblem
			p.Error.Code, p.Error.Message, p.Error.File, p.Error.Details = code, msg, file, details
			writeJSON(stdout, p)
		} else {
			where := f.data
			if file != "" {
				where = file
			}
			fmt.Fprintf(stderr, "%s：%s\n", where, msg)
			for _, x := range details {
				fmt.Fprintf(stderr, "  %s：%s\n", x.Path, x.Message)
			}
		}
		return exitError{exitUsage}
	}
	var in io.Reader = cmd.InOrStdin()
	if f.data != "-" {
		file, err := os.Open(f.data)
		if err != nil {
			return fail("file_unreadable", f.data, "无法打开电子数据文件："+err.Error(), nil)
		}
		defer file.Close()
		in = file
	}
	doc, findings, err := form.Read(in, form.Options{})
	if err != nil {
		return fail("decode_failed", f.data, "电子数据无法解析："+err.Error(), nil)
	}
	if len(findings) > 0 {
		return fail(verify.CodeInvalidRecord, f.data, fmt.Sprintf("电子数据未通过校验（%d 处问题），无法核查；请先用 shenbao validate 查看并修正", len(findings)), findings)
	}

	var srcs []verify.Source
	for _, name := range f.scans {
		file, err := os.Open(name)
		if err != nil {
			msg := "无法打开扫描件：" + err.Error()
			if errors.Is(err, os.ErrNotExist) {
				msg = "扫描件不存在，请检查路径"
			}
			return fail("file_unreadable", name, msg, nil)
		}
		defer file.Close()
		st, err := file.Stat()
		if err != nil || st.IsDir() {
			return fail("file_unreadable", name, "这不是一个文件，请给出扫描件文件", nil)
		}
		srcs = append(srcs, verify.Source{Name: filepath.Base(name), R: file, Size: st.Size()})
	}
	opt := verify.Options{}
	if f.annotate != "" {
		if err := os.MkdirAll(f.annotate, 0o755); err != nil {
			return fail("write_failed", f.annotate, "无法创建标注图目录："+err.Error(), nil)
		}
		opt.Annotate = func(n int, img image.Image) error {
			name := filepath.Join(f.annotate, fmt.Sprintf("scan-%03d.png", n))
			return writeFileAtomic(name, func(w io.Writer) error { return png.Encode(w, img) })
		}
	}
	rep, err := verify.Scan(cmd.Context(), doc, srcs, opt)
	if err != nil {
		var ve *verify.Error
		if errors.As(err, &ve) {
			var details []form.Finding
			var inv *pdfgen.InvalidError
			if errors.As(err, &inv) {
				details = inv.Findings
			}
			return fail(ve.Code, ve.File, ve.Msg, details)
		}
		return fail("verify_failed", "", err.Error(), nil)
	}
	if f.asJSON {
		if err := writeJSON(stdout, rep); err != nil {
			return err
		}
	} else {
		writeVerifyText(stdout, rep)
	}
	if rep.Verdict != verify.Pass {
		return exitError{exitFindings}
	}
	return nil
}

var severityZH = map[string]string{verify.SeverityError: "错误", verify.SeverityReview: "复核", verify.SeverityInfo: "提示"}

func writeVerifyText(w io.Writer, r *verify.Report) {
	fmt.Fprintf(w, "核查结论：%s（材料共 %d 页，扫描 %d 页）\n", r.Verdict, r.FormPages, len(r.Pages))
	for _, p := range r.Pages {
		what := "未识别"
		switch {
		case p.Blank:
			what = "空白页"
		case p.FormPage > 0:
			what = fmt.Sprintf("材料第 %d 页", p.FormPage)
		case p.DPI == 0:
			fmt.Fprintf(w, "  扫描第 %d 页（%s 第 %d 页）：无法读取\n", p.ScanPage, p.File, p.FilePage)
			continue
		}
		col := "彩色"
		if !p.Color {
			col = "灰度"
		}
		fmt.Fprintf(w, "  扫描第 %d 页（%s 第 %d 页）：%s，旋转 %d°，倾斜 %.1f°，约 %.0f dpi，%s\n", p.ScanPage, p.File, p.FilePage, what, p.Rotation, p.Skew, p.DPI, col)
	}
	if len(r.Findings) == 0 {
		fmt.Fprintln(w, "未发现问题。")
		return
	}
	fmt.Fprintln(w, "发现：")
	for _, f := range r.Findings {
		fmt.Fprintf(w, "  [%s] %s（%s）\n", severityZH[f.Severity], f.Message, f.Code)
	}
}
