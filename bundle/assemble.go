package bundle

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/bast-tools/shenbao/internal/ingest"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// ManifestFormat names the layout of the embedded provenance manifest.
const ManifestFormat = "shenbao-dossier-manifest/1"

// provenance is the manifest embedded in the dossier and written beside it.
type provenance struct {
	Format  string       `json:"format"`
	Cover   Cover        `json:"cover"`
	DPI     int          `json:"dpi"`
	Quality int          `json:"jpeg_quality"`
	Pages   int          `json:"pages"`
	Files   []FileReport `json:"files"`
}

// assemble builds the dossier from the normalized files at quality q.
func assemble(ctx context.Context, ns []*normalized, rep *Report, opt *Options, q quality) ([]byte, error) {
	for i, n := range ns {
		n.rep.Links = rep.Files[i].Links
	}
	order := dossierOrder(ns)
	fm := frontMatter{cover: drawableCover(opt.Cover)}
	for _, n := range ns {
		if n.rep.Status != StatusOK {
			fm.rejected = append(fm.rejected, forDrawing(n.rep))
		}
	}
	// The front matter's length depends only on the rows, so a first
	// rendering tells where the files start.
	fm.files = make([]FileReport, len(order))
	for k, i := range order {
		fm.files[k] = forDrawing(ns[i].rep)
	}
	_, nFront, err := renderFront(ctx, fm)
	if err != nil {
		return nil, err
	}
	page := nFront + 1
	for k, i := range order {
		ns[i].rep.FirstPage = page
		fm.files[k] = forDrawing(ns[i].rep)
		page += ns[i].rep.Pages
	}
	fm.pages = page - 1
	front, n2, err := renderFront(ctx, fm)
	if err != nil {
		return nil, err
	}
	if n2 != nFront {
		return nil, fmt.Errorf("front matter changed length: %d then %d pages", nFront, n2)
	}
	for i, n := range ns {
		rep.Files[i] = n.rep
	}
	rep.Pages = fm.pages

	dest, err := readPDF(front)
	if err != nil {
		return nil, fmt.Errorf("cover: %w", err)
	}
	for _, i := range order {
		if err := ingest.Guard(func() error { return mergeFile(dest, ns[i], opt) }); err != nil {
			return nil, &fileFault{i, err}
		}
	}
	if dest.PageCount != fm.pages {
		return nil, fmt.Errorf("merged %d pages, expected %d", dest.PageCount, fm.pages)
	}
	if err := pdfcpu.AddBookmarks(dest, bookmarks(ns, order, nFront), true); err != nil {
		return nil, fmt.Errorf("bookmarks: %w", err)
	}
	if err := stamp(ctx, dest, ns, order, opt); err != nil {
		return nil, pageFault(ns, order, err)
	}
	var manifest bytes.Buffer
	enc := json.NewEncoder(&manifest)
	enc.SetEscapeHTML(false) // keep "->" and file names readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(provenance{Format: ManifestFormat, Cover: opt.Cover, DPI: q.dpi, Quality: q.jpeg, Pages: fm.pages, Files: rep.Files}); err != nil {
		return nil, err
	}
	rep.manifest = manifest.Bytes()
	modTime := coverTime(opt.Cover)
	if err := dest.AddAttachment(model.Attachment{Reader: bytes.NewReader(rep.manifest), ID: "manifest.json",
		Desc: "Source files of this dossier: name, category, size, SHA-256, pages, processing", ModTime: &modTime}, false); err != nil {
		return nil, fmt.Errorf("attach manifest: %w", err)
	}
	setInfo(dest, opt.Cover)
	// Name trees (the attachment) are built at write time from references
	// that renumbering would invalidate: build them now.
	if err := dest.BindNameTrees(); err != nil {
		return nil, fmt.Errorf("name trees: %w", err)
	}
	clear(dest.Names)
	if err := renumber(dest); err != nil {
		return nil, fmt.Errorf("renumber objects: %w", err)
	}
	out, err := writePDF(dest)
	if err != nil {
		return nil, fmt.Errorf("write: %w", err)
	}
	return out, nil
}

// mergeFile appends n's pages to dest.
func mergeFile(dest *model.Context, n *normalized, opt *Options) error {
	src, err := readPDF(n.pdf)
	if err != nil {
		return err
	}
	if opt.FitA4 && !n.image {
		if err := fitA4(src); err != nil {
			return fmt.Errorf("fit to A4: %w", err)
		}
	}
	if err := pdfcpu.MergeXRefTables(n.rep.File, src, dest, false, false); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	return nil
}

// bookmarks: cover, index, then one per category with one per file.
func bookmarks(ns []*normalized, order []int, nFront int) []pdfcpu.Bookmark {
	bms := []pdfcpu.Bookmark{{Title: "封面", PageFrom: 1}}
	if nFront > 1 {
		bms = append(bms, pdfcpu.Bookmark{Title: "目录", PageFrom: 2})
	}
	for _, i := range order {
		r := ns[i].rep
		if last := &bms[len(bms)-1]; last.Title != string(r.Category) || len(last.Kids) == 0 {
			bms = append(bms, pdfcpu.Bookmark{Title: string(r.Category), PageFrom: r.FirstPage})
		}
		cat := &bms[len(bms)-1]
		cat.Kids = append(cat.Kids, pdfcpu.Bookmark{Title: bookmarkTitle(r), PageFrom: r.FirstPage})
	}
	return bms
}

// bookmarkTitle is the title given in the manifest or the file's base name
// without its extension.
func bookmarkTitle(r FileReport) string {
	r = forDrawing(r)
	if t := strings.TrimSpace(r.Title); t != "" {
		return t
	}
	b := path.Base(r.File)
	return strings.TrimSuffix(b, path.Ext(b))
}

// stamp overlays every page with its number and the pages of identity
// documents with the watermark. The overlay is one PDF drawn with the
// embedded Chinese font, page for page the size of the dossier's pages,
// stamped by pdfcpu as form XObjects. (pdfcpu's own text stamps use an
// unembedded Helvetica that strict validators reject.)
func stamp(ctx context.Context, dest *model.Context, ns []*normalized, order []int, opt *Options) error {
	dims, err := dest.PageDims()
	if err != nil {
		return fmt.Errorf("page sizes: %w", err)
	}
	marked := map[int]bool{}
	if !opt.NoWatermark {
		for _, i := range order {
			if r := ns[i].rep; r.Category == IDCard {
				for p := r.FirstPage; p < r.FirstPage+r.Pages; p++ {
					marked[p] = true
				}
			}
		}
	}
	wmText, _ := drawable(opt.Watermark)
	overlay, err := overlayPDF(ctx, dims, marked, wmText)
	if err == nil {
		overlay, err = balancedPDF(overlay)
	}
	if err != nil {
		return fmt.Errorf("page overlay: %w", err)
	}
	if err := balancePages(dest); err != nil {
		return fmt.Errorf("page tree: %w", err)
	}
	wm, err := api.PDFMultiWatermarkForReadSeeker(bytes.NewReader(overlay), 1, 1, "scale:1 abs, rot:0, pos:c", true, false, types.POINTS)
	if err != nil {
		return fmt.Errorf("page overlay: %w", err)
	}
	if err := pdfcpu.AddWatermarks(dest, nil, wm); err != nil {
		return fmt.Errorf("stamp pages: %w", err)
	}
	return nil
}

func fitA4(ctx *model.Context) error {
	res, err := pdfcpu.ParseResizeConfig("form:A4", types.POINTS)
	if err != nil {
		return err
	}
	return pdfcpu.Resize(ctx, nil, res)
}

// coverTime is the date the dossier claims: the cover date at midnight
// Beijing time, or the Unix epoch when there is none. Never the clock.
func coverTime(c Cover) time.Time {
	bj := time.FixedZone("CST", 8*3600)
	if t, err := time.ParseInLocation("2006-01-02", c.Date, bj); err == nil {
		return t
	}
	return time.Unix(0, 0).In(bj)
}

func setInfo(ctx *model.Context, c Cover) {
	d := types.NewDict()
	str := func(k, v string) {
		if v != "" {
			d.InsertString(k, types.EncodeUTF16String(v))
		}
	}
	title := "证明材料汇编"
	if c.Applicant != "" {
		title += "：" + c.Applicant
	}
	str("Title", title)
	str("Author", c.Applicant)
	str("Subject", c.Programme)
	str("Keywords", "卓越工程师; 证明材料; "+c.Organisation)
	str("Creator", "shenbao bundle")
	str("Producer", "shenbao (pdfcpu "+model.VersionStr+")")
	date := types.StringLiteral(types.DateString(coverTime(c)))
	d.Insert("CreationDate", date)
	d.Insert("ModDate", date)
	ir, err := ctx.IndRefForNewObject(d)
	if err == nil {
		ctx.Info = ir
	}
}
