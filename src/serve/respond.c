/* respond.c: the answers of `surimono serve` — every response with the same protective
 * headers, and a form's problems as JSON or as a page. */
#include "http.h"

#include "pages.h"

#include <string.h>

void sm_respond(SoupServerMessage *msg, unsigned status, const char *type, const char *body,
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

void sm_respond_page(SoupServerMessage *msg, unsigned status, char *page) {
    sm_respond(msg, status, "text/html; charset=utf-8", page, strlen(page));
    g_free(page);
}

void sm_respond_json(SoupServerMessage *msg, unsigned status, json_t *value) {
    char *text = json_dumps(value, JSON_COMPACT);
    sm_respond(msg, status, "application/json; charset=utf-8", text, strlen(text));
    free(text);
    json_decref(value);
}

/* A form's problems: JSON for the preview's script, a page for the download (a browser
 * without the script). */
void sm_respond_problems(SoupServerMessage *msg, const sm_material *m, sm_form *f, bool png,
                         const char *back) {
    if (png) {
        json_object_update_missing(f->fields, f->missing);
        sm_respond_json(msg, 422,
                        json_pack("{s:O, s:O}", "fields", f->fields, "errors", f->errors));
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
    sm_respond_page(
        msg, 422, sm_page_problems(m->title, (const char *const *)texts->pdata, texts->len, back));
    g_ptr_array_free(texts, TRUE);
}

void sm_respond_bad_token(SoupServerMessage *msg) {
    const char *problem = "このページを開き直してから、もう一度お試しください（確認用の情報が"
                          "合いませんでした）。";
    sm_respond_page(msg, 403, sm_page_problems("送信できませんでした", &problem, 1, "/set"));
}
