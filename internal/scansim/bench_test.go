package scansim

import "testing"

func BenchmarkGenerate(b *testing.B) {
	f, err := LoadFont()
	if err != nil {
		b.Skip(err)
	}
	for i := 0; b.Loop(); i++ {
		Generate(f, Kind(i%int(NumKinds)), uint64(i), Options{DPI: 200})
	}
}
