package bundle

import (
	"context"
	"fmt"
	"image"

	"github.com/bast-tools/shenbao/internal/ingest"
	"github.com/bast-tools/shenbao/verify/seal"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// SealKind names the seal a category's copies must bear.
type SealKind string

const (
	EmployerSeal SealKind = "employer" // 单位公章, on the business-licence copy
	FinanceSeal  SealKind = "finance"  // 财务专用章, on economic-benefit proofs
)

// SealVerdict is a seal finder's answer for one page image.
type SealVerdict struct {
	// Judgeable is false when colour cannot tell a seal from print, e.g. a
	// grayscale scan; Found is then meaningless.
	Judgeable bool
	Found     bool
	Reason    string
}

// SealFinder looks for a red seal of the given kind on a page image.
// [RedSeals] is the one to use; nil disables the seal checks.
type SealFinder func(ctx context.Context, img image.Image, kind SealKind) (SealVerdict, error)

// RedSeals is the SealFinder backed by verify/seal's whole-page finder.
// Any red seal counts for either kind: a 财务专用章 is usually oval but may
// be round, and the text on the ring is not read.
func RedSeals(ctx context.Context, img image.Image, _ SealKind) (SealVerdict, error) {
	res, err := seal.Find(ctx, img, seal.Options{})
	if err != nil {
		return SealVerdict{}, err
	}
	v := SealVerdict{Judgeable: res.Judgeable, Found: len(res.Seals) > 0, Reason: res.Reason}
	if v.Found {
		s := res.Seals[0]
		v.Reason = fmt.Sprintf("%s seal, confidence %.2f", s.Shape, s.Confidence)
	}
	return v, nil
}

// Seal check statuses.
const (
	SealFound       = "found"
	SealNotFound    = "not_found"
	SealCannotJudge = "cannot_judge"
)

// SealCheck is the seal check of one file: found if any page shows a seal;
// cannot_judge if no page showed one and some page could not be judged.
type SealCheck struct {
	File     string   `json:"file"`
	Category Category `json:"category"`
	Kind     SealKind `json:"kind"`
	Status   string   `json:"status"`
	Page     int      `json:"page,omitempty"` // page of the file where the seal was found
	Reason   string   `json:"reason,omitempty"`
}

func runSeal(ctx context.Context, opt *Options, img image.Image, kind SealKind) SealVerdict {
	v, err := opt.Seals(ctx, img, kind)
	if err != nil {
		return SealVerdict{Reason: "seal finder failed: " + err.Error()}
	}
	return v
}

// mergeSeal folds page p's verdict into the file's check.
func mergeSeal(c *SealCheck, e Entry, p int, v SealVerdict) *SealCheck {
	if c == nil {
		c = &SealCheck{File: e.Path, Category: e.Category, Kind: e.Category.sealKind(), Status: SealNotFound}
	}
	switch {
	case c.Status == SealFound:
	case v.Judgeable && v.Found:
		c.Status, c.Page, c.Reason = SealFound, p, v.Reason
	case !v.Judgeable:
		c.Status, c.Reason = SealCannotJudge, fmt.Sprintf("page %d: %s", p, v.Reason)
	case c.Reason == "":
		c.Reason = v.Reason
	}
	return c
}

// sealOfPDF checks the largest raster image of each page: evidence PDFs are
// scans, and a seal printed as vector graphics cannot be judged here.
func sealOfPDF(ctx context.Context, pctx *model.Context, e Entry, kind SealKind, opt *Options) *SealCheck {
	var c *SealCheck
	if err := ingest.IndexImages(pctx); err != nil {
		return mergeSeal(c, e, 1, SealVerdict{Reason: "cannot index page images: " + err.Error()})
	}
	for p := 1; p <= pctx.PageCount && ctx.Err() == nil; p++ {
		img, err := ingest.PageImage(ctx, pctx, p, opt.ingest())
		if err != nil {
			c = mergeSeal(c, e, p, SealVerdict{Reason: "no usable scanned image on the page: " + err.Error()})
			continue
		}
		c = mergeSeal(c, e, p, runSeal(ctx, opt, bounded(img), kind))
		if c.Status == SealFound {
			break
		}
	}
	return c
}

// bounded scales img so its long side is at most sealMaxDim.
func bounded(img image.Image) image.Image {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	s := float64(sealMaxDim) / float64(max(w, h))
	if s >= 1 {
		return img
	}
	return ingest.Scale(img, max(1, int(float64(w)*s)), max(1, int(float64(h)*s))).Image()
}
