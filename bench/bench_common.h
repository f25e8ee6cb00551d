/* Small helpers shared by the benchmarks: sample sets with quantiles, machine banner,
 * argument parsing. Benchmarks print markdown tables; nothing here asserts anything. */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <stdint.h>
#include <sched.h>

/* Texts, one per line (line ends stripped, empty lines skipped), as the peers' harness reads
   the files in bench/texts/. Returns the count (0: unreadable or empty). */
typedef struct bench_texts { char **s; size_t *len; int n; } bench_texts;

static __attribute__((unused)) int bench_load_texts(const char *path, bench_texts *t) {
    FILE *f = fopen(path, "rb");
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    int capn = 0;
    memset(t, 0, sizeof *t);
    if (!f) return 0;
    while ((got = getline(&line, &cap, f)) > 0) {
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r')) line[--got] = 0;
        if (!got) continue;
        if (t->n == capn) {
            capn = capn ? capn * 2 : 1024;
            t->s = (char **)realloc(t->s, (size_t)capn * sizeof(char *));
            t->len = (size_t *)realloc(t->len, (size_t)capn * sizeof(size_t));
        }
        t->s[t->n] = strdup(line);
        t->len[t->n++] = (size_t)got;
    }
    free(line);
    fclose(f);
    return t->n;
}

typedef struct bench_samples { double *v; size_t n, cap; int sorted; } bench_samples;

static __attribute__((unused)) void bench_samples_init(bench_samples *s) { memset(s, 0, sizeof *s); }
static __attribute__((unused)) void bench_samples_free(bench_samples *s) { free(s->v); memset(s, 0, sizeof *s); }
static __attribute__((unused)) void bench_samples_add(bench_samples *s, double x) {
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 1024;
        s->v = (double *)realloc(s->v, sizeof(double) * s->cap);
    }
    s->v[s->n++] = x;
    s->sorted = 0;
}
static __attribute__((unused)) int bench_cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}
/* Nearest-rank quantile, q in [0,1]; 0 for an empty set. */
static __attribute__((unused)) double bench_samples_quantile(bench_samples *s, double q) {
    size_t i;
    if (!s->n) return 0;
    if (!s->sorted) { qsort(s->v, s->n, sizeof(double), bench_cmp_double); s->sorted = 1; }
    i = (size_t)(q * (double)(s->n - 1) + 0.5);
    return s->v[i < s->n ? i : s->n - 1];
}
static __attribute__((unused)) double bench_median(double *v, size_t n) {
    bench_samples s;
    double m;
    size_t i;
    bench_samples_init(&s);
    for (i = 0; i < n; i++) bench_samples_add(&s, v[i]);
    m = bench_samples_quantile(&s, 0.5);
    bench_samples_free(&s);
    return m;
}

static __attribute__((unused)) double bench_now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* "1,10,64" -> ints; returns how many were parsed. */
static __attribute__((unused)) int bench_parse_ints(const char *s, int *out, int max) {
    int n = 0;
    while (*s && n < max) {
        char *end;
        long v = strtol(s, &end, 10);
        if (end == s) break;
        out[n++] = (int)v;
        s = *end == ',' ? end + 1 : end;
    }
    return n;
}

/* One line naming the machine and date, so every table says where it came from. */
/* The 1-minute load average ("?" if unknown): other work on the machine skews timings. */
static __attribute__((unused)) const char *bench_loadavg(char *buf, size_t cap) {
    FILE *f = fopen("/proc/loadavg", "r");
    double l1;
    snprintf(buf, cap, "?");
    if (f) {
        if (fscanf(f, "%lf", &l1) == 1) snprintf(buf, cap, "%.2f", l1);
        fclose(f);
    }
    return buf;
}

static __attribute__((unused)) void bench_print_machine(const char *what) {
    char model[256] = "unknown cpu", line[512], load[32];
    FILE *f = fopen("/proc/cpuinfo", "r");
    time_t now = time(NULL);
    char date[48];
    if (f) {
        while (fgets(line, sizeof line, f)) {
            if (!strncmp(line, "model name", 10)) {
                char *p = strchr(line, ':');
                if (p) { snprintf(model, sizeof model, "%s", p + 2); model[strcspn(model, "\n")] = 0; }
                break;
            }
        }
        fclose(f);
    }
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&now));
    printf("%s\nmachine: %s, %ld online cores, load average %s at start; date %s\n\n", what, model,
           sysconf(_SC_NPROCESSORS_ONLN), bench_loadavg(load, sizeof load), date);
}

static __attribute__((unused)) int64_t bench_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* 12345678 -> "12.3M"; for table cells. */
static __attribute__((unused)) const char *bench_si(double v, char *buf, size_t cap) {
    const char *unit = "";
    if (v >= 1e9) { v /= 1e9; unit = "G"; }
    else if (v >= 1e6) { v /= 1e6; unit = "M"; }
    else if (v >= 1e3) { v /= 1e3; unit = "k"; }
    snprintf(buf, cap, v >= 100 ? "%.0f%s" : v >= 10 ? "%.1f%s" : "%.2f%s", v, unit);
    return buf;
}

/* "--name V" or "--name=V"; def when absent. */
static __attribute__((unused)) const char *bench_arg(int argc, char **argv, const char *name, const char *def) {
    size_t len = strlen(name);
    int i;
    for (i = 1; i < argc; i++) {
        if (strncmp(argv[i], name, len) != 0) continue;
        if (argv[i][len] == '=') return argv[i] + len + 1;
        if (argv[i][len] == '\0' && i + 1 < argc) return argv[i + 1];
    }
    return def;
}

static __attribute__((unused)) long bench_arg_long(int argc, char **argv, const char *name, long def) {
    const char *v = bench_arg(argc, argv, name, NULL);
    return v ? strtol(v, NULL, 10) : def;
}

static __attribute__((unused)) int bench_has_flag(int argc, char **argv, const char *name) {
    int i;
    for (i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0) return 1;
    return 0;
}

/* A start line for threads: each yields until the main thread opens it, so thread creation
   stays out of the timed region. */
typedef struct bench_gate { int open; int ready; } bench_gate;

static __attribute__((unused)) void bench_gate_wait(bench_gate *g) {
    __atomic_fetch_add(&g->ready, 1, __ATOMIC_ACQ_REL);
    while (!__atomic_load_n(&g->open, __ATOMIC_ACQUIRE)) sched_yield();
}

/* Waits for n threads at the gate, then opens it; returns the start time (ns). */
static __attribute__((unused)) int64_t bench_gate_open(bench_gate *g, int n) {
    int64_t t0;
    while (__atomic_load_n(&g->ready, __ATOMIC_ACQUIRE) < n) sched_yield();
    t0 = bench_now_ns();
    __atomic_store_n(&g->open, 1, __ATOMIC_RELEASE);
    return t0;
}
#endif
