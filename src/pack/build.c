/* build.c: `surimono build` — the units rendered by forked workers (fonts loaded once per
 * worker), skipped when nothing they are made from changed, every file written atomically;
 * then manifest.json, the combined pack PDF and the downloads site. */
#include "pack.h"

#include "combine.h"
#include "site.h"
#include "work.h"

#include "../base/atomic.h"
#include "../base/lazy.h"
#include "../base/qpdf_api.h"
#include "../layout/pictures_api.h"
#include "../base/limits.h"
#include "../base/path.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Thumbnails for the catalogue: page 1 at this resolution (an A4 page is 330 px tall). */
#define SM_THUMB_DPI  40.0
#define SM_CACHE_NAME ".surimono-cache"
/* The hashes of the files the last build read and wrote (file_hashes.c). */
#define SM_HASHES_NAME ".surimono-hashes"
/* The phrase breaks of the catalogue's titles (phrase_memo.h). */
#define SM_PHRASES_NAME ".surimono-phrases"
/* Held while a build writes into its output folder: two builds into one folder would
 * replace each other's files and sweep each other's temporaries. */
#define SM_LOCK_NAME ".surimono-lock"
/* How deep the sweep of stale temporaries looks: out/, site/, site/thumbs, a school's
 * folder from a --name template. */
#define SM_SWEEP_DEPTH 4

/* ---- small helpers ------------------------------------------------------------------ */

/* A JSON document as the pack writes it: sorted keys, two-space indent, UTF-8 as is, a
 * final newline — the same values give the same bytes. */

/* Where the JSON goes as jansson writes it: into the new file, and compared with the old one
 * on the way. A per-school manifest is MBs: holding it twice more (as text, and the old
 * file) was most of the parent's memory. */
typedef struct json_sink {
    sm_atomic file;
    FILE *old;   /* the file as it is, or NULL */
    bool same;   /* so far equal to the old file */
    bool failed; /* a write failed (the reason is in file.write_errno) */
    size_t used; /* bytes in out: jansson hands over a few bytes at a time */
    char out[64 * 1024], old_chunk[64 * 1024];
} json_sink;

static void flush_sink(json_sink *sink) {
    if (sink->same)
        sink->same = sink->old && fread(sink->old_chunk, 1, sink->used, sink->old) == sink->used &&
                     memcmp(sink->old_chunk, sink->out, sink->used) == 0;
    if (!sm_atomic_write(&sink->file, sink->out, sink->used)) sink->failed = true;
    sink->used = 0;
}

static int json_to_sink(const char *buffer, size_t size, void *data) {
    json_sink *sink = data;
    while (size > 0) {
        size_t n = sizeof sink->out - sink->used < size ? sizeof sink->out - sink->used : size;
        memcpy(sink->out + sink->used, buffer, n);
        sink->used += n, buffer += n, size -= n;
        if (sink->used == sizeof sink->out) flush_sink(sink);
    }
    return sink->failed ? -1 : 0;
}

/* Writes what `dump` writes to the sink (jansson's way: 0 when done) to path atomically,
 * unless the file already says exactly that; *changed (when not NULL) says whether it was
 * written. A failure is recorded in diags and leaves the old file in place. */
static bool write_json_with(const char *path, int (*dump)(json_sink *sink, const void *what),
                            const void *what, sm_diags *diags, bool *changed) {
    json_sink *sink = g_new0(json_sink, 1);
    if (!sm_atomic_open(&sink->file, path, diags, diags->arena)) {
        g_free(sink);
        return false;
    }
    int fd;
    if (sm_path_open_read(path, NULL, &fd, NULL) == SM_PATH_OK) sink->old = fdopen(fd, "rb");
    sink->same = true;
    bool written = dump(sink, what) == 0 && json_to_sink("\n", 1, sink) == 0;
    if (written) flush_sink(sink);
    written = written && !sink->failed;
    /* Equal only when the old file ends here too. */
    bool same = written && sink->same && sink->old && fgetc(sink->old) == EOF;
    if (sink->old) fclose(sink->old);
    /* jansson fails only for want of memory; a write error is sm_atomic_finish's to report. */
    if (!written && !sink->file.write_errno) sm_out_of_memory();
    bool ok = sm_atomic_finish(&sink->file, !same) || same;
    if (changed) *changed = !same;
    g_free(sink);
    return ok;
}

/* The one format of surimono's JSON files: two spaces of indent, keys sorted. */
#define SM_JSON_FLAGS (JSON_INDENT(2) | JSON_SORT_KEYS)

static int dump_tree(json_sink *sink, const void *root) {
    return json_dump_callback(root, json_to_sink, sink, SM_JSON_FLAGS);
}

/* A JSON value written whole (write_json_with). */
static bool write_json(const char *path, const json_t *root, sm_diags *diags, bool *changed) {
    return write_json_with(path, dump_tree, root, diags, changed);
}

/* An input's path as the manifest records it: relative to the project's real root, so the
 * same project gives the same manifest wherever it is and however `build` was called. */
static const char *relative(const char *real_root, const char *path) {
    size_t n = strlen(real_root);
    return strncmp(path, real_root, n) == 0 && path[n] == '/' ? path + n + 1 : path;
}

/* A whole build makes pack.pdf and the catalogue (with its thumbnails and text versions);
 * a per-school or sharded run makes only PDFs and a manifest, which would otherwise be a
 * catalogue's parts without the catalogue. */
static bool makes_catalogue(const sm_pack_options *o) { return o->shards == 0 && !o->data; }

/* ---- the worker's messages to the parent ----------------------------------------------- *
 * A worker prints nothing: it writes lines on its pipe, tab-separated, and the parent records
 * them. "D\tE|W\tLINE\tCOL\tFILE\tMESSAGE": a diagnostic of the unit's document.
 * "R\tINDEX\tOK\tPAGES\tFIRST-ERROR": a unit done. Tabs and line breaks inside a field
 * become spaces. */

static void put_field(GString *line, const char *text) {
    g_string_append_c(line, '\t');
    for (const char *c = text ? text : ""; *c; c++)
        g_string_append_c(line, *c == '\t' || *c == '\n' || *c == '\r' ? ' ' : *c);
}

static bool send_line(int fd, GString *line) {
    g_string_append_c(line, '\n');
    bool ok = write(fd, line->str, line->len) == (ssize_t)line->len;
    g_string_truncate(line, 0);
    return ok;
}

static void send_diag(int fd, sm_severity severity, sm_pos pos, const char *message) {
    GString *line = g_string_new(severity == SM_SEVERITY_ERROR ? "D\tE" : "D\tW");
    g_string_append_printf(line, "\t%d\t%d", pos.line, pos.col);
    put_field(line, pos.file);
    put_field(line, message);
    send_line(fd, line);
    g_string_free(line, TRUE);
}

/* Sends a document's diagnostics; keeps the first error's "file:line:col: message" in first
 * (when not NULL and still empty) for the list of failures at the end. */
static void send_diags(int fd, sm_doc *doc, char *first, size_t first_size) {
    for (size_t i = 0; i < sm_doc_diag_count(doc); i++) {
        const sm_diag *d = sm_doc_diag_at(doc, i);
        if (first && !*first && d->severity == SM_SEVERITY_ERROR) {
            if (d->line > 0)
                snprintf(first, first_size, "%s:%d:%d: error: %s", d->file, d->line, d->col,
                         d->message);
            else
                snprintf(first, first_size, "%s: error: %s", d->file, d->message);
        }
        send_diag(fd, d->severity, (sm_pos){d->file, d->line, d->col}, d->message);
    }
}

static int compare_strings(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- the incremental cache ---------------------------------------------------------- */

/* One line per unit, its fields SM_CACHE_* (work.h) — the first four only when the rest
 * could not be written. A cache that cannot be read (missing, damaged, not a regular file) is
 * an empty one: everything is probed and rebuilt. */
static GHashTable *read_cache(const char *out_dir, sm_buf *text) {
    /* Fields point into the text, split in place: a per-school cache is a few MB. */
    GHashTable *cache = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    char *path = g_strdup_printf("%s/" SM_CACHE_NAME, out_dir);
    if (sm_path_read(path, NULL, SM_MANIFEST_MAX_FILE, text, NULL) == SM_PATH_OK) {
        for (char *line = text->data, *next; line && *line; line = next) {
            next = strchr(line, '\n');
            if (next) *next++ = '\0';
            char **f = g_new0(char *, SM_CACHE_FIELDS + 1);
            guint n = 0;
            for (char *field = line; field && n < SM_CACHE_FIELDS; n++) {
                f[n] = field;
                field = n + 1 < SM_CACHE_FIELDS ? strchr(field, '\t') : NULL;
                if (field) *field++ = '\0';
            }
            if (n == SM_CACHE_FIELDS || n == SM_CACHE_TITLE)
                g_hash_table_replace(cache, f[0], f);
            else
                g_free(f);
        }
    }
    g_free(path);
    return cache;
}

/* A field may hold anything but the separators of the cache's lines and inputs. */
static bool plain_field(const char *s) { return s && !strpbrk(s, "\t\n\x1e\x1f"); }

/* The probe's results, for the next build to reuse (work.c); false when a field cannot be
 * written (the line then has the first four fields only). */
static bool append_probe(GString *text, const sm_work *u) {
    bool plain = plain_field(u->document_title) && plain_field(u->paper_name) && u->context;
    for (size_t i = 0; plain && i < u->own_inputs; i++) plain = plain_field(u->input_paths[i]);
    if (!plain || u->own_inputs == 0) return false;
    g_string_append_printf(text, "\t%s\t%s\t%s\t", u->document_title, u->paper_name, u->context);
    for (size_t i = 0; i < u->own_inputs; i++)
        g_string_append_printf(text, "%s%s\x1f%s", i ? "\x1e" : "", u->input_paths[i],
                               u->input_hashes[i]);
    return true;
}

static bool write_cache(const char *out_dir, const sm_work_list *units, GHashTable *old,
                        sm_diags *diags) {
    GString *text = g_string_new(NULL);
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < units->count; i++) {
        const sm_work *u = &units->items[i];
        if (!u->built && !u->up_to_date) continue;
        g_string_append_printf(text, "%s\t%s\t%s\t%d", u->id, u->inputs_hash, u->sha256, u->pages);
        append_probe(text, u);
        g_string_append_c(text, '\n');
        g_hash_table_add(seen, u->id);
    }
    /* Units of other shards stay known. */
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, old);
    while (g_hash_table_iter_next(&it, &key, &value))
        if (!g_hash_table_contains(seen, key)) {
            char *line = g_strjoinv("\t", value);
            g_string_append_printf(text, "%s\n", line);
            g_free(line);
        }
    g_hash_table_destroy(seen);
    char *path = g_strdup_printf("%s/" SM_CACHE_NAME, out_dir);
    bool ok = sm_atomic_write_file(path, text->str, text->len, diags);
    g_free(path);
    g_string_free(text, TRUE);
    return ok;
}

/* ---- rendering in workers ------------------------------------------------------------ */

/* The HTML text version of a card — a document, or one edition of a check sheet (the
 * question sheet's never holds the answers) — written atomically, from the document its
 * first output was just rendered from (the text does not depend on the paper or colour). */
static bool write_text_version(sm_doc *doc, const sm_work *u, const char *out_dir, int fd) {
    char *buffer = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&buffer, &size);
    bool ok = mem && sm_doc_write_html(doc, mem);
    if (mem) fclose(mem);
    if (ok) {
        char *path = g_strdup_printf("%s/site/text/%s.html", out_dir, u->card);
        sm_diags *diags = sm_diags_new();
        ok = sm_atomic_write_file(path, buffer, size, diags);
        for (size_t i = 0; i < sm_diags_count(diags); i++) {
            const sm_diag *d = sm_diags_at(diags, i);
            send_diag(fd, d->severity, (sm_pos){d->file, d->line, d->col}, d->message);
        }
        sm_diags_free(diags);
        g_free(path);
    }
    free(buffer);
    return ok;
}

/* Renders one unit into out_dir (out_real: the same folder as a real path, which the
 * output must stay inside), and with site_parts its card's thumbnail and text version;
 * its diagnostics go to the parent on fd. */
static bool render_unit(const sm_work *u, const char *out_dir, const char *out_real,
                        sm_fonts *fonts, bool site_parts, int *pages, char *first_error,
                        size_t error_size, int fd) {
    char *path = g_strdup_printf("%s/%s", out_dir, u->output);
    /* A --name template may put outputs in folders (one per school). */
    char *folder = g_path_get_dirname(path);
    g_mkdir_with_parents(folder, 0777);
    g_free(folder);
    const char *refused =
        sm_path_check_output(path, out_real, (const char *const *)u->input_paths, u->input_count);
    if (refused) {
        snprintf(first_error, error_size, "%s: error: cannot write the output here: %s", path,
                 refused);
        send_diag(fd, SM_SEVERITY_ERROR, (sm_pos){path, 0, 0},
                  first_error + strlen(path) + strlen(": error: "));
        g_free(path);
        *pages = 0;
        return false;
    }
    sm_doc *doc = sm_doc_new();
    bool ok = sm_doc_load_file(doc, u->definition) && sm_work_apply(u, doc);
    ok = ok && sm_doc_resolve(doc);
    ok = ok && sm_doc_layout(doc, fonts);
    ok = ok && sm_doc_render_pdf(doc, path);
    g_free(path);
    *pages = sm_doc_page_count(doc);
    if (ok && site_parts) {
        char *thumb = g_strdup_printf("%s/site/thumbs/%s.png", out_dir, u->card);
        ok = sm_doc_render_thumbnail(doc, thumb, SM_THUMB_DPI) &&
             write_text_version(doc, u, out_dir, fd);
        g_free(thumb);
    }
    send_diags(fd, doc, first_error, error_size);
    sm_doc_free(doc);
    return ok;
}

/* A worker: takes the next unit not yet taken (next is shared by all workers), until none
 * is left — a worker that drew long documents does not hold up the others. A line "S\tINDEX"
 * says which unit it starts, so the parent knows what a worker was doing if it dies. */
static void worker(const sm_pack_options *o, const char *out_dir, const char *out_real,
                   sm_work_list *units, const size_t *todo, size_t todo_count, _Atomic size_t *next,
                   sm_fonts *fonts, int fd) {
    /* The outputs' folders are synced once, when the worker's share is done. */
    sm_atomic_batch_begin();
    GString *line = g_string_new(NULL);
    for (size_t k; (k = atomic_fetch_add(next, 1)) < todo_count;) {
        sm_work *u = &units->items[todo[k]];
        g_string_printf(line, "S\t%zu", todo[k]);
        if (!send_line(fd, line)) break;
        int pages = 0;
        char first[400] = "";
        bool site_parts = u->first_of_card && makes_catalogue(o);
        bool ok = fonts && render_unit(u, out_dir, out_real, fonts, site_parts, &pages, first,
                                       sizeof first, fd);
        g_string_printf(line, "R\t%zu\t%d\t%d", todo[k], ok ? 1 : 0, pages);
        put_field(line, first);
        if (!send_line(fd, line)) break;
        if (!ok && !o->keep_going) break;
    }
    sm_atomic_batch_end();
    g_string_free(line, TRUE);
    sm_fonts_free(fonts);
}

/* ---- pack.pdf, made while the workers render ------------------------------------------ */

/* Japanese labels of an output for the catalogue: 「A3・カラー」, 「A4・白黒・印刷所用」… */
static char *file_label(const sm_work *u) {
    /* Every variant names its paper, also where the definition chose it. */
    const char *paper = u->paper ? u->paper : u->paper_name;
    GString *s = g_string_new(paper ? paper : "");
    if (s->len) g_string_append(s, "・");
    g_string_append(s, strcmp(u->color_mode, "gray") == 0 ? "白黒" : "カラー");
    if (u->profile != SM_PROFILE_OFFICE)
        g_string_append_printf(s, "・%s", sm_profile_label(u->profile));
    if (u->imposition && strcmp(u->imposition, "saddle-stitch") == 0)
        g_string_append(s, "・中綴じ冊子（A3に見開きで面付け）");
    return g_string_free(s, FALSE);
}

/* pack.pdf: every output, its bookmarks a material's title with its variants under it
 * (「A3・カラー」「A4・白黒・解答編」), its page labels 「title（variant）1」. */
/* One order for a material's variants everywhere: A4, A3, B4, B5, A5, then others; on one
 * paper the office prints first (colour, then gray), then the print shop's; a booklet
 * last; question before answer. */
static int variant_rank(const sm_work *u) {
    static const char *const papers[] = {"A4", "A3", "B4", "B5", "A5"};
    const char *paper = u->paper ? u->paper : u->paper_name;
    int p = 5;
    for (int i = 0; i < 5; i++)
        if (paper && strcmp(paper, papers[i]) == 0) p = i;
    int gray = strcmp(u->color_mode, "gray") == 0;
    int booklet = u->imposition && strcmp(u->imposition, "saddle-stitch") == 0;
    return (((p * 3 + (int)u->profile) * 2 + gray) * 2 + booklet) * 3 + (int)u->edition;
}

static int compare_variants(const void *a, const void *b) {
    const sm_work *x = *(const sm_work *const *)a, *y = *(const sm_work *const *)b;
    int rx = variant_rank(x), ry = variant_rank(y);
    return rx < ry ? -1 : rx > ry;
}

/* A unit's place in pack.pdf: its material (the order materials first appear in), then the
 * variant order of the catalogue, then the pack's own order. */
typedef struct pack_entry {
    const sm_work *unit;
    size_t material, index;
    int rank;
} pack_entry;

static int compare_entries(const void *a, const void *b) {
    const pack_entry *x = a, *y = b;
    if (x->material != y->material) return x->material < y->material ? -1 : 1;
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* pack.pdf in the making: its documents in pack order, each copied as soon as its output is
 * there — during the build, the ones already up to date and those the workers finished —
 * so that little of the copying is left after the last worker. */
typedef struct pack_writer {
    sm_combine *combine;
    const sm_work **order; /* the units in pack order */
    size_t count, next;    /* next: the first not yet copied */
    bool stuck;            /* a unit in the order failed: this is not the pack's order */
} pack_writer;

/* The units in pack order: those that are `ready` (built or up to date), and those the
 * build is about to render when `planned` (indexed like units) is given. */
static size_t pack_order(const sm_work_list *units, const bool *planned, const sm_work **order) {
    pack_entry *entries = g_new0(pack_entry, units->count + 1);
    size_t n = 0;
    for (size_t i = 0; i < units->count; i++) {
        const sm_work *u = &units->items[i];
        if (!u->built && !u->up_to_date && !(planned && planned[i])) continue;
        size_t material = i;
        for (size_t k = 0; k < n; k++)
            if (strcmp(entries[k].unit->stem, u->stem) == 0) material = entries[k].material;
        entries[n] = (pack_entry){u, material, i, variant_rank(u)};
        n++;
    }
    qsort(entries, n, sizeof *entries, compare_entries);
    for (size_t e = 0; e < n; e++) order[e] = entries[e].unit;
    g_free(entries);
    return n;
}

static pack_writer *pack_writer_new(const char *out_dir, const sm_work_list *units,
                                    const bool *planned, sm_diags *diags) {
    pack_writer *w = g_new0(pack_writer, 1);
    w->order = g_new0(const sm_work *, units->count + 1);
    w->count = pack_order(units, planned, w->order);
    char *out = g_strdup_printf("%s/pack.pdf", out_dir);
    w->combine = sm_combine_begin(out, units->title, -1, diags);
    g_free(out);
    return w;
}

static void pack_writer_free(pack_writer *w) {
    if (!w) return;
    sm_combine_free(w->combine);
    g_free(w->order);
    g_free(w);
}

/* True when the next document's output is there to be copied. */
static bool pack_ready(const pack_writer *w) {
    if (!w || w->stuck || w->next >= w->count) return false;
    const sm_work *u = w->order[w->next];
    return u->built || u->up_to_date;
}

/* Copies the next document: bookmarked under its material's title with its variant
 * (「A3・カラー」「A4・白黒・解答編」), its pages labelled 「title（variant）1」. */
static void pack_copy_next(pack_writer *w, const char *out_dir) {
    const sm_work *u = w->order[w->next++];
    char *path = g_strdup_printf("%s/%s", out_dir, u->output);
    char *base = file_label(u);
    char *variant = g_strdup_printf("%s%s", base,
                                    u->edition == SM_EDITION_QUESTION ? "・問題"
                                    : u->edition == SM_EDITION_ANSWER ? "・解答編"
                                                                      : "");
    char *label = g_strdup_printf("%s（%s）", u->document_title, variant);
    sm_combine_item item = {path, variant, label, u->document_title};
    if (!sm_combine_add(w->combine, &item)) w->stuck = true;
    g_free(label);
    g_free(variant);
    g_free(base);
    g_free(path);
}

/* Writes pack.pdf from what the build made. The writer started during the build goes on
 * when its order is still the pack's (no unit failed); otherwise it starts again. */
static bool write_pack_pdf(const char *out_dir, const sm_work_list *units, pack_writer *w,
                           sm_diags *diags) {
    const sm_work **order = g_new0(const sm_work *, units->count + 1);
    size_t n = pack_order(units, NULL, order);
    bool same = w && w->count == n && memcmp(w->order, order, n * sizeof *order) == 0;
    g_free(order);
    if (same && w->stuck) return false; /* its error is recorded */
    if (n == 0) return true;
    if (!same) w = pack_writer_new(out_dir, units, NULL, diags);
    while (pack_ready(w)) pack_copy_next(w, out_dir);
    bool ok = !w->stuck && sm_combine_finish(w->combine);
    w->combine = NULL;
    if (!same) pack_writer_free(w);
    return ok;
}

/* One build's reporting: its diagnostics list and what of it the caller has seen. */
typedef struct build {
    const sm_pack_options *o;
    sm_diags *diags;
    size_t reported;   /* diagnostics already passed to on_diagnostic */
    GHashTable *seen;  /* the workers' diagnostics already taken (kind, position, words) */
    sm_fonts *fonts;   /* loaded before the workers fork, which inherit it */
    pack_writer *pack; /* pack.pdf, copied while the workers render; NULL: not made */
    const char *out_dir;
    sm_file_hashes *hashes; /* the outputs are hashed into it while the workers render */
} build;

/* Passes the diagnostics recorded since the last call to the caller's observer: as they
 * happen, not at the end of a long build. */
static void flush(build *b) {
    if (!b->o->on_diagnostic) return;
    while (b->reported < sm_diags_count(b->diags))
        b->o->on_diagnostic(b->o->closure, sm_diags_at(b->diags, b->reported++));
}

/* The tab-separated fields of one line from a worker (at most max), in place. */
static int split_fields(char *line, char **fields, int max) {
    int n = 0;
    for (char *p = line; n < max;) {
        fields[n++] = p;
        char *tab = n < max ? strchr(p, '\t') : NULL;
        if (!tab) break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

/* One line a worker sent: a diagnostic or a unit's result. Returns the unit it built, or
 * SIZE_MAX. */
static size_t take_line(build *b, sm_work_list *units, char *line, size_t *done, size_t total) {
    char *f[6];
    if (line[0] == 'D' && split_fields(line, f, 6) == 6) {
        /* The same problem of one definition in every school's copy is said once. */
        char *key = g_strdup_printf("%s|%s|%s|%s|%s", f[1], f[4], f[2], f[3], f[5]);
        if (b->seen && !g_hash_table_add(b->seen, key)) return SIZE_MAX;
        if (!b->seen) g_free(key);
        sm_diag_add(b->diags, f[1][0] == 'E' ? SM_SEVERITY_ERROR : SM_SEVERITY_WARNING,
                    (sm_pos){f[4], atoi(f[2]), atoi(f[3])}, "%s", f[5]);
        return SIZE_MAX;
    }
    size_t index;
    if (line[0] != 'R' || split_fields(line, f, 5) != 5 || sscanf(f[1], "%zu", &index) != 1 ||
        index >= units->count)
        return SIZE_MAX;
    sm_work *u = &units->items[index];
    u->built = atoi(f[2]);
    u->failed = !u->built;
    u->pages = atoi(f[3]);
    if (*f[4] && !u->error) u->error = g_strdup(f[4]);
    (*done)++;
    if (b->o->on_progress) b->o->on_progress(b->o->closure, *done, total, u->output);
    return u->built ? index : SIZE_MAX;
}

/* The outputs built and not yet hashed, oldest first. A hash is saved for the next build
 * only when taken well after the file's last change (file_hashes.c): one taken as soon as
 * the file appears would have to be taken again. So each waits that long, then is hashed
 * between two looks at the workers' pipes, rather than all of them after the last worker
 * (70 MB for 1,000 schools' posters). What is still waiting then is hashed at the end. */
typedef struct waiting {
    size_t unit;
    long long ready_ns; /* CLOCK_REALTIME, as the files' times: when it may be hashed */
} waiting;

typedef struct hash_queue {
    GArray *items; /* waiting */
    guint head;
} hash_queue;

#define SM_HASH_WAIT_NS 60000000LL /* the racy margin of file_hashes.c, and a clock tick */

static long long realtime_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void hash_later(hash_queue *q, size_t unit) {
    waiting w = {unit, realtime_ns() + SM_HASH_WAIT_NS};
    g_array_append_val(q->items, w);
}

/* Milliseconds until the oldest output may be hashed (0: now), or -1 for none waiting. */
static int hash_wait_ms(const hash_queue *q) {
    if (q->head == q->items->len) return -1;
    long long left = g_array_index(q->items, waiting, q->head).ready_ns - realtime_ns();
    return left <= 0 ? 0 : (int)(left / 1000000 + 1);
}

/* Hashes the oldest output when it may be; false when none may yet. */
static bool hash_next(build *b, hash_queue *q, const char *out_real, sm_work_list *units) {
    if (hash_wait_ms(q) != 0) return false;
    sm_work *u = &units->items[g_array_index(q->items, waiting, q->head++).unit];
    char *path = g_strdup_printf("%s/%s", out_real, u->output);
    sm_file_hash(b->hashes, path, u->sha256);
    g_free(path);
    return true;
}

/* Forks the workers and gathers their results. A worker that dies (a crash, the kernel's
 * OOM killer, kill -9) costs the unit it was on: that unit is marked failed with the
 * signal; its later units stay unreported. Returns how many workers died. */
static int run_workers(build *b, const char *out_dir, const char *out_real, sm_work_list *units,
                       const size_t *todo, size_t todo_count) {
    const sm_pack_options *o = b->o;
    int jobs = o->jobs < 1 ? 1 : o->jobs;
    if ((size_t)jobs > todo_count) jobs = (int)todo_count;
    if (jobs == 0) return 0;
    pid_t pids[jobs];
    struct pollfd fds[jobs];
    GString *pending[jobs];
    size_t current[jobs]; /* the unit each worker said it started */
    /* The next unit to take, shared by the workers (a page every worker maps). */
    _Atomic size_t *next =
        mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (next == MAP_FAILED) {
        sm_error(b->diags, ((sm_pos){out_dir, 0, 0}), "cannot start workers: %s", strerror(errno));
        return 0;
    }
    atomic_init(next, 0);
    fflush(NULL);
    for (int w = 0; w < jobs; w++) {
        int pipefd[2];
        if (pipe(pipefd) != 0) {
            sm_error(b->diags, ((sm_pos){out_dir, 0, 0}), "cannot start workers: %s",
                     strerror(errno));
            jobs = w;
            break;
        }
        pid_t pid = fork();
        if (pid == 0) {
            close(pipefd[0]);
            worker(o, out_dir, out_real, units, todo, todo_count, next, b->fonts, pipefd[1]);
            _exit(0);
        }
        close(pipefd[1]);
        pids[w] = pid;
        current[w] = SIZE_MAX;
        fds[w] = (struct pollfd){pipefd[0], POLLIN, 0};
        pending[w] = g_string_new(NULL);
    }
    size_t done = 0;
    hash_queue hashing = {g_array_new(FALSE, FALSE, sizeof(waiting)), 0};
    for (int open = jobs; open > 0;) {
        /* While the workers render, the parent hashes the outputs done and copies those
         * that are ready into pack.pdf, one piece of work between two looks at the pipes. */
        bool copy = pack_ready(b->pack);
        int events = poll(fds, (nfds_t)jobs, copy ? 0 : hash_wait_ms(&hashing));
        if (events < 0 && errno != EINTR) break;
        if (events == 0) {
            if (!hash_next(b, &hashing, out_real, units) && copy)
                pack_copy_next(b->pack, b->out_dir);
            continue;
        }
        for (int w = 0; w < jobs; w++) {
            if (fds[w].fd < 0 || !(fds[w].revents & (POLLIN | POLLHUP))) continue;
            char buf[4096];
            ssize_t n = read(fds[w].fd, buf, sizeof buf);
            if (n <= 0) {
                close(fds[w].fd);
                fds[w].fd = -1;
                open--;
                continue;
            }
            g_string_append_len(pending[w], buf, n);
            char *nl;
            size_t built;
            while ((nl = strchr(pending[w]->str, '\n'))) {
                *nl = '\0';
                if (strncmp(pending[w]->str, "S\t", 2) == 0)
                    current[w] = strtoul(pending[w]->str + 2, NULL, 10);
                else if ((built = take_line(b, units, pending[w]->str, &done, todo_count)) !=
                         SIZE_MAX)
                    hash_later(&hashing, built);
                g_string_erase(pending[w], 0, (gssize)(nl - pending[w]->str + 1));
            }
            flush(b);
        }
    }
    g_array_free(hashing.items, TRUE);
    int died = 0;
    for (int w = 0; w < jobs; w++) {
        int status = 0;
        while (waitpid(pids[w], &status, 0) < 0 && errno == EINTR) {
        }
        g_string_free(pending[w], TRUE);
        if (!WIFSIGNALED(status) && !(WIFEXITED(status) && WEXITSTATUS(status) != 0)) continue;
        died++;
        /* The unit it said it started and did not report is the one it died on. */
        if (current[w] < units->count) {
            sm_work *u = &units->items[current[w]];
            if (u->built || u->failed) continue;
            u->failed = true;
            g_free(u->error);
            u->error = WIFSIGNALED(status)
                           ? g_strdup_printf("the worker rendering it died (signal %d, %s)",
                                             WTERMSIG(status), strsignal(WTERMSIG(status)))
                           : g_strdup_printf("the worker rendering it exited with status %d",
                                             WEXITSTATUS(status));
            sm_error(b->diags, ((sm_pos){u->output, 0, 0}), "%s", u->error);
        }
    }
    munmap(next, sizeof *next);
    flush(b);
    return died;
}

/* ---- the manifest, the pack PDF and the site ------------------------------------------ */

static int compare_units(const void *a, const void *b) {
    return strcmp((*(sm_work *const *)a)->output, (*(sm_work *const *)b)->output);
}

static const char *edition_word(sm_edition e) {
    return e == SM_EDITION_QUESTION ? "question" : e == SM_EDITION_ANSWER ? "answer" : "all";
}

static json_t *manifest_output(const char *real_root, const sm_work *u) {
    json_t *inputs = json_object();
    for (size_t k = 0; k < u->input_count; k++)
        json_object_set_new(inputs, relative(real_root, u->input_paths[k]),
                            json_string(u->input_hashes[k]));
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:I, s:s, s:o}", "path",
                     u->output, "unit", u->id, "title", u->document_title ? u->document_title : "",
                     "kind", u->kind, "paper", u->paper ? u->paper : "own", "color", u->color_mode,
                     "profile", sm_profile_name(u->profile), "edition", edition_word(u->edition),
                     "pages", u->pages, "bytes", (json_int_t)u->bytes, "sha256", u->sha256,
                     "inputs", inputs);
}

/* The manifest as it is written: its outputs, sorted. */
typedef struct manifest {
    const char *real_root, *title;
    GPtrArray *outputs; /* const sm_work * */
} manifest;

/* Passes jansson's text on with every line break followed by four more spaces: an output
 * object dumped alone, indented as it stands inside "outputs". (JSON strings hold no raw
 * line breaks.) */
static int indented_to_sink(const char *buffer, size_t size, void *data) {
    for (const char *end = buffer + size; buffer < end;) {
        const char *nl = memchr(buffer, '\n', (size_t)(end - buffer));
        size_t n = nl ? (size_t)(nl - buffer) + 1 : (size_t)(end - buffer);
        if (json_to_sink(buffer, n, data) != 0 || (nl && json_to_sink("    ", 4, data) != 0))
            return -1;
        buffer += n;
    }
    return 0;
}

static int put(json_sink *sink, const char *text) { return json_to_sink(text, strlen(text), sink); }

static int dump_string(json_sink *sink, const char *text) {
    json_t *string = json_string(text);
    int rc = json_dump_callback(string, json_to_sink, sink, SM_JSON_FLAGS | JSON_ENCODE_ANY);
    json_decref(string);
    return rc;
}

/* The same bytes as jansson writes for the whole tree, one output at a time: a per-school
 * manifest of thousands of rows is never a tree in memory. */
static int dump_manifest(json_sink *sink, const void *what) {
    const manifest *m = what;
    int rc = put(sink, "{\n  \"outputs\": [");
    for (guint i = 0; i < m->outputs->len && rc == 0; i++) {
        json_t *output = manifest_output(m->real_root, m->outputs->pdata[i]);
        rc = put(sink, i ? ",\n    " : "\n    ");
        if (rc == 0) rc = json_dump_callback(output, indented_to_sink, sink, SM_JSON_FLAGS);
        json_decref(output);
    }
    if (rc == 0 && m->outputs->len) rc = put(sink, "\n  ");
    if (rc == 0) rc = put(sink, "],\n  \"title\": ");
    if (rc == 0) rc = dump_string(sink, m->title);
    if (rc == 0) rc = put(sink, ",\n  \"tool\": ");
    if (rc == 0) rc = dump_string(sink, "surimono " SM_VERSION);
    if (rc == 0) rc = put(sink, "\n}");
    return rc;
}

/* Every output that exists, sorted by path: deterministic, and shards merge into exactly
 * what a single build writes. */
static bool write_manifest(const char *real_root, const char *out_dir, const sm_work_list *units,
                           sm_diags *diags, bool *changed) {
    manifest m = {real_root, units->title ? units->title : "surimono", g_ptr_array_new()};
    for (size_t i = 0; i < units->count; i++)
        if (units->items[i].built || units->items[i].up_to_date)
            g_ptr_array_add(m.outputs, &units->items[i]);
    if (m.outputs->len > 1)
        qsort(m.outputs->pdata, m.outputs->len, sizeof(gpointer), compare_units);
    char *path = g_strdup_printf("%s/manifest.json", out_dir);
    bool ok = write_json_with(path, dump_manifest, &m, diags, changed);
    g_free(path);
    g_ptr_array_free(m.outputs, TRUE);
    return ok;
}

static bool write_site(const char *out_dir, const sm_work_list *units, sm_diags *diags) {
    GPtrArray *cards = g_ptr_array_new();
    for (size_t i = 0; i < units->count; i++)
        if (units->items[i].first_of_card && (units->items[i].built || units->items[i].up_to_date))
            g_ptr_array_add(cards, &units->items[i]);
    sm_site_item *items = g_new0(sm_site_item, cards->len + 1);
    GPtrArray *strings = g_ptr_array_new_with_free_func(g_free);
    for (guint c = 0; c < cards->len; c++) {
        const sm_work *card = cards->pdata[c];
        size_t count = 0;
        for (size_t i = 0; i < units->count; i++)
            count += strcmp(units->items[i].card, card->card) == 0 &&
                     (units->items[i].built || units->items[i].up_to_date);
        sm_site_file *files = g_new0(sm_site_file, count + 1);
        g_ptr_array_add(strings, files);
        const sm_work **variants = g_new0(const sm_work *, count + 1);
        size_t f = 0;
        for (size_t i = 0; i < units->count; i++) {
            const sm_work *u = &units->items[i];
            if (strcmp(u->card, card->card) == 0 && (u->built || u->up_to_date)) variants[f++] = u;
        }
        qsort(variants, f, sizeof *variants, compare_variants);
        for (size_t k = 0; k < f; k++) {
            const sm_work *u = variants[k];
            /* The catalogue is the output folder's index.html: its links stay inside it. */
            char *href = g_strdup(u->output), *label = file_label(u);
            g_ptr_array_add(strings, href);
            g_ptr_array_add(strings, label);
            files[k] = (sm_site_file){href, label, u->bytes, u->pages};
        }
        g_free(variants);
        char *title = card->edition == SM_EDITION_QUESTION
                          ? g_strdup_printf("%s（問題）", card->document_title)
                      : card->edition == SM_EDITION_ANSWER
                          ? g_strdup_printf("%s（解答編）", card->document_title)
                          : g_strdup(card->document_title);
        char *thumb = g_strdup_printf("site/thumbs/%s.png", card->card);
        char *alt = g_strdup_printf("%sの1ページ目", title);
        char *text = g_strdup_printf("site/text/%s.html", card->card);
        char *answer =
            card->edition == SM_EDITION_QUESTION ? g_strdup_printf("%s-answer", card->stem) : NULL;
        g_ptr_array_add(strings, title), g_ptr_array_add(strings, thumb),
            g_ptr_array_add(strings, alt);
        g_ptr_array_add(strings, text);
        if (answer) g_ptr_array_add(strings, answer);
        items[c] =
            (sm_site_item){card->card, title, card->kind, thumb, alt, text, files, f, answer};
    }
    /* All of them in one file, when the build made it. */
    char *pack = g_strdup_printf("%s/pack.pdf", out_dir);
    struct stat st;
    int pages = 0;
    for (size_t i = 0; i < units->count; i++)
        if (units->items[i].built || units->items[i].up_to_date) pages += units->items[i].pages;
    sm_site_file whole = {"pack.pdf", "すべての教材を1つにまとめたPDF", 0, pages};
    bool has_pack = stat(pack, &st) == 0;
    whole.bytes = has_pack ? (long long)st.st_size : -1;
    g_free(pack);
    char *memo_path = g_strdup_printf("%s/" SM_PHRASES_NAME, out_dir);
    sm_phrase_memo *memo = sm_phrase_memo_open(memo_path);
    g_free(memo_path);
    bool ok = sm_site_write_index(out_dir, units->title, items, cards->len,
                                  has_pack ? &whole : NULL, memo, diags) &&
              sm_phrase_memo_save(memo, diags);
    sm_phrase_memo_free(memo);
    /* An index an older build left in site/ would point at files that moved. */
    char *old = g_strdup_printf("%s/site/index.html", out_dir);
    if (ok) unlink(old);
    g_free(old);
    g_free(items);
    g_ptr_array_free(strings, TRUE);
    g_ptr_array_free(cards, TRUE);
    return ok;
}

/* ---- the build ----------------------------------------------------------------------- */

static void query(const sm_work_list *units, FILE *out) {
    json_t *list = json_array();
    for (size_t i = 0; i < units->count; i++) {
        const sm_work *u = &units->items[i];
        json_array_append_new(list,
                              json_pack("{s:s, s:s, s:s, s:I}", "id", u->id, "output", u->output,
                                        "inputs_hash", u->inputs_hash ? u->inputs_hash : "",
                                        "shard_hash", (json_int_t)sm_work_shard_hash(u->id)));
    }
    json_t *root = json_pack("{s:o}", "units", list);
    json_dumpf(root, out, JSON_INDENT(2) | JSON_SORT_KEYS);
    fputc('\n', out);
    json_decref(root);
}

/* The output folder, and the catalogue's parts unless this is a per-school run. */
static bool make_dirs(const char *out_dir, bool site) { /* site: the catalogue's folders */
    const char *subs[] = {"", "/site", "/site/thumbs", "/site/text"};
    for (size_t i = 0; i < (site ? sizeof subs / sizeof *subs : 1); i++) {
        char *dir = g_strdup_printf("%s%s", out_dir, subs[i]);
        int rc = i == 0 ? g_mkdir_with_parents(dir, 0777) : mkdir(dir, 0777);
        g_free(dir);
        if (rc != 0 && errno != EEXIST) return false;
    }
    return true;
}

/* Takes the output folder's lock for this build (the descriptor stays open until exit,
 * inherited by the workers). -1 after reporting when another build holds it. */
static int lock_output_folder(const char *out_dir, sm_diags *diags) {
    char *path = g_strdup_printf("%s/" SM_LOCK_NAME, out_dir);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) {
        sm_error(diags, ((sm_pos){out_dir, 0, 0}), "cannot lock the output folder: %s",
                 strerror(errno));
    } else if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        sm_error(diags, ((sm_pos){out_dir, 0, 0}),
                 errno == EWOULDBLOCK
                     ? "another build is writing into this folder; wait for it to finish"
                     : "cannot lock the output folder: %s",
                 strerror(errno));
        close(fd);
        fd = -1;
    }
    g_free(path);
    return fd;
}

/* Decides which of the selected units need rendering; the rest are up to date. */
static size_t plan(const sm_pack_options *o, const char *out_dir, const char *out_real,
                   sm_work_list *units, GHashTable *cache, sm_file_hashes *hashes, size_t *todo,
                   size_t *selected) {
    size_t todo_count = 0;
    for (size_t i = 0; i < units->count; i++) {
        sm_work *u = &units->items[i];
        if (o->shards > 0 && sm_work_shard_hash(u->id) % (unsigned)o->shards != (unsigned)o->shard)
            continue;
        (*selected)++;
        if (u->failed) continue;
        gchar **known = g_hash_table_lookup(cache, u->id);
        char *path = g_strdup_printf("%s/%s", out_real, u->output);
        char sha[65];
        bool current =
            !o->force && known && strcmp(known[SM_CACHE_INPUTS_HASH], u->inputs_hash) == 0 &&
            sm_file_hash(hashes, path, sha) && strcmp(sha, known[SM_CACHE_OUTPUT_HASH]) == 0;
        /* Per-school and sharded runs make no thumbnails: none is missing there. */
        bool site = makes_catalogue(o);
        if (current && site && u->first_of_card) {
            char *thumb = g_strdup_printf("%s/site/thumbs/%s.png", out_dir, u->card);
            current = g_file_test(thumb, G_FILE_TEST_EXISTS);
            g_free(thumb);
        }
        g_free(path);
        if (current) {
            u->up_to_date = true;
            u->pages = atoi(known[SM_CACHE_PAGES]);
            memcpy(u->sha256, sha, sizeof u->sha256);
        } else {
            todo[todo_count++] = i;
        }
    }
    return todo_count;
}

/* Whether a unit to render is a print shop's PDF, whose colours qpdf rewrites: the office
 * post-pass needs no library. */
static bool needs_qpdf(const sm_work_list *units, const size_t *todo, size_t todo_count) {
    for (size_t k = 0; k < todo_count; k++)
        if (units->items[todo[k]].profile != SM_PROFILE_OFFICE) return true;
    return false;
}

/* Whether a unit to render shows a JPEG, which gdk-pixbuf (with librsvg) decodes. SVGs in
 * the plain subset need neither; one beyond it loads librsvg where it is decoded. */
static bool needs_pictures_library(const sm_work_list *units, const size_t *todo,
                                   size_t todo_count) {
    for (size_t k = 0; k < todo_count; k++) {
        const sm_work *u = &units->items[todo[k]];
        for (size_t i = 0; i < u->own_inputs; i++) {
            const char *dot = strrchr(u->input_paths[i], '.');
            if (dot &&
                (g_ascii_strcasecmp(dot, ".jpg") == 0 || g_ascii_strcasecmp(dot, ".jpeg") == 0))
                return true;
        }
    }
    return false;
}

/* Lays out a unit and throws the result away: the fonts, faces and shaping plans its text
 * needs, its pictures (kept) and MeCab's dictionary are loaded then — once, in the parent,
 * for every worker, instead of 35 ms of warming up in each. Its diagnostics come again from
 * the worker that renders it. */
static void warm_up(const sm_work *u, sm_fonts *fonts) {
    sm_doc *doc = sm_doc_new();
    if (sm_doc_load_file(doc, u->definition) && sm_work_apply(u, doc) && sm_doc_resolve(doc))
        sm_doc_layout(doc, fonts);
    sm_doc_free(doc);
}

/* The threads of this process (/proc/self/status), or 0 when that cannot be read. */
static int thread_count(void) {
    FILE *status = fopen("/proc/self/status", "re");
    int threads = 0;
    char line[128];
    while (status && fgets(line, sizeof line, status))
        if (sscanf(line, "Threads: %d", &threads) == 1) break;
    if (status) fclose(status);
    return threads;
}

/* A fork copies one thread: a lock another thread holds at that moment (malloc's,
 * fontconfig's) stays locked in the child for ever. Pango's font map starts a thread that
 * ends once fontconfig is ready: the fork waits for it (at most a second). */
static void wait_single_threaded(void) {
    for (int i = 0; i < 1000 && thread_count() > 1; i++) usleep(1000);
}

/* Renders the planned units. With --keep-going, units a dead worker never reached are
 * rendered by a new round of workers, so one crash costs one output. */
static void render_all(build *b, const char *out_dir, const char *out_real, sm_work_list *units,
                       size_t *todo, size_t todo_count) {
    if (todo_count > 0) {
        /* The libraries the units need start loading on the other core; what each worker
         * would load for its first output is loaded here meanwhile; the fork passes both on
         * (rather than each worker taking 7–25 ms to load them). */
        static void (*const loaders[])(void) = {sm_qpdf_load, sm_pictures_load};
        bool qpdf = needs_qpdf(units, todo, todo_count);
        bool pictures = needs_pictures_library(units, todo, todo_count);
        if (qpdf || pictures) sm_lazy_prefetch(loaders + !qpdf, (size_t)qpdf + pictures);
        b->fonts = sm_fonts_new(b->o->fonts_conf, b->diags);
        flush(b);
        sm_pictures_keep();
        if (b->fonts) warm_up(&units->items[todo[0]], b->fonts);
    }
    /* A fork must not copy a library half loaded by the prefetch thread. */
    sm_lazy_prefetch_wait();
    wait_single_threaded();
    size_t round_count = todo_count;
    size_t *round = g_new0(size_t, todo_count + 1);
    memcpy(round, todo, todo_count * sizeof *todo);
    while (round_count > 0) {
        int died = run_workers(b, out_dir, out_real, units, round, round_count);
        if (!died || !b->o->keep_going) break;
        size_t left = 0;
        for (size_t k = 0; k < round_count; k++) {
            const sm_work *u = &units->items[round[k]];
            if (!u->built && !u->failed) round[left++] = round[k];
        }
        round_count = left;
    }
    g_free(round);
    sm_fonts_free(b->fonts);
    b->fonts = NULL;
}

static void record_output_sizes(const char *out_real, sm_work_list *units, sm_file_hashes *hashes) {
    for (size_t i = 0; i < units->count; i++) {
        sm_work *u = &units->items[i];
        if (!u->built && !u->up_to_date) continue;
        char *path = g_strdup_printf("%s/%s", out_real, u->output);
        struct stat st;
        if (stat(path, &st) == 0) u->bytes = st.st_size;
        if (u->built) sm_file_hash(hashes, path, u->sha256);
        g_free(path);
    }
}

/* The result's strings live in the diagnostics' arena: the report dies with the list. */
static void fill_result(sm_pack_result *r, sm_diags *diags, const sm_work_list *units,
                        const char *out_dir) {
    r->out_dir = sm_arena_strdup(diags->arena, out_dir);
    for (size_t i = 0; i < units->count; i++) {
        const sm_work *u = &units->items[i];
        r->up_to_date += u->up_to_date;
        r->failure_count += u->failed;
    }
    r->failures = sm_arena_array(diags->arena, r->failure_count, sizeof *r->failures);
    size_t n = 0;
    for (size_t i = 0; i < units->count; i++) {
        const sm_work *u = &units->items[i];
        if (!u->failed) continue;
        r->failures[n].output = sm_arena_strdup(diags->arena, u->output);
        r->failures[n].error =
            sm_arena_strdup(diags->arena, u->error && *u->error ? u->error : u->definition);
        n++;
    }
}

int sm_pack_build(const sm_pack_options *o, FILE *out, sm_diags *diags, sm_pack_result *result) {
    memset(result, 0, sizeof *result);
    build b = {o, diags, 0, NULL, NULL, NULL, NULL, NULL};
    sm_work_list units;
    int failures = 0; /* definitions that could not be read, then outputs that failed */
    sm_work_data data = {o->data, o->name_template, o->keep_going, false};
    char *out_dir = o->out_dir ? g_strdup(o->out_dir) : g_strdup_printf("%s/out", o->root);
    char *hashes_path = g_strdup_printf("%s/" SM_HASHES_NAME, out_dir);
    sm_file_hashes *hashes = sm_file_hashes_new(o->force ? NULL : hashes_path);
    b.hashes = hashes;
    sm_buf cache_text = {0};
    GHashTable *cache = read_cache(out_dir, &cache_text);
    sm_work_reuse reuse = {o->force ? NULL : cache};
    bool listed =
        sm_works_list(o->root, o->fonts_conf, &data, hashes, &reuse, &units, &failures, diags);
    flush(&b);
    if (!listed || o->query_json) {
        if (listed) query(&units, out);
        if (listed) sm_works_free(&units);
        sm_file_hashes_free(hashes);
        g_hash_table_destroy(cache);
        sm_buf_free(&cache_text);
        g_free(hashes_path);
        g_free(out_dir);
        return !listed || failures ? SM_EXIT_INPUT : SM_EXIT_OK;
    }
    char real_root[PATH_MAX], out_real[PATH_MAX];
    int lock = -1;
    if (!realpath(o->root, real_root) || !make_dirs(out_dir, makes_catalogue(o)) ||
        !realpath(out_dir, out_real)) {
        sm_error(diags, ((sm_pos){out_dir, 0, 0}), "cannot create the output folder: %s",
                 strerror(errno));
    } else if ((lock = lock_output_folder(out_dir, diags)) >= 0) {
        /* Under the lock, a temporary file is one an interrupted build left behind. */
        sm_atomic_sweep(out_dir, SM_SWEEP_DEPTH);
    }
    if (lock < 0) {
        flush(&b);
        g_free(out_dir);
        g_free(hashes_path);
        sm_file_hashes_free(hashes);
        g_hash_table_destroy(cache);
        sm_buf_free(&cache_text);
        sm_works_free(&units);
        return SM_EXIT_SYSTEM;
    }
    size_t *todo = g_new0(size_t, units.count + 1), selected = 0;
    size_t todo_count = plan(o, out_dir, out_real, &units, cache, hashes, todo, &selected);
    b.seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (todo_count > 0 && makes_catalogue(o)) {
        bool *planned = g_new0(bool, units.count + 1);
        for (size_t k = 0; k < todo_count; k++) planned[todo[k]] = true;
        b.pack = pack_writer_new(out_dir, &units, planned, diags);
        b.out_dir = out_dir;
        g_free(planned);
    }
    render_all(&b, out_dir, out_real, &units, todo, todo_count);
    g_hash_table_destroy(b.seen);
    b.seen = NULL;
    result->unreadable = failures;
    /* Reported: built or failed. Not reported: a worker stopped at an earlier failure. */
    for (size_t k = 0; k < todo_count; k++) {
        const sm_work *u = &units.items[todo[k]];
        if (u->built)
            result->built++;
        else if (u->failed)
            failures++;
        else
            result->skipped++;
    }
    record_output_sizes(out_real, &units, hashes);
    /* The cache, the manifest, pack.pdf and the catalogue: their folders synced at the end. */
    sm_atomic_batch_begin();
    bool manifest_changed = true;
    bool ok = write_cache(out_dir, &units, cache, diags) &&
              sm_file_hashes_save(hashes, hashes_path, diags) &&
              write_manifest(real_root, out_dir, &units, diags, &manifest_changed);
    /* The pack PDF and the site describe the whole pack: a shard leaves them to the merge. */
    char *pack = g_strdup_printf("%s/pack.pdf", out_dir);
    bool need_pack = result->built > 0 || !g_file_test(pack, G_FILE_TEST_EXISTS);
    g_free(pack);
    bool whole = makes_catalogue(o);
    ok = ok && (!whole || !need_pack || write_pack_pdf(out_dir, &units, b.pack, diags));
    pack_writer_free(b.pack);
    b.pack = NULL;
    /* The catalogue says what the manifest says (outputs, titles, papers, sizes, pages):
     * when that is unchanged and the catalogue is there, it would come out the same. */
    char *index = g_strdup_printf("%s/index.html", out_dir);
    bool need_site = manifest_changed || need_pack || !g_file_test(index, G_FILE_TEST_EXISTS);
    g_free(index);
    ok = ok && (!whole || !need_site || write_site(out_dir, &units, diags));
    sm_atomic_batch_end();
    result->failed = (size_t)failures;
    result->selected = selected;
    result->shared = units.shared;
    fill_result(result, diags, &units, out_dir);
    flush(&b);
    g_hash_table_destroy(cache);
    sm_buf_free(&cache_text);
    g_free(todo);
    g_free(out_dir);
    g_free(hashes_path);
    sm_file_hashes_free(hashes);
    sm_works_free(&units);
    close(lock);
    return failures || result->skipped ? SM_EXIT_INPUT : ok ? SM_EXIT_OK : SM_EXIT_SYSTEM;
}

/* ---- manifest merge -------------------------------------------------------------------- */

/* Checks one output entry of a manifest as a build writes it; NULL when sound, else why
 * not (static text). */
static const char *check_output_entry(json_t *o) {
    if (!json_is_object(o)) return "is not an object";
    static const char *const strings[] = {"path",  "unit",    "title",   "kind",  "paper",
                                          "color", "profile", "edition", "sha256"};
    for (size_t i = 0; i < sizeof strings / sizeof *strings; i++)
        if (!json_is_string(json_object_get(o, strings[i])))
            return "lacks one of path, unit, title, kind, paper, color, profile, edition, sha256 "
                   "as a string";
    if (!json_is_integer(json_object_get(o, "pages")) ||
        json_integer_value(json_object_get(o, "pages")) < 0 ||
        !json_is_integer(json_object_get(o, "bytes")) ||
        json_integer_value(json_object_get(o, "bytes")) < 0)
        return "lacks pages or bytes as a whole number";
    if (!json_is_object(json_object_get(o, "inputs"))) return "lacks its inputs";
    const char *sha = json_string_value(json_object_get(o, "sha256"));
    if (strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64)
        return "has a sha256 that is not 64 hex digits";
    if (sm_path_check_name(json_string_value(json_object_get(o, "path"))))
        return "has a path that is not a plain relative file name";
    return NULL;
}

int sm_pack_merge_manifests(const char *out_path, const char *const *inputs, int count,
                            sm_diags *diags) {
    /* Outputs by path: a path in two shards must be the same output there. */
    json_t *by_path = json_object(), *first = NULL;
    int rc = SM_EXIT_OK;
    for (int i = 0; i < count && rc == SM_EXIT_OK; i++) {
        sm_buf text = {0};
        char why[160];
        sm_path_status status = sm_path_read(inputs[i], NULL, SM_MANIFEST_MAX_FILE, &text, NULL);
        if (status != SM_PATH_OK) {
            sm_error(diags, ((sm_pos){inputs[i], 0, 0}), "cannot read it: it %s",
                     status == SM_PATH_TOO_LARGE
                         ? "is larger than 256 MiB, the limit for a manifest"
                         : sm_path_status_text(status, inputs[i], errno, why, sizeof why));
            sm_buf_free(&text);
            rc = SM_EXIT_INPUT;
            break;
        }
        json_error_t error;
        json_t *doc = json_loadb(text.data, text.len, JSON_REJECT_DUPLICATES, &error);
        sm_buf_free(&text);
        json_t *outputs = doc ? json_object_get(doc, "outputs") : NULL;
        if (!doc) {
            sm_error(diags, ((sm_pos){inputs[i], error.line > 0 ? error.line : 1, error.column}),
                     "not a manifest: %s", error.text);
            rc = SM_EXIT_INPUT;
        } else if (!json_is_object(doc) || !json_is_string(json_object_get(doc, "tool")) ||
                   !json_is_array(outputs)) {
            sm_error(diags, ((sm_pos){inputs[i], 0, 0}),
                     "not a manifest of surimono build (no tool and outputs)");
            rc = SM_EXIT_INPUT;
        }
        for (size_t k = 0; rc == SM_EXIT_OK && k < json_array_size(outputs); k++) {
            json_t *o = json_array_get(outputs, k);
            const char *problem = check_output_entry(o);
            if (problem) {
                sm_error(diags, ((sm_pos){inputs[i], 0, 0}), "output %zu %s", k + 1, problem);
                rc = SM_EXIT_INPUT;
                break;
            }
            const char *path = json_string_value(json_object_get(o, "path"));
            json_t *known = json_object_get(by_path, path);
            if (known && !json_equal(known, o)) {
                sm_error(diags, ((sm_pos){inputs[i], 0, 0}),
                         "'%s' differs from the same output in another manifest", path);
                rc = SM_EXIT_INPUT;
            } else if (!known) {
                json_object_set(by_path, path, o);
            }
        }
        if (rc == SM_EXIT_OK && !first) first = json_incref(doc);
        json_decref(doc);
    }
    if (rc == SM_EXIT_OK) {
        /* Sorted by path, as a single build writes them. */
        size_t n = json_object_size(by_path);
        const char **paths = g_new0(const char *, n + 1);
        size_t k = 0;
        const char *key;
        json_t *value;
        json_object_foreach(by_path, key, value) paths[k++] = key;
        if (n > 1) qsort(paths, n, sizeof *paths, compare_strings);
        json_t *outputs = json_array();
        for (k = 0; k < n; k++) json_array_append(outputs, json_object_get(by_path, paths[k]));
        g_free(paths);
        json_t *merged = json_deep_copy(first);
        json_object_set_new(merged, "outputs", outputs);
        rc = write_json(out_path, merged, diags, NULL) ? SM_EXIT_OK : SM_EXIT_SYSTEM;
        json_decref(merged);
    }
    json_decref(first);
    json_decref(by_path);
    return rc;
}
