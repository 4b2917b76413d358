/* materials.c: the project's materials for the web form (materials.h), from the pack's own
 * listing: the same units `build` makes, grouped by definition. */
#include "materials.h"

#include "../pack/work.h"

#include <glib.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static void add_choice(const char **list, int *count, const char *value) {
    if (!value) return;
    for (int i = 0; i < *count; i++)
        if (strcmp(list[i], value) == 0) return;
    if (*count < SM_MATERIAL_MAX_CHOICES) list[(*count)++] = g_intern_string(value);
}

bool sm_materials_load(sm_materials *out, const char *root, const char *fonts_conf,
                       sm_diags *diags) {
    memset(out, 0, sizeof *out);
    char real[PATH_MAX];
    if (!realpath(root, real)) {
        sm_error(diags, ((sm_pos){root, 0, 0}), "cannot serve '%s': it does not exist", root);
        return false;
    }
    sm_file_hashes *hashes = sm_file_hashes_new(NULL);
    sm_work_data data = {.values_later = true};
    sm_work_reuse reuse = {0};
    sm_work_list units;
    int failures = 0;
    bool listed = sm_works_list(root, fonts_conf, &data, hashes, &reuse, &units, &failures, diags);
    sm_file_hashes_free(hashes);
    if (!listed) return false;
    out->root = g_strdup(real);
    out->title = g_strdup(units.title ? units.title : "surimono");
    out->items = g_new0(sm_material, units.count + 1);
    for (size_t i = 0; i < units.count; i++) {
        const sm_work *u = &units.items[i];
        sm_material *m = NULL;
        for (size_t k = 0; k < out->count && !m; k++)
            if (strcmp(out->items[k].id, u->stem) == 0) m = &out->items[k];
        if (!m) {
            m = &out->items[out->count++];
            m->id = g_strdup(u->stem);
            m->title = g_strdup(u->document_title ? u->document_title : u->stem);
            m->kind = g_strdup(u->kind);
            m->definition = g_strdup(u->definition);
            m->doc = sm_doc_new();
            sm_doc_values_later(m->doc);
            sm_doc_load_file(m->doc, m->definition);
            m->var_count = sm_doc_var_count(m->doc);
            m->vars = g_new0(sm_var_info, m->var_count + 1);
            for (size_t v = 0; v < m->var_count; v++) m->vars[v] = sm_doc_var_at(m->doc, v);
            gchar *text = NULL;
            if (g_file_get_contents(m->definition, &text, NULL, NULL)) {
                m->lines = g_strsplit(text, "\n", -1);
                m->line_count = g_strv_length(m->lines);
            }
            g_free(text);
        }
        add_choice(m->papers, &m->paper_count, u->paper ? u->paper : u->paper_name);
        add_choice(m->colors, &m->color_count, u->color_mode);
        add_choice(m->profiles, &m->profile_count, sm_profile_name(u->profile));
        m->editions |= u->edition != SM_EDITION_ALL;
    }
    sm_works_free(&units);
    if (out->count == 0) {
        sm_error(diags, ((sm_pos){root, 0, 0}), "cannot serve '%s': it has no materials", root);
        return false;
    }
    return true;
}

const sm_material *sm_materials_find(const sm_materials *m, const char *id) {
    for (size_t i = 0; i < m->count; i++)
        if (strcmp(m->items[i].id, id) == 0) return &m->items[i];
    return NULL;
}

bool sm_material_line_shows(const sm_material *m, int line, const char *name) {
    if (line < 1 || (size_t)line > m->line_count) return false;
    char *placeholder = g_strdup_printf("{%s}", name);
    bool shows = strstr(m->lines[line - 1], placeholder) != NULL;
    g_free(placeholder);
    return shows;
}

void sm_materials_free(sm_materials *m) {
    for (size_t i = 0; i < m->count; i++) {
        sm_material *x = &m->items[i];
        g_free(x->id), g_free(x->title), g_free(x->kind), g_free(x->definition);
        g_free(x->vars);
        g_strfreev(x->lines);
        sm_doc_free(x->doc);
    }
    g_free(m->items);
    g_free(m->title);
    g_free(m->root);
    memset(m, 0, sizeof *m);
}
