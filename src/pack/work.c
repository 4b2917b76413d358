/* work.c: expanding the pack into work units (document × variant × edition) and hashing
 * everything each one is made from, so an unchanged unit is never rendered again. */
#include "work.h"

#include "../model/doc.h"
#include "csv.h"

#include <dirent.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *xstrdup(const char *s) { return s ? g_strdup(s) : NULL; }

bool sm_sha256_file(const char *path, char out[65]) {
    gchar *data = NULL;
    gsize size = 0;
    if (!g_file_get_contents(path, &data, &size, NULL)) return false;
    gchar *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, size);
    snprintf(out, 65, "%s", hex);
    g_free(hex);
    g_free(data);
    return true;
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
static void add_font_inputs(GPtrArray *paths, const char *fonts_conf) {
    g_ptr_array_add(paths, g_strdup(fonts_conf));
    gchar *conf = NULL;
    if (!g_file_get_contents(fonts_conf, &conf, NULL, NULL)) return;
    for (char *p = conf; (p = strstr(p, "<glob>")) != NULL;) {
        p += 6;
        char *end = strstr(p, "</glob>");
        if (!end) break;
        if (*p == '/') g_ptr_array_add(paths, g_strndup(p, (gsize)(end - p)));
        p = end;
    }
    g_free(conf);
}

static const char *edition_name(sm_edition e) {
    return e == SM_EDITION_QUESTION ? "question" : e == SM_EDITION_ANSWER ? "answer" : "all";
}

bool sm_work_apply(const sm_work *u, sm_doc *doc) {
    bool ok = (!u->paper || sm_doc_set_paper(doc, u->paper)) &&
              sm_doc_set_profile(doc, u->profile) && sm_doc_set_color_mode(doc, u->color_mode);
    for (char **s = u->settings; ok && s && *s; s++) ok = sm_doc_set_variable(doc, *s);
    sm_doc_set_edition(doc, u->edition);
    return ok;
}

/* Loads and resolves one variant (no fonts needed) for its inputs and title. */
static bool probe(sm_work *u, const char *fonts_conf, FILE *err) {
    sm_doc *doc = sm_doc_new();
    bool ok = sm_doc_load_file(doc, u->definition) && sm_work_apply(u, doc);
    ok = ok && sm_doc_resolve(doc);
    for (size_t i = 0; i < sm_doc_diag_count(doc); i++) {
        const sm_diag *d = sm_doc_diag_at(doc, i);
        if (d->severity == SM_SEVERITY_ERROR)
            fprintf(err, "%s:%d:%d: error: %s\n", d->file, d->line, d->col, d->message);
    }
    if (!ok) {
        sm_doc_free(doc);
        return false;
    }
    u->document_title = g_strdup(sm_doc_title(doc));
    GPtrArray *paths = g_ptr_array_new();
    for (size_t i = 0; i < sm_doc_input_count(doc); i++)
        g_ptr_array_add(paths, g_strdup(sm_doc_input_at(doc, i)));
    sm_doc_free(doc);
    add_font_inputs(paths, fonts_conf);
    u->input_count = paths->len;
    u->input_paths = g_new0(char *, paths->len + 1);
    u->input_hashes = g_new0(char *, paths->len + 1);
    GChecksum *all = g_checksum_new(G_CHECKSUM_SHA256);
    /* What the output depends on besides files: the tool and the unit's options. */
    g_checksum_update(all, (const guchar *)"surimono " SM_VERSION, -1);
    g_checksum_update(all, (const guchar *)u->id, -1);
    /* A row's values are part of what it is made from; the rest of the CSV is not, so an
     * edited row rebuilds that school only. */
    for (char **v = u->settings; v && *v; v++) g_checksum_update(all, (const guchar *)*v, -1);
    for (guint i = 0; i < paths->len; i++) {
        char *path = paths->pdata[i];
        bool font = strstr(path, "/fonts/") != NULL && strstr(path, "fonts.conf") == NULL;
        char hash[65] = "missing";
        if (font) {
            char *f = fingerprint(path);
            snprintf(hash, sizeof hash, "%s", f);
            g_free(f);
        } else if (!sm_sha256_file(path, hash)) {
            snprintf(hash, sizeof hash, "missing");
        }
        u->input_paths[i] = path;
        u->input_hashes[i] = g_strdup(hash);
        g_checksum_update(all, (const guchar *)path, -1);
        g_checksum_update(all, (const guchar *)hash, -1);
    }
    g_ptr_array_free(paths, TRUE);
    u->inputs_hash = g_strdup(g_checksum_get_string(all));
    g_checksum_free(all);
    return true;
}

static void add_unit(GArray *units, const char *root, const char *name, const char *kind,
                     const char *paper, const char *color, const char *profile, sm_edition edition,
                     bool first) {
    sm_work u = {0};
    u.stem = g_strndup(name, strlen(name) - (g_str_has_suffix(name, ".yml") ? 4 : 5));
    u.definition = g_strdup_printf("%s/layouts/%s", root, name);
    u.kind = xstrdup(kind);
    u.paper = xstrdup(paper);
    u.color_mode = g_strdup(color ? color : "color");
    u.profile = g_strdup(profile ? profile : "office");
    u.edition = edition;
    u.first_of_document = first;
    u.id = g_strdup_printf("%s/%s/%s/%s/%s", u.stem, paper ? paper : "own", u.color_mode, u.profile,
                           edition_name(edition));
    u.card = edition == SM_EDITION_ALL ? g_strdup(u.stem)
                                       : g_strdup_printf("%s-%s", u.stem, edition_name(edition));
    /* Stable, readable names: the variant's parts, only where they differ from the plain. */
    GString *out = g_string_new(u.stem);
    if (paper) g_string_append_printf(out, "-%s", paper);
    if (strcmp(u.color_mode, "color") != 0) g_string_append_printf(out, "-%s", u.color_mode);
    if (strcmp(u.profile, "office") != 0) g_string_append_printf(out, "-%s", u.profile);
    if (edition != SM_EDITION_ALL) g_string_append_printf(out, "-%s", edition_name(edition));
    g_string_append(out, ".pdf");
    u.output = g_string_free(out, FALSE);
    g_array_append_val(units, u);
}

/* One document: its variants (given, or its `papers:`), each question and answer sheet. */
static bool add_document(GArray *units, const char *root, const char *name,
                         const sm_value *variants, FILE *err) {
    char *path = g_strdup_printf("%s/layouts/%s", root, name);
    sm_doc *doc = sm_doc_new();
    bool ok = sm_doc_load_file(doc, path);
    for (size_t i = 0; i < sm_doc_diag_count(doc); i++) {
        const sm_diag *d = sm_doc_diag_at(doc, i);
        if (d->severity == SM_SEVERITY_ERROR)
            fprintf(err, "%s:%d:%d: error: %s\n", d->file, d->line, d->col, d->message);
    }
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
    bool first = true;
    if (variants && variants->field) {
        for (size_t v = 0; v < variants->as.list.count; v++) {
            const sm_object *o = variants->as.list.items[v].as.object;
            const char *paper = sm_object_choice(o, "paper", NULL);
            for (int e = 0; e < edition_count; e++) {
                add_unit(units, root, name, kind, paper, sm_object_choice(o, "color-mode", "color"),
                         sm_object_choice(o, "profile", "office"), list[e], first);
                first = false;
            }
        }
    } else {
        const char *papers[8];
        int n = sm_doc_build_papers(doc, papers, 8);
        for (int p = 0; p < (n ? n : 1); p++)
            for (int e = 0; e < edition_count; e++) {
                add_unit(units, root, name, kind, n ? papers[p] : NULL, NULL, NULL, list[e], first);
                first = false;
            }
    }
    sm_doc_free(doc);
    return true;
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

/* The output name of a unit for one row: {output}, {_row} and {column} filled in. */
static char *row_name(const char *template, const sm_table *table, size_t row, const char *output) {
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
            char *v = safe_value(sm_table_cell(table, row, col));
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
static bool expand_rows(GArray *units, const sm_work_data *data, int *failures, FILE *err) {
    sm_arena *arena = sm_arena_new();
    sm_diags diags;
    sm_diags_init(&diags, arena);
    sm_table *table = sm_csv_read(data->path, arena, &diags);
    bool ok = table != NULL;
    for (size_t i = 0; i < diags.count; i++)
        fprintf(err, "%s:%d:%d: %s: %s\n", diags.items[i].file, diags.items[i].line,
                diags.items[i].col,
                diags.items[i].severity == SM_SEVERITY_ERROR ? "error" : "warning",
                diags.items[i].message);
    if (table && sm_table_bad_rows(table) > 0) {
        *failures += (int)sm_table_bad_rows(table);
        if (!data->keep_going) ok = false;
    }
    if (!ok) {
        sm_arena_free(arena);
        return false;
    }
    const char *template = data->name && *data->name ? data->name : "row{_row}-{output}";
    GArray *base = g_array_sized_new(FALSE, TRUE, sizeof(sm_work), units->len);
    g_array_append_vals(base, units->data, units->len);
    g_array_set_size(units, 0);
    GHashTable *names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (size_t row = 0; row < sm_table_rows(table) && ok; row++) {
        if (!sm_table_row_ok(table, row)) continue;
        for (guint i = 0; i < base->len; i++) {
            const sm_work *b = &g_array_index(base, sm_work, i);
            sm_work u = *b;
            u.stem = g_strdup(b->stem), u.definition = g_strdup(b->definition);
            u.kind = g_strdup(b->kind), u.paper = g_strdup(b->paper);
            u.color_mode = g_strdup(b->color_mode), u.profile = g_strdup(b->profile);
            u.card = g_strdup_printf("%s-row%d", b->card, sm_table_row_line(table, row));
            u.id = g_strdup_printf("row%d/%s", sm_table_row_line(table, row), b->id);
            u.output = row_name(template, table, row, b->output);
            GPtrArray *settings = g_ptr_array_new();
            for (size_t c = 0; c < sm_table_columns(table); c++)
                g_ptr_array_add(settings, g_strdup_printf("%s=%s", sm_table_header(table, c),
                                                          sm_table_cell(table, row, c)));
            g_ptr_array_add(settings, NULL);
            u.settings = (char **)g_ptr_array_free(settings, FALSE);
            if (g_hash_table_contains(names, u.output)) {
                fprintf(err,
                        "%s:%d: error: the name template '%s' gives '%s' twice; add a column "
                        "that tells the rows apart (e.g. {_row})\n",
                        data->path, sm_table_row_line(table, row), template, u.output);
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
        g_free(b->color_mode), g_free(b->profile), g_free(b->output), g_free(b->card);
    }
    g_array_free(base, TRUE);
    g_hash_table_destroy(names);
    sm_arena_free(arena);
    return ok;
}

bool sm_works_list(const char *root, const char *fonts_conf, const sm_work_data *data,
                   sm_work_list *out, int *failures, FILE *err) {
    memset(out, 0, sizeof *out);
    GArray *units = g_array_new(FALSE, TRUE, sizeof(sm_work));
    char *pack_path = g_strdup_printf("%s/layouts/pack.yaml", root);
    if (g_file_test(pack_path, G_FILE_TEST_EXISTS)) {
        sm_doc *pack = sm_doc_new();
        bool ok = sm_doc_load_file(pack, pack_path) &&
                  strcmp(pack->definition->schema->name, "pack") == 0;
        for (size_t i = 0; i < sm_doc_diag_count(pack); i++) {
            const sm_diag *d = sm_doc_diag_at(pack, i);
            fprintf(err, "%s:%d:%d: %s: %s\n", d->file, d->line, d->col,
                    d->severity == SM_SEVERITY_ERROR ? "error" : "warning", d->message);
        }
        if (!ok) {
            if (pack->definition)
                fprintf(err, "%s: error: pack.yaml must say kind: pack\n", pack_path);
            sm_doc_free(pack);
            g_free(pack_path);
            g_array_free(units, TRUE);
            return false;
        }
        out->title = g_strdup(sm_object_str(pack->definition, "title", "surimono"));
        const sm_value *docs = sm_object_get(pack->definition, "documents");
        for (size_t i = 0; i < docs->as.list.count; i++) {
            const sm_object *d = docs->as.list.items[i].as.object;
            if (!add_document(units, root, sm_object_str(d, "definition", ""),
                              sm_object_get(d, "variants"), err))
                (*failures)++;
        }
        sm_doc_free(pack);
    } else {
        out->title = g_strdup("surimono");
        char *layouts = g_strdup_printf("%s/layouts", root);
        DIR *dir = opendir(layouts);
        g_free(layouts);
        if (!dir) {
            fprintf(err, "surimono: cannot open %s/layouts\n", root);
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
        qsort(names->pdata, names->len, sizeof(gpointer), compare_names);
        for (guint i = 0; i < names->len; i++)
            if (!add_document(units, root, names->pdata[i], NULL, err)) (*failures)++;
        g_ptr_array_free(names, TRUE);
    }
    g_free(pack_path);
    if (data && data->path && !expand_rows(units, data, failures, err)) {
        g_array_free(units, TRUE);
        return false;
    }
    GHashTable *cards = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < units->len; i++) {
        sm_work *u = &g_array_index(units, sm_work, i);
        u->first_of_card = !g_hash_table_contains(cards, u->card);
        g_hash_table_add(cards, u->card);
        if (!probe(u, fonts_conf, err)) {
            u->failed = true;
            (*failures)++;
        }
    }
    g_hash_table_destroy(cards);
    out->count = units->len;
    out->items = (sm_work *)(void *)g_array_free(units, FALSE);
    return true;
}

void sm_works_free(sm_work_list *list) {
    for (size_t i = 0; i < list->count; i++) {
        sm_work *u = &list->items[i];
        g_free(u->id), g_free(u->stem), g_free(u->definition), g_free(u->document_title);
        g_free(u->kind), g_free(u->paper), g_free(u->color_mode), g_free(u->profile);
        g_free(u->output), g_free(u->inputs_hash), g_free(u->card);
        g_strfreev(u->settings);
        g_free(u->error);
        for (size_t k = 0; k < u->input_count; k++)
            g_free(u->input_paths[k]), g_free(u->input_hashes[k]);
        g_free(u->input_paths), g_free(u->input_hashes);
    }
    g_free(list->items);
    g_free(list->title);
    memset(list, 0, sizeof *list);
}
