package main

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
)

// Codes of command-line usage errors.
const (
	codeUnknownCommand = "unknown_command"
	codeUnknownFlag    = "unknown_flag"
	codeBadFlag        = "bad_flag_value"
	codeBadArguments   = "bad_arguments"
	codeUsage          = "usage"
)

// cobraErrors turns the English errors of cobra and pflag into Chinese
// problems; each says what to run for help.
var cobraErrors = []struct {
	re   *regexp.Regexp
	code string
	msg  func(m []string) string
}{
	{regexp.MustCompile(`^unknown command "([^"]*)" for "([^"]*)"`), codeUnknownCommand,
		func(m []string) string { return fmt.Sprintf("“%s”不是 %s 的命令或参数", m[1], m[2]) }},
	{regexp.MustCompile(`^unknown flag: (\S+)`), codeUnknownFlag,
		func(m []string) string { return fmt.Sprintf("没有选项 %s", m[1]) }},
	{regexp.MustCompile(`^unknown shorthand flag: '(.)' in (\S+)`), codeUnknownFlag,
		func(m []string) string { return fmt.Sprintf("没有选项 -%s", m[1]) }},
	{regexp.MustCompile(`^flag needs an argument: '?(.*?)'?( in (\S+))?$`), codeBadFlag,
		func(m []string) string { return fmt.Sprintf("选项 %s 后面需要一个值", m[1]) }},
	{regexp.MustCompile(`^invalid argument "([^"]*)" for "([^"]*)" flag: (.*)`), codeBadFlag,
		func(m []string) string { return fmt.Sprintf("选项 %s 的值“%s”无效", m[2], m[1]) }},
	{regexp.MustCompile(`^bad flag syntax: (.*)`), codeBadFlag,
		func(m []string) string { return fmt.Sprintf("选项写法有误：%s", m[1]) }},
	{regexp.MustCompile(`^required flag\(s\) (.*) not set`), codeBadFlag,
		func(m []string) string {
			return fmt.Sprintf("缺少必需的选项 %s", strings.ReplaceAll(m[1], `"`, ""))
		}},
	{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)`), codeBadArguments,
		func(m []string) string {
			return fmt.Sprintf("缺少参数：至少需要 %s 个，实际 %s 个", m[1], m[2])
		}},
	{regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)`), codeBadArguments,
		func(m []string) string {
			return fmt.Sprintf("参数太多：最多 %s 个，实际 %s 个", m[1], m[2])
		}},
	{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)`), codeBadArguments,
		func(m []string) string {
			return fmt.Sprintf("参数个数不对：需要 %s 个，实际 %s 个", m[1], m[2])
		}},
	{regexp.MustCompile(`^accepts between (\d+) and (\d+) arg\(s\), received (\d+)`), codeBadArguments,
		func(m []string) string {
			return fmt.Sprintf("参数个数不对：需要 %s 到 %s 个，实际 %s 个", m[1], m[2], m[3])
		}},
}

// usageProblem is err, an error that stopped cmd before it could run (or
// a plain error a command returned), as a problem a person can act on.
func usageProblem(cmd *cobra.Command, err error) *problem {
	var p *problem
	if errors.As(err, &p) {
		return p
	}
	path := "shenbao"
	if cmd != nil {
		path = cmd.CommandPath()
	}
	help := fmt.Sprintf("；运行 %s --help 查看用法", path)
	first := strings.SplitN(err.Error(), "\n", 2)[0]
	for _, c := range cobraErrors {
		if m := c.re.FindStringSubmatch(first); m != nil {
			return &problem{c.code, c.msg(m) + help}
		}
	}
	return &problem{codeUsage, err.Error() + help}
}

func init() {
	cobra.AddTemplateFunc("zhDefaults", func(s string) string {
		return defaultValue.ReplaceAllString(s, "（默认 $1）")
	})
}

// defaultValue is how pflag shows a flag's default value.
var defaultValue = regexp.MustCompile(` \(default (.*)\)`)

// usageTemplate is cobra's usage template in Chinese.
const usageTemplate = `用法：{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} 命令 [选项]{{end}}{{if .HasExample}}

示例：
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

命令：{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

选项：
{{.LocalFlags.FlagUsages | zhDefaults | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

通用选项：
{{.InheritedFlags.FlagUsages | zhDefaults | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

运行 "{{.CommandPath}} 命令 --help" 查看该命令的说明。{{end}}
`

// chineseUsage gives root and every command below it Chinese help: the
// usage template, the help and --json flags, and a help command.
func chineseUsage(root *cobra.Command) {
	root.SetUsageTemplate(usageTemplate)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.DisableFlagsInUseLine = true // the Use lines list the flags
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	root.CompletionOptions.DisableDefaultCmd = true
	pf := root.PersistentFlags()
	pf.BoolP("help", "h", false, "显示帮助")
	// Commands with results of their own define --json locally; for the
	// others it makes usage errors JSON on standard output.
	pf.Bool("json", false, "以 JSON 输出（出错时也是 JSON，输出到标准输出）")
	root.Flags().Bool("version", false, "显示版本（同 shenbao version）")
	root.SetHelpCommand(&cobra.Command{
		Use:   "help [命令]",
		Short: "显示某个命令的说明",
		RunE: func(c *cobra.Command, args []string) error {
			cmd, _, err := c.Root().Find(args)
			if err != nil {
				return err
			}
			return cmd.Help()
		},
	})
}
