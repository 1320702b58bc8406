// Command shenbao renders, verifies, bundles and checks applications for the
// Beijing excellent-engineer selection (卓越工程师选拔培育项目).
//
// Exit codes: 0 clean, 1 findings, 2 unusable input or usage.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// Exit codes shared by every subcommand.
const (
	exitClean    = 0
	exitFindings = 1
	exitUsage    = 2
)

// exitError carries a non-zero exit code out of a command without printing
// anything more: the command has already reported what went wrong.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// subcommands is filled by the init functions of the files in this package,
// so each capability keeps its command beside nothing else's.
var subcommands []func() *cobra.Command

func init() { cobra.AddTemplateFunc("shenbaoVersion", versionText) }

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "shenbao",
		Short: "申报: 卓越工程师选拔培育项目申报材料的生成、校验、核查与归档",
		Long: `shenbao 生成申报书与推荐函 PDF，校验申报数据与申报条件，核查签字盖章扫描件，
并把证明材料整理成带书签的归档 PDF。

退出码 (exit codes): 0 无问题 (clean)；1 有发现 (findings)；2 输入不可用或用法错误 (unusable input or usage)。`,
		SilenceUsage:  true,
		SilenceErrors: true,
		// The text is made only when --version is given (see versionText).
		Version: "-",
	}
	root.SetVersionTemplate("{{shenbaoVersion}}")
	for _, mk := range subcommands {
		root.AddCommand(mk())
	}
	chineseUsage(root)
	return root
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	// Ctrl-C cancels slow work (rendering, bundling) instead of leaving a
	// half-written temp file; outputs are renamed into place only when done.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitClean
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	p := usageProblem(cmd, err)
	if wantsJSON(cmd, args) {
		writeJSON(stdout, failure{Error: p})
	} else {
		fmt.Fprintln(stderr, p.Message)
	}
	return exitUsage
}

// failure is the --json answer of a command that could not run.
type failure struct {
	OK    bool     `json:"ok"`
	Error *problem `json:"error"`
}

// wantsJSON reports whether --json was given, also when flag parsing
// failed before reaching it.
func wantsJSON(cmd *cobra.Command, args []string) bool {
	if cmd != nil {
		if f := cmd.Flags().Lookup("json"); f != nil && f.Changed {
			return f.Value.String() == "true"
		}
	}
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "--json" || a == "--json=true" {
			return true
		}
	}
	return false
}
