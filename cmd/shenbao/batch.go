package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"github.com/bast-tools/shenbao/verify"
	"io"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/bast-tools/shenbao/batch"
	"github.com/bast-tools/shenbao/bundle"
	"github.com/bast-tools/shenbao/internal/progress"
	"github.com/bast-tools/shenbao/rules"
)

func init() {
	subcommands = append(subcommands, newBatchCmd)
}

// batchFlags are the flags batch and batch merge share.
type batchFlags struct {
	out, csvEncoding, districts string
	reveal                      bool
}

func (f *batchFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.out, "out", "", "报告文件夹（必填；不能位于申报材料文件夹之内）")
	fl.BoolVar(&f.reveal, "reveal", false, "在报告中显示完整的身份证号和手机号（默认打码）")
	fl.StringVar(&f.csvEncoding, "csv-encoding", "utf-8", "CSV 编码：utf-8（带 BOM）或 gbk（旧版 Excel）")
	fl.StringVar(&f.districts, "districts", "", "区科协推荐名额配置文件（JSON）")
	_ = cmd.MarkFlagRequired("out")
}

func (f *batchFlags) options(stderr io.Writer) (batch.Options, error) {
	opt := batch.Options{Reveal: f.reveal, CSVEncoding: f.csvEncoding, Version: toolVersion()}
	// Submissions already run in parallel, one per worker: each verifies
	// its scan pages one at a time, which bounds memory.
	opt.Verify, opt.VerifierVersion = batch.Verifier(verify.Options{Workers: 1}), "verify"
	if f.districts != "" {
		fh, err := os.Open(f.districts)
		if err != nil {
			fmt.Fprintf(stderr, "--districts %s：无法打开：%v\n", f.districts, err)
			return opt, exitError{exitUsage}
		}
		defer fh.Close()
		if opt.Districts, err = rules.ReadDistricts(fh); err != nil {
			fmt.Fprintf(stderr, "--districts %s：%v\n", f.districts, err)
			return opt, exitError{exitUsage}
		}
	}
	return opt, nil
}

func newBatchCmd() *cobra.Command {
	var f batchFlags
	var bundleOut, noProgress bool
	var jobs int
	var shard string
	cmd := &cobra.Command{
		Use:   "batch DIR|LIST.csv|LIST.xlsx --out REPORTDIR [--bundle] [--jobs N] [--shard K/N]",
		Short: "批量核查一批申报：数据、申报条件、扫描件、证明材料与本轮名额，输出网页、Excel 与 JSON 报告",
		Long: `批量核查一个文件夹中的全部申报（每个子文件夹一份申报），或申报系统导出的名单（CSV 或 XLSX，
列出申报编号与各文件路径；GBK/GB18030 编码的 CSV 也可以）。每份申报：校验数据、核查申报条件、
核对签字盖章扫描件、检查证明材料（--bundle 同时生成证明材料汇编 PDF）；然后做本轮跨申报检查
（单位名额、一人多角色、多渠道、重复申报）。

报告写入 --out 文件夹：index.html（浏览器打开，可排序、筛选，每份申报一页详情）、report.xlsx、
report.csv 与 findings.csv、report.json。身份证号与手机号默认打码，--reveal 显示全部。
申报材料文件夹只读不写。

每份申报的结果按输入文件内容与程序版本缓存在报告文件夹中：重新运行只核查有改动的申报；
按 Ctrl-C 中断后，已完成的结果保留，再次运行从中断处继续。
--shard K/N 只核查 N 个分片中的第 K 个，写出 part.json；用 shenbao batch merge 合并各分片。

注意：扫描件自动核查（shenbao verify）尚未接入批量核查，每份申报的扫描件记为“需人工复核”。

退出码 (exit codes)：
  0  全部通过 (all pass)
  1  有需复核或不通过的申报 (findings)
  2  输入无法使用、用法错误或被中断 (unusable input, usage, interrupted)`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			stderr := cmd.ErrOrStderr()
			opt, err := f.options(stderr)
			if err != nil {
				return err
			}
			opt.Jobs, opt.Bundle, opt.EvidenceSeals = jobs, bundleOut, bundle.RedSeals
			if shard != "" {
				if opt.Shard, err = batch.ParseShard(shard); err != nil {
					fmt.Fprintln(stderr, err)
					return exitError{exitUsage}
				}
			}
			opt.Progress = progressReporter(stderr, noProgress)
			oc, err := batch.Run(cmd.Context(), args[0], f.out, opt)
			if err != nil {
				fmt.Fprintf(stderr, "批量核查失败：%v\n", err)
				return exitError{exitUsage}
			}
			s := oc.Stats
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "共 %d 份申报：新核查 %d 份，沿用上次结果 %d 份，无法核查 %d 份\n", s.Total, s.Processed, s.Cached, s.Broken)
			if !oc.Complete {
				fmt.Fprintf(stderr, "已中断：完成 %d / %d 份，结果已保存；重新运行同一命令即从中断处继续\n", s.Processed+s.Cached, s.Total)
			}
			if oc.Report == nil {
				fmt.Fprintf(w, "分片 %s 的结果已写入 %s；全部分片完成后运行 shenbao batch merge 合并\n", shard, f.out)
				if !oc.Complete {
					return exitError{exitUsage}
				}
				return nil
			}
			return reportBatch(w, oc.Report, f.out, oc.Complete)
		},
	}
	f.register(cmd)
	fl := cmd.Flags()
	fl.BoolVar(&bundleOut, "bundle", false, "同时为每份申报生成证明材料汇编 PDF（报告文件夹下 dossiers/）")
	fl.IntVar(&jobs, "jobs", 0, "同时核查的申报数（默认等于 CPU 核数）")
	fl.StringVar(&shard, "shard", "", "只核查第 K 个分片（共 N 个），如 2/8；用于集群并行")
	fl.BoolVar(&noProgress, "no-progress", false, "不显示进度")
	cmd.AddCommand(newBatchMergeCmd())
	return cmd
}

func newBatchMergeCmd() *cobra.Command {
	var f batchFlags
	cmd := &cobra.Command{
		Use:   "merge PART… --out REPORTDIR",
		Short: "合并 batch --shard 各分片的结果，做本轮跨申报检查，写出完整报告",
		Long: `合并 shenbao batch --shard K/N 写出的各分片结果（分片的报告文件夹或其中的 part.json），
做本轮跨申报检查，写出与一次完整运行相同的报告。所有 N 个分片都必须在。` + exitCodesHelp,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opt, err := f.options(cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			rep, err := batch.Merge(args, f.out, opt)
			if err != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "合并失败：%v\n", err)
				return exitError{exitUsage}
			}
			return reportBatch(cmd.OutOrStdout(), rep, f.out, rep.Complete)
		},
	}
	f.register(cmd)
	return cmd
}

func reportBatch(w io.Writer, rep *batch.Report, out string, complete bool) error {
	fmt.Fprintf(w, "通过 %d 份，需人工复核 %d 份，不通过 %d 份；本轮跨申报问题 %d 项\n",
		rep.Count[batch.Pass], rep.Count[batch.NeedsLook], rep.Count[batch.Fail], len(rep.Round))
	fmt.Fprintf(w, "报告：%s/%s（浏览器打开）、%s、%s、%s\n", out, batch.ReportHTML, batch.ReportXLSX, batch.ReportCSV, batch.ReportJSON)
	switch {
	case !complete:
		return exitError{exitUsage}
	case rep.Count[batch.Pass] != rep.Count["total"]:
		return exitError{exitFindings}
	}
	return nil
}

// progressReporter draws a bar with counts and time left on a terminal,
// and prints a plain line per submission otherwise (CI logs, nohup).
func progressReporter(stderr io.Writer, off bool) func(batch.Progress) {
	if off {
		return nil
	}
	start := time.Now()
	eta := func(p batch.Progress) string {
		if p.Done == 0 || p.Done == p.Total {
			return ""
		}
		left := time.Since(start) / time.Duration(p.Done) * time.Duration(p.Total-p.Done)
		return "剩余约 " + left.Round(time.Second).String()
	}
	if f, ok := stderr.(*os.File); ok && isTerminal(f) {
		var bar *progress.Bar
		return func(p batch.Progress) {
			if bar == nil {
				bar = progress.New(f, p.Total, "核查申报")
			}
			bar.Set(p.Done, eta(p)+" "+p.ID)
			if p.Done == p.Total {
				bar.Clear()
			}
		}
	}
	return func(p batch.Progress) {
		from := ""
		if p.Cached {
			from = "（沿用上次结果）"
		}
		fmt.Fprintf(stderr, "[%d/%d] %s：%s%s %s\n", p.Done, p.Total, p.ID, p.Verdict, from, eta(p))
	}
}

// toolVersion names this build for the batch cache: the module version of
// a release, else a hash of the executable, so any rebuild with changed
// code redoes cached results instead of trusting them.
var toolVersion = sync.OnceValue(func() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	exe, err := os.Executable()
	if err != nil {
		return "dev"
	}
	f, err := os.Open(exe)
	if err != nil {
		return "dev"
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "dev"
	}
	return "build-" + hex.EncodeToString(h.Sum(nil)[:8])
})
