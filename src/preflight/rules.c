/* rules.c: the preflight's judgements — the profile, the thresholds of print production, and
 * the wording of each finding. */
#include "preflight.h"

#include "../base/units.h"

#include <math.h>
#include <string.h>
#include <strings.h>

/* Thresholds, from the print production facts of DESIGN.md. */
#define SHOP_SAFE_MM       3.0 /* content inside the trim */
#define OFFICE_SAFE_MM     5.0 /* office printers cannot print the outermost millimetres */
#define BLEED_MM           3.0 /* 塗り足し */
#define PPI_GOOD           300.0
#define PPI_LEAST          150.0
#define PAPER_TOLERANCE_MM 0.5
#define BOX_TOLERANCE_PT   0.01 /* rounding in the writer's numbers */

void sm_pf_add(sm_arena *arena, sm_pf_findings *findings, sm_severity severity, const char *check,
               const char *fmt, ...) {
    if (findings->count == findings->capacity) {
        size_t grown = findings->capacity ? findings->capacity * 2 : 8;
        findings->items =
            sm_arena_grow(arena, findings->items, findings->count, grown, sizeof *findings->items);
        findings->capacity = grown;
    }
    va_list ap;
    va_start(ap, fmt);
    char *message = sm_arena_vprintf(arena, fmt, ap);
    va_end(ap);
    findings->items[findings->count++] = (sm_pf_finding){severity, check, message};
}

static double mm(double pt) { return pt / SM_PT_PER_MM; }

static const struct {
    const char *paper, *portrait, *landscape;
} papers[] = {
    {"A3", "A3 portrait", "A3 landscape"}, {"A4", "A4 portrait", "A4 landscape"},
    {"A5", "A5 portrait", "A5 landscape"}, {"B4", "B4 portrait", "B4 landscape"},
    {"B5", "B5 portrait", "B5 landscape"},
};

const char *sm_pf_paper_name(double width_mm, double height_mm) {
    for (size_t i = 0; i < sizeof papers / sizeof *papers; i++) {
        const sm_paper *p = sm_paper_find(papers[i].paper);
        if (!p) continue;
        if (fabs(width_mm - p->width_mm) <= PAPER_TOLERANCE_MM &&
            fabs(height_mm - p->height_mm) <= PAPER_TOLERANCE_MM)
            return papers[i].portrait;
        if (fabs(width_mm - p->height_mm) <= PAPER_TOLERANCE_MM &&
            fabs(height_mm - p->width_mm) <= PAPER_TOLERANCE_MM)
            return papers[i].landscape;
    }
    return NULL;
}

/* A MediaBox that is a paper plus an even bleed of 1 to 6 mm on every side: a page made for
 * a print shop, trimmed or not. Returns the paper, the bleed in *bleed_mm. */
static const char *paper_with_bleed(const sm_pf_box *media, double *bleed_mm) {
    double w = mm(media->x1 - media->x0), h = mm(media->y1 - media->y0);
    for (double bleed = 1; bleed <= 6; bleed += 0.5) {
        const char *paper = sm_pf_paper_name(w - 2 * bleed, h - 2 * bleed);
        if (paper) {
            *bleed_mm = bleed;
            return paper;
        }
    }
    return NULL;
}

const char *sm_pf_profile_name(sm_pf_profile profile) {
    return profile == SM_PF_SHOP_TOMBO ? "shop-tombo" : profile == SM_PF_SHOP ? "shop" : "office";
}

static bool box_inside(const sm_pf_box *inner, const sm_pf_box *outer) {
    return inner->x0 >= outer->x0 - BOX_TOLERANCE_PT && inner->y0 >= outer->y0 - BOX_TOLERANCE_PT &&
           inner->x1 <= outer->x1 + BOX_TOLERANCE_PT && inner->y1 <= outer->y1 + BOX_TOLERANCE_PT;
}

/* The trim is smaller than the sheet: somebody cuts this page. */
static bool trimmed(const sm_pf_page *page) {
    if (!page->trim.present || !page->media.present) return false;
    return page->trim.x0 - page->media.x0 > 0.1 || page->trim.y0 - page->media.y0 > 0.1 ||
           page->media.x1 - page->trim.x1 > 0.1 || page->media.y1 - page->trim.y1 > 0.1;
}

void sm_pf_rules_profile(sm_arena *arena, sm_pf_file *file) {
    const char *declared = file->doc.sm_profile;
    if (declared) {
        static const sm_pf_profile profiles[] = {SM_PF_OFFICE, SM_PF_SHOP, SM_PF_SHOP_TOMBO};
        for (size_t i = 0; i < 3; i++) {
            if (strcmp(declared, sm_pf_profile_name(profiles[i])) == 0) {
                file->profile = profiles[i];
                file->profile_source = "SMProfile";
                return;
            }
        }
        sm_pf_add(arena, &file->findings, SM_SEVERITY_WARNING, "profile",
                  "unknown /SMProfile '%s' (office, shop or shop-tombo); the profile is inferred",
                  declared);
    }
    for (int i = 0; i < file->page_count; i++) {
        const sm_pf_page *page = &file->pages[i];
        double bleed;
        const char *paper;
        if (trimmed(page)) {
            file->profile = SM_PF_SHOP;
            file->profile_source = sm_arena_printf(
                arena, "inferred: page %d has a TrimBox inside its MediaBox", page->number);
            return;
        }
        if (!page->trim.present && page->media.present &&
            (paper = paper_with_bleed(&page->media, &bleed))) {
            file->profile = SM_PF_SHOP;
            file->profile_source = sm_arena_printf(
                arena, "inferred: page %d is %s with %.1f mm bleed", page->number, paper, bleed);
            return;
        }
    }
    file->profile = SM_PF_OFFICE;
    file->profile_source = "inferred: no TrimBox inside a MediaBox";
}

/* The box text must keep clear of: the trim in shop profiles, else the visible page. */
static sm_pf_box reference_box(const sm_pf_file *file, const sm_pf_page *page) {
    if (file->profile != SM_PF_OFFICE && page->trim.present) return page->trim;
    sm_pf_box box = page->media;
    if (box.present && page->crop.present) {
        box.x0 = fmax(box.x0, page->crop.x0);
        box.y0 = fmax(box.y0, page->crop.y0);
        box.x1 = fmin(box.x1, page->crop.x1);
        box.y1 = fmin(box.y1, page->crop.y1);
    }
    return box;
}

sm_pf_safe_area sm_pf_rules_safe_area(const sm_pf_file *file, const sm_pf_page *page) {
    double inset = file->profile == SM_PF_OFFICE ? OFFICE_SAFE_MM : SHOP_SAFE_MM;
    return (sm_pf_safe_area){reference_box(file, page), inset * SM_PT_PER_MM};
}

static void geometry_rules(sm_arena *arena, const sm_pf_file *file, sm_pf_page *page) {
    sm_pf_findings *out = &page->findings;
    const sm_pf_box *media = &page->media, *trim = &page->trim;
    if (!media->present) {
        sm_pf_add(arena, out, SM_SEVERITY_ERROR, "page-geometry", "no valid MediaBox");
        return;
    }
    if (trim->present && !box_inside(trim, media))
        sm_pf_add(arena, out, SM_SEVERITY_ERROR, "page-geometry",
                  "the TrimBox reaches beyond the MediaBox");
    if (trim->present && page->bleed.present && !box_inside(trim, &page->bleed))
        sm_pf_add(arena, out, SM_SEVERITY_WARNING, "page-geometry",
                  "the BleedBox does not contain the TrimBox");
    if (file->profile == SM_PF_OFFICE) return;
    if (!trim->present) {
        sm_pf_add(arena, out, SM_SEVERITY_ERROR, "trim-box",
                  "no TrimBox: a print-shop PDF must say where the sheet is cut (MediaBox "
                  "%.1f x %.1f mm)",
                  mm(media->x1 - media->x0), mm(media->y1 - media->y0));
        return;
    }
    /* The bleed is what is printed beyond the trim: the BleedBox, clipped to the sheet. */
    sm_pf_box bleed = page->bleed.present ? page->bleed : *media;
    double least =
        fmin(fmin(fmin(bleed.x1, media->x1) - trim->x1, trim->x0 - fmax(bleed.x0, media->x0)),
             fmin(fmin(bleed.y1, media->y1) - trim->y1, trim->y0 - fmax(bleed.y0, media->y0)));
    if (mm(least) < BLEED_MM - 0.05)
        sm_pf_add(arena, out, SM_SEVERITY_WARNING, "bleed",
                  "bleed of %.1f mm beyond the trim (print shops want %.0f mm)", fmax(mm(least), 0),
                  BLEED_MM);
    if (file->profile == SM_PF_SHOP_TOMBO && page->ops.registration == 0)
        sm_pf_add(arena, out, SM_SEVERITY_WARNING, "trim-marks",
                  "no trim marks: nothing is drawn in the registration colour (Separation /All)");
}

static void image_rules(sm_arena *arena, sm_pf_page *page) {
    for (size_t i = 0; i < page->image_count; i++) {
        const sm_pf_image *im = &page->images[i];
        if (im->ppi <= 0 || im->ppi >= PPI_GOOD) continue;
        bool bad = im->ppi < PPI_LEAST;
        sm_pf_add(arena, &page->findings, bad ? SM_SEVERITY_ERROR : SM_SEVERITY_WARNING,
                  "image-resolution",
                  "image %s (%ld x %ld px) is %.1f ppi at its placed size %.1f x %.1f mm "
                  "(%s %.0f ppi)",
                  im->resource, im->width, im->height, im->ppi, mm(im->placed_w), mm(im->placed_h),
                  bad ? "at least" : "print wants", bad ? PPI_LEAST : PPI_GOOD);
    }
    double worst = page->omitted_min_ppi;
    if (worst > 0 && worst < PPI_GOOD)
        sm_pf_add(
            arena, &page->findings, worst < PPI_LEAST ? SM_SEVERITY_ERROR : SM_SEVERITY_WARNING,
            "image-resolution",
            "%zu more image drawings, the lowest at %.1f ppi (at least %.0f; print wants %.0f)",
            page->images_omitted, worst, PPI_LEAST, PPI_GOOD);
}

static void text_rules(sm_arena *arena, const sm_pf_file *file, sm_pf_page *page) {
    const sm_pf_text_stats *t = &page->text;
    sm_pf_safe_area safe = sm_pf_rules_safe_area(file, page);
    const sm_pf_box *r = &safe.reference;
    const char *what = file->profile != SM_PF_OFFICE && page->trim.present ? "trim" : "page";
    if (t->unsafe) {
        /* Positions for people: millimetres from the top-left corner, as on paper. */
        double inset = mm(t->unsafe_inset);
        sm_pf_add(arena, &page->findings, SM_SEVERITY_ERROR, "safe-area",
                  "text at (%.1f, %.1f) mm from the %s's top-left corner %s %.1f mm %s its edge "
                  "(at least %.1f mm inside; %d of %d text shows on this page)",
                  mm(t->unsafe_x - r->x0), mm(r->y1 - t->unsafe_y), what,
                  inset < 0 ? "crosses" : "comes within", fabs(inset), inset < 0 ? "beyond" : "of",
                  mm(safe.inset), t->unsafe, t->shows);
    }
    if (file->profile == SM_PF_OFFICE) return;
    if (t->rgb_black)
        sm_pf_add(arena, &page->findings, SM_SEVERITY_ERROR, "k-only-black",
                  "black text in RGB (must be K only): %d text shows, the first at (%.1f, %.1f) mm "
                  "from the %s's top-left corner",
                  t->rgb_black, mm(t->rgb_black_x - r->x0), mm(r->y1 - t->rgb_black_y), what);
    if (t->rich_black)
        sm_pf_add(arena, &page->findings, SM_SEVERITY_WARNING, "k-only-black",
                  "black text with C, M or Y under the K (rich black): %d text shows; print shops "
                  "want black text in K only",
                  t->rich_black);
}

void sm_pf_rules_page(sm_arena *arena, const sm_pf_file *file, sm_pf_page *page) {
    geometry_rules(arena, file, page);
    if (page->content_unreadable)
        sm_pf_add(arena, &page->findings, SM_SEVERITY_ERROR, "content",
                  "the page's content cannot be decoded: text and images were not checked");
    for (size_t i = 0; i < page->font_count; i++) {
        const sm_pf_font *f = &page->fonts[i];
        if (!f->embedded)
            sm_pf_add(arena, &page->findings, SM_SEVERITY_ERROR, "font-embedding",
                      "font %s (%s, resource %s) is not embedded",
                      *f->base_font ? f->base_font : "?", *f->subtype ? f->subtype : "?",
                      f->resource);
    }
    image_rules(arena, page);
    text_rules(arena, file, page);
    if (page->syntax_problems)
        sm_pf_add(arena, &page->findings, SM_SEVERITY_WARNING, "content",
                  "%d syntax problems in the content stream: the checks of this page may be "
                  "incomplete",
                  page->syntax_problems);
    if (page->forms_skipped)
        sm_pf_add(arena, &page->findings, SM_SEVERITY_WARNING, "content",
                  "%d form XObject drawing%s not checked (unreadable, cyclic or nested over %d "
                  "deep)",
                  page->forms_skipped, page->forms_skipped == 1 ? "" : "s", SM_PF_MAX_FORM_DEPTH);
}

static void date_rule(sm_arena *arena, sm_pf_file *file, const char *key, const char *date) {
    if (date && strncmp(date, "D:", 2) != 0)
        sm_pf_add(arena, &file->findings, SM_SEVERITY_WARNING, "date-format",
                  "%s '%s' lacks the D: prefix", key, date);
}

void sm_pf_rules_document(sm_arena *arena, sm_pf_file *file) {
    const sm_pf_docinfo *d = &file->doc;
    sm_pf_findings *out = &file->findings;
    if (file->page_count == 0)
        sm_pf_add(arena, out, SM_SEVERITY_ERROR, "pages", "the document has no pages");
    if (!d->lang)
        sm_pf_add(arena, out, SM_SEVERITY_WARNING, "lang",
                  "no /Lang in the catalog (expected ja: read-aloud and search need it)");
    else if (strncasecmp(d->lang, "ja", 2) != 0 || (d->lang[2] && d->lang[2] != '-'))
        sm_pf_add(arena, out, SM_SEVERITY_WARNING, "lang", "/Lang is '%s' (expected ja)", d->lang);
    if (!d->tagged)
        sm_pf_add(arena, out, SM_SEVERITY_WARNING, "tagged",
                  "not tagged (no /StructTreeRoot): no reading order for assistive technology");
    if (!d->title || !*d->title)
        sm_pf_add(arena, out, SM_SEVERITY_WARNING, "title", "no Title in the document information");
    if (!d->display_doc_title)
        sm_pf_add(arena, out, SM_SEVERITY_WARNING, "title",
                  "/ViewerPreferences /DisplayDocTitle is not true: viewers show the file name");
    if (!d->has_id) sm_pf_add(arena, out, SM_SEVERITY_WARNING, "id", "no /ID in the trailer");
    if (file->profile != SM_PF_OFFICE && !d->trapped)
        sm_pf_add(arena, out, SM_SEVERITY_WARNING, "trapped",
                  "no /Trapped in the document information (print shops expect True or False)");
    date_rule(arena, file, "CreationDate", d->creation_date);
    date_rule(arena, file, "ModDate", d->mod_date);
}
