/* timer.c: times whole processes for bench/scale.sh — from fork to reaped exit, with no shell
 * in between, so a 10 ms start-up is not swamped by the timer's own cost. With two commands
 * they run in turn (A B A B …) and the ratio is taken pair by pair, so drift in the machine's
 * speed moves both alike. A setup command, when given, runs untimed before each timed run.
 * Usage: timer RUNS [--setup 'SH-LINE'] -- A… [-- B…]
 * Prints: MEDIAN-A-MS [MEDIAN-B-MS MEDIAN-RATIO] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Runs argv with output discarded; returns the wall time, or -1 when it failed. */
static double run(char **argv) {
    double start = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    double end = now_ms();
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? end - start : -1;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, by_value);
    return v[(n - 1) / 2];
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fputs("usage: timer RUNS [--setup 'SH-LINE'] -- A... [-- B...]\n", stderr);
        return 2;
    }
    int runs = atoi(argv[1]), i = 2;
    const char *setup = NULL;
    if (strcmp(argv[i], "--setup") == 0) setup = argv[i + 1], i += 2;
    if (runs < 1 || i >= argc || strcmp(argv[i], "--") != 0) return 2;
    char **a = argv + i + 1, **b = NULL;
    for (int k = i + 1; k < argc; k++)
        if (strcmp(argv[k], "--") == 0) {
            argv[k] = NULL;
            b = argv + k + 1;
            break;
        }
    double *ta = calloc((size_t)runs, sizeof *ta), *tb = calloc((size_t)runs, sizeof *tb);
    double *ratio = calloc((size_t)runs, sizeof *ratio);
    char *shell[] = {"sh", "-c", (char *)setup, NULL};
    /* One untimed round warms the page cache and the font cache. */
    if ((setup && run(shell) < 0) || run(a) < 0 || (b && run(b) < 0)) {
        fprintf(stderr, "timer: a command failed: %s\n", a[0]);
        return 1;
    }
    for (int r = 0; r < runs; r++) {
        if (setup) run(shell);
        ta[r] = run(a);
        if (b) tb[r] = run(b);
        if (ta[r] < 0 || (b && tb[r] < 0)) {
            fprintf(stderr, "timer: a command failed: %s\n", ta[r] < 0 ? a[0] : b[0]);
            return 1;
        }
        if (b) ratio[r] = ta[r] / tb[r];
    }
    if (b)
        printf("%.1f %.1f %.2f\n", median(ta, runs), median(tb, runs), median(ratio, runs));
    else
        printf("%.1f\n", median(ta, runs));
    return 0;
}
