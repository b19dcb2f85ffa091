// cpu burns CPU in a few call shapes and writes a runtime/pprof CPU profile:
// a hot loop whose helpers the compiler inlines (mix -> rotate, so one PC maps
// to three Lines), a recursion through non-inlined frames, and a phase in the
// standard library (sort). Used by record.sh for flame's pprof fixtures.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"sort"
)

var sink uint64

// rotate and mix are small enough for Go's inliner: their instructions end
// up inside hashLoop, and the profile describes them as inline Lines.
func rotate(x uint64, k uint) uint64 { return x<<k | x>>(64-k) }

func mix(x uint64) uint64 { return rotate(x*0x9E3779B97F4A7C15, 29) ^ x }

//go:noinline
func hashLoop(n int) uint64 {
	h := uint64(1)
	for i := 0; i < n; i++ {
		h = mix(h + uint64(i))
	}
	return h
}

//go:noinline
func leafWork(n int) uint64 {
	h := uint64(7)
	for i := 0; i < n; i++ {
		h = h*31 + uint64(i)%13
	}
	return h
}

//go:noinline
func descend(depth, n int) uint64 {
	if depth == 0 {
		return leafWork(n)
	}
	return descend(depth-1, n) + 1
}

//go:noinline
func sortPhase(rounds, size int) {
	values := make([]int, size)
	for r := 0; r < rounds; r++ {
		x := uint64(r + 1)
		for i := range values {
			x = mix(x)
			values[i] = int(x >> 1)
		}
		sort.Ints(values)
	}
}

func main() {
	out := flag.String("o", "cpu.pb.gz", "profile output")
	scale := flag.Int("scale", 1, "work multiplier")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for i := 0; i < *scale; i++ {
		sink += hashLoop(400_000_000)
		sink += descend(6, 300_000_000)
		sortPhase(20, 200_000)
	}
	pprof.StopCPUProfile()
	f.Close()
	fmt.Println(sink != 0)
}
