package main

import (
	"errors"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bast-tools/shenbao/fonts"
	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/pdfgen"
	"github.com/bast-tools/shenbao/templates"
)

func init() { subcommands = append(subcommands, newRenderCmd) }

type renderFlags struct {
	data, out, pageMap, pngDir string
	dpi                        float64
	templateDir, version       string
	fontDir                    string
	asJSON                     bool
}

func newRenderCmd() *cobra.Command {
	var f renderFlags
	cmd := &cobra.Command{
		Use:   "render --data FILE --out FILE [--map FILE] [--png DIR --dpi N]",
		Short: "由申报数据生成申报书或推荐函 PDF（含页面标识码和页面图）",
		Long: `读入申报数据（JSON），校验后按模板生成 PDF：个人申报书、团队申报书或推荐函（含推荐汇总表）。
每页带页面标识码（二维码）和四角定位标记；--map 写出页面图（每页每个区域的位置，毫米），
--png 把每一页画成 PNG（--dpi 指定分辨率），用于预览和核查。
数据未通过校验、内容超出模板栏位、字体缺字时拒绝生成，并列出字段路径。`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runRender(cmd, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.data, "data", "", "申报数据 JSON 文件（- 为标准输入）")
	fl.StringVar(&f.out, "out", "", "输出 PDF 文件")
	fl.StringVar(&f.pageMap, "map", "", "输出页面图 JSON 文件")
	fl.StringVar(&f.pngDir, "png", "", "把每页画成 PNG，写入此目录（page-01.png …）")
	fl.Float64Var(&f.dpi, "dpi", 150, "PNG 分辨率（dpi，36–600）")
	fl.StringVar(&f.templateDir, "template-dir", "", "覆盖或补充内置模板的目录")
	fl.StringVar(&f.version, "template-version", "", "模板版本（默认最新）")
	fl.StringVar(&f.fontDir, "font-dir", "", "用户字体目录（放在内置字体之前）")
	fl.BoolVar(&f.asJSON, "json", false, "以 JSON 输出结果")
	return cmd
}

// renderResult is the --json output.
type renderResult struct {
	OK       bool           `json:"ok"`
	Out      string         `json:"out,omitempty"`
	Pages    int            `json:"pages,omitempty"`
	DocID    string         `json:"doc_id,omitempty"`
	Template string         `json:"template,omitempty"`
	Error    *renderProblem `json:"error,omitempty"`
}

type renderProblem struct {
	Code     string         `json:"code"`
	Message  string         `json:"message"`
	Findings []form.Finding `json:"findings,omitempty"`
}

func runRender(cmd *cobra.Command, f renderFlags) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if f.data == "" || (f.out == "" && f.pageMap == "" && f.pngDir == "") {
		return &problem{codeUsage, "缺少选项：用法 shenbao render --data FILE --out FILE [--map FILE] [--png DIR]（--data - 为标准输入）"}
	}
	// Written so that NaN fails too; checked whether or not --png is
	// given, so that a wrong value is never silently ignored.
	if !(f.dpi >= 36 && f.dpi <= 600) {
		return &problem{codeBadFlag, fmt.Sprintf("--dpi %g：应在 36 到 600 之间", f.dpi)}
	}
	fail := func(code int, p renderProblem) error {
		if f.asJSON {
			writeJSON(stdout, renderResult{Error: &p})
		} else {
			fmt.Fprintln(stderr, p.Message)
			for _, x := range p.Findings {
				fmt.Fprintf(stderr, "  [%s] %s：%s\n", x.Code, x.Path, x.Message)
			}
		}
		return exitError{code}
	}
	asProblem := func(err error) renderProblem {
		var p *problem
		errors.As(err, &p)
		return renderProblem{Code: p.Code, Message: p.Message}
	}
	in, err := openInput(cmd, f.data)
	if err != nil {
		return fail(exitUsage, asProblem(err))
	}
	defer in.Close()
	name := displayName(f.data)
	// The one way in; pdfgen.Build validates the record again with the
	// fonts it draws with, and refuses it with every finding.
	doc, _, err := form.Read(in, form.Options{SkipGlyphs: true})
	if err != nil {
		code := "decode_failed"
		var de *form.DecodeError
		if errors.As(err, &de) {
			code = de.Code()
		}
		return fail(exitUsage, renderProblem{Code: code, Message: name + "：" + err.Error()})
	}
	opt := pdfgen.Options{Templates: templates.Options{Dir: f.templateDir, Version: f.version}}
	for _, d := range [][2]string{{"--template-dir", f.templateDir}, {"--font-dir", f.fontDir}} {
		if d[1] != "" {
			if err := checkDir(d[0], d[1]); err != nil {
				return fail(exitUsage, asProblem(err))
			}
		}
	}
	if f.fontDir != "" {
		set, err := fonts.Open(f.fontDir)
		if err != nil {
			return fail(exitUsage, renderProblem{Code: fonts.CodeFontFile, Message: "--font-dir " + f.fontDir + "：" + err.Error()})
		}
		opt.Fonts = set
	}
	l, err := pdfgen.Build(cmd.Context(), doc, opt)
	if err != nil {
		p := renderProblem{Code: "render_failed", Message: name + "：" + err.Error()}
		var coded interface{ Code() string }
		if errors.As(err, &coded) {
			p.Code = coded.Code()
		}
		var invalid *pdfgen.InvalidError
		if errors.As(err, &invalid) {
			// The findings follow, one a line; the message only counts them.
			p.Message = fmt.Sprintf("%s：数据未通过校验（%d 处问题），未生成 PDF；请改正后重新生成", name, len(invalid.Findings))
			p.Findings = invalid.Findings
		}
		var missing *pdfgen.MissingGlyphError
		if errors.As(err, &missing) && f.fontDir == "" {
			p.Message += "。可用 --font-dir 指定含这些字符的字体目录"
		}
		return fail(exitFindings, p)
	}
	write := func(path string, w func(io.Writer) error) error {
		if err := writeFileAtomic(path, w); err != nil {
			return fail(exitUsage, asProblem(writeProblem(path, err)))
		}
		return nil
	}
	if f.out != "" {
		if err := write(f.out, func(w io.Writer) error { return l.WritePDF(cmd.Context(), w) }); err != nil {
			return err
		}
	}
	if f.pageMap != "" {
		if err := write(f.pageMap, l.PageMap().WriteJSON); err != nil {
			return err
		}
	}
	if f.pngDir != "" {
		if err := os.MkdirAll(f.pngDir, 0o755); err != nil {
			return fail(exitUsage, asProblem(writeProblem(filepath.Join(f.pngDir, "page-01.png"), err)))
		}
		for i := range l.NumPages() {
			img, err := l.Raster(i+1, f.dpi)
			if err != nil {
				return fail(exitFindings, renderProblem{Code: "render_failed", Message: name + "：" + err.Error()})
			}
			if err := write(filepath.Join(f.pngDir, fmt.Sprintf("page-%02d.png", i+1)), func(w io.Writer) error { return png.Encode(w, img) }); err != nil {
				return err
			}
		}
	}
	if f.asJSON {
		return writeJSON(stdout, renderResult{OK: true, Out: f.out, Pages: l.NumPages(), DocID: l.DocID, Template: l.Template.ID()})
	}
	var wrote []string
	for _, p := range []string{f.out, f.pageMap, f.pngDir} {
		if p != "" {
			wrote = append(wrote, p)
		}
	}
	fmt.Fprintf(stdout, "已生成 %s：%d 页，模板 %s，文档标识 %s\n", strings.Join(wrote, "、"), l.NumPages(), l.Template.ID(), l.DocID)
	return nil
}
