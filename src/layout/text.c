/* text.c: paragraphs as Pango layouts — spans to attributes, exact line pitch, shrink-to-fit. */
#include "layout.h"

#include <math.h>
#include <string.h>

static guint16 channel(double v) { return (guint16)lround(v * 65535.0); }

PangoLayout *sm_text_layout(sm_layouter *l, const sm_rich *text, const sm_style *style, double size,
                            double width) {
    PangoLayout *layout = pango_layout_new(l->fonts->context);
    sm_arena_defer(l->arena, g_object_unref, layout);

    PangoAttrList *attrs = pango_attr_list_new();
    GString *all = g_string_new(NULL);
    for (size_t i = 0; i < text->count; i++) {
        const sm_span *span = &text->spans[i];
        guint start = (guint)all->len;
        g_string_append(all, span->text);
        guint end = (guint)all->len;
        if (span->bold && !style->bold) {
            PangoAttribute *a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
            a->start_index = start, a->end_index = end;
            pango_attr_list_insert(attrs, a);
        }
        if (span->has_color) {
            PangoAttribute *a = pango_attr_foreground_new(
                channel(span->color.r), channel(span->color.g), channel(span->color.b));
            a->start_index = start, a->end_index = end;
            pango_attr_list_insert(attrs, a);
        }
    }
    /* An exact line pitch (size × line-height) whatever the fonts' own ascent/descent:
     * BIZ UD and Noto CJK disagree by 40 %, and a typesetter sets the pitch, not the font. */
    pango_attr_list_insert(attrs, pango_attr_line_height_new_absolute(
                                      (int)lround(size * style->line_height * PANGO_SCALE)));
    pango_layout_set_text(layout, all->str, (int)all->len);
    g_string_free(all, TRUE);
    pango_layout_set_attributes(layout, attrs);
    pango_attr_list_unref(attrs);

    PangoFontDescription *font = pango_font_description_new();
    pango_font_description_set_family(font, style->family);
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_font_description_set_weight(font, style->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);

    if (width > 0) {
        pango_layout_set_width(layout, (int)floor(width * PANGO_SCALE));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    }
    static const PangoAlignment alignments[] = {PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER,
                                                PANGO_ALIGN_RIGHT};
    pango_layout_set_alignment(layout, alignments[style->align]);
    return layout;
}

double sm_text_height(PangoLayout *layout) {
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    return logical.height / (double)PANGO_SCALE;
}

double sm_text_width(PangoLayout *layout) {
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    return logical.width / (double)PANGO_SCALE;
}

double sm_heading_size(sm_layouter *l, const sm_elem *e, double width) {
    double size = e->style.size;
    if (!e->shrink || width <= 0) return size;
    /* Text width grows linearly with the size: measure once unwrapped, scale to fit. */
    PangoLayout *natural = sm_text_layout(l, &e->text, &e->style, size, -1);
    int explicit_lines = pango_layout_get_line_count(natural);
    if (explicit_lines >= e->max_lines) {
        double w = sm_text_width(natural);
        if (w > width) size *= (width / w) * 0.999;
    } else {
        /* More lines allowed than written: shrink in small steps until wrapping fits. */
        while (size > e->min_size) {
            PangoLayout *wrapped = sm_text_layout(l, &e->text, &e->style, size, width);
            if (pango_layout_get_line_count(wrapped) <= e->max_lines) break;
            size *= 0.96;
        }
    }
    if (size < e->min_size) {
        sm_warning(l->diags, e->pos,
                   "heading does not fit its width even at min-size %.1fpt; it wraps", e->min_size);
        size = e->min_size;
    }
    return size;
}

const char *sm_numbering_label(sm_arena *arena, sm_numbering numbering, int number) {
    switch (numbering) {
    case SM_NUMBERING_CIRCLED:
        if (number >= 1 && number <= 20) {
            /* ① is U+2460; ⑳ is U+2473. */
            unsigned cp = 0x2460u + (unsigned)(number - 1);
            char s[4] = {(char)(0xe0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3f)),
                         (char)(0x80 | (cp & 0x3f)), 0};
            return sm_arena_strdup(arena, s);
        }
        return sm_arena_printf(arena, "(%d)", number);
    case SM_NUMBERING_DECIMAL: return sm_arena_printf(arena, "%d.", number);
    case SM_NUMBERING_BULLET: return "・";
    case SM_NUMBERING_NONE: break;
    }
    return "";
}
