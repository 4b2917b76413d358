/* worker.c: a render worker of `surimono serve` — a process of its own that loads the fonts
 * once and renders one job at a time from the socket it was given, so that a crash or a
 * render that hangs costs the server one request (the server kills and replaces it). */
#include "serve.h"

#include "../base/limits.h"
#include "../render/output.h"
#include "job.h"

#include <errno.h>
#include <jansson.h>
#include <string.h>
#include <unistd.h>

/* Reads one job (up to its empty line) into buf; false at the end of the stream or past
 * the limit. */
static bool read_job(int fd, sm_buf *buf) {
    buf->len = 0;
    for (;;) {
        if (buf->len >= 2 && buf->data[buf->len - 1] == '\n' && buf->data[buf->len - 2] == '\n')
            return true;
        if (buf->len == 1 && buf->data[0] == '\n') return true;
        if (buf->len >= SM_SERVE_MAX_JOB) return false;
        sm_buf_reserve(buf, 4096);
        ssize_t n = read(fd, buf->data + buf->len, 4096);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        buf->len += (size_t)n;
        buf->data[buf->len] = '\0';
    }
}

/* The document's problems as the JSON of an ERR answer. */
static char *problems(const sm_doc *doc) {
    json_t *list = json_array();
    for (size_t i = 0; i < sm_doc_diag_count(doc); i++) {
        const sm_diag *d = sm_doc_diag_at(doc, i);
        json_array_append_new(list,
                              json_pack("{s:s, s:i, s:i, s:s, s:s}", "file", d->file ? d->file : "",
                                        "line", d->line, "col", d->col, "severity",
                                        d->severity == SM_SEVERITY_ERROR ? "error" : "warning",
                                        "message", d->message));
    }
    char *text = json_dumps(list, JSON_COMPACT);
    json_decref(list);
    return text;
}

static bool run_job(const sm_job *job, sm_fonts *fonts, int fd) {
    sm_doc *doc = sm_doc_new();
    if (job->placeholders) sm_doc_values_later(doc);
    bool ok = sm_doc_load_file(doc, job->definition);
    for (size_t i = 0; ok && i < job->var_count; i++) ok = sm_doc_set_variable(doc, job->vars[i]);
    if (ok && job->paper) ok = sm_doc_set_paper(doc, job->paper);
    if (ok && job->color) ok = sm_doc_set_color_mode(doc, job->color);
    if (ok && job->profile) ok = sm_doc_set_profile(doc, job->profile);
    if (ok) sm_doc_set_edition(doc, job->edition);
    ok = ok && sm_doc_resolve(doc) && sm_doc_layout(doc, fonts);
    sm_buf out = {0};
    ok = ok && (job->png ? sm_doc_render_png_bytes(doc, "preview.png", 1, job->dpi, &out)
                         : sm_doc_render_pdf_bytes(doc, "download.pdf", &out));
    char head[64];
    bool sent;
    if (ok) {
        snprintf(head, sizeof head, "OK\t%zu\t%d\n", out.len, sm_doc_page_count(doc));
        sent = sm_job_write_all(fd, head, strlen(head)) && sm_job_write_all(fd, out.data, out.len);
    } else {
        char *text = problems(doc);
        snprintf(head, sizeof head, "ERR\t%zu\n", strlen(text));
        sent = sm_job_write_all(fd, head, strlen(head)) && sm_job_write_all(fd, text, strlen(text));
        free(text);
    }
    sm_buf_free(&out);
    sm_doc_free(doc);
    return sent;
}

int sm_serve_worker(const char *fonts_conf, int fd) {
    sm_diags *diags = sm_diags_new();
    sm_fonts *fonts = sm_fonts_new(fonts_conf, diags);
    sm_diags_free(diags);
    if (!fonts) return SM_EXIT_SYSTEM;
    /* Pictures decoded once for every job this worker renders. */
    sm_pictures_keep();
    sm_buf buf = {0};
    while (read_job(fd, &buf)) {
        const char *vars[256];
        sm_job job;
        if (!sm_job_decode(buf.data, &job, vars, 256)) break;
        if (!run_job(&job, fonts, fd)) break;
    }
    sm_buf_free(&buf);
    sm_fonts_free(fonts);
    return SM_EXIT_OK;
}
