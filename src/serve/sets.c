/* sets.c: what `surimono serve` makes of several materials at once — one school's set (the
 * chosen materials as one PDF, or a ZIP of their PDFs) and every school of an uploaded CSV
 * (a ZIP with a folder per school, made in the background with its progress shown). Both go
 * through the same render pool as the previews, a few jobs at a time, so one large upload
 * does not shut the others out. */
#include "http.h"

#include "../base/csv.h"
#include "../base/limits.h"
#include "../base/path.h"
#include "../pack/combine.h"
#include "pages.h"
#include "zip.h"

#include <glib/gstdio.h>
#include <string.h>

/* The materials a form ticked (m.ID fields), in the catalogue's order. */
static GPtrArray *chosen(const server *s, GHashTable *form) {
    GPtrArray *list = g_ptr_array_new();
    for (size_t i = 0; i < s->materials.count; i++) {
        char *key = g_strdup_printf("m.%s", s->materials.items[i].id);
        if (form && g_hash_table_contains(form, key)) g_ptr_array_add(list, &s->materials.items[i]);
        g_free(key);
    }
    return list;
}

/* Adds the form's problems to `sentences`, each once (a school's name is asked by every
 * material that shows it). prefix: "schools.csv の3行目：" or "". */
static void add_problems(GPtrArray *sentences, GHashTable *said, const sm_form *f,
                         const char *prefix) {
    const char *key;
    json_t *value;
    json_object_foreach(f->fields, key, value) {
        char *text = g_strdup_printf("%s%s", prefix, json_string_value(value));
        if (g_hash_table_add(said, text)) g_ptr_array_add(sentences, text);
    }
    size_t i;
    json_array_foreach(f->errors, i, value) {
        char *text = g_strdup_printf("%s%s", prefix, json_string_value(value));
        if (g_hash_table_add(said, text)) g_ptr_array_add(sentences, text);
    }
}

/* ---- one school's set ------------------------------------------------------------------ */

typedef struct set_request {
    server *s;
    SoupServerMessage *msg;
    bool zip, gone;
    gulong handler;
    guint count, done;
    const sm_material **materials;
    sm_form *forms;
    sm_buf *files;
    bool *ok;
} set_request;

typedef struct set_item {
    set_request *set;
    guint index;
} set_item;

static void set_gone(SoupServerMessage *msg, gpointer data) {
    (void)msg;
    ((set_request *)data)->gone = true;
}

/* The PDFs joined with the pack's combine: written to a private folder first, as it reads
 * files. */
static bool combine(set_request *r, sm_buf *out, GPtrArray *problems) {
    char *dir = g_dir_make_tmp("surimono-set-XXXXXX", NULL);
    if (!dir) return false;
    sm_combine_item *items = g_new0(sm_combine_item, r->count);
    char **paths = g_new0(char *, r->count + 1);
    bool ok = true;
    for (guint i = 0; i < r->count && ok; i++) {
        paths[i] = g_strdup_printf("%s/%u.pdf", dir, i);
        ok = g_file_set_contents(paths[i], r->files[i].data, (gssize)r->files[i].len, NULL);
        items[i] =
            (sm_combine_item){paths[i], r->materials[i]->title, r->materials[i]->title, NULL};
    }
    char *whole = g_strdup_printf("%s/set.pdf", dir);
    sm_diags *diags = sm_diags_new();
    ok = ok && sm_pack_combine(whole, r->s->materials.title, -1, items, r->count, diags);
    ok = ok && sm_path_read(whole, NULL, SM_SERVE_MAX_REPLY, out, NULL) == SM_PATH_OK;
    if (!ok) g_ptr_array_add(problems, g_strdup("PDFを1つにまとめられませんでした。"));
    sm_diags_free(diags);
    for (guint i = 0; i < r->count; i++) {
        if (paths[i]) g_unlink(paths[i]);
        g_free(paths[i]);
    }
    g_unlink(whole);
    g_rmdir(dir);
    g_free(whole);
    g_free(paths);
    g_free(items);
    g_free(dir);
    return ok;
}

static void set_finish(set_request *r) {
    GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
    GHashTable *said = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < r->count; i++)
        if (!r->ok[i]) {
            char *prefix = g_strdup_printf("「%s」：", r->materials[i]->title);
            add_problems(problems, said, &r->forms[i], prefix);
            g_free(prefix);
        }
    sm_buf out = {0};
    if (problems->len == 0 && r->zip) {
        sm_zip *zip = sm_zip_new();
        for (guint i = 0; i < r->count; i++) {
            char *name = sm_form_file_name(r->materials[i], &r->forms[i].job);
            sm_zip_add(zip, name, r->files[i].data, r->files[i].len);
            g_free(name);
        }
        if (!sm_zip_finish(zip, &out))
            g_ptr_array_add(problems, g_strdup("ZIPを作れませんでした。"));
    } else if (problems->len == 0) {
        combine(r, &out, problems);
    }
    if (!r->gone) {
        if (problems->len == 0) {
            sm_respond(r->msg, 200, r->zip ? "application/zip" : "application/pdf", out.data,
                       out.len);
            soup_message_headers_replace(
                soup_server_message_get_response_headers(r->msg), "Content-Disposition",
                r->zip ? "attachment; filename=\"set.zip\"" : "attachment; filename=\"set.pdf\"");
        } else {
            sm_respond_page(r->msg, 422,
                            sm_page_problems("学校のセット", (const char *const *)problems->pdata,
                                             problems->len, "/set"));
        }
        soup_server_message_unpause(r->msg);
    }
    g_signal_handler_disconnect(r->msg, r->handler);
    g_object_unref(r->msg);
    sm_buf_free(&out);
    g_hash_table_destroy(said);
    g_ptr_array_free(problems, TRUE);
    for (guint i = 0; i < r->count; i++) {
        sm_form_free(&r->forms[i]);
        sm_buf_free(&r->files[i]);
    }
    g_free(r->forms), g_free(r->files), g_free(r->ok), g_free(r->materials);
    g_free(r);
}

static void set_rendered(sm_pool_result *result, void *data) {
    set_item *item = data;
    set_request *r = item->set;
    guint i = item->index;
    g_free(item);
    r->ok[i] = result->ok;
    if (result->ok) {
        r->files[i] = result->bytes; /* taken: the pool frees an empty buffer */
        result->bytes = (sm_buf){0};
    } else if (result->failure) {
        json_array_append_new(r->forms[i].errors, json_string(result->failure));
    } else {
        sm_form_worker_problems(r->materials[i], result->bytes.data, &r->forms[i]);
    }
    if (++r->done == r->count) set_finish(r);
}

void sm_serve_set(server *s, SoupServerMessage *msg, GHashTable *form) {
    GPtrArray *list = chosen(s, form);
    const char *format = g_hash_table_lookup(form, "format");
    set_request *r = g_new0(set_request, 1);
    r->s = s, r->msg = msg, r->zip = format && strcmp(format, "zip") == 0;
    r->count = list->len;
    r->materials = (const sm_material **)g_ptr_array_free(list, FALSE);
    r->forms = g_new0(sm_form, r->count + 1);
    r->files = g_new0(sm_buf, r->count + 1);
    r->ok = g_new0(bool, r->count + 1);
    GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
    GHashTable *said = g_hash_table_new(g_str_hash, g_str_equal);
    if (r->count == 0) g_ptr_array_add(problems, g_strdup("教材を1つ以上選んでください。"));
    for (guint i = 0; i < r->count; i++) {
        sm_form_read(r->materials[i], form, false, &r->forms[i]);
        add_problems(problems, said, &r->forms[i], "");
    }
    if (problems->len == 0 && sm_pool_busy(s->pool) + (int)r->count > SM_SERVE_MAX_QUEUE)
        g_ptr_array_add(problems,
                        g_strdup("混み合っています。しばらくしてからもう一度お試しください。"));
    if (problems->len > 0) {
        sm_respond_page(msg, 422,
                        sm_page_problems("学校のセット", (const char *const *)problems->pdata,
                                         problems->len, "/set"));
        g_hash_table_destroy(said);
        g_ptr_array_free(problems, TRUE);
        r->msg = NULL;
        for (guint i = 0; i < r->count; i++) sm_form_free(&r->forms[i]);
        g_free(r->forms), g_free(r->files), g_free(r->ok), g_free(r->materials);
        g_free(r);
        return;
    }
    g_hash_table_destroy(said);
    g_ptr_array_free(problems, TRUE);
    g_object_ref(msg);
    r->handler = g_signal_connect(msg, "disconnected", G_CALLBACK(set_gone), r);
    soup_server_message_pause(msg);
    for (guint i = 0; i < r->count; i++) {
        set_item *item = g_new(set_item, 1);
        *item = (set_item){r, i};
        sm_pool_submit(s->pool, &r->forms[i].job, set_rendered, item);
    }
}

/* ---- every school of an upload --------------------------------------------------------- */

typedef struct batch_job {
    const sm_material *material;
    sm_form form;
    guint index; /* its place in the ZIP, whichever worker finishes first */
    int line;    /* the CSV's */
} batch_job;

typedef struct batch {
    char *id;
    char *csv_name;
    server *s;
    GQueue *waiting; /* batch_job * */
    guint in_flight, total, done, failed;
    GPtrArray *problems; /* sentences, each with its CSV line */
    GHashTable *said;
    GPtrArray *entries; /* each job's name in the ZIP (school/file.pdf), by index */
    sm_buf *files;      /* each job's PDF, by index (empty: it failed) */
    size_t bytes;
    sm_buf result;
    bool finished;
    gint64 finished_at;
} batch;

struct sm_batches {
    GHashTable *by_id; /* id → batch */
};

static void batch_free(gpointer data) {
    batch *b = data;
    batch_job *j;
    while ((j = g_queue_pop_head(b->waiting))) {
        sm_form_free(&j->form);
        g_free(j);
    }
    g_queue_free(b->waiting);
    g_ptr_array_free(b->problems, TRUE);
    g_hash_table_destroy(b->said);
    for (guint i = 0; i < b->total; i++) sm_buf_free(&b->files[i]);
    g_free(b->files);
    g_ptr_array_free(b->entries, TRUE);
    sm_buf_free(&b->result);
    g_free(b->csv_name);
    g_free(b->id);
    g_free(b);
}

sm_batches *sm_batches_new(void) {
    sm_batches *b = g_new0(sm_batches, 1);
    b->by_id = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, batch_free);
    return b;
}

void sm_batches_free(sm_batches *b) {
    if (!b) return;
    g_hash_table_destroy(b->by_id);
    g_free(b);
}

/* Forgets uploads whose ZIP has waited past its time. */
static void expire(sm_batches *all) {
    GHashTableIter it;
    gpointer key, value;
    gint64 now = g_get_monotonic_time();
    g_hash_table_iter_init(&it, all->by_id);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        batch *b = value;
        if (b->finished && now - b->finished_at > (gint64)SM_SERVE_BATCH_SECONDS * 1000000)
            g_hash_table_iter_remove(&it);
    }
}

static void batch_feed(batch *b);

typedef struct batch_item {
    batch *b;
    batch_job *job;
} batch_item;

static void batch_rendered(sm_pool_result *result, void *data) {
    batch_item *item = data;
    batch *b = item->b;
    batch_job *j = item->job;
    g_free(item);
    b->in_flight--;
    b->done++;
    if (result->ok && b->bytes + result->bytes.len <= SM_SERVE_MAX_BATCH_BYTES) {
        b->files[j->index] = result->bytes; /* taken: the pool frees an empty buffer */
        result->bytes = (sm_buf){0};
        b->bytes += b->files[j->index].len;
    } else {
        b->failed++;
        if (result->ok)
            json_array_append_new(j->form.errors,
                                  json_string("ZIPが大きくなりすぎるため、ここで止めました。"));
        else if (result->failure)
            json_array_append_new(j->form.errors, json_string(result->failure));
        else
            sm_form_worker_problems(j->material, result->bytes.data, &j->form);
        char *prefix =
            g_strdup_printf("%sの%d行目（%s）：", b->csv_name, j->line, j->material->title);
        add_problems(b->problems, b->said, &j->form, prefix);
        g_free(prefix);
    }
    sm_form_free(&j->form);
    g_free(j);
    batch_feed(b);
}

/* Keeps as many of the upload's jobs in the pool as there are workers: previews of other
 * users wait behind a few jobs, not behind a thousand. */
static void batch_feed(batch *b) {
    while (b->in_flight < (guint)sm_pool_size(b->s->pool) && !g_queue_is_empty(b->waiting)) {
        batch_job *j = g_queue_pop_head(b->waiting);
        batch_item *item = g_new(batch_item, 1);
        *item = (batch_item){b, j};
        if (!sm_pool_submit(b->s->pool, &j->form.job, batch_rendered, item)) {
            /* The pool is full: this job waits for the next one to finish. */
            g_free(item);
            g_queue_push_head(b->waiting, j);
            break;
        }
        b->in_flight++;
    }
    if (b->in_flight == 0 && g_queue_is_empty(b->waiting) && !b->finished) {
        /* In the CSV's order, so the same list gives the same ZIP. */
        sm_zip *zip = sm_zip_new();
        for (guint i = 0; i < b->total; i++) {
            if (b->files[i].len)
                sm_zip_add(zip, b->entries->pdata[i], b->files[i].data, b->files[i].len);
            sm_buf_free(&b->files[i]);
        }
        sm_zip_finish(zip, &b->result);
        b->finished = true;
        b->finished_at = g_get_monotonic_time();
    }
}

/* A ZIP folder name for a school: its first column's value, when it is a usable name. */
static char *folder_name(const sm_table *t, size_t row) {
    const char *first = sm_table_cell(t, row, 0);
    if (first && *first && !sm_path_check_name(first) && !strchr(first, '/'))
        return g_strdup(first);
    return g_strdup_printf("row%d", sm_table_row_line(t, row));
}

/* The uploaded parts of a multipart form: its fields (name → value) and the file. */
static bool read_upload(SoupServerMessage *msg, GHashTable *fields, GBytes **file,
                        char **file_name) {
    SoupMessageBody *body = soup_server_message_get_request_body(msg);
    GBytes *bytes = soup_message_body_flatten(body);
    SoupMultipart *parts =
        soup_multipart_new_from_message(soup_server_message_get_request_headers(msg), bytes);
    g_bytes_unref(bytes);
    if (!parts) return false;
    for (int i = 0; i < soup_multipart_get_length(parts); i++) {
        SoupMessageHeaders *headers;
        GBytes *part;
        char *disposition = NULL;
        GHashTable *params = NULL;
        if (!soup_multipart_get_part(parts, i, &headers, &part) ||
            !soup_message_headers_get_content_disposition(headers, &disposition, &params))
            continue;
        const char *name = g_hash_table_lookup(params, "name");
        const char *filename = g_hash_table_lookup(params, "filename");
        if (name && strcmp(name, "csv") == 0 && !*file) {
            *file = g_bytes_ref(part);
            *file_name = g_path_get_basename(filename && *filename ? filename : "schools.csv");
        } else if (name) {
            gsize n;
            const char *data = g_bytes_get_data(part, &n);
            g_hash_table_replace(fields, g_strdup(name), g_strndup(data, n));
        }
        g_free(disposition);
        g_hash_table_destroy(params);
    }
    soup_multipart_free(parts);
    return *file != NULL;
}

void sm_serve_batch_start(server *s, SoupServerMessage *msg, const char *session) {
    expire(s->batches);
    GHashTable *fields = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    GBytes *file = NULL;
    char *csv_name = NULL;
    GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
    bool read = read_upload(msg, fields, &file, &csv_name);
    if (!sm_session_check(s->sessions, session, g_hash_table_lookup(fields, "token"))) {
        sm_respond_bad_token(msg);
        if (file) g_bytes_unref(file);
        g_free(csv_name);
        g_hash_table_destroy(fields);
        g_ptr_array_free(problems, TRUE);
        return;
    }
    if (!read) g_ptr_array_add(problems, g_strdup("学校の一覧（CSVファイル）を選んでください。"));
    GPtrArray *list = chosen(s, fields);
    if (list->len == 0) g_ptr_array_add(problems, g_strdup("教材を1つ以上選んでください。"));
    if (g_hash_table_size(s->batches->by_id) >= SM_SERVE_MAX_BATCHES)
        g_ptr_array_add(
            problems, g_strdup("ほかの一覧を作成中です。しばらくしてからもう一度お試しください。"));
    /* Problems so far stop the upload; a bad row below only skips its school. */
    bool stop = problems->len > 0;
    sm_arena *arena = sm_arena_new();
    sm_diags *diags = sm_diags_new();
    sm_table *table = NULL;
    if (!stop) {
        gsize size;
        const char *data = g_bytes_get_data(file, &size);
        table = sm_csv_parse(csv_name, data, size, arena, diags);
        /* The CSV's own problems, with their lines, as `build --data` reports them. */
        for (size_t i = 0; i < sm_diags_count(diags); i++) {
            const sm_diag *d = sm_diags_at(diags, i);
            g_ptr_array_add(problems,
                            g_strdup_printf("%sの%d行目：%s", csv_name, d->line, d->message));
        }
        stop = !table;
        if (!table && problems->len == 0)
            g_ptr_array_add(problems, g_strdup("CSVファイルを読めませんでした。"));
    }
    if (!stop && sm_table_rows(table) > SM_SERVE_MAX_ROWS) {
        g_ptr_array_add(problems, g_strdup_printf("一度に作れるのは%d校までです（%zu行あります）。",
                                                  SM_SERVE_MAX_ROWS, sm_table_rows(table)));
        stop = true;
    }
    /* A required variable without its column would fail every row: said once, by name. */
    for (guint i = 0; !stop && i < list->len; i++) {
        const sm_material *m = list->pdata[i];
        for (size_t v = 0; v < m->var_count; v++) {
            size_t column;
            if (!m->vars[v].required || sm_table_find_column(table, m->vars[v].name, &column))
                continue;
            GString *columns = g_string_new(NULL);
            for (size_t c = 0; c < sm_table_columns(table); c++)
                g_string_append_printf(columns, "%s%s", c ? "、" : "", sm_table_header(table, c));
            g_ptr_array_add(problems,
                            g_strdup_printf("%sに「%s」の列がありません（1行目の項目：%s）。",
                                            csv_name, m->vars[v].name, columns->str));
            g_string_free(columns, TRUE);
            stop = true;
            break;
        }
    }
    if (stop) {
        sm_respond_page(msg, 422,
                        sm_page_problems("全校分の作成", (const char *const *)problems->pdata,
                                         problems->len, "/set"));
        g_ptr_array_free(problems, TRUE);
        g_ptr_array_free(list, TRUE);
        sm_diags_free(diags);
        sm_arena_free(arena);
        if (file) g_bytes_unref(file);
        g_free(csv_name);
        g_hash_table_destroy(fields);
        return;
    }
    batch *b = g_new0(batch, 1);
    b->s = s;
    b->id = sm_session_new_id();
    b->csv_name = csv_name;
    b->waiting = g_queue_new();
    b->problems = problems; /* the bad rows', which are skipped (as with --keep-going) */
    b->said = g_hash_table_new(g_str_hash, g_str_equal);
    b->entries = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *jobs = g_ptr_array_new();
    for (size_t row = 0; row < sm_table_rows(table); row++) {
        if (!sm_table_row_ok(table, row)) continue;
        /* The row's columns are the values of the variables of the same name. */
        GHashTable *values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        for (size_t c = 0; c < sm_table_columns(table); c++)
            g_hash_table_replace(values, g_strdup_printf("v.%s", sm_table_header(table, c)),
                                 (gpointer)sm_table_cell(table, row, c));
        const char *paper = g_hash_table_lookup(fields, "paper"),
                   *color = g_hash_table_lookup(fields, "color");
        if (paper) g_hash_table_replace(values, g_strdup("paper"), (gpointer)paper);
        if (color) g_hash_table_replace(values, g_strdup("color"), (gpointer)color);
        char *folder = folder_name(table, row);
        /* A school's set is whole or not made: a row with a problem for any of its
         * materials is reported by its line and skipped (as `build --data -k` does). */
        GPtrArray *row_jobs = g_ptr_array_new();
        bool row_ok = true;
        for (guint i = 0; i < list->len; i++) {
            batch_job *j = g_new0(batch_job, 1);
            j->material = list->pdata[i];
            j->line = sm_table_row_line(table, row);
            sm_form_read(j->material, values, false, &j->form); /* copies the values */
            if (json_object_size(j->form.fields) > 0) {
                char *prefix = g_strdup_printf("%sの%d行目：", csv_name, j->line);
                add_problems(b->problems, b->said, &j->form, prefix);
                g_free(prefix);
                row_ok = false;
            }
            g_ptr_array_add(row_jobs, j);
        }
        for (guint i = 0; i < row_jobs->len; i++) {
            batch_job *j = row_jobs->pdata[i];
            if (!row_ok) {
                sm_form_free(&j->form);
                g_free(j);
                continue;
            }
            char *file_name = sm_form_file_name(j->material, &j->form.job);
            g_ptr_array_add(b->entries, g_strdup_printf("%s/%s", folder, file_name));
            g_free(file_name);
            j->index = b->total++;
            g_ptr_array_add(jobs, j);
        }
        g_ptr_array_free(row_jobs, TRUE);
        g_free(folder);
        g_hash_table_destroy(values);
    }
    b->files = g_new0(sm_buf, b->total + 1);
    for (guint i = 0; i < jobs->len; i++) g_queue_push_tail(b->waiting, jobs->pdata[i]);
    g_ptr_array_free(jobs, TRUE);
    g_hash_table_replace(s->batches->by_id, b->id, b);
    batch_feed(b);
    /* The progress page: the browser goes there (See Other). */
    char *where = g_strdup_printf("/batch/%s", b->id);
    sm_respond(msg, 303, "text/plain; charset=utf-8", "", 0);
    soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Location", where);
    g_free(where);
    g_ptr_array_free(list, TRUE);
    sm_diags_free(diags);
    sm_arena_free(arena);
    g_bytes_unref(file);
    g_hash_table_destroy(fields);
}

void sm_serve_batch_get(server *s, SoupServerMessage *msg, const char *rest) {
    expire(s->batches);
    char *id = g_strndup(rest, strcspn(rest, "/"));
    const char *what = rest + strlen(id);
    batch *b = g_hash_table_lookup(s->batches->by_id, id);
    g_free(id);
    if (!b) {
        sm_respond_page(msg, 404, sm_page_not_found());
        return;
    }
    if (strcmp(what, "/status") == 0) {
        json_t *problems = json_array();
        for (guint i = 0; i < b->problems->len; i++)
            json_array_append_new(problems, json_string(b->problems->pdata[i]));
        sm_respond_json(msg, 200,
                        json_pack("{s:i, s:i, s:i, s:b, s:o}", "done", b->done, "total", b->total,
                                  "failed", b->failed, "finished", b->finished, "problems",
                                  problems));
    } else if (strcmp(what, "/result.zip") == 0 && b->finished) {
        sm_respond(msg, 200, "application/zip", b->result.data, b->result.len);
        soup_message_headers_replace(soup_server_message_get_response_headers(msg),
                                     "Content-Disposition", "attachment; filename=\"schools.zip\"");
    } else if (*what == '\0') {
        sm_respond_page(msg, 200,
                        sm_page_batch(b->id, b->done, b->total, b->finished,
                                      (const char *const *)b->problems->pdata, b->problems->len));
    } else {
        sm_respond_page(msg, 404, sm_page_not_found());
    }
}
