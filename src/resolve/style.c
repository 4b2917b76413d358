/* style.c: the style cascade — built-in named styles, the theme, then the element. */
#include "resolver.h"

#include <string.h>

/* The built-in palette: what a definition gets without a theme. */
static const struct {
    const char *name, *hex;
} builtin_colors[] = {
    {"ink", "#1f2328"},   {"accent", "#c2410c"}, {"accent-light", "#fff1e6"},
    {"paper", "#ffffff"}, {"muted", "#5b6470"},  {"line", "#9aa3ad"},
    {"tint", "#f3f5f7"},  {"deep", "#1e3a5f"},   {"warn", "#b91c1c"},
};

/* The built-in palette's inks, for shop profiles without a theme that names them. */
static const struct {
    const char *name;
    double cmyk[4];
} builtin_inks[] = {
    {"ink", {0, 0, 0, 1}},
    {"accent", {0, 0.75, 1, 0.1}},
    {"accent-light", {0, 0.06, 0.1, 0}},
    {"paper", {0, 0, 0, 0}},
    {"muted", {0, 0, 0, 0.75}},
    {"line", {0, 0, 0, 0.5}},
    {"tint", {0.03, 0.02, 0.02, 0}},
    {"deep", {1, 0.7, 0.3, 0.35}},
    {"warn", {0, 0.9, 0.85, 0.15}},
};

size_t sm_builtin_inks(sm_resolver *r, sm_ink *out, size_t max) {
    size_t n = 0;
    for (size_t i = 0; i < sizeof builtin_inks / sizeof *builtin_inks && n < max; i++) {
        out[n].rgb = sm_theme_color(r, builtin_inks[i].name);
        memcpy(out[n].cmyk, builtin_inks[i].cmyk, sizeof out[n].cmyk);
        n++;
    }
    return n;
}

/* Built-in named styles, sized for A4; content kinds scale them with the paper. */
typedef struct builtin_style {
    const char *name;
    const char *role; /* gothic, mincho, or heading (proportional gothic) */
    double size;
    bool bold;
    const char *color;
    double line_height;
    sm_align align;
    bool phrase; /* titles and slogans break between phrases only */
} builtin_style;

/* Body text is justified the JIS way; titles and slogans break only between phrases. */
static const builtin_style builtin_styles[] = {
    {"body", "gothic", 10.5, false, "ink", 1.7, SM_ALIGN_JUSTIFY, false},
    {"title", "heading", 26, true, "ink", 1.3, SM_ALIGN_CENTER, true},
    {"subtitle", "heading", 13, true, "accent", 1.4, SM_ALIGN_CENTER, true},
    {"lead", "heading", 13, false, "ink", 1.6, SM_ALIGN_CENTER, true},
    {"step-number", "heading", 28, true, "paper", 1.0, SM_ALIGN_CENTER, false},
    {"step-text", "heading", 22, true, "ink", 1.35, SM_ALIGN_LEFT, true},
    {"step-detail", "gothic", 12, false, "ink", 1.7, SM_ALIGN_JUSTIFY, false},
    {"section", "heading", 12.5, true, "accent", 1.4, SM_ALIGN_LEFT, true},
    {"instruction", "gothic", 11, false, "ink", 1.7, SM_ALIGN_JUSTIFY, false},
    {"hazard", "gothic", 10, false, "ink", 1.5, SM_ALIGN_JUSTIFY, false},
    {"explanation", "gothic", 10.5, false, "ink", 1.8, SM_ALIGN_JUSTIFY, false},
    {"label", "gothic", 9, true, "muted", 1.3, SM_ALIGN_LEFT, false},
    {"footer", "gothic", 8.5, false, "muted", 1.4, SM_ALIGN_CENTER, false},
};

static const sm_value *theme_entry(sm_resolver *r, const char *map_key, const char *name) {
    if (!r->theme) return NULL;
    const sm_value *map = sm_object_get(r->theme, map_key);
    if (!map->field) return NULL;
    for (size_t i = 0; i < map->as.list.count; i++)
        if (strcmp(map->as.list.keys[i], name) == 0) return &map->as.list.items[i];
    return NULL;
}

sm_color sm_theme_color(sm_resolver *r, const char *name) {
    sm_color c = {0, 0, 0, 1};
    const sm_value *v = theme_entry(r, "colors", name);
    if (v && v->as.color.literal) return v->as.color.rgba;
    for (size_t i = 0; i < sizeof builtin_colors / sizeof *builtin_colors; i++)
        if (strcmp(builtin_colors[i].name, name) == 0) sm_color_parse(builtin_colors[i].hex, &c);
    return c;
}

bool sm_resolve_color(sm_resolver *r, const sm_value *value, sm_color *out) {
    if (value->as.color.literal) {
        *out = value->as.color.rgba;
        return true;
    }
    const char *name = value->as.color.name;
    const sm_value *v = theme_entry(r, "colors", name);
    if (v && v->as.color.literal) {
        *out = v->as.color.rgba;
        return true;
    }
    for (size_t i = 0; i < sizeof builtin_colors / sizeof *builtin_colors; i++)
        if (strcmp(builtin_colors[i].name, name) == 0) {
            sm_color_parse(builtin_colors[i].hex, out);
            return true;
        }
    /* Candidates: theme colours, role colours and CSS names. */
    const char *candidates[128];
    size_t n = 0;
    const sm_value *map = r->theme ? sm_object_get(r->theme, "colors") : NULL;
    if (map && map->field)
        for (size_t i = 0; i < map->as.list.count && n < 60; i++)
            candidates[n++] = map->as.list.keys[i];
    for (size_t i = 0; i < sizeof builtin_colors / sizeof *builtin_colors; i++)
        candidates[n++] = builtin_colors[i].name;
    for (const char *const *css = sm_color_names(); *css && n < 127; css++) candidates[n++] = *css;
    candidates[n] = NULL;
    const char *hint = sm_did_you_mean(name, candidates);
    if (hint)
        sm_error(r->diags, value->pos, "unknown colour '%s'; did you mean '%s'?", name, hint);
    else
        sm_error(r->diags, value->pos,
                 "unknown colour '%s' (use #rrggbb, a CSS name or a colour of the theme)", name);
    return false;
}

/* BIZ UD's proportional faces set “ ” ‘ ’ half an em wide, like Western quotes; in Japanese
 * text they are brackets (JLREQ cl-01, cl-02) and take a full em, as the fixed-width twin of
 * the same design sets them. Other families (Noto CJK) set them full width already. */
static const char *quote_family_for(const char *family) {
    if (family && strcmp(family, "BIZ UDPGothic") == 0) return "BIZ UDGothic";
    if (family && strcmp(family, "BIZ UDPMincho") == 0) return "BIZ UDMincho";
    return family;
}

static const char *family_for(sm_resolver *r, const char *font) {
    if (strcmp(font, "gothic") == 0) return r->gothic;
    if (strcmp(font, "mincho") == 0) return r->mincho;
    if (strcmp(font, "heading") == 0) return r->heading;
    if (strcmp(font, "latin") == 0) return r->latin;
    return font;
}

sm_style sm_style_named(sm_resolver *r, const char *name, sm_pos pos) {
    const builtin_style *base = NULL;
    for (size_t i = 0; i < sizeof builtin_styles / sizeof *builtin_styles; i++)
        if (strcmp(builtin_styles[i].name, name) == 0) base = &builtin_styles[i];
    const sm_value *themed = theme_entry(r, "styles", name);
    if (!base && !themed) {
        const char *candidates[64];
        size_t n = 0;
        for (size_t i = 0; i < sizeof builtin_styles / sizeof *builtin_styles; i++)
            candidates[n++] = builtin_styles[i].name;
        const sm_value *map = r->theme ? sm_object_get(r->theme, "styles") : NULL;
        if (map && map->field)
            for (size_t i = 0; i < map->as.list.count && n < 63; i++)
                candidates[n++] = map->as.list.keys[i];
        candidates[n] = NULL;
        const char *hint = sm_did_you_mean(name, candidates);
        sm_error(r->diags, pos, "unknown style '%s'%s%s%s", name, hint ? "; did you mean '" : "",
                 hint ? hint : "", hint ? "'?" : " (define it under styles: in the theme)");
    }
    if (!base) base = &builtin_styles[0];
    sm_style s = {.family = family_for(r, base->role),
                  .size = base->size * r->scale,
                  .bold = base->bold,
                  .color = sm_theme_color(r, base->color),
                  .line_height = base->line_height,
                  .align = base->align};
    /* Composition defaults: strict kinsoku, flush opening brackets at line starts, 和欧間,
     * and no lone last character. */
    s.line_break = SM_LINE_BREAK_STRICT;
    s.spacing_trim = SM_TRIM_START;
    s.autospace = true;
    s.pretty = true;
    s.phrase = base->phrase;
    s.latin_family = r->latin;
    s.quote_family = quote_family_for(s.family);
    if (themed) sm_style_apply(r, &s, themed->as.object);
    return s;
}

void sm_style_apply(sm_resolver *r, sm_style *style, const sm_object *obj) {
    const sm_value *v;
    if ((v = sm_object_get(obj, "font"))->field && v->given) {
        style->family = family_for(r, v->as.str);
        style->quote_family = quote_family_for(style->family);
    }
    if ((v = sm_object_get(obj, "size"))->field && v->given)
        /* em and % are relative to the inherited size */
        style->size = sm_length_to_pt(v->as.length, style->size, style->size);
    if ((v = sm_object_get(obj, "color"))->field && v->given) sm_resolve_color(r, v, &style->color);
    if ((v = sm_object_get(obj, "bold"))->field && v->given) style->bold = v->as.flag;
    if ((v = sm_object_get(obj, "line-height"))->field && v->given)
        style->line_height = v->as.number;
    if ((v = sm_object_get(obj, "align"))->field && v->given) style->align = (sm_align)v->as.choice;
    if ((v = sm_object_get(obj, "latin-font"))->field && v->given)
        style->latin_family = family_for(r, v->as.str);
    if ((v = sm_object_get(obj, "font-feature-settings"))->field && v->given)
        style->features = v->as.str;
    if ((v = sm_object_get(obj, "line-break"))->field && v->given)
        style->line_break = (sm_line_break)v->as.choice;
    if ((v = sm_object_get(obj, "text-spacing-trim"))->field && v->given)
        style->spacing_trim = (sm_spacing_trim)v->as.choice;
    if ((v = sm_object_get(obj, "hanging-punctuation"))->field && v->given)
        style->hanging = v->as.choice == 1;
    if ((v = sm_object_get(obj, "text-autospace"))->field && v->given)
        style->autospace = v->as.choice == 0;
    if ((v = sm_object_get(obj, "word-break"))->field && v->given)
        style->phrase = v->as.choice == 1;
    if ((v = sm_object_get(obj, "text-wrap-style"))->field && v->given)
        style->pretty = v->as.choice == 0;
    if ((v = sm_object_get(obj, "text-indent"))->field && v->given) style->indent = v->as.length;
    if ((v = sm_object_get(obj, "writing-mode"))->field && v->given)
        style->vertical = v->as.choice == 1;
    if ((v = sm_object_get(obj, "text-grid"))->field && v->given)
        style->text_grid = v->as.choice == 1;
}

void sm_theme_use(sm_resolver *r, const sm_object *theme) {
    r->theme = theme;
    if (!theme) return;
    const sm_value *fonts = sm_object_get(theme, "fonts");
    if (fonts->field) {
        r->gothic = sm_object_str(fonts->as.object, "gothic", r->gothic);
        r->mincho = sm_object_str(fonts->as.object, "mincho", r->mincho);
        r->heading = sm_object_str(fonts->as.object, "heading", r->heading);
        r->latin = sm_object_str(fonts->as.object, "latin", r->latin);
    }
}

/* ---- the reference `surimono styles` prints ---------------------------------------- */

static void describe_fields(FILE *out, const sm_schema_object *object, int depth) {
    int n = sm_schema_field_count(object);
    for (int i = 0; i < n; i++) {
        const sm_schema_field *f = sm_schema_field_at(object, i);
        fprintf(out, "%*s%-14s %s\n", depth * 2, "", f->key, f->doc ? f->doc : "");
        if (f->type == SM_TYPE_OBJECT && f->object) describe_fields(out, f->object, depth + 1);
    }
}

void sm_styles_describe(FILE *out) {
    static const char *const aligns[] = {"left", "center", "right", "justify"};
    fputs("Named styles (style: NAME on an element; a theme may redefine or add them; sizes are\n"
          "for A4, the content kinds grow them with the paper):\n",
          out);
    for (size_t i = 0; i < sizeof builtin_styles / sizeof *builtin_styles; i++) {
        const builtin_style *b = &builtin_styles[i];
        fprintf(out, "  %-12s %-7s %5.1fpt%s  colour %-6s line-height %.2f  %s%s\n", b->name,
                b->role, b->size, b->bold ? " bold" : "     ", b->color, b->line_height,
                aligns[b->align], b->phrase ? ", breaks between phrases" : "");
    }
    fputs("\nColours (color: NAME anywhere a colour goes; a theme may redefine or add them):\n",
          out);
    for (size_t i = 0; i < sizeof builtin_colors / sizeof *builtin_colors; i++)
        fprintf(out, "  %-12s %s\n", builtin_colors[i].name, builtin_colors[i].hex);
    fputs("\nFont roles (font: ROLE): gothic, mincho, heading (proportional gothic), latin.\n",
          out);
    fputs("\nA theme file (layouts/themes/NAME.yaml, theme: NAME) has these keys:\n", out);
    describe_fields(out, &sm_theme_schema, 1);
}
