/* A syscall-bound program for the kernel-frames fixture: tiny reads, writes
 * and getpid calls, so most samples land in the kernel under a few named user
 * functions. Usage: syscalls [MILLISECONDS] (default 400). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

__attribute__((noinline)) long copy_bytes(int in, int out, int n)
{
	char c;
	long moved = 0;
	for (int i = 0; i < n; i++)
		if (read(in, &c, 1) == 1)
			moved += write(out, &c, 1);
	return moved;
}

__attribute__((noinline)) long ask_pid(int n)
{
	long sum = 0;
	for (int i = 0; i < n; i++)
		sum += syscall(SYS_getpid); /* the raw syscall: glibc does not cache it */
	return sum;
}

__attribute__((noinline)) long pipe_round_trips(int fds[2], int n)
{
	char c = 'x';
	long moved = 0;
	for (int i = 0; i < n; i++) {
		moved += write(fds[1], &c, 1);
		moved += read(fds[0], &c, 1);
	}
	return moved;
}

int main(int argc, char **argv)
{
	double limit = argc > 1 ? atof(argv[1]) : 400;
	int in = open("/dev/zero", O_RDONLY), out = open("/dev/null", O_WRONLY);
	int fds[2];
	if (in < 0 || out < 0 || pipe(fds) != 0)
		return 1;
	long total = 0;
	double start = now_ms();
	while (now_ms() - start < limit) {
		total += copy_bytes(in, out, 1000);
		total += ask_pid(1000);
		total += pipe_round_trips(fds, 500);
	}
	printf("%ld\n", total);
	return 0;
}
