// Package jpegx is Go's image/jpeg (Go 1.26, BSD licence, see LICENSE-go)
// with changes for bulk photo work:
//   - DecodeScaled inverse-transforms each 8×8 block straight to 4×4, 2×2
//     or 1×1 samples (libjpeg's scaled decoding), so a photo shown at half
//     size skips most of the inverse DCT and pixel stores;
//   - the Huffman bit reader refills from buffered bytes in bulk;
//   - Encode quantizes with reciprocal multiplications instead of integer
//     divisions and reads 4:2:0 and 4:4:4 YCbCr planes straight into blocks.
//
// At shift 0 decoding is bit-for-bit image/jpeg's; encoding differs from
// image/jpeg only where its per-pixel chroma averaging rounded differently.
// The format is not registered with package image.
package jpegx
