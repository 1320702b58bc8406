// Package seal finds red official seals (公章, 财务专用章) anywhere on a page
// image.
//
// A seal is recognised by colour and shape: ink that is red relative to the
// paper it is on, forming a ring that follows a circle or an ellipse 35–45
// mm across with ink (star, text) inside and none just outside. On a page
// without colour (a grayscale or black-and-white scan) a seal cannot be
// told from print, so Find reports the page as not judgeable rather than
// answering yes or no.
//
// # Entry points
//
// [Find] looks for seals on one page image. Package bundle uses it for
// the evidence files that must bear a seal (bundle.RedSeals).
//
// The map of every job to its package is in the documentation of
// github.com/bast-tools/shenbao and in the README.
package seal
