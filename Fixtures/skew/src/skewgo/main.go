// skewgo: a Go workload for comparing runtime/pprof with perf on the same
// run. Four phases run at once, each on its own goroutines: pure CPU work,
// system calls, a contended mutex and allocation. The CPU profile goes to -o.
package main

import (
	"flag"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

var sink uint64

//go:noinline
func spin(n int) uint64 {
	x := uint64(n)
	for i := 0; i < n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
		x ^= x >> 29
	}
	return x
}

//go:noinline
func busy(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
			sink += spin(20000)
		}
	}
}

//go:noinline
func syscalls(stop <-chan struct{}, f *os.File) {
	buf := make([]byte, 64)
	for {
		select {
		case <-stop:
			return
		default:
			f.Write(buf) // one write(2) per call to /dev/null
		}
	}
}

//go:noinline
func contend(stop <-chan struct{}, mu *sync.Mutex, shared *uint64) {
	for {
		select {
		case <-stop:
			return
		default:
			mu.Lock()
			*shared += spin(200)
			mu.Unlock()
		}
	}
}

//go:noinline
func allocate(stop <-chan struct{}) {
	var keep [][]byte
	for {
		select {
		case <-stop:
			return
		default:
			keep = append(keep, make([]byte, 4096))
			if len(keep) > 256 {
				keep = keep[:0]
			}
		}
	}
}

func main() {
	out := flag.String("o", "cpu.pb.gz", "CPU profile output")
	seconds := flag.Float64("seconds", 3, "run time")
	hz := flag.Int("hz", 250, "sampling rate of the CPU profile")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		panic(err)
	}
	null, err := os.OpenFile("/dev/null", os.O_WRONLY, 0)
	if err != nil {
		panic(err)
	}
	// Set before StartCPUProfile, the rate stays (the runtime prints a
	// warning when StartCPUProfile asks for its default 100 Hz).
	runtime.SetCPUProfileRate(*hz)
	pprof.StartCPUProfile(f)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var shared uint64
	run := func(fn func()) { wg.Add(1); go func() { defer wg.Done(); fn() }() }
	run(func() { busy(stop) })
	run(func() { syscalls(stop, null) })
	for i := 0; i < 3; i++ {
		run(func() { contend(stop, &mu, &shared) })
	}
	run(func() { allocate(stop) })
	time.Sleep(time.Duration(*seconds * float64(time.Second)))
	close(stop)
	wg.Wait()
	pprof.StopCPUProfile()
	f.Close()
}
