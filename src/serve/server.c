/* server.c: the HTTP side of `surimono serve` on libsoup 3 — listening, routes, limits and
 * sessions, and one material's preview or download sent to the render pool and its answer
 * turned into a response. Nothing a request says reaches the file system: materials are
 * found by id in the listing made at start, and the stylesheet and script are compiled in. */
#include "serve.h"

#include "../base/limits.h"
#include "../base/utf8.h"
#include "http.h"
#include "pages.h"

#include <glib-unix.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

/* ---- renders -------------------------------------------------------------------------- */

typedef struct pending {
    server *s;
    SoupServerMessage *msg;
    const sm_material *m;
    sm_form f;
    bool png, gone;
    gulong handler;
    char *filename, *back;
    char *thumbnail; /* its key in s->thumbnails when the answer is a thumbnail to keep */
} pending;

/* A thumbnail kept: the picture and what is still missing (the form's header). */
typedef struct thumbnail {
    GBytes *png;
    char *missing;
} thumbnail;

static void thumbnail_free(gpointer data) {
    thumbnail *t = data;
    g_bytes_unref(t->png);
    g_free(t->missing);
    g_free(t);
}

static void send_png(SoupServerMessage *msg, const char *data, size_t len, const char *missing) {
    sm_respond(msg, 200, "image/png", data, len);
    /* The form's script shows these beside their fields (a header is ASCII: the JSON goes
     * percent-encoded). */
    if (missing)
        soup_message_headers_replace(soup_server_message_get_response_headers(msg),
                                     "X-Surimono-Missing", missing);
}

static void pending_free(pending *p) {
    g_free(p->thumbnail);
    sm_form_free(&p->f);
    g_free(p->filename);
    g_free(p->back);
    g_free(p);
}

static void on_disconnected(SoupServerMessage *msg, gpointer data) {
    (void)msg;
    ((pending *)data)->gone = true;
}

/* A download's PDF, with the name it is saved as: the plain name for old browsers, the
 * exact one (UTF-8, RFC 6266) for the rest. */
static void send_pdf(SoupServerMessage *msg, const sm_buf *pdf, const char *filename) {
    sm_respond(msg, 200, "application/pdf", pdf->data, pdf->len);
    char *escaped = g_uri_escape_string(filename, NULL, FALSE);
    bool ascii = true;
    for (const char *c = filename; *c; c++) ascii &= *c > ' ' && *c < 127 && *c != '"';
    char *disposition = g_strdup_printf("attachment; filename=\"%s\"; filename*=UTF-8''%s",
                                        ascii ? filename : "download.pdf", escaped);
    soup_message_headers_replace(soup_server_message_get_response_headers(msg),
                                 "Content-Disposition", disposition);
    g_free(disposition);
    g_free(escaped);
}

/* The pool's answer. A thumbnail is kept even when its browser left (a newer preview
 * replaced it): the next visitor gets it at once. */
static void rendered(sm_pool_result *r, void *data) {
    pending *p = data;
    if (r->ok && p->png) {
        char *missing = NULL;
        if (json_object_size(p->f.missing) > 0) {
            char *text = json_dumps(p->f.missing, JSON_COMPACT);
            missing = g_uri_escape_string(text, NULL, FALSE);
            free(text);
        }
        if (!p->gone) send_png(p->msg, r->bytes.data, r->bytes.len, missing);
        if (p->thumbnail && !g_hash_table_contains(p->s->thumbnails, p->thumbnail)) {
            thumbnail *t = g_new0(thumbnail, 1);
            t->png = g_bytes_new(r->bytes.data, r->bytes.len);
            t->missing = g_strdup(missing);
            g_hash_table_insert(p->s->thumbnails, g_steal_pointer(&p->thumbnail), t);
        }
        g_free(missing);
    } else if (p->gone) {
        /* Nothing to send. */
    } else if (r->ok) {
        send_pdf(p->msg, &r->bytes, p->filename);
    } else if (r->failure) {
        json_array_append_new(p->f.errors, json_string(r->failure));
        sm_respond_problems(p->msg, p->m, &p->f, p->png, p->back);
        soup_server_message_set_status(p->msg, 503, NULL);
    } else {
        sm_form_worker_problems(p->m, r->bytes.data, &p->f);
        sm_respond_problems(p->msg, p->m, &p->f, p->png, p->back);
    }
    if (!p->gone) soup_server_message_unpause(p->msg);
    g_signal_handler_disconnect(p->msg, p->handler);
    g_object_unref(p->msg);
    pending_free(p);
}

static void render(server *s, SoupServerMessage *msg, const sm_material *m, GHashTable *query,
                   bool png) {
    /* A thumbnail — a preview with nothing asked but its size — is made once. */
    const char *dpi = query ? g_hash_table_lookup(query, "dpi") : NULL;
    char *key = NULL;
    if (png && (!query || g_hash_table_size(query) == (dpi ? 1u : 0u))) {
        key = g_strdup_printf("%s?%s", m->id, dpi ? dpi : "");
        thumbnail *kept = g_hash_table_lookup(s->thumbnails, key);
        if (kept) {
            gsize n;
            const char *data = g_bytes_get_data(kept->png, &n);
            send_png(msg, data, n, kept->missing);
            g_free(key);
            return;
        }
        /* Only the sizes the pages ask for: a query cannot fill the memory with sizes. */
        if (g_hash_table_size(s->thumbnails) >= 4 * s->materials.count)
            g_clear_pointer(&key, g_free);
    }
    pending *p = g_new0(pending, 1);
    p->s = s, p->msg = msg, p->m = m, p->png = png, p->thumbnail = key;
    sm_form_read(m, query, png, &p->f);
    p->filename = sm_form_file_name(m, &p->f.job);
    p->back = g_strdup_printf("/m/%s", m->id);
    /* The values are checked here, before any render: a problem is shown at once. */
    if (json_object_size(p->f.fields) > 0) {
        sm_respond_problems(msg, m, &p->f, png, p->back);
        pending_free(p);
        return;
    }
    if (!sm_pool_submit(s->pool, &p->f.job, rendered, p)) {
        /* Every worker busy and the queue full: refused now rather than queued for ever. */
        json_array_append_new(p->f.errors, json_string("混み合っています。しばらくしてから"
                                                       "もう一度お試しください。"));
        sm_respond_problems(msg, m, &p->f, png, p->back);
        soup_server_message_set_status(msg, 503, NULL);
        soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Retry-After",
                                     "1");
        pending_free(p);
        return;
    }
    /* The answer comes on this thread, in a later turn of the main loop: pausing now is in
     * time. */
    g_object_ref(msg);
    p->handler = g_signal_connect(msg, "disconnected", G_CALLBACK(on_disconnected), p);
    soup_server_message_pause(msg);
}

/* ---- routes --------------------------------------------------------------------------- */

/* Before a body is read: GET and HEAD anywhere; POST only to the two forms that post, with
 * its length given and within their limit — a body past it is never read. */
static void early(SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
                  gpointer data) {
    (void)soup, (void)query, (void)data;
    const char *method = soup_server_message_get_method(msg);
    if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) return;
    SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);
    bool set = strcmp(path, "/set") == 0, batch = strcmp(path, "/batch") == 0;
    if (strcmp(method, "POST") != 0 || (!set && !batch)) {
        sm_respond(msg, 405, "text/plain; charset=utf-8", "GET only here\n", 14);
        soup_message_headers_replace(h, "Allow", "GET, HEAD");
        return;
    }
    SoupMessageHeaders *request = soup_server_message_get_request_headers(msg);
    if (!soup_message_headers_get_one(request, "Content-Length")) {
        sm_respond(msg, 411, "text/plain; charset=utf-8", "length required\n", 16);
        return;
    }
    goffset limit = set ? SM_SERVE_MAX_BODY : SM_SERVE_MAX_UPLOAD + 64 * 1024;
    if (soup_message_headers_get_content_length(request) > limit) {
        const char *page = set ? "too large\n" : "the CSV is larger than 2 MiB\n";
        sm_respond(msg, 413, "text/plain; charset=utf-8", page, strlen(page));
    }
}

/* The browser's session (a new one, with its cookie set, when it has none). */
static char *session_of(SoupServerMessage *msg) {
    const char *cookie =
        soup_message_headers_get_one(soup_server_message_get_request_headers(msg), "Cookie");
    char *id = sm_session_from_cookie(cookie);
    if (id) return id;
    id = sm_session_new_id();
    char *set = sm_session_cookie(id);
    soup_message_headers_append(soup_server_message_get_response_headers(msg), "Set-Cookie", set);
    g_free(set);
    return id;
}

static void route(SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
                  gpointer data) {
    (void)soup;
    server *s = data;
    const char *method = soup_server_message_get_method(msg);
    const char *raw = g_uri_get_query(soup_server_message_get_uri(msg));
    if (raw && strlen(raw) > SM_SERVE_MAX_QUERY) {
        sm_respond(msg, 414, "text/plain; charset=utf-8", "query too long\n", 15);
        return;
    }
    if (strcmp(method, "POST") == 0) {
        char *session = session_of(msg);
        if (strcmp(path, "/set") == 0) {
            GBytes *body = soup_message_body_flatten(soup_server_message_get_request_body(msg));
            gsize n;
            const char *text = g_bytes_get_data(body, &n);
            GHashTable *form = g_uri_parse_params(text ? text : "", text ? (gssize)n : 0, "&",
                                                  G_URI_PARAMS_WWW_FORM, NULL);
            g_bytes_unref(body);
            if (!form ||
                !sm_session_check(s->sessions, session, g_hash_table_lookup(form, "token")))
                sm_respond_bad_token(msg);
            else
                sm_serve_set(s, msg, form);
            if (form) g_hash_table_destroy(form);
        } else {
            sm_serve_batch_start(s, msg, session);
        }
        g_free(session);
        return;
    }
    if (strcmp(path, "/") == 0) {
        g_free(session_of(msg));
        sm_respond_page(msg, 200, sm_page_catalogue(&s->materials));
        return;
    }
    if (strcmp(path, "/set") == 0) {
        char *session = session_of(msg);
        char *token = sm_session_token(s->sessions, session);
        sm_respond_page(msg, 200, sm_page_set(&s->materials, token));
        g_free(token);
        g_free(session);
        return;
    }
    if (strncmp(path, "/batch/", 7) == 0) {
        sm_serve_batch_get(s, msg, path + 7);
        return;
    }
    if (strcmp(path, "/static/style.css") == 0) {
        sm_respond(msg, 200, "text/css; charset=utf-8", sm_page_style, strlen(sm_page_style));
        return;
    }
    if (strcmp(path, "/static/app.js") == 0) {
        sm_respond(msg, 200, "text/javascript; charset=utf-8", sm_page_script,
                   strlen(sm_page_script));
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
            g_free(session_of(msg));
            sm_respond_page(msg, 200, sm_page_material(&s->materials, m, query));
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
    sm_respond_page(msg, 404, sm_page_not_found());
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
    s.pool = sm_pool_new(o->exe, o->fonts_conf, o->workers, o->time_limit);
    s.sessions = sm_sessions_new();
    s.batches = sm_batches_new();
    s.thumbnails = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, thumbnail_free);
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
    sm_batches_free(s.batches); /* before the pool: no job of theirs is left running then */
    sm_pool_free(s.pool);
    sm_sessions_free(s.sessions);
    g_hash_table_destroy(s.thumbnails);
    sm_materials_free(&s.materials);
    return SM_EXIT_OK;
}
