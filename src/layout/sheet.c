/* sheet.c: print production at layout time — the sheet around the trim (bleed, the trim
 * marks' slug), backgrounds extended into the bleed, the safe area, and grey contrast. */
#include "layout.h"

#include <math.h>

/* The distances (bleed, slug, safe areas) are the print vocabulary's: base/print.h. */
/* Contrast text needs against its background (WCAG 2: 4.5:1; large text 3:1). */
#define SM_CONTRAST_TEXT  4.5
#define SM_CONTRAST_LARGE 3.0
/* A box edge this close to the trim edge touches it. */
#define SM_TOUCH_PT 0.5

void sm_sheet_setup(sm_page *page, const sm_resolved *res) {
    double offset = sm_profile_sheet_mm(res->profile) * SM_PT_PER_MM;
    page->trim_x = page->trim_y = offset;
    page->scale = res->enlarge > 0 ? res->enlarge : 1;
    page->trim_w = page->scale != 1 ? res->trim_width : res->paper_width;
    page->trim_h = page->scale != 1 ? res->trim_height : res->paper_height;
    page->width = page->trim_w + 2 * offset;
    page->height = page->trim_h + 2 * offset;
    page->bleed = sm_profile_bleed_mm(res->profile) * SM_PT_PER_MM;
}

/* Backgrounds and pictures that touch the trim edge continue into the bleed, so a cut a
 * little off never shows a white hairline. */
static void extend_into_bleed(sm_page *page) {
    /* Boxes are in the design's points: the bleed and the trim in those too. */
    double b = page->bleed / page->scale;
    double trim_w = page->trim_w / page->scale, trim_h = page->trim_h / page->scale;
    for (size_t i = 0; i < page->count; i++) {
        sm_box *box = &page->boxes[i];
        if (box->kind != SM_BOX_RECT && box->kind != SM_BOX_IMAGE) continue;
        if (box->x <= SM_TOUCH_PT) box->x -= b, box->w += b;
        if (box->y <= SM_TOUCH_PT) box->y -= b, box->h += b;
        if (box->x + box->w >= trim_w - SM_TOUCH_PT) box->w += b;
        if (box->y + box->h >= trim_h - SM_TOUCH_PT) box->h += b;
    }
}

/* The rectangle a box's visible content takes: a paragraph's set lines, not its slot. */
static void content_rect(const sm_box *box, double *x0, double *y0, double *x1, double *y1) {
    *x0 = box->x, *y0 = box->y, *x1 = box->x + box->w, *y1 = box->y + box->h;
    if (box->kind != SM_BOX_TEXT || !box->as.text.paragraph || box->as.text.paragraph->vertical)
        return;
    const sm_paragraph *p = box->as.text.paragraph;
    double left = INFINITY, right = -INFINITY;
    for (size_t i = 0; i < p->line_count; i++) {
        left = fmin(left, p->lines[i].left);
        right = fmax(right, p->lines[i].left + p->lines[i].width);
    }
    if (p->line_count) *x0 = box->x + left, *x1 = box->x + right;
}

static void check_safe_area(sm_layouter *l, const sm_page *page, sm_profile profile) {
    double safe = sm_profile_safe_mm(profile) * SM_PT_PER_MM;
    for (size_t i = 0; i < page->count; i++) {
        const sm_box *box = &page->boxes[i];
        if (box->kind != SM_BOX_TEXT &&
            !(box->kind == SM_BOX_IMAGE && profile == SM_PROFILE_OFFICE))
            continue;
        double x0, y0, x1, y1;
        content_rect(box, &x0, &y0, &x1, &y1);
        double trim_w = page->trim_w / page->scale, trim_h = page->trim_h / page->scale;
        double nearest =
            fmin(fmin(x0, y0), fmin(trim_w - x1, trim_h - y1)) * page->scale; /* as printed */
        if (nearest >= safe - 0.01) continue;
        if (profile == SM_PROFILE_OFFICE)
            sm_error(l->diags, box->pos,
                     "%s is %.1f mm from the paper edge; office printers need %.0f mm",
                     box->kind == SM_BOX_TEXT ? "text" : "an image",
                     fmax(0, nearest) / SM_PT_PER_MM, SM_OFFICE_SAFE_MM);
        else
            sm_error(l->diags, box->pos,
                     "text is %.1f mm from the trim; a print shop needs at least %.0f mm "
                     "(the cut may wander)",
                     fmax(0, nearest) / SM_PT_PER_MM, SM_SHOP_SAFE_MM);
    }
}

/* sRGB relative luminance (WCAG 2). */
static double luminance(sm_color c) {
    double v[3] = {c.r, c.g, c.b};
    for (int i = 0; i < 3; i++)
        v[i] = v[i] <= 0.03928 ? v[i] / 12.92 : pow((v[i] + 0.055) / 1.055, 2.4);
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

double sm_contrast(sm_color a, sm_color b) {
    double la = luminance(a), lb = luminance(b);
    return (fmax(la, lb) + 0.05) / (fmin(la, lb) + 0.05);
}

sm_color sm_gray_of(sm_color c) {
    /* The grey with the same luminance: contrast survives the conversion exactly. */
    double y = luminance(c);
    double v = y <= 0.0031308 ? 12.92 * y : 1.055 * pow(y, 1 / 2.4) - 0.055;
    return (sm_color){v, v, v, c.a};
}

/* Whether a point lies on a slice of a pie or donut (angles clockwise from 12 o'clock). */
static bool on_wedge(const sm_box *w, double x, double y) {
    double r = w->w / 2, dx = x - (w->x + r), dy = y - (w->y + r), d = hypot(dx, dy);
    if (d > r || d < w->as.wedge.inner) return false;
    double angle = atan2(dx, -dy);
    if (angle < 0) angle += 2 * G_PI;
    double from = fmod(w->as.wedge.start, 2 * G_PI);
    double along = fmod(angle - from + 4 * G_PI, 2 * G_PI);
    return along <= w->as.wedge.sweep;
}

/* The background under a box: the last filled rectangle drawn before it that contains
 * it (or slice its centre is on), or the paper. */
static sm_color background_of(const sm_page *page, size_t index) {
    const sm_box *box = &page->boxes[index];
    for (size_t i = index; i-- > 0;) {
        const sm_box *b = &page->boxes[i];
        if (b->kind == SM_BOX_WEDGE && b->as.wedge.fill.a > 0 &&
            on_wedge(b, box->x + box->w / 2, box->y + box->h / 2))
            return b->as.wedge.fill;
        if (b->kind != SM_BOX_RECT || !(b->as.rect.fill.a > 0)) continue;
        if (b->x <= box->x + 0.01 && b->y <= box->y + 0.01 &&
            b->x + b->w >= box->x + box->w - 0.01 && b->y + b->h >= box->y + box->h - 0.01)
            return b->as.rect.fill;
    }
    return (sm_color){1, 1, 1, 1};
}

/* In grey, colours that differ only in hue collapse: every text must still stand out
 * from what is behind it (checked on the greys actually printed). */
static void check_gray_contrast(sm_layouter *l, const sm_page *page) {
    for (size_t i = 0; i < page->count; i++) {
        const sm_box *box = &page->boxes[i];
        if (box->kind != SM_BOX_TEXT || !box->as.text.paragraph) continue;
        const sm_paragraph *p = box->as.text.paragraph;
        sm_color back = sm_gray_of(background_of(page, i));
        bool large = p->size >= 18;
        for (size_t r = 0; r < p->run_count; r++) {
            double ratio = sm_contrast(sm_gray_of(p->runs[r].color), back);
            double need = large ? SM_CONTRAST_LARGE : SM_CONTRAST_TEXT;
            if (ratio >= need) continue;
            sm_error(l->diags, box->pos,
                     "in grey this text stands out too little from its background (contrast "
                     "%.1f:1, needs %.1f:1): darken the text or lighten the background",
                     ratio, need);
            break;
        }
    }
}

void sm_sheet_finish(sm_layouter *l, sm_page *page, const sm_resolved *res) {
    if (res->profile != SM_PROFILE_OFFICE) extend_into_bleed(page);
    check_safe_area(l, page, res->profile);
    if (res->gray) check_gray_contrast(l, page);
}
