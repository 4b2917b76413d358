/* floor.c: the render yardstick — a bare pango+cairo program that writes the given text onto
 * one page of a PDF: fonts found through the same fonts.conf, each line shaped, laid out and
 * embedded as subsets. No YAML, no layout rules, no post-pass: what any program that prints
 * this text costs. surimono's render of the same poster is held to at most 1.5× its time.
 * Usage: floor TEXT-FILE OUT.pdf WIDTH-PT HEIGHT-PT */
#include <pango/pangocairo.h>
#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc != 5) {
        fputs("usage: floor TEXT-FILE OUT.pdf WIDTH-PT HEIGHT-PT\n", stderr);
        return 2;
    }
    gchar *text = NULL;
    if (!g_file_get_contents(argv[1], &text, NULL, NULL)) return 1;
    double width = atof(argv[3]), height = atof(argv[4]), margin = 36;
    cairo_surface_t *surface = cairo_pdf_surface_create(argv[2], width, height);
    cairo_t *cr = cairo_create(surface);
    PangoLayout *layout = pango_cairo_create_layout(cr);
    /* The poster's three weights of text: titles bold and large, body regular. */
    PangoFontDescription *body = pango_font_description_from_string("BIZ UDPGothic 14");
    PangoFontDescription *title = pango_font_description_from_string("BIZ UDPGothic Bold 40");
    pango_layout_set_width(layout, (int)((width - 2 * margin) * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    double y = margin;
    int line = 0;
    for (char *p = text, *next; p && *p; p = next) {
        next = strchr(p, '\n');
        if (next) *next++ = '\0';
        if (!*p) continue;
        pango_layout_set_font_description(layout, line++ < 2 ? title : body);
        pango_layout_set_text(layout, p, -1);
        int h;
        pango_layout_get_size(layout, NULL, &h);
        if (y + h / (double)PANGO_SCALE > height - margin) y = margin; /* overprint: a yardstick */
        cairo_move_to(cr, margin, y);
        pango_cairo_show_layout(cr, layout);
        y += h / (double)PANGO_SCALE;
    }
    pango_font_description_free(body);
    pango_font_description_free(title);
    g_object_unref(layout);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    int rc = cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS ? 0 : 1;
    cairo_surface_destroy(surface);
    g_free(text);
    return rc;
}
