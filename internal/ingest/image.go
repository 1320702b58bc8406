package ingest

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"io"

	"github.com/bast-tools/shenbao/internal/imgload/jpegx"
	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
	"golang.org/x/image/webp"
)

// Format is an image (or document) format recognised from its first bytes.
type Format string

// Formats Sniff recognises. HEIC and JPEG2000 are recognised only to be
// refused with a precise message.
const (
	Unknown  Format = ""
	JPEG     Format = "jpeg"
	PNG      Format = "png"
	GIF      Format = "gif"
	BMP      Format = "bmp"
	TIFF     Format = "tiff"
	WebP     Format = "webp"
	PDF      Format = "pdf"
	HEIC     Format = "heic"
	JPEG2000 Format = "jpeg2000"
)

// Sniff names the format of b from its leading bytes. A PDF header may be
// preceded by up to 1024 bytes of junk, as PDF readers allow.
func Sniff(b []byte) Format {
	switch {
	case bytes.HasPrefix(b, []byte{0xff, 0xd8, 0xff}):
		return JPEG
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return GIF
	case bytes.HasPrefix(b, []byte("BM")) && len(b) >= 26:
		return BMP
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")):
		return TIFF
	case len(b) >= 12 && bytes.Equal(b[:4], []byte("RIFF")) && bytes.Equal(b[8:12], []byte("WEBP")):
		return WebP
	case bytes.HasPrefix(b, []byte("\x00\x00\x00\x0cjP  \r\n\x87\n")), bytes.HasPrefix(b, []byte{0xff, 0x4f, 0xff, 0x51}):
		return JPEG2000
	case len(b) >= 12 && bytes.Equal(b[4:8], []byte("ftyp")) && isHEIFBrand(string(b[8:12])):
		return HEIC
	}
	head := b
	if len(head) > 1024 {
		head = head[:1024]
	}
	if bytes.Contains(head, []byte("%PDF-")) {
		return PDF
	}
	return Unknown
}

func isHEIFBrand(s string) bool {
	switch s {
	case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis":
		return true
	}
	return false
}

// Info describes an image without its pixels.
type Info struct {
	Format        Format
	Width, Height int // as stored, before orientation
	Pages         int // TIFF pages; 1 for every other format
	// Orientation is the EXIF orientation (1–8); 1 when absent or invalid.
	Orientation int
	Gray        bool // one colour component
	CMYK        bool // four colour components (JPEG, TIFF)
	Progressive bool // progressive JPEG
}

// Upright returns the displayed size: width and height swapped for the
// EXIF orientations that turn the image by 90°.
func (in Info) Upright() (w, h int) {
	if in.Orientation >= 5 {
		return in.Height, in.Width
	}
	return in.Width, in.Height
}

// Inspect reads the header of page 0 of b and checks the limits, without
// decoding pixel data.
func Inspect(b []byte, lim Limits) (Info, error) {
	info, _, err := inspectPage(b, 0, lim.WithDefaults())
	return info, err
}

// Decode decodes page (0-based; only TIFF has more than one) of b after
// checking its dimensions against lim. The image is returned as stored;
// apply Info.Orientation (see Planar.Orient) to show it upright.
func Decode(b []byte, page int, lim Limits) (image.Image, Info, error) {
	return DecodeAtLeast(b, page, lim, 0, 0)
}

// DecodeAtLeast is Decode for callers that will shrink the image to w×h
// (as stored, before orientation): a JPEG is then decoded at the smallest
// of 1/2, 1/4 or 1/8 scale that is still at least w×h, which is several
// times cheaper than a full decode. Other formats decode at full size.
func DecodeAtLeast(b []byte, page int, lim Limits, w, h int) (img image.Image, info Info, err error) {
	info, r, err := inspectPage(b, page, lim.WithDefaults())
	if err != nil {
		return nil, info, err
	}
	defer recoverAs(&err, info.Format)
	wantW, wantH := info.Width, info.Height
	if info.Format == JPEG {
		shift := 0
		for shift < 3 && w > 0 && h > 0 {
			k := 1 << (shift + 1)
			if (info.Width+k-1)/k < w || (info.Height+k-1)/k < h {
				break
			}
			shift++
		}
		k := 1<<shift - 1
		wantW, wantH = (info.Width+k)>>shift, (info.Height+k)>>shift
		img, err = jpegx.DecodeScaled(r, shift)
	} else {
		img, err = decoders[info.Format](r)
	}
	if err != nil {
		return nil, info, &Error{Code: CodeCorrupt, Format: info.Format, Width: info.Width, Height: info.Height, Err: err}
	}
	if got := img.Bounds().Size(); got.X != wantW || got.Y != wantH {
		return nil, info, &Error{Code: CodeCorrupt, Format: info.Format, Err: fmt.Errorf("decoded %d×%d, expected %d×%d", got.X, got.Y, wantW, wantH)}
	}
	return img, info, nil
}

var decoders = map[Format]func(io.Reader) (image.Image, error){
	PNG:  png.Decode,
	GIF:  gif.Decode,
	BMP:  bmp.Decode,
	TIFF: tiff.Decode,
	WebP: webp.Decode,
}

var configs = map[Format]func(io.Reader) (image.Config, error){
	JPEG: jpegx.DecodeConfig,
	PNG:  png.DecodeConfig,
	GIF:  gif.DecodeConfig,
	BMP:  bmp.DecodeConfig,
	TIFF: tiff.DecodeConfig,
	WebP: webp.DecodeConfig,
}

// inspectPage returns the page's Info and a reader positioned for decoding it.
func inspectPage(b []byte, page int, lim Limits) (info Info, r io.ReadSeeker, err error) {
	f := Sniff(b)
	info = Info{Format: f, Pages: 1, Orientation: 1}
	defer recoverAs(&err, f)
	cfgFn, ok := configs[f]
	if !ok {
		return info, nil, &Error{Code: CodeUnsupported, Format: f}
	}
	r = bytes.NewReader(b)
	switch f {
	case TIFF:
		br := bytes.NewReader(b)
		offs, order, err := tiffIFDs(br, br.Size(), lim.MaxPages)
		var ie *Error
		if errors.As(err, &ie) {
			return info, nil, ie
		}
		if err != nil {
			return info, nil, &Error{Code: CodeCorrupt, Format: f, Err: err}
		}
		info.Pages = len(offs)
		if page < 0 || page >= len(offs) {
			return info, nil, &Error{Code: CodeCorrupt, Format: f, Err: fmt.Errorf("page %d of %d", page+1, len(offs))}
		}
		info.Orientation = tiffOrientation(br, offs[page], order)
		r = tiffPage(br, br.Size(), offs[page], order)
	case JPEG:
		var scans int
		info.Orientation, info.Progressive, scans = jpegMarkers(b)
		if scans > maxJPEGScans {
			return info, nil, &Error{Code: CodeTooManyScans, Format: f, Err: fmt.Errorf("%d scans, at most %d", scans, maxJPEGScans)}
		}
	default:
		if page != 0 {
			return info, nil, &Error{Code: CodeCorrupt, Format: f, Err: fmt.Errorf("page %d of 1", page+1)}
		}
	}
	cfg, err := cfgFn(r)
	if err != nil {
		return info, nil, &Error{Code: CodeCorrupt, Format: f, Err: err}
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return info, nil, err
	}
	info.Width, info.Height = cfg.Width, cfg.Height
	info.Gray, info.CMYK = colorKind(cfg)
	px := int64(cfg.Width) * int64(cfg.Height)
	need := px * bytesPerPixel(cfg.ColorModel)
	if f == TIFF {
		// x/image/tiff inflates a strip into a growing buffer before it
		// builds the image: up to three times the pixels at the peak.
		need *= 3
	}
	if px > lim.MaxPixels || need > lim.MaxImageBytes || cfg.Width > 1<<16 || cfg.Height > 1<<16 {
		return info, nil, &Error{Code: CodeTooLarge, Format: f, Width: cfg.Width, Height: cfg.Height}
	}
	if min(cfg.Width, cfg.Height) < lim.MinSide {
		return info, nil, &Error{Code: CodeTooSmall, Format: f, Width: cfg.Width, Height: cfg.Height}
	}
	return info, r, nil
}

// bytesPerPixel is what one pixel of a decoded image of model m takes in
// memory (a JPEG's planes counted at 4:4:4, the most they take).
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.YCbCrModel:
		return 3
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 4
}

// recoverAs turns a decoder's panic into a CodeInternalError: a decoder
// fed hostile bytes must fail the file, never the process.
func recoverAs(err *error, f Format) {
	if p := recover(); p != nil {
		*err = &Error{Code: CodeInternalError, Format: f, Err: fmt.Errorf("decoder panicked: %v", p)}
	}
}

func colorKind(cfg image.Config) (gray, cmyk bool) {
	switch cfg.ColorModel {
	case color.GrayModel, color.Gray16Model:
		return true, false
	case color.CMYKModel:
		return false, true
	}
	return false, false
}

// maxJPEGScans bounds the scans of a JPEG: each costs a pass over every
// block, encoders write at most a dozen, and a file repeating one scan
// thousands of times costs minutes.
const maxJPEGScans = 100

// jpegMarkers walks the JPEG marker segments up to the first scan and
// returns the EXIF orientation and whether the frame is progressive, and
// counts the scans (0xFFDA: entropy-coded data stuffs every 0xFF byte, so
// the pair only occurs as a marker).
func jpegMarkers(b []byte) (orientation int, progressive bool, scans int) {
	orientation = 1
	defer func() {
		if progressive {
			scans = bytes.Count(b, []byte{0xff, 0xda})
		}
	}()
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xff {
			return
		}
		m := b[i+1]
		if m == 0xff { // fill byte
			i++
			continue
		}
		if m == 0xd8 || (m >= 0xd0 && m <= 0xd7) || m == 0x01 {
			i += 2
			continue
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return
		}
		seg := b[i+4 : i+2+n]
		switch {
		case m == 0xe1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")):
			if o := exifOrientation(seg[6:]); o != 0 {
				orientation = o
			}
		case m == 0xc2 || m == 0xc6 || m == 0xca || m == 0xce:
			progressive = true
		case m == 0xda:
			return
		}
		i += 2 + n
	}
	return
}

// exifOrientation reads tag 0x0112 of IFD0 of an EXIF TIFF structure; 0 if absent.
func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var order binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 0
	}
	off := int64(order.Uint32(t[4:]))
	if off+2 > int64(len(t)) {
		return 0
	}
	n := int64(order.Uint16(t[off:]))
	for i := int64(0); i < n; i++ {
		e := off + 2 + 12*i
		if e+12 > int64(len(t)) {
			return 0
		}
		if order.Uint16(t[e:]) == 0x0112 {
			if o := int(order.Uint16(t[e+8:])); o >= 1 && o <= 8 {
				return o
			}
			return 0
		}
	}
	return 0
}

// InspectPage is Inspect for page (0-based) of a multi-page TIFF.
func InspectPage(b []byte, page int, lim Limits) (Info, error) {
	info, _, err := inspectPage(b, page, lim.WithDefaults())
	return info, err
}
