//go:build unix

package jpegx

import (
	"bytes"
	"image"
	"image/draw"
	"image/jpeg"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"
)

// BenchmarkPeer times the hot paths on a file of the caller's choice
// (JPEGX_BENCH_FILE) and reports process CPU per operation beside wall
// time, so bench/jpeg/run.sh can set them against djpeg and cjpeg timed on
// the same file in the same run. Without the variable it is skipped.
func BenchmarkPeer(b *testing.B) {
	path := os.Getenv("JPEGX_BENCH_FILE")
	if path == "" {
		b.Skip("JPEGX_BENCH_FILE not set (see bench/jpeg/run.sh)")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	for _, shift := range []int{0, 1, 2, 3} {
		b.Run("decode/"+[]string{"1", "2", "4", "8"}[shift], func(b *testing.B) {
			cpuLoop(b, func() error {
				_, err := DecodeScaled(bytes.NewReader(data), shift)
				return err
			})
		})
	}
	b.Run("decode/stdlib", func(b *testing.B) {
		cpuLoop(b, func() error {
			_, err := jpeg.Decode(bytes.NewReader(data))
			return err
		})
	})
	// The encoder gets what bundle gives it: the half-size decode, 4:2:0
	// planes as they are, and the same pixels as RGBA (what cjpeg gets).
	// Made on first use, so that running only the decode benchmarks runs
	// only decoding.
	inputs := sync.OnceValues(func() (image.Image, *image.RGBA) {
		half, err := DecodeScaled(bytes.NewReader(data), 1)
		if err != nil {
			b.Fatal(err)
		}
		rgba := image.NewRGBA(half.Bounds())
		draw.Draw(rgba, rgba.Rect, half, half.Bounds().Min, draw.Src)
		return half, rgba
	})
	var out bytes.Buffer
	for _, in := range []string{"ycbcr", "rgba"} {
		b.Run("encode-q85/"+in, func(b *testing.B) {
			half, rgba := inputs()
			img := half
			if in == "rgba" {
				img = rgba
			}
			cpuLoop(b, func() error {
				out.Reset()
				return Encode(&out, img, &Options{Quality: 85})
			})
		})
	}
	b.Run("encode-q85/stdlib", func(b *testing.B) {
		half, _ := inputs()
		cpuLoop(b, func() error {
			out.Reset()
			return jpeg.Encode(&out, half, &jpeg.Options{Quality: 85})
		})
	})
}

// cpuLoop runs op b.N times and reports the process's CPU milliseconds
// (user+system, all threads) per operation.
func cpuLoop(b *testing.B, op func() error) {
	c0 := cpuTime()
	for b.Loop() {
		if err := op(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-c0).Microseconds())/1e3/float64(b.N), "cpu-ms/op")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
