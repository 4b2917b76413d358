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
    return var ? sm_object_str(var, "default", "") : NULL;
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

/* Why value does not suit var, or NULL. */
static const char *unsuitable(const sm_object *var, const char *value, char *why, size_t size) {
    long max = (long)sm_object_number(var, "max-length", 0);
    size_t length = sm_utf8_count(value, strlen(value));
    if (max > 0 && length > (size_t)max) {
        snprintf(why, size, "is %zu characters long, more than its max-length of %ld", length, max);
        return why;
    }
    if (!*value) return NULL; /* empty: only `required` speaks about it */
    const char *type = sm_object_choice(var, "type", "text");
    if (strcmp(type, "phone") == 0 && !is_phone(value))
        return "is not a phone number (digits, with - ( ) + or spaces between)";
    if (strcmp(type, "url") == 0 && !is_url(value))
        return "is not a URL (it starts with http:// or https://)";
    if (strcmp(type, "date") == 0 && !is_date(value)) return "is not a date (YYYY-MM-DD)";
    return NULL;
}

bool sm_resolve_check_vars(sm_resolver *r) {
    const sm_value *vars = sm_object_get(r->doc->definition, "vars");
    if (!vars->field) return true;
    bool ok = true;
    for (size_t i = 0; i < vars->as.list.count; i++) {
        const char *name = vars->as.list.keys[i];
        const sm_object *var = vars->as.list.items[i].as.object;
        const char *value = given(r->doc, name, strlen(name));
        if (!value && sm_object_flag(var, "required", false)) {
            sm_error(r->diags, var->pos,
                     "the variable {%s} is required: give it with --set %s=…, a data column "
                     "named %s or the form",
                     name, name, name);
            ok = false;
            continue;
        }
        if (!value) value = sm_object_str(var, "default", "");
        char why[160];
        const char *problem = unsuitable(var, value, why, sizeof why);
        if (problem) {
            sm_error(r->diags, var->pos, "the value '%s' of {%s} %s", value, name, problem);
            ok = false;
        }
    }
    return ok;
}
