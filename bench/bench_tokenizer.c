/* Tokenizer throughput: ids/s and MB/s on English sentences and on mixed Unicode text, each
 * text encoded as the CPU backend does (max 256 ids, ST's MiniLM limit). One thread by
 * default: wall time and the thread's CPU time (steadier on a shared machine), medians of
 * --reps runs. --threads N runs N threads over the same texts at once (aggregate ids/s).
 *
 *   make build/bench/bench_tokenizer && build/bench/bench_tokenizer [--model DIR] [--reps N]
 *        [--texts N] [--threads N] [--dump-texts PREFIX]
 *
 * --dump-texts writes PREFIX-english.bin and PREFIX-mixed.bin (u32 count, then u32 len + bytes
 * per text) so bench/tokenizer_peer.py times Hugging Face tokenizers on the very same texts. */
#define EMBEDBATCH_IMPLEMENTATION
#include "embedbatch.h"

static const char *const english[] = {
    "The city council approved a new budget on Tuesday that increases funding for public transit by twelve percent.",
    "Scientists have discovered a previously unknown species of frog in the cloud forests of northern Peru.",
    "How do I reset my password if I no longer have access to the email address on my account?",
    "This blender is surprisingly quiet, and it crushes ice in seconds; I'd buy it again.",
    "The quarterly report shows revenue of $4.2 billion, up 8% from the same period last year.",
    "To install the package, run pip install -r requirements.txt and restart the server.",
    "She walked along the beach at sunset, listening to the waves and thinking about the future.",
    "What are the side effects of taking ibuprofen and acetaminophen together?",
    "The museum's new exhibit features more than 200 paintings from the Dutch Golden Age.",
    "Our team is hiring a senior backend engineer with experience in distributed systems.",
    "Heavy rain is expected across the region through Friday, with flooding possible in low-lying areas.",
    "The recipe calls for two cups of flour, one teaspoon of baking soda, and a pinch of salt.",
    "Can you recommend a good book about the history of the Roman Empire?",
    "The defendant pleaded not guilty to all charges during Monday's hearing.",
    "Machine learning models can learn representations of text that capture semantic similarity.",
    "I ordered the wrong size, so I returned the shoes and got a full refund within a week.",
    "The train from Boston to New York was delayed by forty-five minutes because of a signal problem.",
    "Photosynthesis converts light energy into chemical energy stored in glucose molecules.",
    "Please submit your application before the deadline on March 31st, 2025.",
    "The new smartphone has a larger battery, a brighter display, and an improved camera system.",
    "Researchers found that regular exercise reduces the risk of heart disease by about 30 percent.",
    "Why does my laptop fan run so loudly even when I'm not doing anything demanding?",
    "The hotel was clean and the staff were friendly, but the Wi-Fi kept disconnecting.",
    "Local farmers say the drought has cut their wheat harvest nearly in half this season.",
    "An embedding maps each sentence to a vector, so similar sentences end up close together.",
    "The company announced layoffs affecting roughly 1,200 employees across three divisions.",
    "Don't forget to water the plants and feed the cat while we're away this weekend.",
    "The championship game went into overtime before the home team finally scored the winning goal.",
    "Is it safe to travel to the mountains in winter without snow chains?",
    "The software update fixes several security vulnerabilities and improves battery life.",
};

static const char *const mixed[] = {
    "Le café de la gare sert une crème brûlée délicieuse, même le dimanche.",
    "Die Straße war nass, und die Kinder spielten trotzdem draußen im Regen.",
    "Москва — столица России, и там живёт более двенадцати миллионов человек.",
    "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας και μία από τις αρχαιότερες πόλεις.",
    "東京は日本の首都であり、世界で最も人口の多い都市圏の一つです。",
    "北京是中国的首都，有着三千多年的建城史。",
    "서울은 대한민국의 수도이며 인구가 약 천만 명입니다.",
    "القاهرة هي عاصمة مصر وأكبر مدنها من حيث عدد السكان.",
    "ירושלים היא עיר עתיקה בעלת היסטוריה ארוכה ומרתקת.",
    "नई दिल्ली भारत की राजधानी है और यहाँ कई ऐतिहासिक स्मारक हैं।",
    "กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทย",
    "İstanbul'da Boğaz'ın iki yakası köprülerle birbirine bağlanır.",
    "Great product 😀👍 — would buy again!!! ★★★★★",
    "Ça coûte 12,50 € ou ¥1 800 ; naïve façade, résumé, coöperate, Zürich.",
    "ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ and ﬁ ﬂ ligatures, x² + y² = z², ½ cup.",
    "São Paulo é a maior cidade do Brasil e também da América do Sul.",
};

typedef struct text { char *s; size_t len; } text;

/* Deterministic texts of 1 to 4 sentences each. */
static text *make_texts(const char *const *src, int nsrc, int n, uint64_t seed, size_t *bytes) {
    text *t = (text *)calloc((size_t)n, sizeof *t);
    int i, k;
    *bytes = 0;
    for (i = 0; i < n; i++) {
        int parts = 1 + (int)(eb__splitmix64(&seed) % 4);
        size_t len = 0;
        char *s = (char *)malloc(4096);
        for (k = 0; k < parts; k++) {
            const char *p = src[eb__splitmix64(&seed) % (uint64_t)nsrc];
            size_t l = strlen(p);
            if (k) s[len++] = ' ';
            memcpy(s + len, p, l);
            len += l;
        }
        t[i].s = s;
        t[i].len = len;
        *bytes += len;
    }
    return t;
}

static void dump(const char *path, const text *t, int n) {
    FILE *f = fopen(path, "wb");
    uint32_t c = (uint32_t)n;
    int i;
    if (!f) { perror(path); exit(1); }
    fwrite(&c, 4, 1, f);
    for (i = 0; i < n; i++) {
        uint32_t l = (uint32_t)t[i].len;
        fwrite(&l, 4, 1, f);
        fwrite(t[i].s, 1, t[i].len, f);
    }
    fclose(f);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double cpu_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct job {
    const eb__tokenizer *tk;
    const text *t;
    int n;
    long long tokens;
    double cpu;
} job;

static void *encode_all(void *arg) {
    job *j = (job *)arg;
    int32_t ids[256];
    double c0 = cpu_seconds();
    int i;
    j->tokens = 0;
    for (i = 0; i < j->n; i++) j->tokens += eb__tokenizer_encode(j->tk, j->t[i].s, j->t[i].len, ids, 256);
    j->cpu = cpu_seconds() - c0;
    return NULL;
}

static void run(const char *name, const eb__tokenizer *tk, const text *t, int n, size_t bytes, int reps, int threads) {
    double wall[64], cpu[64];
    long long tokens = 0;
    int r, k;
    for (r = 0; r < reps; r++) {
        job jobs[256];
        eb__thread th[256];
        int64_t t0 = eb__now_ns();
        for (k = 0; k < threads; k++) {
            jobs[k].tk = tk; jobs[k].t = t; jobs[k].n = n;
            if (threads == 1) encode_all(&jobs[0]);
            else if (eb__thread_start(&th[k], encode_all, &jobs[k]) != 0) { fprintf(stderr, "thread start failed\n"); exit(1); }
        }
        for (k = 0; threads > 1 && k < threads; k++) eb__thread_join(&th[k]);
        wall[r] = (double)(eb__now_ns() - t0) / 1e9;
        cpu[r] = 0;
        tokens = 0;
        for (k = 0; k < threads; k++) { cpu[r] += jobs[k].cpu / threads; tokens += jobs[k].tokens; }
    }
    qsort(wall, (size_t)reps, sizeof wall[0], cmp_double);
    qsort(cpu, (size_t)reps, sizeof cpu[0], cmp_double);
    printf("%-8s %6d texts %7.2f MB %8lld ids x%d | wall %.4f s %7.2f M ids/s %7.1f MB/s | cpu %.4f s %7.2f M ids/s/thread\n",
           name, n, (double)bytes / 1e6, tokens / threads, threads, wall[reps / 2], (double)tokens / wall[reps / 2] / 1e6,
           (double)bytes * threads / wall[reps / 2] / 1e6, cpu[reps / 2], (double)tokens / threads / cpu[reps / 2] / 1e6);
}

int main(int argc, char **argv) {
    const char *model = getenv("EB_MODEL_DIR"), *dump_prefix = NULL;
    int reps = 9, n = 20000, threads = 1, i;
    size_t eb, mb;
    text *et, *mt;
    eb__tokenizer *tk;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--model") && i + 1 < argc) model = argv[++i];
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--texts") && i + 1 < argc) n = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--dump-texts") && i + 1 < argc) dump_prefix = argv[++i];
        else {
            fprintf(stderr, "usage: %s [--model DIR] [--reps N] [--texts N] [--threads N] [--dump-texts PREFIX]\n", argv[0]);
            return 2;
        }
    }
    if (reps < 1) reps = 1;
    if (reps > 64) reps = 64;
    if (threads < 1) threads = 1;
    if (threads > 256) threads = 256;
    if (n < 1) n = 1;
    if (!model) model = "models/all-MiniLM-L6-v2";
    et = make_texts(english, (int)(sizeof english / sizeof *english), n, 1, &eb);
    mt = make_texts(mixed, (int)(sizeof mixed / sizeof *mixed), n, 2, &mb);
    if (dump_prefix) {
        char path[1024];
        snprintf(path, sizeof path, "%s-english.bin", dump_prefix);
        dump(path, et, n);
        snprintf(path, sizeof path, "%s-mixed.bin", dump_prefix);
        dump(path, mt, n);
        return 0;
    }
    if (eb__tokenizer_load_dir(model, NULL, &tk) != EB_OK) {
        fprintf(stderr, "cannot load the tokenizer from %s: %s\n", model, eb_last_error());
        return 1;
    }
    printf("embedbatch tokenizer, %d thread(s), max 256 ids per text, medians of %d reps (%s)\n", threads, reps, model);
    run("english", tk, et, n, eb, reps, threads);
    run("mixed", tk, mt, n, mb, reps, threads);
    eb__tokenizer_free(tk);
    for (i = 0; i < n; i++) { free(et[i].s); free(mt[i].s); }
    free(et);
    free(mt);
    return 0;
}
