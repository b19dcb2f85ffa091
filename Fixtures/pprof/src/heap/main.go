// heap allocates in a few recognisable ways and writes a runtime/pprof heap
// profile with every allocation sampled (MemProfileRate = 1), so the four
// sample types differ: objects kept alive (inuse_*), objects dropped
// (alloc_* only), many small versus few large. Used by record.sh.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

var kept [][]byte

//go:noinline
func keepSmall(n int) {
	for i := 0; i < n; i++ {
		kept = append(kept, make([]byte, 64))
	}
}

//go:noinline
func keepLarge(n int) {
	for i := 0; i < n; i++ {
		kept = append(kept, make([]byte, 1<<20))
	}
}

var dropped []byte

//go:noinline
func churn(n int) {
	for i := 0; i < n; i++ {
		dropped = make([]byte, 4096)
	}
	dropped = nil
}

//go:noinline
func build(depth int) {
	if depth == 0 {
		churn(500)
		return
	}
	build(depth - 1)
}

func main() {
	runtime.MemProfileRate = 1
	out := flag.String("o", "heap.pb.gz", "profile output")
	flag.Parse()
	keepSmall(1000)
	keepLarge(4)
	build(3)
	churn(200)
	// The heap profile shows the state as of the last GC.
	runtime.GC()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	f.Close()
	fmt.Println(len(kept))
}
