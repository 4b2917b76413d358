/* phrase_memo.c: the catalogue's phrase breaks kept between builds (phrase_memo.h). A line
 * per text, "text TAB offsets", the offsets of the bytes a break may come before; the first
 * line names the format and the MeCab that found them. */
#include "phrase_memo.h"

#include "../base/arena.h"
#include "../base/atomic.h"
#include "../base/limits.h"
#include "../base/path.h"
#include "../layout/phrase.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#define SM_PHRASE_MEMO_HEADER "surimono-phrases 1 mecab " SM_MECAB_VERSION "\n"
/* A catalogue's titles are a few kilobytes; a bigger file is not one we wrote. */
#define SM_PHRASE_MEMO_MAX_FILE (4 * 1024 * 1024)

typedef struct remembered {
    GArray *offsets; /* size_t */
    bool used;
} remembered;

struct sm_phrase_memo {
    char *path;
    GHashTable *texts; /* text → remembered */
    bool changed;
};

static void free_remembered(void *p) {
    remembered *r = p;
    g_array_free(r->offsets, TRUE);
    g_free(r);
}

sm_phrase_memo *sm_phrase_memo_open(const char *path) {
    sm_phrase_memo *memo = g_new0(sm_phrase_memo, 1);
    memo->path = g_strdup(path);
    memo->texts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_remembered);
    sm_buf text = {0};
    size_t header = strlen(SM_PHRASE_MEMO_HEADER);
    if (sm_path_read(path, NULL, SM_PHRASE_MEMO_MAX_FILE, &text, NULL) == SM_PATH_OK &&
        text.len >= header && memcmp(text.data, SM_PHRASE_MEMO_HEADER, header) == 0 &&
        g_utf8_validate(text.data, (gssize)text.len, NULL)) {
        for (char *line = text.data + header, *next; *line; line = next) {
            next = strchr(line, '\n');
            if (!next) break; /* a line cut short: not ours */
            *next++ = '\0';
            char *tab = strchr(line, '\t');
            if (!tab) continue;
            *tab = '\0';
            size_t len = strlen(line);
            remembered *r = g_new0(remembered, 1);
            r->offsets = g_array_new(FALSE, FALSE, sizeof(size_t));
            bool ok = len > 0;
            for (char *p = tab + 1; ok && *p;) {
                char *end;
                unsigned long offset = strtoul(p, &end, 10);
                ok = end != p && offset > 0 && offset < len && (*end == ',' || !*end);
                size_t o = offset;
                if (ok) g_array_append_val(r->offsets, o);
                p = *end ? end + 1 : end;
            }
            if (ok)
                g_hash_table_replace(memo->texts, g_strdup(line), r);
            else
                free_remembered(r);
        }
    }
    sm_buf_free(&text);
    return memo;
}

void sm_phrase_memo_breaks(sm_phrase_memo *memo, const char *text, size_t len, bool *allowed) {
    char *key = g_strndup(text, len);
    remembered *r = g_hash_table_lookup(memo->texts, key);
    if (r) {
        memset(allowed, 0, len + 1);
        for (guint i = 0; i < r->offsets->len; i++)
            allowed[g_array_index(r->offsets, size_t, i)] = true;
        r->used = true;
        g_free(key);
        return;
    }
    bool found = sm_phrase_breaks(text, len, allowed);
    /* Breaks guessed without MeCab are not kept: the next build may have it. A text with a
     * tab or a line break does not fit a line of the file. */
    if (!found || strpbrk(key, "\t\n") || strlen(key) != len) {
        g_free(key);
        return;
    }
    r = g_new0(remembered, 1);
    r->offsets = g_array_new(FALSE, FALSE, sizeof(size_t));
    for (size_t i = 1; i < len; i++)
        if (allowed[i]) g_array_append_val(r->offsets, i);
    r->used = true;
    g_hash_table_replace(memo->texts, key, r);
    memo->changed = true;
}

static int by_text(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bool sm_phrase_memo_save(sm_phrase_memo *memo, sm_diags *diags) {
    GPtrArray *keys = g_ptr_array_new();
    GHashTableIter it;
    gpointer key, value;
    bool stale = false;
    g_hash_table_iter_init(&it, memo->texts);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        if (((remembered *)value)->used)
            g_ptr_array_add(keys, key);
        else
            stale = true;
    }
    bool ok = true;
    if (memo->changed || stale) {
        /* Sorted: the same titles give the same file. */
        g_ptr_array_sort(keys, by_text);
        GString *out = g_string_new(SM_PHRASE_MEMO_HEADER);
        for (guint i = 0; i < keys->len; i++) {
            const remembered *r = g_hash_table_lookup(memo->texts, keys->pdata[i]);
            g_string_append_printf(out, "%s\t", (const char *)keys->pdata[i]);
            for (guint k = 0; k < r->offsets->len; k++)
                g_string_append_printf(out, "%s%zu", k ? "," : "",
                                       g_array_index(r->offsets, size_t, k));
            g_string_append_c(out, '\n');
        }
        ok = sm_atomic_write_file(memo->path, out->str, out->len, diags);
        g_string_free(out, TRUE);
    }
    g_ptr_array_free(keys, TRUE);
    return ok;
}

void sm_phrase_memo_free(sm_phrase_memo *memo) {
    if (!memo) return;
    g_hash_table_destroy(memo->texts);
    g_free(memo->path);
    g_free(memo);
}
