package fonts

import (
	"fmt"

	"github.com/bast-tools/shenbao/internal/gopdf"
)

// RegisterGopdf embeds every subset of u in pdf under its family name, as
// package pdfgen does; the tests here draw with the patched gopdf directly.
func RegisterGopdf(pdf *gopdf.GoPdf, u *Usage) error {
	subs, err := u.Subsets()
	if err != nil {
		return err
	}
	for _, s := range subs {
		if err := pdf.AddTTFFontDataWithOption(u.Family(s.Face), s.TTF, gopdf.TtfOption{Style: gopdf.Regular}); err != nil {
			return fmt.Errorf("registering %s with gopdf: %w", s.Face.key, err)
		}
	}
	return nil
}
