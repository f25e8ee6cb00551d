/* =====================================================================================
 *  HISTOGRAM
 *  Fixed log-linear buckets, updated with relaxed atomics (no locks on the hot path).
 *  Values 1..16 have exact buckets; above that each power of two splits into 8 buckets
 *  (12.5% wide, so estimates are within about +-6%). A bucket holds (lo, hi]: a value v
 *  goes to index(v - 1), which makes every power of two an exact upper edge, so the
 *  Prometheus `le` bounds we print (powers of two) count exactly "<= le".
 * ===================================================================================== */
#define EB__HIST_SUB_BITS 3
#define EB__HIST_SUB (1 << EB__HIST_SUB_BITS)
#define EB__HIST_LINEAR 16                       /* exact buckets for v-1 in [0, 16) */
#define EB__HIST_BUCKETS (EB__HIST_LINEAR + (64 - 4) * EB__HIST_SUB)

typedef struct eb__hist {
    uint64_t buckets[EB__HIST_BUCKETS];
    uint64_t count, sum, max;
} eb__hist;

/* Index of x = v - 1 (x >= 0). */
EB__INLINE int eb__hist_index(uint64_t x) {
    int e, sub;
    if (x < EB__HIST_LINEAR) return (int)x;
    e = 63 - __builtin_clzll(x);                 /* e >= 4 */
    sub = (int)((x >> (e - EB__HIST_SUB_BITS)) & (EB__HIST_SUB - 1));
    return EB__HIST_LINEAR + (e - 4) * EB__HIST_SUB + sub;
}

/* Inclusive upper edge, in value space (v), of bucket i. */
EB__FN uint64_t eb__hist_upper(int i) {
    int e, sub;
    if (i < EB__HIST_LINEAR) return (uint64_t)i + 1;
    e = (i - EB__HIST_LINEAR) / EB__HIST_SUB + 4;
    sub = (i - EB__HIST_LINEAR) % EB__HIST_SUB;
    /* largest x in the bucket is ((8 + sub + 1) << (e - 3)) - 1, so v = that + 1 */
    if (e >= 63 && sub == EB__HIST_SUB - 1) return UINT64_MAX;
    return ((uint64_t)(EB__HIST_SUB + sub + 1)) << (e - EB__HIST_SUB_BITS);
}

EB__FN uint64_t eb__hist_lower(int i) {            /* exclusive lower edge */
    return i == 0 ? 0 : eb__hist_upper(i - 1);
}

EB__FN void eb__hist_add(eb__hist *h, uint64_t v) {
    uint64_t cur;
    int i = eb__hist_index(v ? v - 1 : 0);
    eb__fetch_add(&h->buckets[i], 1, EB__RELAXED);
    eb__fetch_add(&h->count, 1, EB__RELAXED);
    eb__fetch_add(&h->sum, v, EB__RELAXED);
    cur = eb__load(&h->max, EB__RELAXED);
    while (v > cur && !eb__cas_weak(&h->max, &cur, v, EB__RELAXED, EB__RELAXED)) {}
}

/* Snapshot of the buckets (each read atomically; the set is not one instant, which only
   matters while updates are in flight). Returns the total from the buckets. */
EB__FN uint64_t eb__hist_snapshot(const eb__hist *h, uint64_t *out) {
    uint64_t total = 0;
    int i;
    for (i = 0; i < EB__HIST_BUCKETS; i++) {
        out[i] = eb__load(&h->buckets[i], EB__RELAXED);
        total += out[i];
    }
    return total;
}

/* Quantile q in [0,1], interpolated linearly inside the bucket that holds it. */
EB__FN double eb__hist_quantile(const uint64_t *b, uint64_t total, double q, uint64_t max) {
    double rank, seen = 0, lo, hi, frac;
    int i;
    if (total == 0) return 0;
    rank = q * (double)total;
    if (rank < 1) rank = 1;
    for (i = 0; i < EB__HIST_BUCKETS; i++) {
        if (!b[i]) continue;
        if (seen + (double)b[i] >= rank) {
            lo = (double)eb__hist_lower(i);
            hi = (double)eb__hist_upper(i);
            if (max && hi > (double)max) hi = (double)max;
            if (hi < lo) hi = lo;
            frac = (rank - seen) / (double)b[i];
            return lo + (hi - lo) * frac;
        }
        seen += (double)b[i];
    }
    return (double)max;
}

EB__FN void eb__hist_summary(const eb__hist *h, eb_hist_summary *out) {
    uint64_t snap[EB__HIST_BUCKETS];
    uint64_t total = eb__hist_snapshot(h, snap);
    uint64_t max = eb__load(&h->max, EB__RELAXED);
    memset(out, 0, sizeof *out);
    out->count = total;
    out->sum = (double)eb__load(&h->sum, EB__RELAXED);
    out->max = (double)max;
    if (!total) return;
    out->mean = out->sum / (double)total;
    out->p50 = eb__hist_quantile(snap, total, 0.50, max);
    out->p95 = eb__hist_quantile(snap, total, 0.95, max);
    out->p99 = eb__hist_quantile(snap, total, 0.99, max);
}

/* ---- Prometheus text writer (bounded, never overflows; counts the bytes it needed) ---- */
typedef struct eb__textbuf { char *buf; size_t cap, len; } eb__textbuf;

EB__FN void eb__tb_printf(eb__textbuf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
EB__FN void eb__tb_printf(eb__textbuf *t, const char *fmt, ...) {
    va_list ap;
    int n;
    size_t room = t->len < t->cap ? t->cap - t->len : 0;
    va_start(ap, fmt);
    n = vsnprintf(room ? t->buf + t->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0) t->len += (size_t)n;
}

/* Writes one histogram family with power-of-two `le` edges from 1 up to the largest
   observed value. scale converts the recorded unit to the exported one (1e-6: us -> s). */
EB__FN void eb__hist_prometheus(eb__textbuf *t, const eb__hist *h, const char *name,
                                const char *help, double scale) {
    uint64_t snap[EB__HIST_BUCKETS];
    uint64_t total = eb__hist_snapshot(h, snap), cum = 0, edge;
    uint64_t max = eb__load(&h->max, EB__RELAXED);
    int i = 0;
    eb__tb_printf(t, "# HELP %s %s\n# TYPE %s histogram\n", name, help, name);
    for (edge = 1;; edge <<= 1) {
        while (i < EB__HIST_BUCKETS && eb__hist_upper(i) <= edge) cum += snap[i++];
        eb__tb_printf(t, "%s_bucket{le=\"%.9g\"} %llu\n", name, (double)edge * scale,
                      (unsigned long long)cum);
        if (edge >= max || edge >= ((uint64_t)1 << 62)) break;
    }
    eb__tb_printf(t, "%s_bucket{le=\"+Inf\"} %llu\n", name, (unsigned long long)total);
    eb__tb_printf(t, "%s_sum %.9g\n%s_count %llu\n", name,
                  (double)eb__load(&h->sum, EB__RELAXED) * scale, name, (unsigned long long)total);
}
