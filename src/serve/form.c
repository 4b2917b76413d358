/* form.c: a form's values for one material, checked against its declared variables, and
 * a render's problems put in Japanese beside the fields they belong to (http.h). */
#include "http.h"

#include "../base/limits.h"
#include "../base/utf8.h"

#include <string.h>

static const char *pick(GHashTable *query, const char *key, const char *const *list, int count) {
    const char *asked = query ? g_hash_table_lookup(query, key) : NULL;
    for (int i = 0; asked && i < count; i++)
        if (strcmp(asked, list[i]) == 0) return list[i];
    return count > 0 ? list[0] : NULL;
}

static char *problem_text(const sm_var_info *v, sm_var_problem problem, size_t length) {
    switch (problem) {
    case SM_VAR_MISSING: return g_strdup_printf("%sを入力してください。", v->label);
    case SM_VAR_TOO_LONG:
        return g_strdup_printf("%sは%d文字以内にしてください（いま%zu文字）。", v->label,
                               v->max_length, length);
    case SM_VAR_NOT_PHONE:
        return g_strdup_printf("%sには、086-000-0000 のような電話番号を入力してください。",
                               v->label);
    case SM_VAR_NOT_URL:
        return g_strdup_printf("%sには、https:// で始まるURLを入力してください。", v->label);
    case SM_VAR_NOT_DATE:
        return g_strdup_printf("%sには、2025-04-01 のような日付を入力してください。", v->label);
    case SM_VAR_FINE: break;
    }
    return NULL;
}

static bool value_missing(const sm_var_info *v, const char *value) {
    return v->required && (!value || !*value);
}

void sm_form_read(const sm_material *m, GHashTable *query, bool png, sm_form *f) {
    f->vars = g_ptr_array_new_with_free_func(g_free);
    f->fields = json_object();
    f->errors = json_array();
    f->missing = json_object();
    /* A preview shows a required value not yet given as its label, and says it is missing. */
    f->job = (sm_job){.definition = m->definition, .png = png, .dpi = 60, .placeholders = png};
    f->job.paper = pick(query, "paper", m->papers, m->paper_count);
    f->job.color = pick(query, "color", m->colors, m->color_count);
    f->job.profile = pick(query, "profile", m->profiles, m->profile_count);
    const char *edition = query ? g_hash_table_lookup(query, "edition") : NULL;
    if (m->editions)
        f->job.edition =
            edition && strcmp(edition, "answer") == 0 ? SM_EDITION_ANSWER : SM_EDITION_QUESTION;
    const char *dpi = query ? g_hash_table_lookup(query, "dpi") : NULL;
    if (dpi) {
        double v = g_ascii_strtod(dpi, NULL);
        if (v >= 10 && v <= 150) f->job.dpi = v; /* a thumbnail to a sharp preview */
    }
    for (size_t i = 0; i < m->var_count; i++) {
        const sm_var_info *v = &m->vars[i];
        char *key = g_strdup_printf("v.%s", v->name);
        const char *value = query ? g_hash_table_lookup(query, key) : NULL;
        g_free(key);
        char *message = NULL;
        size_t length = 0;
        if (value && !g_utf8_validate(value, -1, NULL))
            message = g_strdup_printf("%sの文字を読めませんでした。", v->label);
        else if (value && strpbrk(value, "\t\r\n"))
            message = g_strdup_printf("%sに改行やタブは使えません。", v->label);
        else if (value && v->max_length == 0 &&
                 sm_utf8_count(value, strlen(value)) > SM_SERVE_MAX_VALUE)
            message =
                g_strdup_printf("%sは%d文字以内にしてください。", v->label, SM_SERVE_MAX_VALUE);
        else {
            sm_var_problem problem = sm_var_check(v, value, &length);
            message = problem_text(v, problem, length);
        }
        if (message && png && value_missing(v, value)) {
            json_object_set_new(f->missing, v->name, json_string(message));
            g_free(message);
        } else if (message) {
            json_object_set_new(f->fields, v->name, json_string(message));
            g_free(message);
        } else if (value) {
            g_ptr_array_add(f->vars, g_strdup_printf("%s=%s", v->name, value));
        }
    }
    f->job.vars = (const char *const *)f->vars->pdata;
    f->job.var_count = f->vars->len;
}

void sm_form_free(sm_form *f) {
    g_ptr_array_free(f->vars, TRUE);
    json_decref(f->fields);
    json_decref(f->errors);
    json_decref(f->missing);
}

/* The worker's problems (job.h), in Japanese: a problem on a line of the definition that
 * shows a variable is that variable's (its text does not fit); others are the page's. */
void sm_form_worker_problems(const sm_material *m, const char *text, sm_form *f) {
    json_t *list = json_loads(text, 0, NULL);
    size_t i;
    json_t *d;
    json_array_foreach(list, i, d) {
        if (strcmp(json_string_value(json_object_get(d, "severity")) ?: "", "error") != 0) continue;
        int line = (int)json_integer_value(json_object_get(d, "line"));
        const char *message = json_string_value(json_object_get(d, "message")) ?: "";
        const sm_var_info *owner = NULL;
        for (size_t k = 0; k < m->var_count && !owner; k++)
            if (sm_material_line_shows(m, line, m->vars[k].name)) owner = &m->vars[k];
        if (owner && !json_object_get(f->fields, owner->name)) {
            char *text_ja =
                g_strdup_printf("%sが長すぎて紙面に入りません。短くしてください。", owner->label);
            json_object_set_new(f->fields, owner->name, json_string(text_ja));
            g_free(text_ja);
        } else if (!owner) {
            char *text_ja = g_strdup_printf("PDFを作れませんでした（%s）。", message);
            json_array_append_new(f->errors, json_string(text_ja));
            g_free(text_ja);
        }
    }
    json_decref(list);
    if (json_object_size(f->fields) == 0 && json_array_size(f->errors) == 0)
        json_array_append_new(f->errors, json_string("PDFを作れませんでした。"));
}

/* The file name a download is saved as: the material, its paper and variant. */
char *sm_form_file_name(const sm_material *m, const sm_job *job) {
    GString *name = g_string_new(m->id);
    if (job->paper) g_string_append_printf(name, "-%s", job->paper);
    if (job->color && strcmp(job->color, "gray") == 0) g_string_append(name, "-gray");
    if (job->profile && strcmp(job->profile, "office") != 0)
        g_string_append_printf(name, "-%s", job->profile);
    if (job->edition == SM_EDITION_ANSWER) g_string_append(name, "-answer");
    if (job->edition == SM_EDITION_QUESTION) g_string_append(name, "-question");
    g_string_append(name, ".pdf");
    return g_string_free(name, FALSE);
}
