/* build.c: `surimono build` — the units rendered by forked workers (fonts loaded once per
 * worker), skipped when nothing they are made from changed, every file written atomically;
 * then manifest.json, the combined pack PDF and the downloads site. */
#include "pack.h"

#include "combine.h"
#include "site.h"
#include "work.h"

#include "../render/atomic.h"

#include <errno.h>
#include <glib.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Thumbnails for the catalogue: page 1 at this resolution (an A4 page is 330 px tall). */
#define SM_THUMB_DPI  40.0
#define SM_CACHE_NAME ".surimono-cache"

/* ---- small helpers ------------------------------------------------------------------ */

static void json_string(GString *out, const char *s) {
    g_string_append_c(out, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_printf(out, "\\%c", *p);
        else if (*p == '\n')
            g_string_append(out, "\\n");
        else if (*p < 0x20)
            g_string_append_printf(out, "\\u%04x", *p);
        else
            g_string_append_c(out, (char)*p);
    }
    g_string_append_c(out, '"');
}

/* Writes a file through render's atomic writer; a failure is reported on err and leaves
 * the old file in place. */
static bool write_atomically(const char *path, const char *data, size_t size, FILE *err) {
    char reason[512];
    if (sm_atomic_write_file(path, data, size, reason, sizeof reason)) return true;
    fprintf(err, "surimono: %s\n", reason);
    return false;
}

static const char *relative(const char *root, const char *path) {
    size_t n = strlen(root);
    return strncmp(path, root, n) == 0 && path[n] == '/' ? path + n + 1 : path;
}

/* Prints a document's diagnostics; keeps the first error's "file:line:col: message" in
 * first (when not NULL and still empty) for the list of failures at the end. */
static void print_diags(sm_doc *doc, FILE *err, char *first, size_t first_size) {
    for (size_t i = 0; i < sm_doc_diag_count(doc); i++) {
        const sm_diag *d = sm_doc_diag_at(doc, i);
        if (first && !*first && d->severity == SM_SEVERITY_ERROR) {
            if (d->line > 0)
                snprintf(first, first_size, "%s:%d:%d: error: %s", d->file, d->line, d->col,
                         d->message);
            else
                snprintf(first, first_size, "%s: error: %s", d->file, d->message);
        }
        const char *kind = d->severity == SM_SEVERITY_ERROR ? "error" : "warning";
        if (d->line > 0)
            fprintf(err, "%s:%d:%d: %s: %s\n", d->file, d->line, d->col, kind, d->message);
        else
            fprintf(err, "%s: %s: %s\n", d->file, kind, d->message);
    }
}

static int compare_names_ptr(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- the incremental cache ---------------------------------------------------------- */

/* One line per unit: id, inputs hash, output sha256, pages. */
static GHashTable *read_cache(const char *out_dir) {
    GHashTable *cache =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_strfreev);
    char *path = g_strdup_printf("%s/" SM_CACHE_NAME, out_dir);
    gchar *text = NULL;
    if (g_file_get_contents(path, &text, NULL, NULL)) {
        gchar **lines = g_strsplit(text, "\n", -1);
        for (gchar **l = lines; *l; l++) {
            gchar **f = g_strsplit(*l, "\t", 4);
            if (g_strv_length(f) == 4)
                g_hash_table_replace(cache, g_strdup(f[0]), f);
            else
                g_strfreev(f);
        }
        g_strfreev(lines);
        g_free(text);
    }
    g_free(path);
    return cache;
}

static bool write_cache(const char *out_dir, const sm_work_list *units, GHashTable *old,
                        FILE *err) {
    GString *text = g_string_new(NULL);
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < units->count; i++) {
        const sm_work *u = &units->items[i];
        if (!u->built && !u->up_to_date) continue;
        g_string_append_printf(text, "%s\t%s\t%s\t%d\n", u->id, u->inputs_hash, u->sha256,
                               u->pages);
        g_hash_table_add(seen, u->id);
    }
    /* Units of other shards stay known. */
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, old);
    while (g_hash_table_iter_next(&it, &key, &value))
        if (!g_hash_table_contains(seen, key)) {
            gchar **f = value;
            g_string_append_printf(text, "%s\t%s\t%s\t%s\n", f[0], f[1], f[2], f[3]);
        }
    g_hash_table_destroy(seen);
    char *path = g_strdup_printf("%s/" SM_CACHE_NAME, out_dir);
    bool ok = write_atomically(path, text->str, text->len, err);
    g_free(path);
    g_string_free(text, TRUE);
    return ok;
}

/* ---- rendering in workers ------------------------------------------------------------ */

static bool render_unit(const sm_work *u, const char *out_dir, sm_fonts *fonts, bool thumbnail,
                        int *pages, char *first_error, size_t error_size, FILE *err) {
    sm_doc *doc = sm_doc_new();
    bool ok = sm_doc_load_file(doc, u->definition) && sm_work_apply(u, doc);
    char *path = g_strdup_printf("%s/%s", out_dir, u->output);
    /* A --name template may put outputs in folders (one per school). */
    char *folder = g_path_get_dirname(path);
    g_mkdir_with_parents(folder, 0777);
    g_free(folder);
    ok = ok && sm_doc_resolve(doc) && sm_doc_layout(doc, fonts) && sm_doc_render_pdf(doc, path);
    g_free(path);
    *pages = sm_doc_page_count(doc);
    if (ok && thumbnail) {
        char *thumb = g_strdup_printf("%s/site/thumbs/%s.png", out_dir, u->card);
        ok = sm_doc_render_png(doc, thumb, 1, SM_THUMB_DPI);
        g_free(thumb);
    }
    print_diags(doc, err, first_error, error_size);
    sm_doc_free(doc);
    return ok;
}

/* The HTML text version of a document, all editions, written atomically. */
static bool write_text_version(const sm_work *u, const char *out_dir, FILE *err) {
    sm_doc *doc = sm_doc_new();
    bool ok = sm_doc_load_file(doc, u->definition);
    for (char **v = u->settings; ok && v && *v; v++) ok = sm_doc_set_variable(doc, *v);
    ok = ok && sm_doc_resolve(doc);
    char *buffer = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&buffer, &size);
    ok = ok && mem && sm_doc_write_html(doc, mem);
    if (mem) fclose(mem);
    if (ok) {
        char *path =
            g_strdup_printf("%s/site/text/%s.html", out_dir, u->settings ? u->card : u->stem);
        ok = write_atomically(path, buffer, size, err);
        g_free(path);
    }
    free(buffer);
    print_diags(doc, err, NULL, 0);
    sm_doc_free(doc);
    return ok;
}

/* A worker: its share of the units (every jobs-th), one result line each on `fd`. */
static void worker(const sm_pack_options *o, const char *out_dir, sm_work_list *units,
                   const size_t *todo, size_t todo_count, int index, int jobs, int fd) {
    char *error = NULL;
    sm_fonts *fonts = sm_fonts_new(o->fonts_conf, &error);
    for (size_t k = (size_t)index; k < todo_count; k += (size_t)jobs) {
        sm_work *u = &units->items[todo[k]];
        int pages = 0;
        char first[400] = "";
        bool ok = fonts && render_unit(u, out_dir, fonts, u->first_of_card, &pages, first,
                                       sizeof first, stderr);
        if (ok && u->first_of_document) ok = write_text_version(u, out_dir, stderr);
        for (char *c = first; *c; c++)
            if (*c == '\n' || *c == '\t') *c = ' ';
        char line[512];
        int n = snprintf(line, sizeof line, "%zu\t%d\t%d\t%s\n", todo[k], ok ? 1 : 0, pages, first);
        if (write(fd, line, (size_t)n) != n) break;
        if (!ok && !o->keep_going) break;
    }
    if (!fonts) fprintf(stderr, "surimono: %s\n", error ? error : "cannot load fonts");
    free(error);
    sm_fonts_free(fonts);
    fflush(stderr);
}

/* Forks the workers and gathers their results, with a progress line on a terminal. */
static void run_workers(const sm_pack_options *o, const char *out_dir, sm_work_list *units,
                        const size_t *todo, size_t todo_count, FILE *err) {
    int jobs = o->jobs < 1 ? 1 : o->jobs;
    if ((size_t)jobs > todo_count) jobs = (int)todo_count;
    if (jobs == 0) return;
    pid_t pids[jobs];
    struct pollfd fds[jobs];
    GString *pending[jobs];
    fflush(NULL);
    for (int w = 0; w < jobs; w++) {
        int pipefd[2];
        if (pipe(pipefd) != 0) {
            fprintf(err, "surimono: cannot start workers: %s\n", strerror(errno));
            jobs = w;
            break;
        }
        pid_t pid = fork();
        if (pid == 0) {
            close(pipefd[0]);
            worker(o, out_dir, units, todo, todo_count, w, jobs, pipefd[1]);
            _exit(0);
        }
        close(pipefd[1]);
        pids[w] = pid;
        fds[w] = (struct pollfd){pipefd[0], POLLIN, 0};
        pending[w] = g_string_new(NULL);
    }
    size_t done = 0;
    for (int open = jobs; open > 0;) {
        if (poll(fds, (nfds_t)jobs, -1) < 0 && errno != EINTR) break;
        for (int w = 0; w < jobs; w++) {
            if (fds[w].fd < 0 || !(fds[w].revents & (POLLIN | POLLHUP))) continue;
            char buf[512];
            ssize_t n = read(fds[w].fd, buf, sizeof buf);
            if (n <= 0) {
                close(fds[w].fd);
                fds[w].fd = -1;
                open--;
                continue;
            }
            g_string_append_len(pending[w], buf, n);
            char *nl;
            while ((nl = strchr(pending[w]->str, '\n'))) {
                size_t index;
                int ok, pages;
                if (sscanf(pending[w]->str, "%zu\t%d\t%d", &index, &ok, &pages) == 3 &&
                    index < units->count) {
                    sm_work *u = &units->items[index];
                    u->built = ok;
                    u->failed = !ok;
                    u->pages = pages;
                    /* The first error, after the third tab, for the list at the end. */
                    const char *reason = pending[w]->str;
                    for (int tab = 0; tab < 3 && reason; tab++) {
                        reason = strchr(reason, '\t');
                        if (reason) reason++;
                    }
                    if (reason && reason < nl && !u->error)
                        u->error = g_strndup(reason, (gsize)(nl - reason));
                    done++;
                    if (o->progress && !o->quiet)
                        fprintf(err, "\r\033[K[%zu/%zu] %s", done, todo_count, u->output);
                }
                g_string_erase(pending[w], 0, (gssize)(nl - pending[w]->str + 1));
            }
        }
    }
    if (o->progress && !o->quiet && done) fprintf(err, "\r\033[K");
    for (int w = 0; w < jobs; w++) {
        int status;
        waitpid(pids[w], &status, 0);
        g_string_free(pending[w], TRUE);
    }
}

/* ---- the manifest, the pack PDF and the site ------------------------------------------ */

static int compare_units(const void *a, const void *b) {
    return strcmp((*(sm_work *const *)a)->output, (*(sm_work *const *)b)->output);
}

static const char *edition_word(sm_edition e) {
    return e == SM_EDITION_QUESTION ? "question" : e == SM_EDITION_ANSWER ? "answer" : "all";
}

/* One output a line, sorted by path: deterministic, and shards merge by lines. */
static bool write_manifest(const sm_pack_options *o, const char *out_dir, const sm_work_list *units,
                           FILE *err) {
    GPtrArray *list = g_ptr_array_new();
    for (size_t i = 0; i < units->count; i++)
        if (units->items[i].built || units->items[i].up_to_date)
            g_ptr_array_add(list, &units->items[i]);
    qsort(list->pdata, list->len, sizeof(gpointer), compare_units);
    GString *json = g_string_new("{\n  \"tool\": \"surimono " SM_VERSION "\",\n  \"title\": ");
    json_string(json, units->title);
    g_string_append(json, ",\n  \"outputs\": [\n");
    for (guint i = 0; i < list->len; i++) {
        const sm_work *u = list->pdata[i];
        g_string_append(json, "    {\"path\": ");
        json_string(json, u->output);
        g_string_append(json, ", \"unit\": ");
        json_string(json, u->id);
        g_string_append(json, ", \"title\": ");
        json_string(json, u->document_title);
        g_string_append_printf(json,
                               ", \"kind\": \"%s\", \"paper\": \"%s\", \"color\": \"%s\", "
                               "\"profile\": \"%s\", \"edition\": \"%s\", \"pages\": %d, "
                               "\"bytes\": %lld, \"sha256\": \"%s\", \"inputs\": {",
                               u->kind, u->paper ? u->paper : "own", u->color_mode, u->profile,
                               edition_word(u->edition), u->pages, u->bytes, u->sha256);
        for (size_t k = 0; k < u->input_count; k++) {
            if (k) g_string_append(json, ", ");
            json_string(json, relative(o->root, u->input_paths[k]));
            g_string_append(json, ": ");
            json_string(json, u->input_hashes[k]);
        }
        g_string_append_printf(json, "}}%s\n", i + 1 < list->len ? "," : "");
    }
    g_string_append(json, "  ]\n}\n");
    char *path = g_strdup_printf("%s/manifest.json", out_dir);
    bool ok = write_atomically(path, json->str, json->len, err);
    g_free(path);
    g_string_free(json, TRUE);
    g_ptr_array_free(list, TRUE);
    return ok;
}

static bool write_pack_pdf(const char *out_dir, const sm_work_list *units, char *error,
                           size_t size) {
    sm_combine_item *items = g_new0(sm_combine_item, units->count + 1);
    char **paths = g_new0(char *, units->count + 1);
    size_t n = 0;
    for (size_t i = 0; i < units->count; i++) {
        const sm_work *u = &units->items[i];
        if (!u->built && !u->up_to_date) continue;
        paths[n] = g_strdup_printf("%s/%s", out_dir, u->output);
        items[n] = (sm_combine_item){paths[n], u->document_title, u->output};
        n++;
    }
    char *out = g_strdup_printf("%s/pack.pdf", out_dir);
    bool ok = n == 0 || sm_pack_combine(out, units->title, -1, items, n, error, size);
    g_free(out);
    for (size_t i = 0; i < n; i++) g_free(paths[i]);
    g_free(paths);
    g_free(items);
    return ok;
}

/* Japanese labels of an output for the catalogue: 「A3・カラー」, 「A4・白黒・印刷所用」… */
static char *file_label(const sm_work *u) {
    GString *s = g_string_new(u->paper ? u->paper : "");
    if (s->len) g_string_append(s, "・");
    g_string_append(s, strcmp(u->color_mode, "gray") == 0 ? "白黒" : "カラー");
    if (strcmp(u->profile, "office") != 0)
        g_string_append(s, strcmp(u->profile, "shop") == 0 ? "・印刷所用（塗り足し）"
                                                           : "・印刷所用（トンボ付き）");
    return g_string_free(s, FALSE);
}

static bool write_site(const char *out_dir, const sm_work_list *units, char *error, size_t size) {
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
        size_t f = 0;
        for (size_t i = 0; i < units->count; i++) {
            const sm_work *u = &units->items[i];
            if (strcmp(u->card, card->card) != 0 || !(u->built || u->up_to_date)) continue;
            char *href = g_strdup_printf("../%s", u->output), *label = file_label(u);
            g_ptr_array_add(strings, href);
            g_ptr_array_add(strings, label);
            files[f++] = (sm_site_file){href, label, u->bytes, u->pages};
        }
        char *title = card->edition == SM_EDITION_QUESTION
                          ? g_strdup_printf("%s（問題）", card->document_title)
                      : card->edition == SM_EDITION_ANSWER
                          ? g_strdup_printf("%s（解答編）", card->document_title)
                          : g_strdup(card->document_title);
        char *thumb = g_strdup_printf("thumbs/%s.png", card->card);
        char *alt = g_strdup_printf("%sの1ページ目", title);
        char *text = g_strdup_printf("text/%s.html", card->stem);
        char *answer =
            card->edition == SM_EDITION_QUESTION ? g_strdup_printf("%s-answer", card->stem) : NULL;
        g_ptr_array_add(strings, title), g_ptr_array_add(strings, thumb),
            g_ptr_array_add(strings, alt);
        g_ptr_array_add(strings, text);
        if (answer) g_ptr_array_add(strings, answer);
        items[c] =
            (sm_site_item){card->card, title, card->kind, thumb, alt, text, files, f, answer};
    }
    char *dir = g_strdup_printf("%s/site", out_dir);
    bool ok = sm_site_write_index(dir, units->title, items, cards->len, error, size);
    g_free(dir);
    g_free(items);
    g_ptr_array_free(strings, TRUE);
    g_ptr_array_free(cards, TRUE);
    return ok;
}

/* ---- the build ----------------------------------------------------------------------- */

static void query(const sm_work_list *units, FILE *out) {
    GString *json = g_string_new("{\"units\": [\n");
    for (size_t i = 0; i < units->count; i++) {
        const sm_work *u = &units->items[i];
        g_string_append(json, "  {\"id\": ");
        json_string(json, u->id);
        g_string_append(json, ", \"output\": ");
        json_string(json, u->output);
        g_string_append_printf(json, ", \"inputs_hash\": \"%s\", \"shard_hash\": %u}%s\n",
                               u->inputs_hash ? u->inputs_hash : "", sm_work_shard_hash(u->id),
                               i + 1 < units->count ? "," : "");
    }
    g_string_append(json, "]}\n");
    fputs(json->str, out);
    g_string_free(json, TRUE);
}

static bool make_dirs(const char *out_dir) {
    const char *subs[] = {"", "/site", "/site/thumbs", "/site/text"};
    for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
        char *dir = g_strdup_printf("%s%s", out_dir, subs[i]);
        int rc = mkdir(dir, 0777);
        g_free(dir);
        if (rc != 0 && errno != EEXIST) return false;
    }
    return true;
}

int sm_pack_build(const sm_pack_options *o, FILE *out, FILE *err) {
    sm_work_list units;
    int failures = 0; /* definitions that could not be read, then outputs that failed */
    sm_work_data data = {o->data, o->name_template, o->keep_going};
    if (!sm_works_list(o->root, o->fonts_conf, &data, &units, &failures, err)) return SM_EXIT_INPUT;
    if (o->query_json) {
        query(&units, out);
        sm_works_free(&units);
        return failures ? SM_EXIT_INPUT : SM_EXIT_OK;
    }
    char *out_dir = o->out_dir ? g_strdup(o->out_dir) : g_strdup_printf("%s/out", o->root);
    if (!make_dirs(out_dir)) {
        fprintf(err, "surimono: cannot create %s: %s\n", out_dir, strerror(errno));
        g_free(out_dir);
        sm_works_free(&units);
        return SM_EXIT_SYSTEM;
    }
    GHashTable *cache = read_cache(out_dir);
    size_t *todo = g_new0(size_t, units.count + 1), todo_count = 0, selected = 0;
    for (size_t i = 0; i < units.count; i++) {
        sm_work *u = &units.items[i];
        if (o->shards > 0 && sm_work_shard_hash(u->id) % (unsigned)o->shards != (unsigned)o->shard)
            continue;
        selected++;
        if (u->failed) continue;
        gchar **known = g_hash_table_lookup(cache, u->id);
        char *path = g_strdup_printf("%s/%s", out_dir, u->output);
        char sha[65];
        bool current = !o->force && known && strcmp(known[1], u->inputs_hash) == 0 &&
                       sm_sha256_file(path, sha) && strcmp(sha, known[2]) == 0;
        if (current && u->first_of_card) {
            char *thumb = g_strdup_printf("%s/site/thumbs/%s.png", out_dir, u->card);
            current = g_file_test(thumb, G_FILE_TEST_EXISTS);
            g_free(thumb);
        }
        g_free(path);
        if (current) {
            u->up_to_date = true;
            u->pages = atoi(known[3]);
            memcpy(u->sha256, sha, sizeof u->sha256);
        } else {
            todo[todo_count++] = i;
        }
    }
    run_workers(o, out_dir, &units, todo, todo_count, err);
    int unreadable = failures;
    /* Reported: built or failed. Not reported: a worker stopped at an earlier failure. */
    int built = 0, skipped = 0;
    for (size_t k = 0; k < todo_count; k++) {
        const sm_work *u = &units.items[todo[k]];
        if (u->built)
            built++;
        else if (u->failed)
            failures++;
        else
            skipped++;
    }
    for (size_t i = 0; i < units.count; i++) {
        sm_work *u = &units.items[i];
        if (!u->built) continue;
        char *path = g_strdup_printf("%s/%s", out_dir, u->output);
        struct stat st;
        if (stat(path, &st) == 0) u->bytes = st.st_size;
        sm_sha256_file(path, u->sha256);
        g_free(path);
    }
    for (size_t i = 0; i < units.count; i++)
        if (units.items[i].up_to_date) {
            char *path = g_strdup_printf("%s/%s", out_dir, units.items[i].output);
            struct stat st;
            if (stat(path, &st) == 0) units.items[i].bytes = st.st_size;
            g_free(path);
        }
    bool ok = write_cache(out_dir, &units, cache, err) && write_manifest(o, out_dir, &units, err);
    /* The pack PDF and the site describe the whole pack: a shard leaves them to the merge. */
    char error[512] = "";
    char *pack = g_strdup_printf("%s/pack.pdf", out_dir);
    bool need_pack = built > 0 || !g_file_test(pack, G_FILE_TEST_EXISTS);
    g_free(pack);
    bool whole = o->shards == 0 && !o->data; /* per-school runs make PDFs and a manifest */
    if (ok && whole && need_pack && !write_pack_pdf(out_dir, &units, error, sizeof error)) {
        fprintf(err, "surimono: pack.pdf: %s\n", error);
        ok = false;
    }
    if (ok && whole && !write_site(out_dir, &units, error, sizeof error)) {
        fprintf(err, "surimono: site: %s\n", error);
        ok = false;
    }
    size_t current = 0;
    for (size_t i = 0; i < units.count; i++) current += units.items[i].up_to_date;
    if (!o->quiet)
        fprintf(out, "%d built, %zu up to date, %d failed, %d skipped, of %zu outputs in %s\n",
                built, current, failures, skipped, selected, out_dir);
    if (unreadable)
        fprintf(err, "surimono: %d definition%s could not be read (errors above)\n", unreadable,
                unreadable == 1 ? "" : "s");
    if (failures - unreadable || skipped) {
        fprintf(err, "surimono: %d output%s failed%s:\n", failures - unreadable,
                failures - unreadable == 1 ? "" : "s",
                skipped ? " (the rest was skipped: --keep-going builds it)" : "");
        for (size_t i = 0; i < units.count; i++)
            if (units.items[i].failed)
                fprintf(err, "  %s: %s\n", units.items[i].output,
                        units.items[i].error && *units.items[i].error ? units.items[i].error
                                                                      : units.items[i].definition);
    }
    g_hash_table_destroy(cache);
    g_free(todo);
    g_free(out_dir);
    sm_works_free(&units);
    return failures || skipped ? SM_EXIT_INPUT : ok ? SM_EXIT_OK : SM_EXIT_SYSTEM;
}

int sm_pack_merge_manifests(const char *out_path, const char *const *inputs, int count, FILE *err) {
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    char *header = NULL;
    for (int i = 0; i < count; i++) {
        gchar *text = NULL;
        if (!g_file_get_contents(inputs[i], &text, NULL, NULL)) {
            fprintf(err, "surimono: cannot read %s\n", inputs[i]);
            g_ptr_array_free(lines, TRUE);
            g_hash_table_destroy(seen);
            g_free(header);
            return SM_EXIT_INPUT;
        }
        char *outputs = strstr(text, "  \"outputs\": [\n");
        if (!header && outputs) header = g_strndup(text, (gsize)(outputs - text));
        gchar **split = g_strsplit(text, "\n", -1);
        for (gchar **l = split; *l; l++) {
            if (!g_str_has_prefix(*l, "    {\"path\": ")) continue;
            char *line = g_strdup(*l);
            size_t n = strlen(line);
            if (n && line[n - 1] == ',') line[n - 1] = '\0';
            if (g_hash_table_contains(seen, line)) {
                g_free(line);
                continue;
            }
            g_hash_table_add(seen, line);
            g_ptr_array_add(lines, line);
        }
        g_strfreev(split);
        g_free(text);
    }
    qsort(lines->pdata, lines->len, sizeof(gpointer), compare_names_ptr);
    GString *json = g_string_new(header ? header : "{\n  \"tool\": \"surimono " SM_VERSION "\",\n");
    g_string_append(json, "  \"outputs\": [\n");
    for (guint i = 0; i < lines->len; i++)
        g_string_append_printf(json, "%s%s\n", (char *)lines->pdata[i],
                               i + 1 < lines->len ? "," : "");
    g_string_append(json, "  ]\n}\n");
    bool ok = write_atomically(out_path, json->str, json->len, err);
    g_string_free(json, TRUE);
    g_hash_table_destroy(seen);
    g_ptr_array_free(lines, TRUE);
    g_free(header);
    return ok ? SM_EXIT_OK : SM_EXIT_SYSTEM;
}
