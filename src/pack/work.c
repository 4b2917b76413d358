/* work.c: expanding the pack into work units (document × variant × edition) and hashing
 * everything each one is made from, so an unchanged unit is never rendered again. */
#include "work.h"

#include "../base/csv.h"
#include "../base/limits.h"
#include "../base/path.h"
#include "../model/doc.h"

#include <dirent.h>
#include <errno.h>
#include <glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *xstrdup(const char *s) { return s ? g_strdup(s) : NULL; }

/* Every diagnostic of a document into the build's list (the document dies before the
 * list is printed; sm_diag_add copies what it needs). */
/* A document's diagnostics into the build's, each once: the copies of one definition for
 * every school say the same thing at the same place. */
static void take_diagnostics(const sm_doc *doc, sm_diags *diags) {
    for (size_t i = 0; i < sm_doc_diag_count(doc); i++) {
        const sm_diag *d = sm_doc_diag_at(doc, i);
        bool seen = false;
        for (size_t k = 0; k < sm_diags_count(diags) && !seen; k++) {
            const sm_diag *e = sm_diags_at(diags, k);
            seen = e->severity == d->severity && e->line == d->line && e->col == d->col &&
                   strcmp(e->file, d->file) == 0 && strcmp(e->message, d->message) == 0;
        }
        if (!seen)
            sm_diag_add(diags, d->severity, (sm_pos){d->file, d->line, d->col}, "%s", d->message);
    }
}

unsigned sm_work_shard_hash(const char *id) {
    unsigned h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) h = (h ^ *p) * 16777619u;
    return h;
}

/* Font files are large and never edited in place: their path, size and time stand for
 * their contents (hashing 70 MB of CJK fonts would cost more than a rebuild may take). */
static char *fingerprint(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) return g_strdup("missing");
    char *text =
        g_strdup_printf("%s %lld %lld", path, (long long)st.st_size, (long long)st.st_mtime);
    char *hex = g_compute_checksum_for_string(G_CHECKSUM_SHA256, text, -1);
    g_free(text);
    return hex;
}

/* The font files fonts.conf names (its <glob> lines), with the file itself. */
static void list_font_inputs(GPtrArray *paths, const char *fonts_conf) {
    g_ptr_array_add(paths, g_strdup(fonts_conf));
    sm_buf buf = {0};
    /* A fonts.conf is a few KiB of XML; the fonts stage itself reports a bad one. */
    if (sm_path_read(fonts_conf, NULL, 1024 * 1024, &buf, NULL) != SM_PATH_OK) {
        sm_buf_free(&buf);
        return;
    }
    for (char *p = buf.data; (p = strstr(p, "<glob>")) != NULL;) {
        p += 6;
        char *end = strstr(p, "</glob>");
        if (!end) break;
        if (*p == '/') g_ptr_array_add(paths, g_strndup(p, (gsize)(end - p)));
        p = end;
    }
    sm_buf_free(&buf);
}

static const char *edition_name(sm_edition e) {
    return e == SM_EDITION_QUESTION ? "question" : e == SM_EDITION_ANSWER ? "answer" : "all";
}

bool sm_work_apply(const sm_work *u, sm_doc *doc) {
    bool ok = (!u->paper || sm_doc_set_paper(doc, u->paper)) &&
              sm_doc_set_profile(doc, sm_profile_name(u->profile)) &&
              sm_doc_set_color_mode(doc, u->color_mode) &&
              (!u->imposition || sm_doc_set_imposition(doc, u->imposition));
    for (char **s = u->settings; ok && s && *s; s++) ok = sm_doc_set_variable(doc, *s);
    sm_doc_set_edition(doc, u->edition);
    return ok;
}

/* What every unit of a listing shares: the table of file hashes, and the font inputs (read
 * from fonts.conf once, each fingerprinted once). */
typedef struct listing {
    sm_file_hashes *hashes;
    const sm_work_reuse *reuse;
    GStringChunk *strings; /* the list's, for input paths and hashes */
    GPtrArray *font_paths; /* fonts.conf, then the font files */
    GPtrArray *font_hashes;
    char *fonts_digest; /* of every font input's path and hash: in each probe's context */
    const sm_work_data *data;
} listing;

/* What a probe depends on besides its own files: the tool, the date from the environment,
 * fonts.conf and the fonts, the row. */
static char *probe_context(const sm_work *u, const listing *ls) {
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    g_checksum_update(sum, (const guchar *)"surimono " SM_VERSION "\n", -1);
    g_checksum_update(sum, (const guchar *)(epoch ? epoch : "-"), -1);
    g_checksum_update(sum, (const guchar *)ls->fonts_digest, -1);
    for (char **v = u->settings; v && *v; v++) {
        g_checksum_update(sum, (const guchar *)"\n", 1);
        g_checksum_update(sum, (const guchar *)*v, -1);
    }
    char *hex = g_strdup(g_checksum_get_string(sum));
    g_checksum_free(sum);
    return hex;
}

/* Takes the last build's probe of u when it ran in the same context and every input it
 * listed has the hash it had then (a stat each, thanks to the table): what the definition
 * says, and so its title, paper and inputs, cannot have changed. */
static bool reuse_probe(sm_work *u, listing *ls) {
    gchar **known = ls->reuse->known ? g_hash_table_lookup(ls->reuse->known, u->id) : NULL;
    if (!known || g_strv_length(known) != SM_CACHE_FIELDS ||
        strcmp(known[SM_CACHE_CONTEXT], u->context) != 0)
        return false;
    gchar **inputs = g_strsplit(known[SM_CACHE_INPUTS], "\x1e", -1);
    guint own = g_strv_length(inputs), n = own + ls->font_paths->len;
    bool same = own > 0;
    char **paths = g_new0(char *, n + 1), **hashes = g_new0(char *, n + 1);
    for (guint i = 0; same && i < own; i++) {
        char *sep = strchr(inputs[i], '\x1f');
        char now[65];
        same = sep && sm_file_hash(ls->hashes, (*sep = '\0', inputs[i]), now) &&
               strcmp(now, sep + 1) == 0;
        if (same)
            paths[i] = g_string_chunk_insert_const(ls->strings, inputs[i]),
            hashes[i] = g_string_chunk_insert_const(ls->strings, sep + 1);
    }
    g_strfreev(inputs);
    if (!same) {
        g_free(paths);
        g_free(hashes);
        return false;
    }
    /* The fonts are the listing's: the context says they are the ones of that probe. */
    for (guint i = own; i < n; i++)
        paths[i] = g_string_chunk_insert_const(ls->strings, ls->font_paths->pdata[i - own]),
        hashes[i] = g_string_chunk_insert_const(ls->strings, ls->font_hashes->pdata[i - own]);
    u->own_inputs = own;
    u->document_title = g_strdup(known[SM_CACHE_TITLE]);
    u->paper_name = g_strdup(known[SM_CACHE_PAPER]);
    u->input_paths = paths;
    u->input_hashes = hashes;
    u->input_count = n;
    u->inputs_hash = g_strdup(known[SM_CACHE_INPUTS_HASH]);
    return true;
}

/* Loads and resolves one variant (no fonts needed) for its inputs and title. */
static bool probe(sm_work *u, listing *ls, sm_diags *diags) {
    u->context = probe_context(u, ls);
    if (reuse_probe(u, ls)) return true;
    sm_doc *doc = sm_doc_new();
    if (ls->data && ls->data->values_later) sm_doc_values_later(doc);
    bool ok = sm_doc_load_file(doc, u->definition) && sm_work_apply(u, doc);
    ok = ok && sm_doc_resolve(doc);
    if (!ok) {
        take_diagnostics(doc, diags);
        sm_doc_free(doc);
        return false;
    }
    u->document_title = g_strdup(sm_doc_title(doc));
    u->paper_name = g_strdup(sm_doc_paper_name(doc));
    /* The date written into the PDF comes from the environment (SOURCE_DATE_EPOCH) or the
     * definition: it is part of what the output is made from. */
    long long date = 0;
    char *date_text =
        sm_doc_date(doc, &date) ? g_strdup_printf("date %lld", date) : g_strdup("no date");
    GPtrArray *paths = g_ptr_array_new();
    for (size_t i = 0; i < sm_doc_input_count(doc); i++)
        g_ptr_array_add(paths, g_strdup(sm_doc_input_at(doc, i)));
    sm_doc_free(doc);
    size_t own = paths->len;
    u->own_inputs = own;
    for (guint i = 0; i < ls->font_paths->len; i++)
        g_ptr_array_add(paths, g_strdup(ls->font_paths->pdata[i]));
    u->input_count = paths->len;
    u->input_paths = g_new0(char *, paths->len + 1);
    u->input_hashes = g_new0(char *, paths->len + 1);
    GChecksum *all = g_checksum_new(G_CHECKSUM_SHA256);
    /* What the output depends on besides files: the tool and the unit's options. */
    g_checksum_update(all, (const guchar *)"surimono " SM_VERSION, -1);
    g_checksum_update(all, (const guchar *)u->id, -1);
    g_checksum_update(all, (const guchar *)date_text, -1);
    g_free(date_text);
    /* A row's values are part of what it is made from; the rest of the CSV is not, so an
     * edited row rebuilds that school only. */
    for (char **v = u->settings; v && *v; v++) g_checksum_update(all, (const guchar *)*v, -1);
    for (guint i = 0; i < paths->len; i++) {
        char *path = paths->pdata[i];
        char hash[65] = "missing";
        if (i >= own) /* fonts.conf and the fonts, listed once */
            snprintf(hash, sizeof hash, "%s", (char *)ls->font_hashes->pdata[i - own]);
        else if (!sm_file_hash(ls->hashes, path, hash))
            snprintf(hash, sizeof hash, "missing");
        u->input_paths[i] = g_string_chunk_insert_const(ls->strings, path);
        u->input_hashes[i] = g_string_chunk_insert_const(ls->strings, hash);
        g_checksum_update(all, (const guchar *)path, -1);
        g_checksum_update(all, (const guchar *)hash, -1);
    }
    g_ptr_array_set_free_func(paths, g_free);
    g_ptr_array_free(paths, TRUE);
    u->inputs_hash = g_strdup(g_checksum_get_string(all));
    g_checksum_free(all);
    return true;
}

static void add_unit(GArray *units, const char *root, const char *name, sm_pos where,
                     const char *kind, const char *paper, const char *color, sm_profile profile,
                     const char *imposition, sm_edition edition) {
    sm_work u = {0};
    u.where = where.line > 0 ? g_strdup_printf("%s:%d:%d", where.file, where.line, where.col)
                             : g_strdup(where.file);
    u.where_file = g_strdup(where.file);
    u.where_line = where.line;
    u.where_col = where.col;
    u.stem = g_strndup(name, strlen(name) - (g_str_has_suffix(name, ".yml") ? 4 : 5));
    u.definition = g_strdup_printf("%s/layouts/%s", root, name);
    u.kind = xstrdup(kind);
    u.paper = xstrdup(paper);
    u.color_mode = g_strdup(color ? color : "color");
    u.profile = profile;
    u.imposition = imposition;
    bool booklet = imposition && strcmp(imposition, "saddle-stitch") == 0;
    u.edition = edition;
    u.id = g_strdup_printf("%s/%s/%s/%s/%s%s", u.stem, paper ? paper : "own", u.color_mode,
                           sm_profile_name(u.profile), edition_name(edition),
                           booklet ? "/booklet" : "");
    u.card = edition == SM_EDITION_ALL ? g_strdup(u.stem)
                                       : g_strdup_printf("%s-%s", u.stem, edition_name(edition));
    /* Stable, readable names: the variant's parts, only where they differ from the plain. */
    GString *out = g_string_new(u.stem);
    if (paper) g_string_append_printf(out, "-%s", paper);
    if (strcmp(u.color_mode, "color") != 0) g_string_append_printf(out, "-%s", u.color_mode);
    if (u.profile != SM_PROFILE_OFFICE)
        g_string_append_printf(out, "-%s", sm_profile_name(u.profile));
    if (edition != SM_EDITION_ALL) g_string_append_printf(out, "-%s", edition_name(edition));
    if (booklet) g_string_append(out, "-booklet");
    g_string_append(out, ".pdf");
    u.output = g_string_free(out, FALSE);
    g_array_append_val(units, u);
}

/* The entry `name` of a pack (or a file found in layouts/) as a definition path under
 * root/layouts: a .yaml name without "..", absolute or hidden parts, that resolves —
 * symlinks followed — inside the project. NULL after reporting why not at pos. */
static char *definition_path(const char *root, const char *real_root, const char *name, sm_pos pos,
                             sm_diags *diags) {
    const char *why = sm_path_check_name(name);
    if (why) {
        sm_error(diags, pos, "definition '%s' cannot be used: %s (name a file in layouts/)", name,
                 why);
        return NULL;
    }
    if (!g_str_has_suffix(name, ".yaml") && !g_str_has_suffix(name, ".yml")) {
        sm_error(diags, pos, "definition '%s' is not a .yaml file", name);
        return NULL;
    }
    char *path = g_strdup_printf("%s/layouts/%s", root, name);
    char real[PATH_MAX];
    if (realpath(path, real) && !sm_path_inside(real, real_root)) {
        sm_error(diags, pos, "definition '%s' is a link to %s, outside the project root %s", name,
                 real, real_root);
        g_free(path);
        return NULL;
    }
    return path;
}

/* One document: its variants (given, or its `papers:`), each question and answer sheet.
 * where: the pack entry (or the file) the units come from, for messages. */
static bool add_document(GArray *units, const char *root, const char *real_root, const char *name,
                         const sm_value *variants, sm_pos where, sm_diags *diags) {
    char *path = definition_path(root, real_root, name, where, diags);
    if (!path) return false;
    sm_doc *doc = sm_doc_new();
    bool ok = sm_doc_load_file(doc, path);
    if (!ok) take_diagnostics(doc, diags);
    g_free(path);
    if (!ok) {
        sm_doc_free(doc);
        return false;
    }
    const char *kind = doc->definition->schema->name;
    bool editions = sm_doc_has_editions(doc);
    sm_edition list[2] = {SM_EDITION_ALL, SM_EDITION_ALL};
    int edition_count = 1;
    if (editions) list[0] = SM_EDITION_QUESTION, list[1] = SM_EDITION_ANSWER, edition_count = 2;
    if (variants && variants->field) {
        for (size_t v = 0; v < variants->as.list.count; v++) {
            const sm_object *o = variants->as.list.items[v].as.object;
            const char *paper = sm_object_choice(o, "paper", NULL);
            sm_profile profile = (sm_profile)sm_object_get(o, "profile")->as.choice;
            const char *imposition = sm_object_choice(o, "imposition", NULL);
            for (int e = 0; e < edition_count; e++) {
                add_unit(units, root, name, variants->as.list.items[v].pos, kind, paper,
                         sm_object_choice(o, "color-mode", "color"), profile, imposition, list[e]);
            }
        }
    } else {
        const char *papers[8];
        int n = sm_doc_build_papers(doc, papers, 8);
        for (int p = 0; p < (n ? n : 1); p++)
            for (int e = 0; e < edition_count; e++) {
                add_unit(units, root, name, where, kind, n ? papers[p] : NULL, NULL,
                         SM_PROFILE_OFFICE, NULL, list[e]);
            }
    }
    sm_doc_free(doc);
    return true;
}

/* Two units making the same file would render it twice and list it twice: the second is
 * an error at its variant (a repeated variant, or the same definition listed twice). */
static bool check_unique_outputs(GArray *units, sm_diags *diags) {
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    bool ok = true;
    for (guint i = 0; i < units->len; i++) {
        sm_work *u = &g_array_index(units, sm_work, i);
        sm_work *first = g_hash_table_lookup(seen, u->output);
        if (first) {
            sm_error(diags, ((sm_pos){u->where_file, u->where_line, u->where_col}),
                     "this variant makes '%s' again (already made by %s); remove one of them",
                     u->output, first->where);
            ok = false;
            continue;
        }
        g_hash_table_insert(seen, u->output, u);
    }
    g_hash_table_destroy(seen);
    return ok;
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A cell's value made safe inside a file name: no folders, no hidden files. */
static char *safe_value(const char *value) {
    char *s = g_strdup(value);
    for (char *p = s; *p; p++)
        if (*p == '/' || *p == '\\' || *p == '\n' || *p == '\r' || *p == '\t') *p = '_';
    if (s[0] == '.') s[0] = '_';
    return s;
}

/* The output name of a unit for one row: {output}, {_row} and {column} filled in. *empty
 * receives the first column the template names whose cell is empty in this row, or NULL. */
static char *row_name(const char *template, const sm_table *table, size_t row, const char *output,
                      const char **empty) {
    *empty = NULL;
    GString *out = g_string_new(NULL);
    for (const char *p = template; *p;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        if (!close) {
            g_string_append_c(out, *p++);
            continue;
        }
        char *key = g_strndup(p + 1, (gsize)(close - p - 1));
        size_t col;
        if (strcmp(key, "output") == 0) {
            g_string_append(out, output);
        } else if (strcmp(key, "_row") == 0) {
            g_string_append_printf(out, "%d", sm_table_row_line(table, row));
        } else if (sm_table_find_column(table, key, &col)) {
            const char *cell = sm_table_cell(table, row, col);
            if (!*cell && !*empty) *empty = sm_table_header(table, col);
            char *v = safe_value(cell);
            g_string_append(out, v);
            g_free(v);
        } else {
            g_string_append_len(out, p, close - p + 1);
        }
        g_free(key);
        p = close + 1;
    }
    return g_string_free(out, FALSE);
}

/* Multiplies the units by the rows of the data; false when a row is bad and the build
 * must not go on, or names collide. */
/* Every {name} of a name template is output, _row or a column of the CSV: one error for a
 * name that is none (with the columns and the nearest), before any row is named. */
static bool check_template(const char *template, const sm_table *table, sm_diags *diags) {
    for (const char *p = strchr(template, '{'); p; p = strchr(p + 1, '{')) {
        const char *close = strchr(p, '}');
        if (!close) break;
        char *key = g_strndup(p + 1, (gsize)(close - p - 1));
        size_t col;
        bool known = strcmp(key, "output") == 0 || strcmp(key, "_row") == 0 ||
                     sm_table_find_column(table, key, &col);
        if (!known) {
            size_t n = sm_table_columns(table);
            const char **names = g_new0(const char *, n + 1);
            GString *list = g_string_new(NULL);
            for (size_t c = 0; c < n; c++) {
                names[c] = sm_table_header(table, c);
                g_string_append_printf(list, "%s%s", c ? ", " : "", names[c]);
            }
            const char *hint = sm_did_you_mean(key, names);
            /* A column's name shortened (学校 for 学校名) is the likeliest slip in Japanese. */
            for (size_t c = 0; c < n && !hint; c++)
                if (*key && strstr(names[c], key)) hint = names[c];
            sm_error(diags, ((sm_pos){"<command line>", 0, 0}),
                     "the name template '%s' names '{%s}', which is no column of %s (its "
                     "columns: %s)%s%s%s",
                     template, key, sm_table_name(table), list->str,
                     hint ? "; did you mean '{" : "", hint ? hint : "", hint ? "}'?" : "");
            g_string_free(list, TRUE);
            g_free(names);
            g_free(key);
            return false;
        }
        g_free(key);
        p = close;
    }
    return true;
}

/* Whether a definition's text names any column of the CSV as a variable ({学校名}), or
 * nearly ({学校}: made per row, so that the error names the columns): one that names none
 * is the same for every row. */
static bool uses_columns(const char *definition, const sm_table *table) {
    gchar *text = NULL;
    if (!g_file_get_contents(definition, &text, NULL, NULL)) return true; /* the render says */
    size_t n = sm_table_columns(table);
    const char **columns = g_new0(const char *, n + 1);
    for (size_t c = 0; c < n; c++) columns[c] = sm_table_header(table, c);
    bool uses = false;
    for (const char *p = strchr(text, '{'); p && !uses; p = strchr(p + 1, '{')) {
        const char *close = strchr(p, '}');
        if (!close || memchr(p, '|', (size_t)(close - p)) || memchr(p, '\n', (size_t)(close - p)))
            continue; /* ruby ({漢字|かんじ}), or no variable */
        char *name = g_strndup(p + 1, (gsize)(close - p - 1));
        for (size_t c = 0; c < n && !uses; c++) uses = strcmp(name, columns[c]) == 0;
        if (!uses) uses = sm_did_you_mean(name, columns) != NULL;
        g_free(name);
    }
    g_free(columns);
    g_free(text);
    return uses;
}

static bool expand_rows(GArray *units, const sm_work_data *data, size_t *shared, int *failures,
                        sm_diags *diags) {
    sm_arena *arena = sm_arena_new();
    sm_table *table = sm_csv_read(data->path, arena, diags);
    bool ok = table != NULL;
    if (table && sm_table_bad_rows(table) > 0) {
        *failures += (int)sm_table_bad_rows(table);
        if (!data->keep_going) ok = false;
    }
    if (!ok) {
        sm_arena_free(arena);
        return false;
    }
    /* By default a folder per value of the first column (the school's name). */
    char *default_template = g_strdup_printf("{%s}/{output}", sm_table_header(table, 0));
    const char *template = data->name && *data->name ? data->name : default_template;
    if (!check_template(template, table, diags)) {
        g_free(default_template);
        sm_arena_free(arena);
        return false;
    }
    GArray *base = g_array_sized_new(FALSE, TRUE, sizeof(sm_work), units->len);
    g_array_append_vals(base, units->data, units->len);
    g_array_set_size(units, 0);
    GHashTable *names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if ((double)sm_table_rows(table) * base->len > SM_PACK_MAX_OUTPUTS) {
        sm_error(diags, ((sm_pos){data->path, 0, 0}),
                 "%zu rows × %u outputs is more than %d outputs, the limit of one build; split the "
                 "file",
                 sm_table_rows(table), base->len, SM_PACK_MAX_OUTPUTS);
        ok = false;
    }
    /* What uses no column is made once, under its usual name. */
    bool *per_row = g_new0(bool, base->len + 1);
    for (guint i = 0; i < base->len; i++) {
        sm_work *b = &g_array_index(base, sm_work, i);
        per_row[i] = uses_columns(b->definition, table);
        if (per_row[i]) continue;
        sm_work once = *b;
        once.stem = g_strdup(b->stem), once.definition = g_strdup(b->definition);
        once.where = g_strdup(b->where), once.where_file = g_strdup(b->where_file);
        once.kind = g_strdup(b->kind), once.paper = g_strdup(b->paper);
        once.color_mode = g_strdup(b->color_mode), once.card = g_strdup(b->card);
        once.id = g_strdup(b->id), once.output = g_strdup(b->output);
        g_hash_table_add(names, g_strdup(once.output));
        g_array_append_val(units, once);
        (*shared)++;
    }
    for (size_t row = 0; row < sm_table_rows(table) && ok; row++) {
        if (!sm_table_row_ok(table, row)) continue;
        for (guint i = 0; i < base->len && ok; i++) {
            if (!per_row[i]) continue;
            const sm_work *b = &g_array_index(base, sm_work, i);
            sm_work u = *b;
            u.stem = g_strdup(b->stem), u.definition = g_strdup(b->definition);
            u.where = g_strdup(b->where), u.where_file = g_strdup(b->where_file);
            u.kind = g_strdup(b->kind), u.paper = g_strdup(b->paper);
            u.color_mode = g_strdup(b->color_mode);
            u.card = g_strdup_printf("%s-row%d", b->card, sm_table_row_line(table, row));
            u.id = g_strdup_printf("row%d/%s", sm_table_row_line(table, row), b->id);
            const char *empty;
            u.output = row_name(template, table, row, b->output, &empty);
            GPtrArray *settings = g_ptr_array_new();
            for (size_t c = 0; c < sm_table_columns(table); c++)
                g_ptr_array_add(settings, g_strdup_printf("%s=%s", sm_table_header(table, c),
                                                          sm_table_cell(table, row, c)));
            g_ptr_array_add(settings, NULL);
            u.settings = (char **)g_ptr_array_free(settings, FALSE);
            /* The name must stay a plain relative path inside the output folder. */
            const char *why = sm_path_check_name(u.output);
            sm_pos at = {data->path, sm_table_row_line(table, row), 1};
            if (why && empty) {
                sm_error(diags, at,
                         "the name template '%s' gives '%s' for this row: the column '%s' "
                         "is empty",
                         template, u.output, empty);
                ok = false;
            } else if (why) {
                sm_error(diags, at, "the name template '%s' gives '%s' for this row: %s", template,
                         u.output, why);
                ok = false;
            } else if (g_hash_table_contains(names, u.output)) {
                sm_error(diags, at,
                         "the name template '%s' gives '%s' twice; add a column that tells the "
                         "rows apart (e.g. {_row})",
                         template, u.output);
                ok = false;
            }
            g_hash_table_add(names, g_strdup(u.output));
            g_array_append_val(units, u);
        }
    }
    /* The base units were copies' templates only. */
    for (guint i = 0; i < base->len; i++) {
        sm_work *b = &g_array_index(base, sm_work, i);
        g_free(b->id), g_free(b->stem), g_free(b->definition), g_free(b->kind), g_free(b->paper);
        g_free(b->color_mode), g_free(b->output), g_free(b->card);
        g_free(b->where), g_free(b->where_file);
    }
    g_array_free(base, TRUE);
    g_hash_table_destroy(names);
    g_free(per_row);
    g_free(default_template);
    sm_arena_free(arena);
    return ok;
}

bool sm_works_list(const char *root, const char *fonts_conf, const sm_work_data *data,
                   sm_file_hashes *hashes, const sm_work_reuse *reuse, sm_work_list *out,
                   int *failures, sm_diags *diags) {
    memset(out, 0, sizeof *out);
    char real_root[PATH_MAX];
    if (!realpath(root, real_root)) {
        sm_error(diags, ((sm_pos){root, 0, 0}), "cannot use it as the project: %s",
                 strerror(errno));
        return false;
    }
    GArray *units = g_array_new(FALSE, TRUE, sizeof(sm_work));
    char *pack_path = g_strdup_printf("%s/layouts/pack.yaml", root);
    bool listed = true;
    if (g_file_test(pack_path, G_FILE_TEST_EXISTS)) {
        sm_doc *pack = sm_doc_new();
        bool ok = sm_doc_load_file(pack, pack_path) &&
                  strcmp(pack->definition->schema->name, "pack") == 0;
        take_diagnostics(pack, diags);
        if (!ok) {
            if (pack->definition)
                sm_error(diags, ((sm_pos){pack_path, 0, 0}), "pack.yaml must say kind: pack");
            listed = false;
        } else {
            out->title = g_strdup(sm_object_str(pack->definition, "title", "surimono"));
            const sm_value *docs = sm_object_get(pack->definition, "documents");
            for (size_t i = 0; i < docs->as.list.count; i++) {
                const sm_object *d = docs->as.list.items[i].as.object;
                const sm_value *name = sm_object_get(d, "definition");
                if (!add_document(units, root, real_root, name->as.str,
                                  sm_object_get(d, "variants"), name->pos, diags))
                    (*failures)++;
            }
        }
        sm_doc_free(pack);
    } else {
        out->title = g_strdup("surimono");
        char *layouts = g_strdup_printf("%s/layouts", root);
        DIR *dir = opendir(layouts);
        g_free(layouts);
        if (!dir) {
            sm_error(diags, ((sm_pos){root, 0, 0}), "cannot open its layouts folder: %s",
                     strerror(errno));
            g_free(pack_path);
            g_array_free(units, TRUE);
            return false;
        }
        GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
        for (struct dirent *e; (e = readdir(dir));)
            if (e->d_name[0] != '.' &&
                (g_str_has_suffix(e->d_name, ".yaml") || g_str_has_suffix(e->d_name, ".yml")))
                g_ptr_array_add(names, g_strdup(e->d_name));
        closedir(dir);
        if (names->len > 1) qsort(names->pdata, names->len, sizeof(gpointer), compare_names);
        for (guint i = 0; i < names->len; i++) {
            char *file = g_strdup_printf("%s/layouts/%s", root, (char *)names->pdata[i]);
            if (!add_document(units, root, real_root, names->pdata[i], NULL, (sm_pos){file, 0, 0},
                              diags))
                (*failures)++;
            g_free(file);
        }
        g_ptr_array_free(names, TRUE);
    }
    g_free(pack_path);
    /* x.yaml and x.yml, or a variant given twice, would make one file twice. */
    if (listed) listed = check_unique_outputs(units, diags);
    if (listed && units->len > SM_PACK_MAX_OUTPUTS) {
        sm_error(diags, ((sm_pos){root, 0, 0}),
                 "the pack makes %u outputs, more than %d, the limit of one build", units->len,
                 SM_PACK_MAX_OUTPUTS);
        listed = false;
    }
    if (listed && data && data->path && !expand_rows(units, data, &out->shared, failures, diags))
        listed = false;
    out->count = units->len;
    out->items = (sm_work *)(void *)g_array_free(units, FALSE);
    if (!listed) {
        sm_works_free(out);
        return false;
    }
    out->strings = g_string_chunk_new(64 * 1024);
    listing ls = {hashes,
                  reuse,
                  out->strings,
                  g_ptr_array_new_with_free_func(g_free),
                  g_ptr_array_new_with_free_func(g_free),
                  NULL,
                  data};
    list_font_inputs(ls.font_paths, fonts_conf);
    for (guint i = 0; i < ls.font_paths->len; i++) {
        char hash[65] = "missing";
        if (i > 0) { /* fonts.conf by content; a font by fingerprint */
            char *f = fingerprint(ls.font_paths->pdata[i]);
            snprintf(hash, sizeof hash, "%s", f);
            g_free(f);
        } else if (!sm_file_hash(hashes, ls.font_paths->pdata[i], hash)) {
            snprintf(hash, sizeof hash, "missing");
        }
        g_ptr_array_add(ls.font_hashes, g_strdup(hash));
    }
    GChecksum *fonts = g_checksum_new(G_CHECKSUM_SHA256);
    for (guint i = 0; i < ls.font_paths->len; i++) {
        g_checksum_update(fonts, (const guchar *)ls.font_paths->pdata[i], -1);
        g_checksum_update(fonts, (const guchar *)ls.font_hashes->pdata[i], -1);
    }
    ls.fonts_digest = g_strdup(g_checksum_get_string(fonts));
    g_checksum_free(fonts);
    GHashTable *cards = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < out->count; i++) {
        sm_work *u = &out->items[i];
        u->first_of_card = !g_hash_table_contains(cards, u->card);
        g_hash_table_add(cards, u->card);
        if (!probe(u, &ls, diags)) {
            u->failed = true;
            (*failures)++;
        }
    }
    g_hash_table_destroy(cards);
    g_ptr_array_free(ls.font_paths, TRUE);
    g_ptr_array_free(ls.font_hashes, TRUE);
    g_free(ls.fonts_digest);
    return true;
}

void sm_works_free(sm_work_list *list) {
    for (size_t i = 0; i < list->count; i++) {
        sm_work *u = &list->items[i];
        g_free(u->id), g_free(u->stem), g_free(u->definition), g_free(u->document_title);
        g_free(u->kind), g_free(u->paper), g_free(u->color_mode);
        g_free(u->output), g_free(u->inputs_hash), g_free(u->context), g_free(u->card),
            g_free(u->where);
        g_free(u->paper_name);
        g_free(u->where_file);
        g_strfreev(u->settings);
        g_free(u->error);
        g_free(u->input_paths), g_free(u->input_hashes);
    }
    if (list->strings) g_string_chunk_free(list->strings);
    g_free(list->items);
    g_free(list->title);
    memset(list, 0, sizeof *list);
}
