package gopdf

// PageOption option of page
type PageOption struct {
	TrimBox  *Box
	PageSize *Rect
	// PATCH(shenbao): Rotate is the page's /Rotate (0, 90, 180 or 270):
	// how far viewers turn the page clockwise to show it.
	Rotate int
}

func (p PageOption) isEmpty() bool {
	return p.PageSize == nil
}

func (p PageOption) isTrimBoxSet() bool {
	if p.TrimBox == nil {
		return false
	}
	if p.TrimBox.Top == 0 && p.TrimBox.Left == 0 && p.TrimBox.Bottom == 0 && p.TrimBox.Right == 0 {
		return false
	}

	return true
}
