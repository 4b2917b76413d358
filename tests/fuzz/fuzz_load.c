/* fuzz_load.c: the YAML loader, validator and resolve stage on arbitrary bytes — no crash, no
 * leak, and every diagnostic is text with a position inside the input. */
#include "fuzz_util.h"

#include "load/yaml_tree.h"
#include "model/doc.h"
#include "surimono.h"

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    devnull = fopen("/dev/null", "w");
    if (!devnull) abort();
    return 0;
}

/* True when the input parses to a YAML value: then every error about it has a line; only a
 * file without one ("the definition is empty") may be pointed at as a whole (line 0). */
static bool has_value(const char *data, size_t size) {
    sm_arena *arena = sm_arena_new();
    sm_diags diags;
    sm_diags_init(&diags, arena);
    bool found = sm_yaml_parse(arena, &diags, "probe", data, size) != NULL;
    sm_arena_free(arena);
    return found;
}

static void check_diags(const sm_doc *doc, const char *name, const char *data, size_t size) {
    size_t count = sm_doc_diag_count(doc);
    bool any_error = false;
    /* Positions may name the end of the input, never a line after it. */
    sm_pos end = sm_yaml_offset_pos(name, data, size);
    bool whole_file_allowed = !has_value(data, size);
    for (size_t i = 0; i < count; i++) {
        const sm_diag *d = sm_doc_diag_at(doc, i);
        FZ_CHECK(d && d->file && d->message, "diagnostic %zu has no file or no message", i);
        FZ_CHECK(d->message[0] != '\0', "diagnostic %zu is empty", i);
        FZ_CHECK(fz_utf8_valid(d->message, strlen(d->message)), "diagnostic %zu is not UTF-8: %s",
                 i, d->message);
        FZ_CHECK(d->line >= 0 && d->col >= 0, "%s:%d:%d: %s", d->file, d->line, d->col, d->message);
        if (d->severity == SM_SEVERITY_ERROR) any_error = true;
        if (strcmp(d->file, name) != 0) continue; /* a theme's file: its own positions */
        FZ_CHECK(d->line <= end.line + 1, "line past the end (%d lines): %s:%d:%d: %s", end.line,
                 d->file, d->line, d->col, d->message);
        FZ_CHECK(d->line > 0 || d->col == 0, "column without a line: %s:%d:%d: %s", d->file,
                 d->line, d->col, d->message);
        FZ_CHECK(d->line > 0 || d->severity == SM_SEVERITY_WARNING || whole_file_allowed,
                 "an error without a position in an input with content: %s:%d:%d: %s", d->file,
                 d->line, d->col, d->message);
    }
    FZ_CHECK(!sm_doc_failed(doc) || any_error, "failed without an error among %zu diagnostics",
             count);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const char name[] = "fuzz.yaml";
    sm_doc *doc = sm_doc_new();
    /* The source tree is the project root, so themes (layouts/themes) and assets resolve. */
    bool loaded = sm_doc_load_buffer(doc, name, SM_SOURCE_DIR, (const char *)data, size);
    FZ_CHECK(loaded == !sm_doc_failed(doc), "load returned %d with failed=%d", loaded,
             sm_doc_failed(doc));
    if (loaded) {
        bool resolved = sm_doc_resolve(doc);
        FZ_CHECK(resolved == !sm_doc_failed(doc), "resolve returned %d with failed=%d", resolved,
                 sm_doc_failed(doc));
        if (resolved) {
            sm_doc_dump_model(doc, devnull);
            (void)sm_doc_title(doc);
            for (size_t i = 0; i < sm_doc_input_count(doc); i++)
                FZ_CHECK(sm_doc_input_at(doc, i)[0] == '/', "input %zu is not absolute", i);
        }
    }
    check_diags(doc, name, (const char *)data, size);
    sm_doc_free(doc);
    return 0;
}
