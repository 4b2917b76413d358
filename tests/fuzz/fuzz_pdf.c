/* fuzz_pdf.c: the preflight of finished PDFs (`surimono check FILE.pdf`) on arbitrary bytes,
 * through the public API only — no crash, no leak, and the JSON report is always valid JSON. */
#include "fuzz_util.h"

#include "surimono.h"

#include <fcntl.h>
#include <jansson.h>
#include <unistd.h>

/* The input is written to one file, over and over: preflight opens what it checks by path,
 * and a path policy resolves it first, so a memfd's /proc/self/fd link would not do. */
static char work_dir[4096], path[4200];

static void remove_work_dir(void) {
    unlink(path);
    rmdir(work_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    const char *tmp = getenv("TMPDIR");
    snprintf(work_dir, sizeof work_dir, "%s/fuzz_pdf-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(work_dir)) abort();
    snprintf(path, sizeof path, "%s/input.pdf", work_dir);
    atexit(remove_work_dir);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) abort();
    for (size_t done = 0; done < size;) {
        ssize_t n = write(fd, data + done, size - done);
        if (n <= 0) abort();
        done += (size_t)n;
    }
    close(fd);

    sm_preflight *pf = sm_preflight_new();
    bool ok = sm_preflight_check_file(pf, path);
    FZ_CHECK(ok == !sm_preflight_failed(pf), "check returned %d, failed says %d", ok,
             sm_preflight_failed(pf));

    char *text = NULL, *json = NULL;
    size_t text_size = 0, json_size = 0;
    FILE *out = open_memstream(&text, &text_size);
    if (!out) abort();
    sm_preflight_write_text(pf, out);
    fclose(out);
    FZ_CHECK(text_size > 0, "empty text report");
    if (getenv("FUZZ_PDF_PRINT")) fwrite(text, 1, text_size, stderr);
    out = open_memstream(&json, &json_size);
    if (!out) abort();
    sm_preflight_write_json(pf, out);
    fclose(out);
    /* Read back strictly, with the project's JSON library: one document, valid UTF-8. */
    json_error_t error;
    json_t *parsed = json_loadb(json, json_size, JSON_REJECT_DUPLICATES, &error);
    FZ_CHECK(parsed != NULL, "JSON report breaks at %d:%d: %s", error.line, error.column,
             error.text);
    json_decref(parsed);

    free(text);
    free(json);
    sm_preflight_free(pf);
    return 0;
}
