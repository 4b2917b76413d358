/* doc.c: document lifetime, overrides and the diagnostics accessors. */
#include "doc.h"

#include "../base/print.h"

#include <string.h>

sm_doc *sm_doc_new(void) {
    sm_arena *arena = sm_arena_new();
    sm_doc *doc = sm_arena_alloc(arena, sizeof *doc);
    doc->arena = arena;
    sm_diags_init(&doc->diags, arena);
    doc->file = "<input>";
    doc->root = ".";
    return doc;
}

void sm_doc_free(sm_doc *doc) {
    if (!doc) return;
    sm_arena_free(doc->arena);
}

bool sm_doc_set_variable(sm_doc *doc, const char *assignment) {
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment) {
        sm_error(&doc->diags, ((sm_pos){"<command line>", 0, 0}),
                 "--set expects key=value, got '%s'", assignment);
        return false;
    }
    if (doc->setting_count == doc->setting_capacity) {
        size_t cap = doc->setting_capacity ? doc->setting_capacity * 2 : 8;
        doc->settings = sm_arena_grow(doc->arena, doc->settings, doc->setting_count, cap,
                                      sizeof *doc->settings);
        doc->setting_capacity = cap;
    }
    doc->settings[doc->setting_count].key =
        sm_arena_strndup(doc->arena, assignment, (size_t)(eq - assignment));
    doc->settings[doc->setting_count].value = sm_arena_strdup(doc->arena, eq + 1);
    doc->setting_count++;
    return true;
}

void sm_doc_values_later(sm_doc *doc) { doc->values_later = true; }

bool sm_doc_set_paper(sm_doc *doc, const char *paper) {
    /* Written exactly as in a definition's paper: (a4 is refused there too, with a hint). */
    bool known = false;
    for (const char *const *name = sm_paper_names(); *name && !known; name++)
        known = strcmp(*name, paper) == 0;
    if (!known) {
        const char *hint = sm_did_you_mean(paper, sm_paper_names());
        sm_error(&doc->diags, ((sm_pos){"<command line>", 0, 0}),
                 "unknown paper '%s' (expected A3, A4, A5, B4 or B5)%s%s%s", paper,
                 hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
        return false;
    }
    doc->paper_override = sm_arena_strdup(doc->arena, paper);
    return true;
}

void sm_doc_set_edition(sm_doc *doc, sm_edition edition) { doc->edition = edition; }

/* A command-line choice among the names of a schema ENUM of the document. */
static const char *choose(sm_doc *doc, const char *key, const char *name) {
    const sm_schema_field *field = sm_schema_find(sm_kinds[0], key, NULL);
    for (int i = 0; field->choices[i]; i++)
        if (strcmp(field->choices[i], name) == 0) return field->choices[i];
    const char *hint = sm_did_you_mean(name, field->choices);
    sm_error(&doc->diags, ((sm_pos){"<command line>", 0, 0}), "unknown %s '%s'%s%s%s", key, name,
             hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
    return NULL;
}

bool sm_doc_set_profile(sm_doc *doc, const char *profile) {
    doc->profile_override = choose(doc, "profile", profile);
    return doc->profile_override != NULL;
}

bool sm_doc_set_imposition(sm_doc *doc, const char *imposition) {
    const sm_schema_field *field = sm_schema_find(sm_schema_kind("document"), "imposition", NULL);
    for (int i = 0; field->choices[i]; i++)
        if (strcmp(field->choices[i], imposition) == 0) {
            doc->imposition_override = field->choices[i];
            return true;
        }
    sm_error(&doc->diags, ((sm_pos){"<command line>", 0, 0}),
             "unknown imposition '%s' (none or saddle-stitch)", imposition);
    return false;
}

bool sm_doc_set_color_mode(sm_doc *doc, const char *mode) {
    doc->color_mode_override = choose(doc, "color-mode", mode);
    return doc->color_mode_override != NULL;
}

size_t sm_doc_diag_count(const sm_doc *doc) { return doc->diags.count; }

const sm_diag *sm_doc_diag_at(const sm_doc *doc, size_t index) {
    return index < doc->diags.count ? &doc->diags.items[index] : NULL;
}

bool sm_doc_failed(const sm_doc *doc) { return doc->diags.failed; }

int sm_doc_build_papers(const sm_doc *doc, const char **papers, int max) {
    if (!doc->definition) return 0;
    const sm_value *list = sm_object_get(doc->definition, "papers");
    if (!list->field) return 0;
    int n = 0;
    for (size_t i = 0; i < list->as.list.count && n < max; i++) {
        const sm_value *item = &list->as.list.items[i];
        papers[n++] = item->field->choices[item->as.choice];
    }
    return n;
}

void sm_doc_add_input(sm_doc *doc, const char *path) {
    for (size_t i = 0; i < doc->input_count; i++)
        if (strcmp(doc->inputs[i], path) == 0) return;
    if (doc->input_count == doc->input_capacity) {
        size_t cap = doc->input_capacity ? doc->input_capacity * 2 : 8;
        doc->inputs =
            sm_arena_grow(doc->arena, doc->inputs, doc->input_count, cap, sizeof *doc->inputs);
        doc->input_capacity = cap;
    }
    doc->inputs[doc->input_count++] = sm_arena_strdup(doc->arena, path);
}

size_t sm_doc_input_count(const sm_doc *doc) { return doc->input_count; }

const char *sm_doc_input_at(const sm_doc *doc, size_t index) {
    return index < doc->input_count ? doc->inputs[index] : NULL;
}

bool sm_doc_is_pack(const sm_doc *doc) {
    return doc->definition && strcmp(doc->definition->schema->name, "pack") == 0;
}
