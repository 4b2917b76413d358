/* pack.h: the material pack — which outputs `surimono build` makes, and making them:
 * in parallel, incrementally, atomically, with a manifest, a combined PDF and a site. */
#ifndef SM_PACK_H
#define SM_PACK_H

#include "../surimono.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct sm_pack_options {
    const char *root;    /* project root (has layouts/) */
    const char *out_dir; /* default ROOT/out */
    const char *fonts_conf;
    int jobs;                  /* parallel workers, >= 1 */
    bool force;                /* render everything, even what is up to date */
    bool keep_going;           /* finish the rest after a failure */
    int shard, shards;         /* build only units whose id hashes to shard (of shards); 0/0: all */
    bool query_json;           /* list the work units as JSON on out, build nothing */
    const char *data;          /* --data: a CSV, one variant of everything per row */
    const char *name_template; /* --name: output names for --data ({output}, {_row}, {column}) */
    /* Called in the build's own process as things happen (each may be NULL): every
     * diagnostic once, as soon as it is known, and each output done. The pack prints
     * nothing itself. */
    void (*on_diagnostic)(void *closure, const sm_diag *diagnostic);
    void (*on_progress)(void *closure, size_t done, size_t total, const char *output);
    void *closure;
} sm_pack_options;

/* One output that failed, with its first error ("file:line:col: error: message"). */
typedef struct sm_pack_failure {
    const char *output, *error;
} sm_pack_failure;

/* What a build did, for the summary the caller prints. Strings live in the diagnostics
 * list's arena. */
typedef struct sm_pack_result {
    size_t built, up_to_date, failed, skipped, selected;
    size_t unreadable; /* definitions that could not be read (counted in failed too) */
    size_t shared;     /* per-school: outputs that use no column of the CSV, made once */
    const char *out_dir;
    sm_pack_failure *failures; /* every failed output, in pack order */
    size_t failure_count;
} sm_pack_result;

/* Builds the pack: units from ROOT/layouts/pack.yaml (or every definition in layouts/
 * with its `papers:`), each written atomically into out_dir; then manifest.json, the
 * combined pack.pdf and site/ (catalogue, thumbnails, text versions). With query_json the
 * units are written to out as JSON and nothing is built. Diagnostics — the workers' too —
 * are recorded in diags (and passed to on_diagnostic as they come); *result says what was
 * done. Returns the CLI exit code. */
int sm_pack_build(const sm_pack_options *options, FILE *out, sm_diags *diags,
                  sm_pack_result *result);

/* `surimono manifest merge OUT.json IN.json…`: joins per-shard manifests into one, as a
 * single build would have written it, after validating each as JSON and as a manifest.
 * Errors are recorded in diags. Returns the exit code. */
int sm_pack_merge_manifests(const char *out_path, const char *const *inputs, int count,
                            sm_diags *diags);

#endif
