/* work.h: the work units of a pack build — one output file each — and their inputs. */
#ifndef SM_PACK_UNITS_H
#define SM_PACK_UNITS_H

#include "../base/diag.h"
#include "file_hashes.h"
#include "../base/print.h"
#include "../surimono.h"

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct sm_work {
    char *id;         /* stable: stem/paper/color/profile/edition */
    char *stem;       /* definition name without .yaml */
    char *definition; /* path of the definition */
    char *document_title;
    char *kind;       /* poster, checksheet, page */
    char *paper;      /* A3…, or NULL for the definition's own */
    char *paper_name; /* the paper it is printed on, either way (for labels) */
    char *color_mode; /* color, gray */
    sm_profile profile;
    const char *imposition; /* documents: "none", "saddle-stitch" (the schema's words), or NULL */
    sm_edition edition;
    char *output;        /* file name in the output folder */
    char *inputs_hash;   /* sha256 over every input and the options */
    char *context;       /* sha256 of what besides files the probe depends on (the tool's
                            version, SOURCE_DATE_EPOCH, the row's values): with unchanged
                            inputs, the same context gives the same probe */
    char **input_paths;  /* absolute; the strings are the list's (shared by its units) */
    char **input_hashes; /* sha256 of each (fonts: of path, size and time), the list's too */
    size_t input_count;
    size_t own_inputs; /* the first ones, the unit's own; the rest are fonts.conf and fonts */
    char *card;        /* the catalogue card it belongs to: stem, or stem-question/-answer */
    char *where;       /* "file:line:col" of the pack entry or variant it comes from */
    char *where_file;  /* the same as a position */
    int where_line, where_col;
    char **settings;    /* key=value variables (a row of --data), NULL-terminated or NULL */
    bool first_of_card; /* makes the card's thumbnail and its text version */
    /* filled by the build */
    bool built, failed, up_to_date;
    int pages;
    long long bytes;
    char sha256[65];
    char *error; /* the first error of a failed unit: file:line:col: message */
} sm_work;

typedef struct sm_work_list {
    char *title; /* the pack's */
    sm_work *items;
    size_t count;
    size_t shared; /* per-school: outputs whose definition uses no column, made once */
    /* The units' input paths and hashes, each text once: a thousand schools' units list the
     * same dozen files. */
    GStringChunk *strings;
} sm_work_list;

/* Per-school variants: every unit once per row of a CSV, the row's columns as variables. */
typedef struct sm_work_data {
    const char *path;  /* the CSV (UTF-8, UTF-8 with BOM or CP932), or NULL */
    const char *name;  /* output name template: {output}, {_row}, {column}… */
    bool keep_going;   /* skip bad rows (reported) rather than stop */
    bool values_later; /* serve: a form gives the values, a required one is not missing */
} sm_work_data;

/* Lists the units of ROOT (pack.yaml, or every definition) with their input hashes;
 * definitions that fail to load, and bad data rows, are recorded in diags and counted in
 * *failures. False when nothing can be built (no layouts, unreadable data, a bad row
 * without keep_going). */
/* What a listing may reuse from the last build. */
typedef struct sm_work_reuse {
    /* The last build's units (id → its cache fields, SM_CACHE_* below), whose probes are
     * reused when nothing they were made from changed; NULL to probe everything. */
    GHashTable *known;
} sm_work_reuse;

bool sm_works_list(const char *root, const char *fonts_conf, const sm_work_data *data,
                   sm_file_hashes *hashes, const sm_work_reuse *reuse, sm_work_list *out,
                   int *failures, sm_diags *diags);

/* The fields of a unit's line in the build cache, tab-separated: */
enum {
    SM_CACHE_ID,          /* the unit's id */
    SM_CACHE_INPUTS_HASH, /* inputs_hash */
    SM_CACHE_OUTPUT_HASH, /* the output's sha256 */
    SM_CACHE_PAGES,       /* its pages */
    SM_CACHE_TITLE,       /* what the probe found: the document's title, */
    SM_CACHE_PAPER,       /* its paper's name, */
    SM_CACHE_CONTEXT,     /* the context it ran in, */
    SM_CACHE_INPUTS,      /* and its own inputs: path US hash RS path US hash … (fonts.conf
                             and the fonts are the listing's, in the context) */
    SM_CACHE_FIELDS
};
/* Applies a unit's variables to a loaded document. */
bool sm_work_apply(const sm_work *u, sm_doc *doc);
void sm_works_free(sm_work_list *list);
/* A stable 32-bit hash of a unit id (FNV-1a), for --shard. */
unsigned sm_work_shard_hash(const char *id);

#endif
