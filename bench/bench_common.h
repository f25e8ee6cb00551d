/* Small helpers shared by the benchmarks: sample sets with quantiles, machine banner,
 * argument parsing. Benchmarks print markdown tables; nothing here asserts anything. */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
static __attribute__((unused)) void bench_print_machine(const char *what) {
    char model[256] = "unknown cpu", line[512];
    FILE *f = fopen("/proc/cpuinfo", "r");
    time_t now = time(NULL);
    char date[32];
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
    strftime(date, sizeof date, "%Y-%m-%d", gmtime(&now));
    printf("%s\nmachine: %s, %ld online cores; date %s\n\n", what, model, sysconf(_SC_NPROCESSORS_ONLN), date);
}
#endif
