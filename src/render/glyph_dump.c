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
 * and later glyphs of one cluster). */
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

static void dump_paragraph(FILE *out, const sm_paragraph *p, double x, double y) {
    for (size_t r = 0; r < p->run_count; r++) {
        const sm_glyph_run *run = &p->runs[r];
        const PangoGlyphString *g = run->glyphs.glyphs;
        const PangoItem *item = run->glyphs.item;
        double pen = x + run->x, baseline = y + p->lines[run->line].baseline + run->dy;
        for (int i = 0; i < g->num_glyphs; i++) {
            const PangoGlyphGeometry *geo = &g->glyphs[i].geometry;
            fprintf(out, "  %d %.2f %.2f %.2f ", run->line + 1,
                    num(pen + geo->x_offset / (double)PANGO_SCALE),
                    num(baseline + geo->y_offset / (double)PANGO_SCALE),
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
            fputs("\"\n", out);
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
            dump_paragraph(out, box->as.text.paragraph, box->x, box->y);
        }
    }
    return true;
}
