/* pack.h: the material pack — which outputs `surimono build` makes, and making them:
 * in parallel, incrementally, atomically, with a manifest, a combined PDF and a site. */
#ifndef SM_PACK_H
#define SM_PACK_H

#include <stdbool.h>
#include <stdio.h>

typedef struct sm_pack_options {
    const char *root;    /* project root (has layouts/) */
    const char *out_dir; /* default ROOT/out */
    const char *fonts_conf;
    int jobs;                  /* parallel workers, >= 1 */
    bool force;                /* render everything, even what is up to date */
    bool keep_going;           /* finish the rest after a failure */
    bool quiet;                /* nothing but errors */
    bool progress;             /* a progress line (stderr is a terminal) */
    int shard, shards;         /* build only units whose id hashes to shard (of shards); 0/0: all */
    bool query_json;           /* list the work units as JSON on out, build nothing */
    const char *data;          /* --data: a CSV, one variant of everything per row */
    const char *name_template; /* --name: output names for --data ({output}, {_row}, {column}) */
} sm_pack_options;

/* Builds the pack: units from ROOT/layouts/pack.yaml (or every definition in layouts/
 * with its `papers:`), each written atomically into out_dir; then manifest.json, the
 * combined pack.pdf and site/ (catalogue, thumbnails, text versions). Reports go to out,
 * diagnostics and failures to err. Returns the CLI exit code. */
int sm_pack_build(const sm_pack_options *options, FILE *out, FILE *err);

/* `surimono manifest merge OUT.json IN.json…`: joins per-shard manifests into one, as a
 * single build would have written it. Returns the exit code. */
int sm_pack_merge_manifests(const char *out_path, const char *const *inputs, int count, FILE *err);

#endif
