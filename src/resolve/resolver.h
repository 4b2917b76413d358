/* resolver.h: what the resolve stage's files share while turning the model into elements. */
#ifndef SM_RESOLVER_H
#define SM_RESOLVER_H

#include "resolved.h"

typedef struct sm_resolver {
    sm_doc *doc;
    sm_arena *arena;
    sm_diags *diags;
    const sm_object *theme; /* the document's theme (doc->theme); NULL without one */
    double scale;           /* font scale: kinds grow their type with the paper */
    const char *gothic, *mincho, *heading, *latin; /* families of the font roles */
    size_t element_count;                          /* made so far, against SM_MAX_ELEMENTS */
    /* Where the element being resolved stands: directly in a list that flows onto pages (a
     * document's body or a section: page breaks mean something there), and in a section
     * (sections do not nest). */
    bool in_flow, in_section;
} sm_resolver;

/* Kinds are designed on A4's text width; bigger paper scales their type and spacing. */
#define SM_DESIGN_WIDTH_MM (210.0 - 2 * 15.0)

/* chart.c: a chart element's data checked, its marks styled, its alt text made */
void sm_resolve_chart(sm_resolver *r, sm_elem *e, const sm_object *obj);

/* style.c: named styles (built-in, then the theme), the cascade, colours, fonts */
sm_style sm_style_named(sm_resolver *r, const char *name, sm_pos pos);
/* Applies the style fields given in obj (font, size, color, bold, line-height, align). */
void sm_style_apply(sm_resolver *r, sm_style *style, const sm_object *obj);
/* Resolves a colour value: literal, theme colour, or a built-in role colour. */
bool sm_resolve_color(sm_resolver *r, const sm_value *value, sm_color *out);
/* A colour by role name (accent, ink, …) from the theme or the built-in palette. */
sm_color sm_theme_color(sm_resolver *r, const char *name);
/* Takes the theme the load stage read (NULL: none): its colours, styles and font roles. */
void sm_theme_use(sm_resolver *r, const sm_object *theme);
/* The built-in palette's colours (as the theme may have redefined them) with default
 * inks; returns how many were written to out. */
size_t sm_builtin_inks(sm_resolver *r, sm_ink *out, size_t max);

/* vars.c: declared variables — their values in this run, checked against the declarations */
/* The value of variable name (len bytes): given (--set, data, form) first, then its
 * default ("" when it has none); NULL when it is neither declared nor given. */
const char *sm_resolve_variable(const sm_doc *doc, const char *name, size_t len);
/* The names given and declared, for "did you mean" (at most max). */
size_t sm_resolve_variable_names(const sm_doc *doc, const char **out, size_t max);
/* Checks each declared variable's value: given when required, within max-length, of its
 * type; an error at the declaration for each that is not. */
bool sm_resolve_check_vars(sm_resolver *r);

/* markup.c: {variables} and inline markup → a paragraph */
bool sm_markup_parse(sm_resolver *r, const sm_value *value, sm_rich *out);
/* Parses a literal string (no variables), e.g. text made by a content kind. */
sm_rich sm_markup_literal(sm_resolver *r, const char *text, sm_pos pos);
/* Joins a text's lines for one-line use (PDF title): no space between Japanese lines. */
const char *sm_text_join_lines(sm_arena *arena, const char *text);

/* assets.c: a path relative to the project root → absolute path, or NULL with an error */
const char *sm_resolve_asset(sm_resolver *r, const sm_value *value);

/* elements.c: a validated element object → an element, inheriting parent's style */
sm_elem *sm_resolve_element(sm_resolver *r, const sm_object *obj, const sm_style *parent);
/* Builders for content kinds. */
sm_elem *sm_elem_new(sm_resolver *r, sm_elem_type type, sm_pos pos, sm_style style);
void sm_elem_add(sm_resolver *r, sm_elem *parent, sm_elem *child);
sm_elem *sm_elem_text(sm_resolver *r, sm_elem_type type, const sm_value *text, sm_style style);
sm_elem *sm_elem_text_literal(sm_resolver *r, sm_elem_type type, const char *text, sm_pos pos,
                              sm_style style);
sm_elem *sm_elem_image(sm_resolver *r, const sm_value *path, const char *alt, sm_pos pos);

/* kind_*.c: content kinds expanded into pages of elements */
/* A stack of the elements a list value holds (a page's or a document's body), in `style`,
 * `gap` apart. */
sm_elem *sm_resolve_stack(sm_resolver *r, const sm_value *list, sm_style style, double gap);
bool sm_kind_page(sm_resolver *r, const sm_object *def);
bool sm_kind_document(sm_resolver *r, const sm_object *def);
/* glossary.c: a glossary element as a stack of row headings, terms and explanations. */
sm_elem *sm_resolve_glossary(sm_resolver *r, const sm_object *obj, sm_style style);
bool sm_kind_poster(sm_resolver *r, const sm_object *def);
bool sm_kind_checksheet(sm_resolver *r, const sm_object *def);
/* Appends a page to the resolved document. */
sm_page_def *sm_resolved_add_page(sm_resolver *r, const char *label, sm_elem *body);

#endif
