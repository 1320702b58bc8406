package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bast-tools/shenbao/fonts"
	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/rules"
)

func init() {
	subcommands = append(subcommands, newSampleCmd, newSchemaCmd, newValidateCmd, newCheckCmd)
}

func newSampleCmd() *cobra.Command {
	var kind string
	var max bool
	cmd := &cobra.Command{
		Use:   "sample --kind individual|team|letter [--max]",
		Short: "输出内置示例申报数据（JSON）",
		Long: `输出内置的示例数据到标准输出：individual 个人申报书，team 团队申报书，letter 推荐函。
--max 输出“满额”示例：每个列表填满上限、每段文字写满字数上限，用于测试分页。`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			data, err := form.Sample(form.Kind(kind), max)
			if err != nil {
				return fmt.Errorf("--kind %q：应为 individual、team 或 letter", kind)
			}
			_, err = cmd.OutOrStdout().Write(data)
			return err
		},
	}
	cmd.Flags().StringVar(&kind, "kind", "individual", "文档类型：individual、team 或 letter")
	cmd.Flags().BoolVar(&max, "max", false, "输出满额示例")
	return cmd
}

func newSchemaCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "输出申报数据的 JSON Schema",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := cmd.OutOrStdout().Write(form.Schema())
			return err
		},
	}
}

// loaded is one input file after reading, decoding and validation.
type loaded struct {
	File     string         `json:"file"`
	Kind     form.Kind      `json:"kind,omitempty"`
	Error    *inputError    `json:"error,omitempty"`
	Findings []form.Finding `json:"findings"`

	doc form.Document
}

// inputError is a file that could not be used at all.
type inputError struct {
	Code     string         `json:"code"`
	Message  string         `json:"message"`
	Problems []form.Problem `json:"problems,omitempty"`
}

// load reads one file the one way in (form.Read: decode, normalise,
// validate). It never returns an error:
// what went wrong is recorded in the result, so one bad file does not stop
// a batch.
func load(path string, opt form.Options) loaded {
	res := loaded{File: path, Findings: []form.Finding{}}
	var f *os.File
	var err error
	if path == "-" {
		res.File, f = "标准输入", os.Stdin
	} else {
		f, err = os.Open(path)
	}
	if err == nil {
		defer f.Close()
		var st os.FileInfo
		if st, err = f.Stat(); err == nil && st.IsDir() {
			res.Error = &inputError{Code: codeFolderEmpty, Message: "是文件夹，但其中没有 .json 文件"}
			return res
		}
	}
	if err != nil {
		p := readProblem(path, err)
		res.Error = &inputError{Code: p.Code, Message: p.about(path)}
		return res
	}
	doc, findings, err := form.Read(f, opt)
	if err != nil {
		var de *form.DecodeError
		if errors.As(err, &de) {
			res.Error = &inputError{Code: de.Code(), Message: de.Error(), Problems: de.Problems}
		} else {
			res.Error = &inputError{Code: codeFileUnreadable, Message: err.Error()}
		}
		return res
	}
	res.doc, res.Kind = doc, doc.DocKind()
	if findings != nil {
		res.Findings = findings
	}
	return res
}

// expandDirs replaces each folder among args by the .json files directly
// in it, in name order, so staff can check a whole folder of submissions.
// A folder without any stays, and is reported as unusable.
func expandDirs(args []string) []string {
	var out []string
	for _, a := range args {
		if st, err := os.Stat(a); err == nil && st.IsDir() {
			if files, _ := filepath.Glob(filepath.Join(a, "*.json")); len(files) > 0 {
				sort.Strings(files)
				out = append(out, files...)
				continue
			}
		}
		out = append(out, a)
	}
	return out
}

var kindNames = map[form.Kind]string{
	form.KindIndividual: "个人申报书",
	form.KindTeam:       "团队申报书",
	form.KindLetter:     "推荐函",
}

func printLoaded(w io.Writer, r loaded) {
	if r.Error != nil {
		fmt.Fprintf(w, "✗ %s：无法使用\n", r.File)
		if len(r.Error.Problems) == 0 {
			fmt.Fprintf(w, "    %s\n", r.Error.Message)
		}
		for _, p := range r.Error.Problems {
			fmt.Fprintf(w, "    [%s] %s\n", p.Code, p)
		}
		return
	}
	if len(r.Findings) == 0 {
		fmt.Fprintf(w, "✓ %s（%s）：数据完整，校验通过\n", r.File, kindNames[r.Kind])
		return
	}
	fmt.Fprintf(w, "✗ %s（%s）：%d 处问题\n", r.File, kindNames[r.Kind], len(r.Findings))
	for _, f := range r.Findings {
		fmt.Fprintf(w, "    [%s] %s\n        位置 %s\n", f.Code, f.Message, f.Path)
	}
}

const exitCodesHelp = `
退出码 (exit codes)：
  0  全部通过 (clean)
  1  有问题或不符合条件 (findings)
  2  文件无法使用或用法错误 (unusable input or usage)`

// fontOptions are the validation options for --font-dir: glyphs are
// checked against the fonts the records will be printed with.
func fontOptions(cmd *cobra.Command, dir string) (form.Options, error) {
	if dir == "" {
		return form.Options{}, nil
	}
	set, err := fonts.Open(dir)
	if err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "--font-dir %s：[%s] 字体目录无法使用：%v\n", dir, fonts.CodeFontFile, err)
		return form.Options{}, exitError{exitUsage}
	}
	return form.Options{Fonts: set}, nil
}

func newValidateCmd() *cobra.Command {
	var asJSON bool
	var fontDir string
	cmd := &cobra.Command{
		Use:   "validate FILE|DIR…  (- 表示标准输入；文件夹表示其中所有 .json 文件)",
		Short: "校验申报数据：格式、必填项、证件号码、日期、金额等",
		Long: `校验一个或多个申报数据文件（JSON）：字段与类型、必填项、字数上限、身份证号与统一社会信用代码校验位、
手机与固定电话、电子邮箱、日期、教育与工作经历是否矛盾、经费各项之和、申报领域与推荐渠道等。` + exitCodesHelp,
		Args: inputArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			vopt, err := fontOptions(cmd, fontDir)
			if err != nil {
				return err
			}
			var results []loaded
			code := exitClean
			for _, path := range expandDirs(args) {
				r := load(path, vopt)
				results = append(results, r)
				code = max(code, loadedExit(r))
				if !asJSON {
					printLoaded(cmd.OutOrStdout(), r)
				}
			}
			if asJSON {
				if err := writeJSON(cmd.OutOrStdout(), results); err != nil {
					return err
				}
			}
			return exitWith(code)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "以 JSON 输出（供程序读取）")
	cmd.Flags().StringVar(&fontDir, "font-dir", "", "用户字体目录：检查字符时连同这些字体（与 render --font-dir 相同）")
	return cmd
}

func loadedExit(r loaded) int {
	switch {
	case r.Error != nil:
		return exitUsage
	case len(r.Findings) > 0:
		return exitFindings
	}
	return exitClean
}

func exitWith(code int) error {
	if code == exitClean {
		return nil
	}
	return exitError{code}
}

// checkReport is the JSON of shenbao check: the assessment of the files
// that could be read, and those that could not.
type checkReport struct {
	*rules.Assessment
	Unusable []loaded `json:"unusable,omitempty"`
}

func newCheckCmd() *cobra.Command {
	var asJSON, round, reveal bool
	var districtsFile, fontDir string
	cmd := &cobra.Command{
		Use:   "check FILE|DIR… [--round]",
		Short: "核查申报条件：先校验数据，再逐条判断是否符合本届申报条件和名额",
		Long: `先校验数据（同 validate），再按本届通知逐条判断申报条件：年龄、学历、工作年限、重大项目、团队人数、
青年成员、指导专家、经费上限、单位在京注册、截止时间、推荐名额等。每条结果为“通过”“不通过”或“待人工确认”
（如“主要成果业绩在北京”只能由评审人员确认）。
--round 把所有文件当作同一轮申报，另外检查：同一单位申报数量、同一人既个人申报又任团队负责人、
多渠道申报、重复申报、同一推荐单位多封推荐函的合计名额。
区科协名额来自推荐名额分配表（附件1），用 --districts 给出配置文件；未给出时相应检查为“待人工确认”。
身份证号在输出中默认打码，--reveal 显示全部。` + exitCodesHelp,
		Args: inputArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			vopt, err := fontOptions(cmd, fontDir)
			if err != nil {
				return err
			}
			opt := rules.Options{Reveal: reveal}
			if districtsFile != "" {
				f, err := os.Open(districtsFile)
				if err != nil {
					p := readProblem(districtsFile, err)
					return &problem{p.Code, "--districts " + p.Message}
				}
				opt.Districts, err = rules.ReadDistricts(f)
				f.Close()
				if err != nil {
					return &problem{codeBadFlag, fmt.Sprintf("--districts %s：%v", districtsFile, err)}
				}
			}
			var rep checkReport
			code := exitClean
			var entries []rules.Entry
			for _, path := range expandDirs(args) {
				if r := load(path, vopt); r.Error != nil {
					rep.Unusable = append(rep.Unusable, r)
					code = exitUsage
				} else {
					entries = append(entries, rules.Entry{Source: r.File, Doc: r.doc, Findings: r.Findings})
				}
			}
			rep.Assessment, err = rules.Assess(cmd.Context(), entries, rules.AssessOptions{Options: opt, Round: round})
			var de *rules.DistrictsError
			if errors.As(err, &de) {
				fmt.Fprintf(cmd.ErrOrStderr(), "--districts %s：[%s] %v\n", districtsFile, de.Code(), err)
				return exitError{exitUsage}
			}
			if err != nil {
				return err
			}
			if rep.Failed() {
				code = max(code, exitFindings)
			}
			if asJSON {
				if err := writeJSON(cmd.OutOrStdout(), rep); err != nil {
					return err
				}
			} else {
				printCheck(cmd.OutOrStdout(), rep, round)
			}
			return exitWith(code)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "以 JSON 输出（供程序读取）")
	cmd.Flags().BoolVar(&round, "round", false, "把所有文件作为同一轮申报，检查跨申报的限制")
	cmd.Flags().BoolVar(&reveal, "reveal", false, "在输出中显示完整身份证号（默认打码）")
	cmd.Flags().StringVar(&districtsFile, "districts", "", "区科协推荐名额配置文件（JSON）")
	cmd.Flags().StringVar(&fontDir, "font-dir", "", "用户字体目录：检查字符时连同这些字体（与 render --font-dir 相同）")
	return cmd
}

var statusMarks = map[rules.Status]string{rules.Pass: "✓ 通过", rules.Fail: "✗ 不通过", rules.Review: "? 待确认", rules.NotEvaluated: "– 未核查"}

func printCheck(w io.Writer, rep checkReport, round bool) {
	for _, u := range rep.Unusable {
		printLoaded(w, u)
	}
	for _, d := range rep.Documents {
		if len(d.Findings) > 0 {
			printLoaded(w, loaded{File: d.Source, Kind: d.Kind, Findings: d.Findings})
		}
		n := map[rules.Status]int{}
		for _, v := range d.Verdicts {
			n[v.Status]++
		}
		mark := "✓"
		if n[rules.Fail] > 0 || len(d.Findings) > 0 {
			mark = "✗"
		}
		fmt.Fprintf(w, "%s %s（%s）：通过 %d 项，不通过 %d 项，待人工确认 %d 项",
			mark, d.Source, kindNames[d.Kind], n[rules.Pass], n[rules.Fail], n[rules.Review])
		if n[rules.NotEvaluated] > 0 {
			fmt.Fprintf(w, "，因数据有误未核查 %d 项", n[rules.NotEvaluated])
		}
		fmt.Fprintln(w)
		for _, v := range d.Verdicts {
			if v.Status != rules.Pass {
				fmt.Fprintf(w, "    %s  %s\n        [%s] %s\n", statusMarks[v.Status], v.Message, v.Rule, v.Path)
			}
		}
	}
	if round {
		if len(rep.Round) == 0 {
			fmt.Fprintln(w, "✓ 本轮跨申报检查：未发现问题")
		} else {
			fmt.Fprintf(w, "本轮跨申报检查：%d 项\n", len(rep.Round))
		}
		for _, f := range rep.Round {
			fmt.Fprintf(w, "    %s  %s\n        [%s] %s\n", statusMarks[f.Status], f.Message, f.Rule, strings.Join(f.Sources, "，"))
		}
	}
}
