// Package jpegx is Go's image/jpeg (Go 1.26, BSD licence, see LICENSE-go)
// with changes for bulk photo work; PATCHES.md lists them and the code marks
// each with "[patch: name]":
//   - DecodeScaled inverse-transforms each 8×8 block straight to 4×4, 2×2
//     or 1×1 samples (libjpeg's scaled decoding), so a photo shown at half
//     size skips most of the inverse DCT and pixel stores;
//   - the Huffman decoder keeps a 64-bit accumulator, refills it eight
//     bytes at a time and decodes a block's AC coefficients with the
//     accumulator in registers;
//   - the inverse DCT skips the arithmetic of rows and columns without AC
//     energy, and baseline blocks are dequantized as they are decoded;
//   - Encode quantizes with branch-free reciprocal multiplications, reads
//     4:2:0 and 4:4:4 YCbCr planes straight into blocks and collects the
//     entropy-coded bytes before writing them.
//
// Decoding at shift 0 gives image/jpeg's images and errors bit for bit
// (FuzzDecodeMatchesStdlib holds it to that), and Encode writes
// image/jpeg's bytes (TestEncodeMatchesStdlib). The format is not
// registered with package image.
package jpegx
