/* http.h: what the files of `surimono serve` share — the server's state, its responses,
 * and the form's values read and checked (form.c, respond.c, server.c, sets.c). */
#ifndef SM_SERVE_HTTP_H
#define SM_SERVE_HTTP_H

#include "materials.h"
#include "pool.h"
#include "session.h"
#include "soup_api.h"

#include <jansson.h>

typedef struct sm_batches sm_batches;

typedef struct server {
    sm_materials materials;
    sm_pool *pool;
    sm_sessions *sessions;
    sm_batches *batches;
    /* The catalogue's thumbnails (a material's preview with nothing filled in, by
     * "id?dpi"): the same picture for every visitor until the server restarts. */
    GHashTable *thumbnails;
    GMainLoop *loop;
} server;

/* ---- respond.c ---- */
/* A whole response: status, type, body (copied), and the headers every answer carries
 * (a content security policy that allows only our own files, no sniffing, no referrer,
 * no caching). */
void sm_respond(SoupServerMessage *msg, unsigned status, const char *type, const char *body,
                size_t len);
/* A page (g_free'd here). */
void sm_respond_page(SoupServerMessage *msg, unsigned status, char *page);
/* JSON (its reference taken). */
void sm_respond_json(SoupServerMessage *msg, unsigned status, json_t *value);
/* 403: a POST without its session's token (a request forged elsewhere, or an old page). */
void sm_respond_bad_token(SoupServerMessage *msg);

/* ---- form.c ---- */
/* What a form asked for, checked: the job, and problems in Japanese by field. */
typedef struct sm_form {
    sm_job job;
    GPtrArray *vars; /* "name=value" */
    json_t *fields;  /* variable name → message */
    json_t *errors;  /* messages about no one field */
    json_t *missing; /* a preview's required values not given yet: name → message */
} sm_form;

/* Reads the values of material m from `values` (a query or a posted form: v.NAME, paper,
 * color, profile, edition, dpi) into f->job, checking each against its declaration (problems
 * in Japanese into f->fields). png: a preview, where a required value not given yet is
 * shown by its label and reported in f->missing instead. */
void sm_form_read(const sm_material *m, GHashTable *values, bool png, sm_form *f);
void sm_form_free(sm_form *f);
/* A render's problems (the worker's JSON) in Japanese: by field where a problem's line of
 * the definition shows a variable, else about the page. */
void sm_form_worker_problems(const sm_material *m, const char *text, sm_form *f);
/* The name a download is saved as: the material, its paper and variant (newly allocated). */
char *sm_form_file_name(const sm_material *m, const sm_job *job);
/* The problems: JSON for the preview's script (png), else a page with a way back. */
void sm_respond_problems(SoupServerMessage *msg, const sm_material *m, sm_form *f, bool png,
                         const char *back);

/* ---- sets.c ---- */
/* POST /set: several materials for one school as one PDF or a ZIP. */
void sm_serve_set(server *s, SoupServerMessage *msg, GHashTable *form);
/* POST /batch: every school of an uploaded CSV; GET /batch/ID[/status|/result.zip]. */
void sm_serve_batch_start(server *s, SoupServerMessage *msg, const char *session);
void sm_serve_batch_get(server *s, SoupServerMessage *msg, const char *rest);
sm_batches *sm_batches_new(void);
void sm_batches_free(sm_batches *b);

#endif
