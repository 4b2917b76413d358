/* glyph_dump.c: every glyph the composer placed, as stable text — the golden format of the
 * Japanese line composer's tests.
 *
 * Format: for each page `page N`, for each paragraph `paragraph FILE:LINE:COL`, then one
 * glyph a line:
 *
 *   LINE X Y ADVANCE FONT GID "TEXT"
 *
 * LINE counts the paragraph's lines from 1; X and Y are the glyph origin on the page and
 * ADVANCE its advance as set (points, two decimals); FONT is the font file's basename and
 * face index; GID the glyph id; TEXT the characters of its cluster (empty for the second
 * and later glyphs of one cluster). In vertical text the origin is on the column's centre
 * line and the advance runs down the page; a tate-chu-yoko number is marked "upright". */
#include "../layout/box.h"
#include "../model/doc.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-font.h>
#include <string.h>

static double num(double v) { return v > -0.005 && v < 0.005 ? 0.0 : v; }

static void put_font(FILE *out, PangoFont *font) {
    FcChar8 *file = NULL;
    int index = 0;
    if (PANGO_IS_FC_FONT(font)) {
        FcPattern *pattern = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
        FcPatternGetString(pattern, FC_FILE, 0, &file);
        FcPatternGetInteger(pattern, FC_INDEX, 0, &index);
    }
    const char *name = file ? strrchr((const char *)file, '/') : NULL;
    fprintf(out, "%s:%d", name ? name + 1 : file ? (const char *)file : "-", index);
}

static void dump_paragraph(FILE *out, const sm_paragraph *p, const sm_box *box) {
    for (size_t r = 0; r < p->run_count; r++) {
        const sm_glyph_run *run = &p->runs[r];
        const PangoGlyphString *g = run->glyphs.glyphs;
        const PangoItem *item = run->glyphs.item;
        double pen = run->x, baseline = p->lines[run->line].baseline + run->dy;
        /* A tate-chu-yoko run is set horizontally around its centre, narrowed by scale. */
        double width = pango_glyph_string_get_width((PangoGlyphString *)g) / (double)PANGO_SCALE;
        double centre_x = box->x + box->w - baseline, centre_y = box->y + run->x;
        double upright_pen = centre_x - width * run->scale / 2;
        for (int i = 0; i < g->num_glyphs; i++) {
            const PangoGlyphGeometry *geo = &g->glyphs[i].geometry;
            /* The composer's frame: along the line, across it. Vertical text turns it. */
            double along = pen + geo->x_offset / (double)PANGO_SCALE;
            double across = baseline + geo->y_offset / (double)PANGO_SCALE;
            double page_x = p->vertical ? box->x + box->w - across : box->x + along;
            double page_y = p->vertical ? box->y + along : box->y + across;
            if (run->upright) {
                page_x = upright_pen + geo->x_offset * run->scale / (double)PANGO_SCALE;
                page_y = centre_y + (SM_EM_BOX_ASCENT - 0.5) * p->size;
                upright_pen += geo->width * run->scale / (double)PANGO_SCALE;
            }
            fprintf(out, "  %d %.2f %.2f %.2f ", run->line + 1, num(page_x), num(page_y),
                    num(geo->width / (double)PANGO_SCALE));
            put_font(out, item->analysis.font);
            fprintf(out, " %u \"", g->glyphs[i].glyph);
            bool starts = i == 0 || g->log_clusters[i] != g->log_clusters[i - 1];
            if (starts) {
                int end = item->length;
                for (int k = i + 1; k < g->num_glyphs; k++)
                    if (g->log_clusters[k] != g->log_clusters[i]) {
                        end = g->log_clusters[k];
                        break;
                    }
                const char *text = run->text + item->offset + g->log_clusters[i];
                for (int k = 0; k < end - g->log_clusters[i]; k++)
                    fputs(text[k] == '"' ? "\\\"" : text[k] == '\n' ? "\\n" : (char[]){text[k], 0}, out);
            }
            fputs(run->upright ? "\" upright\n" : "\"\n", out);
            pen += geo->width / (double)PANGO_SCALE;
        }
    }
}

bool sm_doc_dump_glyphs(sm_doc *doc, FILE *out) {
    if (!sm_doc_ok(doc) || !doc->pages) return false;
    for (size_t i = 0; i < doc->pages->count; i++) {
        const sm_page *page = &doc->pages->items[i];
        fprintf(out, "page %zu\n", i + 1);
        for (size_t b = 0; b < page->count; b++) {
            const sm_box *box = &page->boxes[b];
            if (box->kind != SM_BOX_TEXT || !box->as.text.paragraph) continue;
            const char *file = box->pos.file ? strrchr(box->pos.file, '/') : NULL;
            fprintf(out, "paragraph %s:%d:%d\n", file ? file + 1 : box->pos.file ? box->pos.file : "-",
                    box->pos.line, box->pos.col);
            dump_paragraph(out, box->as.text.paragraph, box);
        }
    }
    return true;
}
