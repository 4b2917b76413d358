/* running.c: what a document's pages carry besides the body — the running header (the
 * title), the page numbers (ノンブル) and the footer — set once the page count is known. */
#include "layout.h"

#include <math.h>

double sm_running_height(const sm_style *style) { return style->size * style->line_height; }

/* Small text at the page head or foot, across the text block. */
static void running_line(sm_layouter *l, const sm_flow_def *flow, const char *text,
                         const sm_style *style, double x0, double w, double y, bool above) {
    sm_span *span = sm_arena_alloc(l->arena, sizeof *span);
    span->text = text;
    sm_rich *rich = sm_arena_alloc(l->arena, sizeof *rich);
    *rich = (sm_rich){.spans = span, .count = 1, .plain = text, .pos = flow->body->pos};
    const sm_paragraph *para = sm_compose_once(l, rich, style, style->size, w);
    double h = para->height;
    sm_box *box = sm_page_add_box(l, SM_BOX_TEXT, flow->body->pos, x0, above ? y - h : y, w, h);
    box->as.text.paragraph = para;
    box->tag = NULL; /* an artifact: read once, not on every page */
}

void sm_running_finish(sm_layouter *l, const sm_resolved *res, sm_page *pages, size_t count,
                       double x0, double w, const sm_paragraph *footer) {
    const sm_flow_def *flow = res->flow;
    double m = res->margin;
    for (size_t i = 0; i < count; i++) {
        sm_page *page = &pages[i];
        l->page = page;
        bool cover = flow->cover && i == 0;
        /* The first page under a head shows the title large already. */
        if (flow->running_header && !cover && !(i == 0 && flow->head) && res->title)
            running_line(l, flow, res->title, &flow->header_style, x0, w, m, false);
        if (flow->numbers != SM_PAGE_NUMBERS_NONE && !cover) {
            const char *number = flow->numbers == SM_PAGE_NUMBERS_DASH
                                     ? sm_arena_printf(l->arena, "- %zu -", i + 1)
                                     : sm_arena_printf(l->arena, "%zu / %zu", i + 1, count);
            running_line(l, flow, number, &flow->number_style, x0, w, res->paper_height - m, true);
        }
        if (footer) {
            double above = flow->numbers != SM_PAGE_NUMBERS_NONE && !cover
                               ? sm_running_height(&flow->number_style) + 1 * SM_PT_PER_MM
                               : 0;
            sm_box *box =
                sm_page_add_box(l, SM_BOX_TEXT, res->footer.pos, x0,
                                res->paper_height - m - above - footer->height, w, footer->height);
            box->as.text.paragraph = footer;
        }
        /* A booklet's sheets are finished once imposed (layout.c). */
        if (!flow->booklet) sm_sheet_finish(l, page, res);
    }
}
