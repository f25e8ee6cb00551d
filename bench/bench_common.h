/* Small helpers shared by the bench programs: monotonic time, medians, a machine/date header, rate
 * formatting, argument parsing. Generic on purpose: no embedbatch types in here.
 * Include it after embedbatch.h (whose implementation turns on the POSIX feature macros),
 * or first of all. */
#ifndef EB_BENCH_COMMON_H
#define EB_BENCH_COMMON_H
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#  define _GNU_SOURCE 1
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sched.h>

#define BENCH_FN static __attribute__((unused))

BENCH_FN int64_t bench_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

BENCH_FN double bench_now_s(void) { return (double)bench_now_ns() * 1e-9; }

static int bench__cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts v in place and returns its median (mean of the middle two for even n). */
BENCH_FN double bench_median(double *v, int n) {
    if (n <= 0) return 0;
    qsort(v, (size_t)n, sizeof *v, bench__cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* After bench_median (sorted): smallest and largest. */
BENCH_FN double bench_min(const double *sorted, int n) { return n > 0 ? sorted[0] : 0; }
BENCH_FN double bench_max(const double *sorted, int n) { return n > 0 ? sorted[n - 1] : 0; }

/* 12345678 -> "12.3M"; for table cells. */
BENCH_FN const char *bench_si(double v, char *buf, size_t cap) {
    const char *unit = "";
    if (v >= 1e9) { v /= 1e9; unit = "G"; }
    else if (v >= 1e6) { v /= 1e6; unit = "M"; }
    else if (v >= 1e3) { v /= 1e3; unit = "k"; }
    snprintf(buf, cap, v >= 100 ? "%.0f%s" : v >= 10 ? "%.1f%s" : "%.2f%s", v, unit);
    return buf;
}

BENCH_FN int bench_online_cpus(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* The "model name" line of /proc/cpuinfo (or "unknown cpu"). */
BENCH_FN const char *bench_cpu_model(char *buf, size_t cap) {
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    snprintf(buf, cap, "unknown cpu");
    if (!f) return buf;
    while (fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) == 0 && colon) {
            size_t len;
            colon++;
            while (*colon == ' ' || *colon == '\t') colon++;
            len = strcspn(colon, "\n");
            snprintf(buf, cap, "%.*s", (int)len, colon);
            break;
        }
    }
    fclose(f);
    return buf;
}

/* The 1-minute load average ("?" if unknown): other work on the machine skews timings. */
BENCH_FN const char *bench_loadavg(char *buf, size_t cap) {
    FILE *f = fopen("/proc/loadavg", "r");
    double l1;
    snprintf(buf, cap, "?");
    if (f) {
        if (fscanf(f, "%lf", &l1) == 1) snprintf(buf, cap, "%.2f", l1);
        fclose(f);
    }
    return buf;
}

/* One header line: what ran where and when, so tables can be compared honestly. */
BENCH_FN void bench_print_machine(FILE *out) {
    char model[256], date[64], load[32];
    time_t t = time(NULL);
    struct tm tmv;
    gmtime_r(&t, &tmv);
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", &tmv);
    fprintf(out, "machine: %s, %d online cpus (nproc), load average %s at start; %s; compiler %s\n",
            bench_cpu_model(model, sizeof model), bench_online_cpus(), bench_loadavg(load, sizeof load), date,
#ifdef __VERSION__
            __VERSION__
#else
            "unknown"
#endif
    );
}

/* "--name V" or "--name=V"; def when absent. */
BENCH_FN const char *bench_arg(int argc, char **argv, const char *name, const char *def) {
    size_t len = strlen(name);
    int i;
    for (i = 1; i < argc; i++) {
        if (strncmp(argv[i], name, len) != 0) continue;
        if (argv[i][len] == '=') return argv[i] + len + 1;
        if (argv[i][len] == '\0' && i + 1 < argc) return argv[i + 1];
    }
    return def;
}

BENCH_FN long bench_arg_long(int argc, char **argv, const char *name, long def) {
    const char *v = bench_arg(argc, argv, name, NULL);
    return v ? strtol(v, NULL, 10) : def;
}

BENCH_FN int bench_has_flag(int argc, char **argv, const char *name) {
    int i;
    for (i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0) return 1;
    return 0;
}

/* A start line for threads: each spins (then yields) until the main thread opens it, so
   thread creation stays out of the timed region. */
typedef struct bench_gate { int open; int ready; } bench_gate;

BENCH_FN void bench_gate_wait(bench_gate *g) {
    __atomic_fetch_add(&g->ready, 1, __ATOMIC_ACQ_REL);
    while (!__atomic_load_n(&g->open, __ATOMIC_ACQUIRE)) sched_yield();
}

/* Waits for n threads at the gate, opens it and returns the start time (ns). */
BENCH_FN int64_t bench_gate_open(bench_gate *g, int n) {
    int64_t t0;
    while (__atomic_load_n(&g->ready, __ATOMIC_ACQUIRE) < n) sched_yield();
    t0 = bench_now_ns();
    __atomic_store_n(&g->open, 1, __ATOMIC_RELEASE);
    return t0;
}

#endif
