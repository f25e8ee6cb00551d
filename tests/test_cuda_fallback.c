/* CUDA -> CPU fallback, on any machine (CI has no GPU): the CUDA backend compiled in but
 * without a usable driver fails cleanly with EB_UNAVAILABLE and a reason, and
 * eb_backend_auto() hands back a working CPU backend and says why. A missing model is a
 * failure (make models). On a GPU machine the default-driver case may succeed instead. */
#define EMBEDBATCH_CUDA
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"
#include "eb_test.h"

#define DIM 384

static const char *model_dir(void) {
    const char *d = getenv("EB_MODEL_DIR");
    return d && *d ? d : "models/all-MiniLM-L6-v2";
}

typedef struct log_seen { int warn; char last[512]; } log_seen;
static void log_fn(eb_log_level level, const char *msg, void *user) {
    log_seen *l = (log_seen *)user;
    if (level == EB_LOG_WARN) l->warn++;
    snprintf(l->last, sizeof l->last, "%s", msg);
}

static void test_bad_arguments(void) {
    eb_cuda_desc d;
    eb_backend *be = (eb_backend *)&d;  /* must be reset to NULL */
    EB_CHECK_STATUS(eb_backend_cuda(NULL, NULL), EB_INVALID_ARGUMENT);
    EB_CHECK_STATUS(eb_backend_cuda(NULL, &be), EB_INVALID_ARGUMENT);
    EB_CHECK(be == NULL);
    memset(&d, 0, sizeof d);
    d.model_dir = model_dir();
    d.streams = -1;
    EB_CHECK_STATUS(eb_backend_cuda(&d, &be), EB_INVALID_ARGUMENT);
    d.streams = 0;
    d.device = -2;
    EB_CHECK_STATUS(eb_backend_cuda(&d, &be), EB_INVALID_ARGUMENT);
    d.device = 0;
    d.allocator.alloc = NULL;
    d.allocator.free = NULL;
    EB_CHECK_STATUS(eb_backend_auto(NULL, NULL), EB_INVALID_ARGUMENT);
}

/* No driver library at all: the dlopen path. */
static void test_no_driver(void) {
    eb_cuda_desc d;
    eb_backend *be = (eb_backend *)&d;
    memset(&d, 0, sizeof d);
    d.model_dir = model_dir();
    d.driver_lib = "libembedbatch-no-such-driver.so.1";
    EB_CHECK_STATUS(eb_backend_cuda(&d, &be), EB_UNAVAILABLE);
    EB_CHECK(be == NULL);
    EB_CHECK_MSG(strstr(eb_last_error(), "no NVIDIA driver") != NULL, "%s", eb_last_error());
    EB_CHECK_MSG(strstr(eb_last_error(), "libembedbatch-no-such-driver.so.1") != NULL, "%s", eb_last_error());
}

/* The toolkit's stub libcuda.so (present where nvcc is installed) resolves every symbol and
   fails cuInit: the path past dlsym. */
static void test_stub_driver(void) {
    static const char *const stubs[] = {"/usr/local/cuda/lib64/stubs/libcuda.so",
                                        "/usr/local/cuda/targets/x86_64-linux/lib/stubs/libcuda.so"};
    eb_cuda_desc d;
    eb_backend *be = NULL;
    size_t i;
    for (i = 0; i < sizeof stubs / sizeof stubs[0]; i++) {
        FILE *f = fopen(stubs[i], "rb");
        if (!f) continue;
        fclose(f);
        memset(&d, 0, sizeof d);
        d.model_dir = model_dir();
        d.driver_lib = stubs[i];
        EB_CHECK_STATUS(eb_backend_cuda(&d, &be), EB_UNAVAILABLE);
        EB_CHECK(be == NULL);
        EB_CHECK_MSG(strstr(eb_last_error(), "cuInit") != NULL, "%s", eb_last_error());
        fprintf(stderr, "  stub %s: %s\n", stubs[i], eb_last_error());
        return;
    }
    fprintf(stderr, "  (no CUDA stub library here: dlsym path not exercised)\n");
}

/* The default driver: unavailable without a GPU; if this machine has one, a real backend. */
static void test_default_driver(void) {
    eb_cuda_desc d;
    eb_backend *be = NULL;
    eb_status s;
    memset(&d, 0, sizeof d);
    d.model_dir = model_dir();
    d.streams = 1;
    d.max_batch_tokens = 512;
    s = eb_backend_cuda(&d, &be);
    if (s == EB_OK) {
        eb_backend_info info;
        eb_backend_get_info(be, &info);
        EB_CHECK(strncmp(info.name, "cuda:", 5) == 0);
        EB_CHECK_EQ_INT(info.dim, DIM);
        fprintf(stderr, "  a GPU is here: %s\n", info.name);
        eb_backend_destroy(be);
        return;
    }
    EB_CHECK_STATUS(s, EB_UNAVAILABLE);
    EB_CHECK(be == NULL);
    EB_CHECK(eb_last_error()[0] != 0);
    fprintf(stderr, "  default driver: %s\n", eb_last_error());
}

static double norm(const float *v, int n) {
    double s = 0;
    int i;
    for (i = 0; i < n; i++) s += (double)v[i] * v[i];
    return sqrt(s);
}

/* CUDA cannot start: auto returns the CPU backend, says why, logs a warning, and works. */
static void test_auto_falls_back(void) {
    eb_auto_desc d;
    eb_backend *be = NULL;
    eb_backend_info info;
    log_seen seen;
    const char *text = "The fallback backend still embeds text.";
    size_t len = strlen(text);
    float v[DIM], w[DIM];
    int i, same = 1;
    memset(&d, 0, sizeof d);
    memset(&seen, 0, sizeof seen);
    d.model_dir = model_dir();
    d.cuda.driver_lib = "libembedbatch-no-such-driver.so.1";
    d.cpu.threads = 1;
    d.logger.func = log_fn;
    d.logger.user = &seen;
    EB_CHECK_STATUS(eb_backend_auto(&d, &be), EB_OK);
    if (!be) return;
    EB_CHECK_MSG(strstr(eb_last_error(), "CUDA not used") != NULL, "%s", eb_last_error());
    EB_CHECK_MSG(strstr(eb_last_error(), "no NVIDIA driver") != NULL, "%s", eb_last_error());
    EB_CHECK_EQ_INT(seen.warn, 1);
    EB_CHECK_MSG(strstr(seen.last, "using the CPU backend") != NULL, "%s", seen.last);
    eb_backend_get_info(be, &info);
    EB_CHECK(strncmp(info.name, "cuda:", 5) != 0);
    EB_CHECK_EQ_INT(info.dim, DIM);
    EB_CHECK_STATUS(eb_backend_embed(be, &text, &len, 1, v, DIM), EB_OK);
    EB_CHECK(fabs(norm(v, DIM) - 1.0) < 1e-4);
    EB_CHECK_STATUS(eb_backend_embed(be, &text, &len, 1, w, DIM), EB_OK);
    for (i = 0; i < DIM; i++) same &= v[i] == w[i];
    EB_CHECK(same);
    eb_backend_destroy(be);
}

static void test_auto_no_cuda(void) {
    eb_auto_desc d;
    eb_backend *be = NULL;
    memset(&d, 0, sizeof d);
    d.model_dir = model_dir();
    d.no_cuda = 1;
    d.cpu.threads = 1;
    EB_CHECK_STATUS(eb_backend_auto(&d, &be), EB_OK);
    EB_CHECK_MSG(strstr(eb_last_error(), "no_cuda") != NULL, "%s", eb_last_error());
    if (be) {
        eb_backend_info info;
        eb_backend_get_info(be, &info);
        EB_CHECK(strncmp(info.name, "cuda:", 5) != 0);
        eb_backend_destroy(be);
    }
}

/* Neither backend can start: the CPU's status comes back, with both reasons. */
static void test_auto_both_fail(void) {
    eb_auto_desc d;
    eb_backend *be = (eb_backend *)&d;
    eb_status s;
    memset(&d, 0, sizeof d);
    d.model_dir = "/nonexistent/embedbatch-model";
    d.cuda.driver_lib = "libembedbatch-no-such-driver.so.1";
    s = eb_backend_auto(&d, &be);
    EB_CHECK(s != EB_OK);
    EB_CHECK(be == NULL);
    EB_CHECK_MSG(strstr(eb_last_error(), "CUDA:") != NULL && strstr(eb_last_error(), "CPU:") != NULL, "%s", eb_last_error());
}

int main(void) {
    EB_RUN(test_bad_arguments);
    EB_RUN(test_no_driver);
    EB_RUN(test_stub_driver);
    EB_RUN(test_default_driver);
    EB_RUN(test_auto_falls_back);
    EB_RUN(test_auto_no_cuda);
    EB_RUN(test_auto_both_fail);
    return eb_test_summary();
}
