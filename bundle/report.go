package bundle

import (
	"fmt"
	"io"
	"strings"
)

var sealKindZH = map[SealKind]string{EmployerSeal: "单位公章", FinanceSeal: "财务专用章"}

// WriteText writes the report for people, in Chinese.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	ok := 0
	for _, f := range r.Files {
		if f.Status == StatusOK {
			ok++
		}
	}
	// Pages is 0 when no dossier was made (--strict with a failed file):
	// there are no dossier page numbers to give.
	made := r.Pages > 0
	if made {
		fmt.Fprintf(&b, "证明材料汇编：收录 %d/%d 个文件，共 %d 页，%s\n", ok, len(r.Files), r.Pages, humanSize(r.Size))
	} else {
		fmt.Fprintf(&b, "证明材料汇编未生成：%d/%d 个文件可以收录\n", ok, len(r.Files))
	}
	for _, f := range r.Files {
		if f.Status == StatusOK && !made {
			fmt.Fprintf(&b, "  ✓ [%s] %s（%d 页）\n", f.Category, f.File, f.Pages)
		} else if f.Status == StatusOK {
			fmt.Fprintf(&b, "  ✓ [%s] %s（%d 页，第 %d 页起）\n", f.Category, f.File, f.Pages, f.FirstPage)
		} else {
			fmt.Fprintf(&b, "  ✗ [%s] %s：%s（%s）\n", f.Category, f.File, f.Message, f.Code)
		}
	}
	c := r.Checks
	for _, m := range c.MissingRequired {
		fmt.Fprintf(&b, "缺少必备材料：%s（%s）\n", m, CodeMissingReq)
	}
	for _, d := range c.Duplicates {
		fmt.Fprintf(&b, "重复上传（内容完全相同）：%s（%s）\n", strings.Join(d, "、"), CodeDuplicate)
	}
	for _, l := range c.BrokenLinks {
		fmt.Fprintf(&b, "申报书条目“%s”引用的证明材料“%s”不存在或未能收录（%s）\n", l.Row, l.File, CodeBrokenLink)
	}
	if !c.SealsChecked {
		b.WriteString("未检查印章（未配置印章识别）\n")
	}
	for _, s := range c.Seals {
		kind := sealKindZH[s.Kind]
		switch s.Status {
		case SealFound:
			fmt.Fprintf(&b, "印章：%s 第 %d 页有红色印章（应为%s）\n", s.File, s.Page, kind)
		case SealNotFound:
			fmt.Fprintf(&b, "印章：%s 未发现红色印章，应加盖%s（%s）\n", s.File, kind, CodeSealMissing)
		default:
			fmt.Fprintf(&b, "印章：%s 无法判断是否加盖%s（灰度或黑白扫描，或没有扫描图像；%s）\n", s.File, kind, CodeSealUnjudged)
		}
	}
	if bg := c.SizeBudget; bg != nil {
		if bg.Fits {
			fmt.Fprintf(&b, "大小：%s，未超过上限 %s（图片 %d dpi，质量 %d）\n", humanSize(bg.Size), humanSize(bg.Max), bg.DPI, bg.Quality)
		} else {
			fmt.Fprintf(&b, "大小：%s，降到 %d dpi、质量 %d 仍超过上限 %s；请删减材料或压缩其中的 PDF（%s）\n", humanSize(bg.Size), bg.DPI, bg.Quality, humanSize(bg.Max), CodeOverBudget)
		}
	}
	if !r.Findings() {
		b.WriteString("检查通过，没有发现问题。\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}
