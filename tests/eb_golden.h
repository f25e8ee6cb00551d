/* Reads the golden sets written by tools/make_golden.py (formats in each meta.json):
 *   texts.bin      u32 count; per text: u32 byte length, UTF-8 bytes
 *   ids.bin        per text: u32 n, n x i32 ids
 *   emb.f32        count x dim float32, row-major
 *   tok-stress.bin u32 count; per item: u32 byte length, bytes, u32 n, n x i32 ids
 * Paths: $EB_GOLDEN_DIR/<model>/ (the Makefile exports it); models: $EB_MODELS/<model>.
 * A missing file is a loud failure, never a skip. Valid C99/C11/C++17. */
#ifndef EB_GOLDEN_H
#define EB_GOLDEN_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <math.h>

typedef struct eb_golden {
    uint32_t n;
    char **text;
    uint32_t *len;
    int32_t **ids;
    uint32_t *nids;
    float *emb;          /* n x dim, or NULL when not loaded */
    int dim;
} eb_golden;

static __attribute__((unused)) const char *eb_golden_dir(void) {
    const char *d = getenv("EB_GOLDEN_DIR");
    return d && *d ? d : "tests/golden";
}

/* $EB_MODELS/name, or models/name. */
static __attribute__((unused)) void eb_golden_model_dir(char *buf, size_t cap, const char *name) {
    const char *d = getenv("EB_MODELS");
    snprintf(buf, cap, "%s/%s", d && *d ? d : "models", name);
}

static unsigned char *eb_golden_slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    unsigned char *b;
    long n;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) { fclose(f); return NULL; }
    b = (unsigned char *)malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) { free(b); b = NULL; }
    fclose(f);
    if (b) *len = (size_t)n;
    return b;
}

static uint32_t eb_golden_u32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static __attribute__((unused)) void eb_golden_free(eb_golden *g) {
    uint32_t i;
    for (i = 0; i < g->n; i++) {
        if (g->text) free(g->text[i]);
        if (g->ids) free(g->ids[i]);
    }
    free(g->text); free(g->len); free(g->ids); free(g->nids); free(g->emb);
    memset(g, 0, sizeof *g);
}

/* Loads <model>/texts.bin + ids.bin (+ emb.f32 when dim > 0), or tok-stress.bin when stress.
   Returns 0 on success; prints why and returns 1 otherwise. */
static __attribute__((unused)) int eb_golden_load(eb_golden *g, const char *model, int stress, int dim) {
    char p1[4096], p2[4096];
    unsigned char *a, *b = NULL;
    size_t la, lb = 0, ia = 4, ib = 0;
    uint32_t i;
    memset(g, 0, sizeof *g);
    snprintf(p1, sizeof p1, "%s/%s/%s", eb_golden_dir(), model, stress ? "tok-stress.bin" : "texts.bin");
    snprintf(p2, sizeof p2, "%s/%s/ids.bin", eb_golden_dir(), model);
    if (!(a = eb_golden_slurp(p1, &la)) || la < 4) {
        fprintf(stderr, "  FAIL: golden file %s is missing or empty (EB_GOLDEN_DIR)\n", p1);
        free(a);
        return 1;
    }
    if (!stress && !(b = eb_golden_slurp(p2, &lb))) {
        fprintf(stderr, "  FAIL: golden file %s is missing\n", p2);
        free(a);
        return 1;
    }
    g->n = eb_golden_u32(a);
    g->text = (char **)calloc(g->n + 1, sizeof(char *));
    g->len = (uint32_t *)calloc(g->n + 1, sizeof(uint32_t));
    g->ids = (int32_t **)calloc(g->n + 1, sizeof(int32_t *));
    g->nids = (uint32_t *)calloc(g->n + 1, sizeof(uint32_t));
    for (i = 0; i < g->n; i++) {
        const unsigned char *src = stress ? a : b;
        size_t *is = stress ? &ia : &ib, lim = stress ? la : lb;
        uint32_t k;
        if (ia + 4 > la || (g->len[i] = eb_golden_u32(a + ia)) > la - ia - 4) break;
        g->text[i] = (char *)malloc(g->len[i] + 1);
        memcpy(g->text[i], a + ia + 4, g->len[i]);
        g->text[i][g->len[i]] = 0;
        ia += 4 + g->len[i];
        if (*is + 4 > lim || (g->nids[i] = eb_golden_u32(src + *is)) > (lim - *is - 4) / 4) break;
        g->ids[i] = (int32_t *)malloc(4 * (size_t)g->nids[i] + 4);
        for (k = 0; k < g->nids[i]; k++) g->ids[i][k] = (int32_t)eb_golden_u32(src + *is + 4 + 4 * (size_t)k);
        *is += 4 + 4 * (size_t)g->nids[i];
    }
    free(a);
    free(b);
    if (i != g->n) {
        fprintf(stderr, "  FAIL: golden file %s is truncated at item %u\n", p1, i);
        eb_golden_free(g);
        return 1;
    }
    if (dim > 0) {
        size_t le = 0;
        unsigned char *e;
        snprintf(p1, sizeof p1, "%s/%s/emb.f32", eb_golden_dir(), model);
        if (!(e = eb_golden_slurp(p1, &le)) || le != (size_t)g->n * (size_t)dim * 4) {
            fprintf(stderr, "  FAIL: golden file %s is missing or not %u x %d floats\n", p1, g->n, dim);
            free(e);
            eb_golden_free(g);
            return 1;
        }
        g->emb = (float *)malloc(le);
        memcpy(g->emb, e, le);      /* little-endian hosts only, like the rest of the project */
        free(e);
        g->dim = dim;
    }
    return 0;
}

static __attribute__((unused)) double eb_golden_cosine(const float *a, const float *b, int n) {
    double d = 0, na = 0, nb = 0;
    int i;
    for (i = 0; i < n; i++) { d += (double)a[i] * b[i]; na += (double)a[i] * a[i]; nb += (double)b[i] * b[i]; }
    if (na == 0 || nb == 0) return na == nb ? 1.0 : 0.0;
    return d / (sqrt(na) * sqrt(nb));
}
#endif
