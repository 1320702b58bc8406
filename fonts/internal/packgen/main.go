// Command packgen turns the TrueType subsets made by fonts/build/build.py
// into the font packs embedded in package fonts:
//
//	go run ./fonts/internal/packgen -in /tmp/shenbao-fonts -out fonts/data
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/bast-tools/shenbao/fonts/internal/fontfile"
)

func main() {
	in := flag.String("in", "/tmp/shenbao-fonts", "directory holding the .ttf files build.py wrote")
	out := flag.String("out", "fonts/data", "directory to write the .sbfp packs to")
	order := flag.String("order", "fonts/build/tonggui-8105.txt", "characters (one a line) whose glyphs are stored first")
	chunk := flag.Int("chunk", 32, "glyphs per compressed chunk")
	flag.Parse()
	if err := run(*in, *out, *order, *chunk); err != nil {
		fmt.Fprintln(os.Stderr, "packgen:", err)
		os.Exit(1)
	}
}

func run(in, out, orderFile string, chunk int) error {
	first, err := firstRunes(orderFile)
	if err != nil {
		return err
	}
	for _, name := range []string{"serif", "sans", "sansbold", "fallback", "fallbackbold"} {
		data, err := os.ReadFile(filepath.Join(in, name+".ttf"))
		if err != nil {
			return err
		}
		f, err := fontfile.Parse(data)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		pack, err := fontfile.EncodePack(f, first, chunk)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		dst := filepath.Join(out, name+".sbfp")
		tmp := dst + ".tmp"
		if err := os.WriteFile(tmp, pack, 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, dst); err != nil {
			return err
		}
		fmt.Printf("%s: %d glyphs, %d characters, %d → %d bytes\n", dst, f.NumGlyphs, len(f.Cmap), len(data), len(pack))
	}
	return nil
}

// firstRunes lists the characters nearly every document uses (ASCII and
// Chinese punctuation), then the commonly used characters in table order, so
// that their glyphs share few chunks.
func firstRunes(orderFile string) ([]rune, error) {
	var rs []rune
	for r := rune(0x20); r < 0x7F; r++ {
		rs = append(rs, r)
	}
	rs = append(rs, []rune("，。、；：？！“”‘’（）《》【】—…·－／％＋＝０１２３４５６７８９")...)
	f, err := os.Open(orderFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			rs = append(rs, []rune(line)[0])
		}
	}
	return rs, sc.Err()
}
