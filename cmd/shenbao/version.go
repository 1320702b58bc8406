package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bast-tools/shenbao/edition"
	"github.com/bast-tools/shenbao/fonts"
	"github.com/bast-tools/shenbao/templates"
)

func init() { subcommands = append(subcommands, newVersionCmd) }

// versionInfo is what staff quote when they report a problem: which build,
// which notice, which templates and which fonts made a document.
type versionInfo struct {
	Module    string            `json:"module"`
	Version   string            `json:"version"`
	Commit    string            `json:"commit,omitempty"`
	Modified  bool              `json:"modified,omitempty"`
	Go        string            `json:"go"`
	Platform  string            `json:"platform"`
	Editions  []string          `json:"editions"`
	Templates []string          `json:"templates"`
	Fonts     []versionFontInfo `json:"fonts"`
}

type versionFontInfo struct {
	Role       fonts.Role `json:"role"`
	Family     string     `json:"family"`
	Style      string     `json:"style"`
	PostScript string     `json:"postscript_name"`
	Glyphs     int        `json:"glyphs"`
}

func currentVersion() versionInfo {
	v := versionInfo{Module: "github.com/bast-tools/shenbao", Version: "(devel)",
		Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH, Editions: edition.Names()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Path != "" {
			v.Module = bi.Main.Path
		}
		if bi.Main.Version != "" {
			v.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				v.Commit = s.Value
			case "vcs.modified":
				v.Modified = s.Value == "true"
			}
		}
	}
	v.Templates, _ = templates.Known("")
	set := fonts.Embedded()
	for _, role := range fonts.Roles() {
		if chain := set.Chain(role); len(chain) > 0 {
			f := chain[0]
			v.Fonts = append(v.Fonts, versionFontInfo{Role: role, Family: f.Family(), Style: f.Style(),
				PostScript: f.PostScriptName(), Glyphs: f.NumGlyphs()})
		}
	}
	return v
}

func (v versionInfo) write(w io.Writer) {
	fmt.Fprintf(w, "shenbao %s\n", v.Version)
	commit := v.Commit
	switch {
	case commit == "":
		commit = "未记录（构建时没有版本库信息）"
	case v.Modified:
		commit += "（含未提交的修改）"
	}
	fmt.Fprintf(w, "  模块：%s\n  提交：%s\n  Go：%s %s\n", v.Module, commit, v.Go, v.Platform)
	fmt.Fprintf(w, "  届次：%s\n  模板：%s\n", strings.Join(v.Editions, "、"), strings.Join(v.Templates, "、"))
	for _, f := range v.Fonts {
		fmt.Fprintf(w, "  字体（%s）：%s %s（%s，%d 个字形）\n", f.Role, f.Family, f.Style, f.PostScript, f.Glyphs)
	}
}

func newVersionCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "显示版本：程序、届次、模板与字体（报告问题时请附上）",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			v := currentVersion()
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), v)
			}
			v.write(cmd.OutOrStdout())
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "以 JSON 输出")
	return cmd
}

// versionText is what `shenbao --version` prints; it is computed only then,
// so other commands do not pay for loading templates and fonts.
func versionText() string {
	var b strings.Builder
	currentVersion().write(&b)
	return b.String()
}
