package main

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/spf13/cobra"
)

// english finds three English words in a row: a sentence from cobra,
// pflag or the Go standard library that reached the user untranslated.
var english = regexp.MustCompile(`(?:^|[^-\w])[A-Za-z]{2,}[ :]+[A-Za-z]{2,}[ :]+[A-Za-z]{2,}`)

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// TestEveryCommandSpeaksChinese walks every command with --help, an
// unknown flag (as text and as --json), a missing or extra argument: what
// a newcomer types wrong first. Every message is Chinese, and usage errors
// exit 2 with a stable code.
func TestEveryCommandSpeaksChinese(t *testing.T) {
	var cmds []*cobra.Command
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		cmds = append(cmds, c)
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(newRootCmd())
	for _, c := range cmds {
		path := strings.Fields(c.CommandPath())[1:]
		name := strings.Join(append([]string{"shenbao"}, path...), " ")
		exec := func(args ...string) (int, string, string) {
			var out, errb bytes.Buffer
			code := run(append(append([]string{}, path...), args...), &out, &errb)
			return code, out.String(), errb.String()
		}
		t.Run(name+" --help", func(t *testing.T) {
			code, out, _ := exec("--help")
			if code != 0 || !strings.Contains(out, "用法：") {
				t.Fatalf("exit %d, output:\n%s", code, out)
			}
			for _, en := range []string{"Usage:", "Flags:", "help for", "(default ", "Available Commands"} {
				if strings.Contains(out, en) {
					t.Errorf("help shows %q:\n%s", en, out)
				}
			}
		})
		t.Run(name+" unknown flag", func(t *testing.T) {
			code, out, errs := exec("--no-such-flag")
			// The command's own name (shenbao batch merge) is not English prose.
			if code != exitUsage || !hasHan(errs) || english.MatchString(strings.ReplaceAll(errs, name, "")) || out != "" {
				t.Errorf("exit %d, stdout %q, stderr %q: want exit 2 and a Chinese message on stderr", code, out, errs)
			}
		})
		t.Run(name+" unknown flag --json", func(t *testing.T) {
			code, out, _ := exec("--no-such-flag", "--json")
			var v struct {
				OK    *bool `json:"ok"`
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal([]byte(out), &v); err != nil || code != exitUsage {
				t.Fatalf("exit %d, stdout not JSON (%v):\n%s", code, err, out)
			}
			if v.OK == nil || *v.OK || v.Error.Code != codeUnknownFlag || !hasHan(v.Error.Message) || english.MatchString(strings.ReplaceAll(v.Error.Message, name, "")) {
				t.Errorf("JSON %s", out)
			}
		})
		if name == "shenbao serve" || name == "shenbao" {
			continue // without arguments the one serves, the other prints help
		}
		for _, args := range [][]string{nil, {"no-such-file.json"}} {
			t.Run(name+" "+strings.Join(args, " "), func(t *testing.T) {
				code, out, errs := exec(args...)
				if code == 0 {
					return // the command needs no argument
				}
				// What the user typed may be English; the rest may not.
				said := strings.NewReplacer(name, "", "no-such-file.json", "").Replace(out + errs)
				if code != exitUsage || !hasHan(said) || english.MatchString(said) {
					t.Errorf("exit %d, stdout %q, stderr %q: want exit 2 and Chinese", code, out, errs)
				}
			})
		}
	}
}
