/* box_dump.c: the laid-out pages as stable, diffable text, for the golden tests of layout.
 *
 * Format: one record a line, fields separated by one space. Lengths are points with two
 * decimals and never "-0.00"; colours are #rrggbbaa; strings are in double quotes with
 * \\ \" \n \t and \xNN (other control bytes) escaped, UTF-8 otherwise as is. Positions are
 * FILE:LINE:COL with the file's basename only, so goldens do not depend on the checkout.
 *
 *   page N WxH LABEL [scale S]             LABEL: question, answer, or - for none; S: an
 *                                          enlarged page's boxes are drawn × S
 *     rect X Y W H POS fill #… stroke #… width SW radius R [pointer SIDE at D] [hatch N]
 *     text X Y W H POS color #… font "DESC" lines N baselines Y1 Y2 … text "…"
 *     image X Y W H POS file "NAME" format png|jpeg|svg alt "…"
 *     line X Y W H POS color #… width W dashed yes|no
 *     marker X Y W H POS label "…" fill #… ink #… point PX PY
 *     qr X Y W H POS modules N hash FNV1A color #… alt "…"
 *     wedge X Y W H POS fill #… inner R start DEG sweep DEG [hatch N]
 *     polyline X Y W H POS color #… marker N [dashed] points X1 Y1 X2 Y2 …
 *
 * Box lines are indented by two spaces, in drawing order. For text, DESC is the font of
 * the first run as Pango describes it (the face actually chosen, after fallback), or the
 * layout's own description when there is no run; each baseline is the absolute page y
 * of one line, so a golden shows where every line sits. A marker's POINT is in page
 * coordinates, like X and Y. */
#include "../layout/box.h"
#include "../model/doc.h"

#include <locale.h>
#include <pango/pango.h>
#include <string.h>

/* Prints a length with two decimals; anything that would print as -0.00 prints 0.00. */
static void sm_put_num(FILE *out, double v) {
    if (v > -0.005 && v < 0.005) v = 0.0;
    fprintf(out, "%.2f", v);
}

static int sm_channel(double c) {
    if (!(c > 0)) return 0;
    if (c >= 1) return 255;
    return (int)(c * 255.0 + 0.5);
}

static void sm_put_color(FILE *out, sm_color c) {
    fprintf(out, "#%02x%02x%02x%02x", sm_channel(c.r), sm_channel(c.g), sm_channel(c.b),
            sm_channel(c.a));
}

static void sm_put_string(FILE *out, const char *s) {
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '\\': fputs("\\\\", out); break;
        case '"': fputs("\\\"", out); break;
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(out, "\\x%02x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

static const char *sm_basename(const char *path) {
    if (!path) return "-";
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static const char *sm_image_format_name(sm_image_format format) {
    switch (format) {
    case SM_IMAGE_PNG: return "png";
    case SM_IMAGE_JPEG: return "jpeg";
    case SM_IMAGE_SVG: return "svg";
    }
    return "?";
}

/* The font of the first run as Pango describes it (the face chosen, after fallback). */
static char *sm_paragraph_font_name(const sm_paragraph *p) {
    if (p->run_count == 0 || !p->runs[0].glyphs.item->analysis.font) return g_strdup("-");
    PangoFontDescription *desc = pango_font_describe(p->runs[0].glyphs.item->analysis.font);
    char *name = pango_font_description_to_string(desc);
    pango_font_description_free(desc);
    return name;
}

static void sm_dump_text(FILE *out, const sm_box *box) {
    const sm_paragraph *p = box->as.text.paragraph;
    fputs(" color ", out);
    sm_put_color(out, p ? p->color : (sm_color){0});
    if (!p) {
        fputs(" font \"-\" lines 0 baselines text \"\"", out);
        return;
    }
    char *font = sm_paragraph_font_name(p);
    fputs(" font ", out);
    sm_put_string(out, font);
    g_free(font);
    fprintf(out, " lines %zu baselines", p->line_count);
    for (size_t i = 0; i < p->line_count; i++) {
        fputc(' ', out);
        sm_put_num(out, box->y + p->lines[i].baseline);
    }
    fputs(" text ", out);
    sm_put_string(out, p->text);
}

static void sm_dump_box(FILE *out, const sm_box *box) {
    static const char *const kinds[] = {
        [SM_BOX_RECT] = "rect",   [SM_BOX_TEXT] = "text",         [SM_BOX_IMAGE] = "image",
        [SM_BOX_LINE] = "line",   [SM_BOX_MARKER] = "marker",     [SM_BOX_QR] = "qr",
        [SM_BOX_WEDGE] = "wedge", [SM_BOX_POLYLINE] = "polyline",
    };
    fprintf(out, "  %s",
            (unsigned)box->kind < sizeof kinds / sizeof *kinds ? kinds[box->kind] : "?");
    const double geometry[] = {box->x, box->y, box->w, box->h};
    for (size_t i = 0; i < 4; i++) {
        fputc(' ', out);
        sm_put_num(out, geometry[i]);
    }
    fprintf(out, " %s:%d:%d", sm_basename(box->pos.file), box->pos.line, box->pos.col);

    switch (box->kind) {
    case SM_BOX_RECT:
        fputs(" fill ", out);
        sm_put_color(out, box->as.rect.fill);
        fputs(" stroke ", out);
        sm_put_color(out, box->as.rect.stroke);
        fputs(" width ", out);
        sm_put_num(out, box->as.rect.stroke_width);
        fputs(" radius ", out);
        sm_put_num(out, box->as.rect.radius);
        if (box->as.rect.pointer) {
            static const char *const sides[] = {"", "left", "right", "top", "bottom"};
            fprintf(out, " pointer %s at ", sides[box->as.rect.pointer]);
            sm_put_num(out, box->as.rect.pointer_at);
        }
        if (box->as.rect.hatch) fprintf(out, " hatch %d", (int)box->as.rect.hatch);
        break;
    case SM_BOX_WEDGE:
        fputs(" fill ", out);
        sm_put_color(out, box->as.wedge.fill);
        fputs(" inner ", out);
        sm_put_num(out, box->as.wedge.inner);
        fputs(" start ", out);
        sm_put_num(out, box->as.wedge.start * 180 / G_PI);
        fputs(" sweep ", out);
        sm_put_num(out, box->as.wedge.sweep * 180 / G_PI);
        if (box->as.wedge.hatch) fprintf(out, " hatch %d", (int)box->as.wedge.hatch);
        break;
    case SM_BOX_POLYLINE:
        fputs(" color ", out);
        sm_put_color(out, box->as.polyline.color);
        fprintf(out, " marker %d%s points", box->as.polyline.marker,
                box->as.polyline.dashed ? " dashed" : "");
        for (size_t i = 0; i < 2 * box->as.polyline.count; i++) {
            fputc(' ', out);
            sm_put_num(out, box->as.polyline.points[i]);
        }
        break;
    case SM_BOX_TEXT: sm_dump_text(out, box); break;
    case SM_BOX_IMAGE: {
        const sm_image *image = box->as.image.image;
        fputs(" file ", out);
        sm_put_string(out, image ? sm_basename(image->path) : "-");
        fprintf(out, " format %s alt ", image ? sm_image_format_name(image->format) : "-");
        sm_put_string(out, box->as.image.alt);
        break;
    }
    case SM_BOX_LINE:
        fputs(" color ", out);
        sm_put_color(out, box->as.line.color);
        fputs(" width ", out);
        sm_put_num(out, box->as.line.width);
        fprintf(out, " dashed %s", box->as.line.dashed ? "yes" : "no");
        if (box->as.line.arrow) fputs(" arrow", out);
        break;
    case SM_BOX_MARKER:
        fputs(" label ", out);
        sm_put_string(out, box->as.marker.label ? box->as.marker.label->text : "");
        fputs(" fill ", out);
        sm_put_color(out, box->as.marker.fill);
        fputs(" ink ", out);
        sm_put_color(out, box->as.marker.ink);
        fputs(" point ", out);
        sm_put_num(out, box->as.marker.point_x);
        fputc(' ', out);
        sm_put_num(out, box->as.marker.point_y);
        break;
    case SM_BOX_QR: {
        /* The modules as a checksum (FNV-1a) keep the line short and still catch a change. */
        unsigned long hash = 2166136261u;
        int n = box->as.qr.count;
        for (int i = 0; i < n * n; i++)
            hash = ((hash ^ box->as.qr.modules[i]) * 16777619u) & 0xffffffffu;
        fprintf(out, " modules %d hash %08lx color ", n, hash);
        sm_put_color(out, box->as.qr.color);
        fputs(" alt ", out);
        sm_put_string(out, box->as.qr.alt);
        break;
    }
    }
    fputc('\n', out);
}

bool sm_doc_dump_boxes(sm_doc *doc, FILE *out) {
    if (!sm_doc_ok(doc) || !doc->pages) return false;
    /* "%.2f" follows LC_NUMERIC; a caller's setlocale must not turn 1.50 into 1,50. */
    locale_t c_numeric = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t previous = c_numeric ? uselocale(c_numeric) : (locale_t)0;

    const sm_pages *pages = doc->pages;
    for (size_t i = 0; i < pages->count; i++) {
        const sm_page *page = &pages->items[i];
        fprintf(out, "page %zu ", i + 1);
        sm_put_num(out, page->width);
        fputc('x', out);
        sm_put_num(out, page->height);
        fprintf(out, " %s", page->label ? page->label : "-");
        /* An enlarged page: its boxes are in the design's points, drawn × the scale. */
        if (page->scale > 0 && page->scale != 1) fprintf(out, " scale %.4f", page->scale);
        fputc('\n', out);
        for (size_t j = 0; j < page->count; j++) sm_dump_box(out, &page->boxes[j]);
    }

    if (c_numeric) {
        uselocale(previous);
        freelocale(c_numeric);
    }
    if (fflush(out) != 0 || ferror(out)) {
        sm_error(&doc->diags, ((sm_pos){"<output>", 0, 0}), "cannot write the box dump");
        return false;
    }
    return true;
}
