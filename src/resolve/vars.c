/* vars.c: a definition's declared variables — the value each has in this run (--set, a data
 * column or the form first, then its default) and the checks of what its declaration says
 * a value must be: given when required, not longer than max-length, a phone number, a URL
 * or a date when it says so. */
#include "resolver.h"

#include "../base/utf8.h"

#include <string.h>

/* The declaration of variable name (len bytes), or NULL. */
static const sm_object *declaration(const sm_doc *doc, const char *name, size_t len) {
    const sm_value *vars = sm_object_get(doc->definition, "vars");
    if (!vars->field) return NULL;
    for (size_t i = 0; i < vars->as.list.count; i++)
        if (strlen(vars->as.list.keys[i]) == len && strncmp(vars->as.list.keys[i], name, len) == 0)
            return vars->as.list.items[i].as.object;
    return NULL;
}

/* The value given for name in this run (the last --set wins), or NULL. */
static const char *given(const sm_doc *doc, const char *name, size_t len) {
    for (size_t i = doc->setting_count; i-- > 0;)
        if (strlen(doc->settings[i].key) == len && strncmp(doc->settings[i].key, name, len) == 0)
            return doc->settings[i].value;
    return NULL;
}

const char *sm_resolve_variable(const sm_doc *doc, const char *name, size_t len) {
    const char *value = given(doc, name, len);
    if (value) return value;
    const sm_object *var = declaration(doc, name, len);
    if (!var) return NULL;
    /* Before a form is filled in, a required value shows where it goes: 〔学校名〕. */
    if (doc->values_later && sm_object_flag(var, "required", false))
        return sm_arena_printf(
            doc->arena, "〔%s〕",
            sm_object_str(var, "label", sm_arena_strndup(doc->arena, name, len)));
    return sm_object_str(var, "default", "");
}

size_t sm_resolve_variable_names(const sm_doc *doc, const char **out, size_t max) {
    size_t n = 0;
    for (size_t i = 0; i < doc->setting_count && n < max; i++) out[n++] = doc->settings[i].key;
    const sm_value *vars = sm_object_get(doc->definition, "vars");
    if (vars->field)
        for (size_t i = 0; i < vars->as.list.count && n < max; i++)
            out[n++] = vars->as.list.keys[i];
    return n;
}

static bool is_phone(const char *s) {
    int digits = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (!strchr("-+() ", *p))
            return false;
    }
    return digits >= 3 && digits <= 15; /* E.164 allows at most 15 */
}

static bool is_url(const char *s) {
    const char *rest = strncmp(s, "https://", 8) == 0  ? s + 8
                       : strncmp(s, "http://", 7) == 0 ? s + 7
                                                       : NULL;
    if (!rest || !*rest || *rest == '/') return false;
    for (const char *p = rest; *p; p++)
        if ((unsigned char)*p <= ' ') return false;
    return true;
}

static bool is_date(const char *s) {
    int y, m, d;
    char end;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3) return false;
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > days[m - 1]) return false;
    return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

static sm_var_info info_of(const char *name, const sm_object *var) {
    static const char *const types[] = {"text", "phone", "url", "date"};
    const char *type = sm_object_choice(var, "type", "text");
    sm_var_info info = {name,
                        sm_object_str(var, "label", name),
                        sm_object_str(var, "default", ""),
                        SM_VAR_TEXT,
                        sm_object_flag(var, "required", false),
                        (int)sm_object_number(var, "max-length", 0)};
    for (int t = 0; t < 4; t++)
        if (strcmp(type, types[t]) == 0) info.type = (sm_var_type)t;
    return info;
}

size_t sm_doc_var_count(const sm_doc *doc) {
    const sm_value *vars = doc->definition ? sm_object_get(doc->definition, "vars") : NULL;
    return vars && vars->field ? vars->as.list.count : 0;
}

sm_var_info sm_doc_var_at(const sm_doc *doc, size_t i) {
    const sm_value *vars = sm_object_get(doc->definition, "vars");
    return info_of(vars->as.list.keys[i], vars->as.list.items[i].as.object);
}

sm_var_problem sm_var_check(const sm_var_info *var, const char *value, size_t *length) {
    if (length) *length = value ? sm_utf8_count(value, strlen(value)) : 0;
    /* An empty field of a form is no value either. */
    if (!value || (!*value && var->required)) return var->required ? SM_VAR_MISSING : SM_VAR_FINE;
    if (var->max_length > 0 && sm_utf8_count(value, strlen(value)) > (size_t)var->max_length)
        return SM_VAR_TOO_LONG;
    if (!*value) return SM_VAR_FINE; /* empty: only `required` speaks about it */
    switch (var->type) {
    case SM_VAR_PHONE: return is_phone(value) ? SM_VAR_FINE : SM_VAR_NOT_PHONE;
    case SM_VAR_URL: return is_url(value) ? SM_VAR_FINE : SM_VAR_NOT_URL;
    case SM_VAR_DATE: return is_date(value) ? SM_VAR_FINE : SM_VAR_NOT_DATE;
    case SM_VAR_TEXT: break;
    }
    return SM_VAR_FINE;
}

bool sm_resolve_check_vars(sm_resolver *r) {
    bool ok = true;
    for (size_t i = 0; i < sm_doc_var_count(r->doc); i++) {
        sm_var_info var = sm_doc_var_at(r->doc, i);
        const sm_object *declaration =
            sm_object_get(r->doc->definition, "vars")->as.list.items[i].as.object;
        const char *value = given(r->doc, var.name, strlen(var.name));
        size_t length;
        sm_var_problem problem = sm_var_check(&var, value, &length);
        if (!value) value = var.default_value;
        if (problem == SM_VAR_FINE && !given(r->doc, var.name, strlen(var.name)))
            problem = sm_var_check(&var, value, &length); /* the default must fit too */
        const char *name = var.name;
        switch (problem) {
        case SM_VAR_FINE: continue;
        case SM_VAR_MISSING:
            if (r->doc->values_later) continue;
            sm_error(r->diags, declaration->pos,
                     "the variable {%s} is required: give it with --set %s=…, a data column "
                     "named %s or the form",
                     name, name, name);
            break;
        case SM_VAR_TOO_LONG:
            sm_error(r->diags, declaration->pos,
                     "the value '%s' of {%s} is %zu characters long, more than its max-length "
                     "of %d",
                     value, name, length, var.max_length);
            break;
        case SM_VAR_NOT_PHONE:
            sm_error(r->diags, declaration->pos,
                     "the value '%s' of {%s} is not a phone number (digits, with - ( ) + or "
                     "spaces between)",
                     value, name);
            break;
        case SM_VAR_NOT_URL:
            sm_error(r->diags, declaration->pos,
                     "the value '%s' of {%s} is not a URL (it starts with http:// or https://)",
                     value, name);
            break;
        case SM_VAR_NOT_DATE:
            sm_error(r->diags, declaration->pos,
                     "the value '%s' of {%s} is not a date (YYYY-MM-DD)", value, name);
            break;
        }
        ok = false;
    }
    return ok;
}
