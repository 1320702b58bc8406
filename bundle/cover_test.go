package bundle

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestIndexBreaksLinesLikeTheForms sets index cells whose text, broken
// anywhere, would start a line with closing punctuation or split a Latin
// word, and reads the lines back with pdftotext.
func TestIndexBreaksLinesLikeTheForms(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (Debian: poppler-utils)")
	}
	fm := frontMatter{cover: Cover{Applicant: "张明远"}, pages: 40}
	for i := range 14 {
		fm.files = append(fm.files, FileReport{File: "dip.jpg", Category: Award, FirstPage: 4 + i, Pages: 1,
			Title: "第" + strconv.Itoa(i+1) + "项：面向高可靠模拟芯片的低功耗带隙基准电路设计与产业化应用（“十四五”国家重点研发计划）"})
	}
	fm.rejected = []FileReport{{File: "broken.pdf", Category: Award,
		Message: "无法识别文件格式（内容不是 PDF，也不是 JPEG、PNG、TIFF、WebP、BMP、GIF 图片），请转换为 PDF 或 JPEG 后重新上传"}}
	pdf, pages, err := renderFront(context.Background(), fm)
	if err != nil {
		t.Fatal(err)
	}
	if pages != 3 {
		t.Errorf("front matter has %d pages, want 3 (cover, index, its continuation)", pages)
	}
	file := filepath.Join(t.TempDir(), "front.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-f", "2", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{"第14项", "未收录的文件", "broken.pdf"} {
		if !strings.Contains(text, want) {
			t.Errorf("index lacks %q", want)
		}
	}
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if r := []rune(l)[0]; strings.ContainsRune("，。、；：）》”", r) {
			t.Errorf("index line starts with %q: %q", r, l)
		}
		if strings.HasSuffix(l, "PD") || strings.HasPrefix(l, "F，") {
			t.Errorf("index splits the word PDF: %q", l)
		}
	}
}
