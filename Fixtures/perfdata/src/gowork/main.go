// A Go workload for flame's perf.data fixtures: goroutines doing CPU work,
// system calls, channel hand-offs and allocation, for the seconds given.
package main

import (
	"os"
	"strconv"
	"sync"
	"time"
)

var sink uint64

//go:noinline
func cpuWork(n int) uint64 {
	var h uint64 = 1469598103934665603
	for i := 0; i < n; i++ {
		h ^= uint64(i)
		h *= 1099511628211
	}
	return h
}

//go:noinline
func hashWork(buf []byte) [32]byte {
	var out [32]byte
	for round := 0; round < 64; round++ {
		for i, b := range buf {
			out[i%32] = out[i%32]*31 + b + byte(round)
		}
	}
	return out
}

func cpuLoop(stop <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	buf := make([]byte, 4096)
	for {
		select {
		case <-stop:
			return
		default:
		}
		sink += cpuWork(200000)
		s := hashWork(buf)
		buf[0] = s[0]
	}
}

func syscallLoop(stop <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	f, err := os.Open("/dev/zero")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	buf := make([]byte, 64)
	for {
		select {
		case <-stop:
			return
		default:
		}
		for i := 0; i < 100; i++ {
			f.Read(buf)
		}
	}
}

func channelLoop(stop <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
	}()
	for v := 0; ; v++ {
		select {
		case <-stop:
			close(ping)
			return
		default:
		}
		ping <- v
		<-pong
	}
}

type node struct {
	next *node
	data [48]byte
}

//go:noinline
func allocate(n int) *node {
	var head *node
	for i := 0; i < n; i++ {
		head = &node{next: head}
	}
	return head
}

func allocLoop(stop <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		select {
		case <-stop:
			return
		default:
		}
		if allocate(10000) == nil {
			panic("unreachable")
		}
	}
}

func main() {
	seconds := 1.0
	if len(os.Args) > 1 {
		if v, err := strconv.ParseFloat(os.Args[1], 64); err == nil {
			seconds = v
		}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, loop := range []func(<-chan struct{}, *sync.WaitGroup){cpuLoop, syscallLoop, channelLoop, allocLoop} {
		wg.Add(1)
		go loop(stop, &wg)
	}
	time.Sleep(time.Duration(seconds * float64(time.Second)))
	close(stop)
	wg.Wait()
}
