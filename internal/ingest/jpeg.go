package ingest

import (
	"image"
	"io"

	"github.com/bast-tools/shenbao/internal/imgload/jpegx"
)

// EncodeJPEG writes img as a baseline JPEG at quality 1–100 with the
// codec the decoders here use (4:4:4 *image.YCbCr and *image.Gray, as
// Planar.Image returns, are encoded without conversion).
func EncodeJPEG(w io.Writer, img image.Image, quality int) error {
	return jpegx.Encode(w, img, &jpegx.Options{Quality: quality})
}
