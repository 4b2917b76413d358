/* server.c: the HTTP side of `surimono serve` on libsoup 3 — routes, limits, the checks of
 * the form's values, and the answers of the render pool turned into responses. Nothing a
 * request says reaches the file system: materials are found by id in the listing made at
 * start, and the stylesheet and script are compiled in. */
#include "serve.h"

#include "../base/limits.h"
#include "../base/utf8.h"
#include "materials.h"
#include "pages.h"
#include "pool.h"
#include "soup_api.h"

#include <glib-unix.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

typedef struct server {
    sm_materials materials;
    sm_pool *pool;
    GMainLoop *loop;
} server;

/* ---- responses ------------------------------------------------------------------------ */

static void respond(SoupServerMessage *msg, unsigned status, const char *type, const char *body,
                    size_t len) {
    soup_server_message_set_status(msg, status, NULL);
    SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);
    /* Only our own stylesheet, script and pictures (the preview is a blob: URL). */
    soup_message_headers_replace(h, "Content-Security-Policy",
                                 "default-src 'self'; img-src 'self' blob:; object-src 'none'; "
                                 "base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
    soup_message_headers_replace(h, "X-Content-Type-Options", "nosniff");
    soup_message_headers_replace(h, "Referrer-Policy", "no-referrer");
    soup_message_headers_replace(h, "Cache-Control", "no-store");
    soup_server_message_set_response(msg, type, SOUP_MEMORY_COPY, body, len);
}

static void respond_page(SoupServerMessage *msg, unsigned status, char *page) {
    respond(msg, status, "text/html; charset=utf-8", page, strlen(page));
    g_free(page);
}

static void respond_json(SoupServerMessage *msg, unsigned status, json_t *value) {
    char *text = json_dumps(value, JSON_COMPACT);
    respond(msg, status, "application/json; charset=utf-8", text, strlen(text));
    free(text);
    json_decref(value);
}

/* ---- the form's values ---------------------------------------------------------------- */

/* What the form asked for, checked: the job, and problems in Japanese by field. */
typedef struct form {
    sm_job job;
    GPtrArray *vars; /* "name=value" */
    json_t *fields;  /* variable name → message */
    json_t *errors;  /* messages about no one field */
} form;

static const char *pick(GHashTable *query, const char *key, const char *const *list, int count) {
    const char *asked = query ? g_hash_table_lookup(query, key) : NULL;
    for (int i = 0; asked && i < count; i++)
        if (strcmp(asked, list[i]) == 0) return list[i];
    return count > 0 ? list[0] : NULL;
}

static char *problem_text(const sm_var_info *v, sm_var_problem problem, size_t length) {
    switch (problem) {
    case SM_VAR_MISSING: return g_strdup_printf("%sを入力してください。", v->label);
    case SM_VAR_TOO_LONG:
        return g_strdup_printf("%sは%d文字以内にしてください（いま%zu文字）。", v->label,
                               v->max_length, length);
    case SM_VAR_NOT_PHONE:
        return g_strdup_printf("%sには、086-000-0000 のような電話番号を入力してください。",
                               v->label);
    case SM_VAR_NOT_URL:
        return g_strdup_printf("%sには、https:// で始まるURLを入力してください。", v->label);
    case SM_VAR_NOT_DATE:
        return g_strdup_printf("%sには、2025-04-01 のような日付を入力してください。", v->label);
    case SM_VAR_FINE: break;
    }
    return NULL;
}

static void read_form(const sm_material *m, GHashTable *query, bool png, form *f) {
    f->vars = g_ptr_array_new_with_free_func(g_free);
    f->fields = json_object();
    f->errors = json_array();
    f->job = (sm_job){.definition = m->definition, .png = png, .dpi = 60};
    f->job.paper = pick(query, "paper", m->papers, m->paper_count);
    f->job.color = pick(query, "color", m->colors, m->color_count);
    f->job.profile = pick(query, "profile", m->profiles, m->profile_count);
    const char *edition = query ? g_hash_table_lookup(query, "edition") : NULL;
    if (m->editions)
        f->job.edition =
            edition && strcmp(edition, "answer") == 0 ? SM_EDITION_ANSWER : SM_EDITION_QUESTION;
    const char *dpi = query ? g_hash_table_lookup(query, "dpi") : NULL;
    if (dpi) {
        double v = g_ascii_strtod(dpi, NULL);
        if (v >= 10 && v <= 150) f->job.dpi = v; /* a thumbnail to a sharp preview */
    }
    for (size_t i = 0; i < m->var_count; i++) {
        const sm_var_info *v = &m->vars[i];
        char *key = g_strdup_printf("v.%s", v->name);
        const char *value = query ? g_hash_table_lookup(query, key) : NULL;
        g_free(key);
        char *message = NULL;
        size_t length = 0;
        if (value && !g_utf8_validate(value, -1, NULL))
            message = g_strdup_printf("%sの文字を読めませんでした。", v->label);
        else if (value && strpbrk(value, "\t\r\n"))
            message = g_strdup_printf("%sに改行やタブは使えません。", v->label);
        else if (value && v->max_length == 0 &&
                 sm_utf8_count(value, strlen(value)) > SM_SERVE_MAX_VALUE)
            message =
                g_strdup_printf("%sは%d文字以内にしてください。", v->label, SM_SERVE_MAX_VALUE);
        else {
            sm_var_problem problem = sm_var_check(v, value, &length);
            message = problem_text(v, problem, length);
        }
        if (message) {
            json_object_set_new(f->fields, v->name, json_string(message));
            g_free(message);
        } else if (value) {
            g_ptr_array_add(f->vars, g_strdup_printf("%s=%s", v->name, value));
        }
    }
    f->job.vars = (const char *const *)f->vars->pdata;
    f->job.var_count = f->vars->len;
}

static void form_free(form *f) {
    g_ptr_array_free(f->vars, TRUE);
    json_decref(f->fields);
    json_decref(f->errors);
}

/* The worker's problems (job.h), in Japanese: a problem on a line of the definition that
 * shows a variable is that variable's (its text does not fit); others are the page's. */
static void worker_problems(const sm_material *m, const char *text, form *f) {
    json_t *list = json_loads(text, 0, NULL);
    size_t i;
    json_t *d;
    json_array_foreach(list, i, d) {
        if (strcmp(json_string_value(json_object_get(d, "severity")) ?: "", "error") != 0) continue;
        int line = (int)json_integer_value(json_object_get(d, "line"));
        const char *message = json_string_value(json_object_get(d, "message")) ?: "";
        const sm_var_info *owner = NULL;
        for (size_t k = 0; k < m->var_count && !owner; k++)
            if (sm_material_line_shows(m, line, m->vars[k].name)) owner = &m->vars[k];
        if (owner && !json_object_get(f->fields, owner->name)) {
            char *text_ja =
                g_strdup_printf("%sが長すぎて紙面に入りません。短くしてください。", owner->label);
            json_object_set_new(f->fields, owner->name, json_string(text_ja));
            g_free(text_ja);
        } else if (!owner) {
            char *text_ja = g_strdup_printf("PDFを作れませんでした（%s）。", message);
            json_array_append_new(f->errors, json_string(text_ja));
            g_free(text_ja);
        }
    }
    json_decref(list);
    if (json_object_size(f->fields) == 0 && json_array_size(f->errors) == 0)
        json_array_append_new(f->errors, json_string("PDFを作れませんでした。"));
}

/* A form's problems: JSON for the preview's script, a page for the download (a browser
 * without the script). */
static void respond_problems(SoupServerMessage *msg, const sm_material *m, form *f, bool png,
                             const char *back) {
    if (png) {
        respond_json(msg, 422, json_pack("{s:O, s:O}", "fields", f->fields, "errors", f->errors));
        return;
    }
    GPtrArray *texts = g_ptr_array_new();
    const char *key;
    json_t *value;
    json_object_foreach(f->fields, key, value)
        g_ptr_array_add(texts, (char *)json_string_value(value));
    size_t i;
    json_array_foreach(f->errors, i, value)
        g_ptr_array_add(texts, (char *)json_string_value(value));
    respond_page(msg, 422,
                 sm_page_problems(m->title, (const char *const *)texts->pdata, texts->len, back));
    g_ptr_array_free(texts, TRUE);
}

/* ---- renders -------------------------------------------------------------------------- */

typedef struct pending {
    server *s;
    SoupServerMessage *msg;
    const sm_material *m;
    form f;
    bool png, gone;
    gulong handler;
    char *filename, *back;
} pending;

static void on_disconnected(SoupServerMessage *msg, gpointer data) {
    (void)msg;
    ((pending *)data)->gone = true;
}

static void rendered(sm_pool_result *r, void *data) {
    pending *p = data;
    if (p->gone) {
        /* The browser left (a newer preview replaced this one): nothing to send. */
    } else if (r->ok) {
        respond(p->msg, 200, p->png ? "image/png" : "application/pdf", r->bytes.data, r->bytes.len);
        if (!p->png) {
            char *escaped = g_uri_escape_string(p->filename, NULL, FALSE);
            /* The plain name for old browsers; the exact one (UTF-8, RFC 6266) for the rest. */
            bool ascii = true;
            for (const char *c = p->filename; *c; c++) ascii &= *c > ' ' && *c < 127 && *c != '"';
            char *disposition = g_strdup_printf("attachment; filename=\"%s\"; filename*=UTF-8''%s",
                                                ascii ? p->filename : "download.pdf", escaped);
            soup_message_headers_replace(soup_server_message_get_response_headers(p->msg),
                                         "Content-Disposition", disposition);
            g_free(disposition);
            g_free(escaped);
        }
    } else if (r->failure) {
        json_array_append_new(p->f.errors, json_string(r->failure));
        respond_problems(p->msg, p->m, &p->f, p->png, p->back);
        soup_server_message_set_status(p->msg, 503, NULL);
    } else {
        worker_problems(p->m, r->bytes.data, &p->f);
        respond_problems(p->msg, p->m, &p->f, p->png, p->back);
    }
    if (!p->gone) soup_server_message_unpause(p->msg);
    g_signal_handler_disconnect(p->msg, p->handler);
    g_object_unref(p->msg);
    form_free(&p->f);
    g_free(p->filename);
    g_free(p->back);
    g_free(p);
}

/* The file name a download is saved as: the material, its paper and variant. */
static char *file_name(const sm_material *m, const sm_job *job) {
    GString *name = g_string_new(m->id);
    if (job->paper) g_string_append_printf(name, "-%s", job->paper);
    if (job->color && strcmp(job->color, "gray") == 0) g_string_append(name, "-gray");
    if (job->profile && strcmp(job->profile, "office") != 0)
        g_string_append_printf(name, "-%s", job->profile);
    if (job->edition == SM_EDITION_ANSWER) g_string_append(name, "-answer");
    if (job->edition == SM_EDITION_QUESTION) g_string_append(name, "-question");
    g_string_append(name, ".pdf");
    return g_string_free(name, FALSE);
}

static void render(server *s, SoupServerMessage *msg, const sm_material *m, GHashTable *query,
                   bool png) {
    pending *p = g_new0(pending, 1);
    p->s = s, p->msg = msg, p->m = m, p->png = png;
    read_form(m, query, png, &p->f);
    p->filename = file_name(m, &p->f.job);
    p->back = g_strdup_printf("/m/%s", m->id);
    /* The values are checked here, before any render: a problem is shown at once. */
    if (json_object_size(p->f.fields) > 0) {
        respond_problems(msg, m, &p->f, png, p->back);
        form_free(&p->f);
        g_free(p->filename);
        g_free(p->back);
        g_free(p);
        return;
    }
    if (!sm_pool_submit(s->pool, &p->f.job, rendered, p)) {
        /* Every worker busy and the queue full: refused now rather than queued for ever. */
        json_array_append_new(p->f.errors, json_string("混み合っています。しばらくしてから"
                                                       "もう一度お試しください。"));
        respond_problems(msg, m, &p->f, png, p->back);
        soup_server_message_set_status(msg, 503, NULL);
        soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Retry-After",
                                     "1");
        form_free(&p->f);
        g_free(p->filename);
        g_free(p->back);
        g_free(p);
        return;
    }
    /* The answer comes on this thread, in a later turn of the main loop: pausing now is in
     * time. */
    g_object_ref(msg);
    p->handler = g_signal_connect(msg, "disconnected", G_CALLBACK(on_disconnected), p);
    soup_server_message_pause(msg);
}

/* ---- routes --------------------------------------------------------------------------- */

/* Before a body is read: only GET and HEAD are served, so no body is ever read. */
static void early(SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
                  gpointer data) {
    (void)soup, (void)path, (void)query, (void)data;
    const char *method = soup_server_message_get_method(msg);
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        respond(msg, 405, "text/plain; charset=utf-8", "GET only\n", 9);
        soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Allow",
                                     "GET, HEAD");
    }
}

static void route(SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
                  gpointer data) {
    (void)soup;
    server *s = data;
    const char *method = soup_server_message_get_method(msg);
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) return; /* early said so */
    const char *raw = g_uri_get_query(soup_server_message_get_uri(msg));
    if (raw && strlen(raw) > SM_SERVE_MAX_QUERY) {
        respond(msg, 414, "text/plain; charset=utf-8", "query too long\n", 15);
        return;
    }
    if (strcmp(path, "/") == 0) {
        respond_page(msg, 200, sm_page_catalogue(&s->materials));
        return;
    }
    if (strcmp(path, "/static/style.css") == 0) {
        respond(msg, 200, "text/css; charset=utf-8", sm_page_style, strlen(sm_page_style));
        return;
    }
    if (strcmp(path, "/static/app.js") == 0) {
        respond(msg, 200, "text/javascript; charset=utf-8", sm_page_script, strlen(sm_page_script));
        return;
    }
    /* /m/ID, /m/ID/preview.png, /m/ID/download.pdf: ID one of the listing's. */
    if (strncmp(path, "/m/", 3) == 0) {
        const char *rest = path + 3;
        const char *slash = strchr(rest, '/');
        char *id = g_uri_unescape_segment(rest, slash, NULL);
        const sm_material *m = id ? sm_materials_find(&s->materials, id) : NULL;
        g_free(id);
        if (m && !slash) {
            respond_page(msg, 200, sm_page_material(&s->materials, m, query));
            return;
        }
        if (m && strcmp(slash, "/preview.png") == 0) {
            render(s, msg, m, query, true);
            return;
        }
        if (m && strcmp(slash, "/download.pdf") == 0) {
            render(s, msg, m, query, false);
            return;
        }
    }
    respond_page(msg, 404, sm_page_not_found());
}

static gboolean stop(gpointer data) {
    g_main_loop_quit(data);
    return G_SOURCE_REMOVE;
}

int sm_serve(const sm_serve_options *o) {
    signal(SIGPIPE, SIG_IGN); /* a worker gone mid-write is an error, not our death */
    GInetAddress *address = g_inet_address_new_from_string(o->host);
    if (!address) {
        fprintf(stderr,
                "surimono: error: --host takes an IP address (127.0.0.1, ::1, "
                "0.0.0.0), not '%s'\n",
                o->host);
        return SM_EXIT_USAGE;
    }
    server s = {0};
    sm_diags *diags = sm_diags_new();
    bool listed = sm_materials_load(&s.materials, o->root, o->fonts_conf, diags);
    for (size_t i = 0; i < sm_diags_count(diags); i++) {
        const sm_diag *d = sm_diags_at(diags, i);
        const char *kind = d->severity == SM_SEVERITY_ERROR ? "error" : "warning";
        if (d->line > 0)
            fprintf(stderr, "%s:%d:%d: %s: %s\n", d->file, d->line, d->col, kind, d->message);
        else
            fprintf(stderr, "%s: %s: %s\n", d->file, kind, d->message);
    }
    sm_diags_free(diags);
    if (!listed) {
        g_object_unref(address);
        return SM_EXIT_INPUT;
    }
    bool loopback = g_inet_address_get_is_loopback(address);
    GSocketAddress *where = g_inet_socket_address_new(address, (guint16)o->port);
    g_object_unref(address);
    SoupServer *soup = soup_server_new("server-header", "surimono", NULL);
    soup_server_add_early_handler(soup, NULL, early, &s, NULL);
    soup_server_add_handler(soup, NULL, route, &s, NULL);
    GError *error = NULL;
    if (!soup_server_listen(soup, where, 0, &error)) {
        fprintf(stderr, "surimono: error: cannot listen on %s port %d: %s\n", o->host, o->port,
                error->message);
        g_error_free(error);
        g_object_unref(where);
        g_object_unref(soup);
        sm_materials_free(&s.materials);
        return SM_EXIT_SYSTEM;
    }
    g_object_unref(where);
    s.pool = sm_pool_new(o->exe, o->fonts_conf, o->workers);
    GSList *uris = soup_server_get_uris(soup);
    char *uri = uris ? g_uri_to_string(uris->data) : g_strdup("?");
    g_slist_free_full(uris, (GDestroyNotify)g_uri_unref);
    if (!loopback)
        fprintf(stderr,
                "surimono: warning: serving on %s: anyone who can reach this machine "
                "can use the form; it has no accounts (put it behind your "
                "organisation's own login)\n",
                o->host);
    printf("surimono serve: %s (%zu materials of %s; Ctrl-C stops)\n", uri, s.materials.count,
           s.materials.root);
    fflush(stdout);
    g_free(uri);
    s.loop = g_main_loop_new(NULL, FALSE);
    g_unix_signal_add(SIGINT, stop, s.loop);
    g_unix_signal_add(SIGTERM, stop, s.loop);
    g_main_loop_run(s.loop);
    g_main_loop_unref(s.loop);
    g_object_unref(soup);
    sm_pool_free(s.pool);
    sm_materials_free(&s.materials);
    return SM_EXIT_OK;
}
