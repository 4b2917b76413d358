/* fuzz_pack.c: pack.pdf's reader of finished PDFs on arbitrary bytes — the plain-form reader
 * (pdf_source) on its own, then the whole combine of the input with a good document: no
 * crash, no leak, and either a pack is written that reads back in the plain form with every
 * page, or exactly one error is recorded and no file is left. */
#include "fuzz_util.h"

#include "pack/combine.h"
#include "base/pdf_source.h"
#include "base/utf8.h"
#include "base/diag.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static char work_dir[4096], input[4200], output[4200];

static void remove_work_dir(void) {
    unlink(input);
    unlink(output);
    rmdir(work_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    const char *tmp = getenv("TMPDIR");
    snprintf(work_dir, sizeof work_dir, "%s/fuzz_pack-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(work_dir)) abort();
    snprintf(input, sizeof input, "%s/input.pdf", work_dir);
    snprintf(output, sizeof output, "%s/pack.pdf", work_dir);
    atexit(remove_work_dir);
    return 0;
}

/* Every object of a source, read and looked into as the copy does. */
static void read_all(const unsigned char *data, size_t size) {
    sm_pdf_source s;
    if (!sm_pdf_source_open(&s, data, size)) return;
    FZ_CHECK(s.page_count > 0 && s.page_count <= s.count, "%zu pages", s.page_count);
    for (size_t n = 0; n < s.count; n++) {
        sm_pdf_object o;
        if (!sm_pdf_source_object(&s, (long)n, &o)) continue;
        FZ_CHECK(o.start <= o.end && o.end <= size && (!o.stream || o.data + o.size <= size),
                 "object %zu at %zu..%zu", n, o.start, o.end);
        size_t vs, ve;
        if (sm_pdf_dict_get(&s, o.start, o.end, "Type", &vs, &ve))
            FZ_CHECK(vs <= ve && ve <= o.end, "/Type of %zu at %zu..%zu", n, vs, ve);
        (void)sm_pdf_reference(&s, o.start, o.end);
    }
    sm_pdf_source_close(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    read_all(data, size);

    int fd = open(input, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) abort();
    for (size_t done = 0; done < size;) {
        ssize_t n = write(fd, data + done, size - done);
        if (n <= 0) abort();
        done += (size_t)n;
    }
    close(fd);
    sm_combine_item items[2] = {{input, "入力", "in-", "材料"}, {input, NULL, NULL, "材料"}};
    sm_diags *diags = sm_diags_new();
    bool ok = sm_pack_combine(output, "パック", 0, items, 2, diags);
    struct stat st;
    if (ok) {
        /* What the pack wrote is in the plain form, with the input's pages twice. */
        sm_buf pack = {0};
        FILE *f = fopen(output, "rb");
        FZ_CHECK(f && sm_buf_read_limited(&pack, f, 1u << 30), "cannot read the pack");
        fclose(f);
        sm_pdf_source s;
        FZ_CHECK(sm_pdf_source_open(&s, (const unsigned char *)pack.data, pack.len),
                 "the pack is not in the plain form");
        FZ_CHECK(s.page_count >= 2 && s.page_count % 2 == 0, "%zu pages", s.page_count);
        sm_pdf_source_close(&s);
        sm_buf_free(&pack);
        unlink(output);
    } else {
        FZ_CHECK(sm_diags_count(diags) == 1, "%zu errors", sm_diags_count(diags));
        FZ_CHECK(stat(output, &st) != 0, "a failed combine left %s", output);
    }
    sm_diags_free(diags);
    return 0;
}
