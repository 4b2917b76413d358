/* rules.c: the preflight's judgements — the profile, the thresholds of print production, and
 * the wording of each finding. */
#include "preflight.h"

#include "../base/print.h"
#include "../base/units.h"

#include <math.h>
#include <string.h>
#include <strings.h>

/* Thresholds; the papers, profiles and their distances are base/print.h's, shared with the
 * generator. */
#define PPI_GOOD         300.0
#define PPI_LEAST        150.0
#define BOX_TOLERANCE_PT 0.01 /* rounding in the writer's numbers */
#define TRIMMED_PT       0.1  /* a TrimBox this much inside the MediaBox means a cut */
/* A sheet reaching further beyond the trim than this (on its narrowest side) has room for trim
 * marks: the largest bleed print shops ask for is 5 mm; our marks need 15 mm. */
#define SLUG_MM 6.0

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

const char *sm_pf_paper_name(double width_mm, double height_mm, char *buf, size_t size) {
    bool landscape = false;
    const sm_paper *p = sm_paper_of_size(width_mm, height_mm, &landscape);
    if (!p) return NULL;
    snprintf(buf, size, "%s %s", p->name, landscape ? "landscape" : "portrait");
    return buf;
}

/* A MediaBox that is a paper plus an even bleed of 1 to 6 mm on every side: a page made for
 * a print shop, trimmed or not. Returns the paper, the bleed in *bleed_mm. */
static const char *paper_with_bleed(const sm_pf_box *media, double *bleed_mm, char *buf,
                                    size_t size) {
    double w = mm(media->x1 - media->x0), h = mm(media->y1 - media->y0);
    for (double bleed = 1; bleed <= 6; bleed += 0.5) {
        const char *paper = sm_pf_paper_name(w - 2 * bleed, h - 2 * bleed, buf, size);
        if (paper) {
            *bleed_mm = bleed;
            return paper;
        }
    }
    return NULL;
}

static bool box_inside(const sm_pf_box *inner, const sm_pf_box *outer) {
    return inner->x0 >= outer->x0 - BOX_TOLERANCE_PT && inner->y0 >= outer->y0 - BOX_TOLERANCE_PT &&
           inner->x1 <= outer->x1 + BOX_TOLERANCE_PT && inner->y1 <= outer->y1 + BOX_TOLERANCE_PT;
}

/* How far the sheet reaches beyond the trim on its narrowest side, in mm; negative when the
 * page has no TrimBox inside its MediaBox smaller than it (nobody cuts this page). */
static double slug_mm(const sm_pf_page *page) {
    const sm_pf_box *t = &page->trim, *m = &page->media;
    if (!t->present || !m->present || !box_inside(t, m)) return -1;
    double least = fmin(fmin(t->x0 - m->x0, m->x1 - t->x1), fmin(t->y0 - m->y0, m->y1 - t->y1));
    double most = fmax(fmax(t->x0 - m->x0, m->x1 - t->x1), fmax(t->y0 - m->y0, m->y1 - t->y1));
    return most > TRIMMED_PT ? mm(fmax(least, 0)) : -1;
}

/* Each page's profile. The rule (the README's preflight section says the same):
 *   1. --profile names the profile of every page.
 *   2. A page with a TrimBox inside its MediaBox is cut by somebody: shop when the sheet reaches
 *      at most SLUG_MM beyond the trim (a bleed), shop-tombo when further (room for trim marks).
 *      /SMProfile, when it names shop or shop-tombo, decides between the two; /SMProfile office
 *      is overruled, because a cut page must be judged as one.
 *   3. A page without a TrimBox, or whose TrimBox is the whole sheet, is office, unless
 *      /SMProfile names a print-shop profile (the page is then judged by it, and its missing
 *      boxes are errors) or its MediaBox is a paper plus an even bleed (shop without boxes).
 * So a combined file of office, shop and shop-tombo pages is judged page by page, and a
 * declaration is believed where the boxes cannot tell. */
void sm_pf_rules_profile(sm_arena *arena, sm_pf_file *file) {
    sm_profile declared = SM_PROFILE_OFFICE;
    bool has_declared = file->doc.sm_profile && sm_profile_find(file->doc.sm_profile, &declared);
    if (file->doc.sm_profile && !has_declared)
        sm_pf_add(arena, &file->findings, SM_SEVERITY_WARNING, "profile",
                  "unknown /SMProfile '%s' (office, shop or shop-tombo); each page's profile is "
                  "read from its boxes",
                  file->doc.sm_profile);
    bool declared_shop = has_declared && declared != SM_PROFILE_OFFICE;
    for (int i = 0; i < file->page_count; i++) {
        sm_pf_page *page = &file->pages[i];
        double slug = slug_mm(page), bleed;
        const char *paper;
        char paper_buf[32];
        if (file->options.profile_set) {
            page->profile = file->options.profile;
            page->profile_source = "--profile";
            page->profile_declared = true;
        } else if (slug >= 0 && declared_shop) {
            page->profile = declared;
            page->profile_source = "SMProfile";
            page->profile_declared = true;
        } else if (slug >= 0) {
            page->profile = slug > SLUG_MM ? SM_PROFILE_SHOP_TOMBO : SM_PROFILE_SHOP;
            page->profile_source =
                sm_arena_printf(arena, "TrimBox %.1f mm inside the MediaBox%s", slug,
                                has_declared ? ", though SMProfile says office" : "");
        } else if (declared_shop) {
            page->profile = declared;
            page->profile_source = "SMProfile";
            page->profile_declared = true;
        } else if (!page->trim.present && page->media.present &&
                   (paper = paper_with_bleed(&page->media, &bleed, paper_buf, sizeof paper_buf))) {
            page->profile = SM_PROFILE_SHOP;
            page->profile_source =
                sm_arena_printf(arena, "MediaBox is %s plus %.1f mm bleed", paper, bleed);
        } else {
            page->profile = SM_PROFILE_OFFICE;
            page->profile_source = has_declared         ? "SMProfile"
                                   : page->trim.present ? "TrimBox is the whole sheet"
                                                        : "no TrimBox";
        }
    }
}

/* The box text must keep clear of: the trim in shop profiles, else the visible page. */
static sm_pf_box reference_box(const sm_pf_page *page) {
    if (page->profile != SM_PROFILE_OFFICE && page->trim.present) return page->trim;
    sm_pf_box box = page->media;
    if (box.present && page->crop.present) {
        box.x0 = fmax(box.x0, page->crop.x0);
        box.y0 = fmax(box.y0, page->crop.y0);
        box.x1 = fmin(box.x1, page->crop.x1);
        box.y1 = fmin(box.y1, page->crop.y1);
    }
    return box;
}

sm_pf_safe_area sm_pf_rules_safe_area(const sm_pf_page *page) {
    double inset = page->profile == SM_PROFILE_OFFICE ? SM_OFFICE_SAFE_MM : SM_SHOP_SAFE_MM;
    return (sm_pf_safe_area){reference_box(page), inset * SM_PT_PER_MM};
}

static void geometry_rules(sm_arena *arena, sm_pf_page *page) {
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
    if (page->profile == SM_PROFILE_OFFICE) return;
    if (!trim->present) {
        sm_pf_add(arena, out, SM_SEVERITY_ERROR, "trim-box",
                  "no TrimBox: a print shop cannot know where to cut (MediaBox %.1f x %.1f mm, "
                  "profile %s from %s)",
                  mm(media->x1 - media->x0), mm(media->y1 - media->y0),
                  sm_profile_name(page->profile), page->profile_source);
        return;
    }
    /* Declared print work must say how far it is printed beyond the cut; a page only found to
     * be cut by its boxes gets a warning, and its bleed is taken from the MediaBox. */
    if (!page->bleed.present)
        sm_pf_add(arena, out, page->profile_declared ? SM_SEVERITY_ERROR : SM_SEVERITY_WARNING,
                  "bleed-box",
                  "no BleedBox: a print shop cannot know how far the picture reaches beyond the "
                  "cut (profile %s from %s)",
                  sm_profile_name(page->profile), page->profile_source);
    /* The bleed is what is printed beyond the trim: the BleedBox, clipped to the sheet. */
    sm_pf_box bleed = page->bleed.present ? page->bleed : *media;
    double least =
        fmin(fmin(fmin(bleed.x1, media->x1) - trim->x1, trim->x0 - fmax(bleed.x0, media->x0)),
             fmin(fmin(bleed.y1, media->y1) - trim->y1, trim->y0 - fmax(bleed.y0, media->y0)));
    if (mm(least) < SM_BLEED_MM - 0.05)
        sm_pf_add(arena, out, SM_SEVERITY_WARNING, "bleed",
                  "bleed of %.1f mm beyond the trim (print shops want %.0f mm)", fmax(mm(least), 0),
                  SM_BLEED_MM);
    if (page->profile == SM_PROFILE_SHOP_TOMBO && page->ops.registration == 0)
        sm_pf_add(arena, out, SM_SEVERITY_WARNING, "trim-marks",
                  "no trim marks: nothing is drawn in the registration colour (Separation /All)");
}

/* --paper: the trim (the TrimBox, else the visible page) must be that paper. */
static void paper_rule(sm_arena *arena, const sm_pf_file *file, sm_pf_page *page) {
    const sm_paper *want = file->options.paper;
    if (!want) return;
    sm_pf_box trim = page->trim.present ? page->trim : reference_box(page);
    if (!trim.present) return; /* no MediaBox: said already */
    double w = mm(trim.x1 - trim.x0), h = mm(trim.y1 - trim.y0);
    if (sm_paper_of_size(w, h, NULL) == want) return;
    char buf[32];
    const char *name = sm_pf_paper_name(w, h, buf, sizeof buf);
    sm_pf_add(arena, &page->findings, SM_SEVERITY_ERROR, "paper",
              "the %s is %.1f x %.1f mm%s%s%s, not %s (%.0f x %.0f mm) as --paper asks",
              page->trim.present ? "TrimBox" : "page", w, h, name ? " (" : "", name ? name : "",
              name ? ")" : "", want->name, want->width_mm, want->height_mm);
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

static void text_rules(sm_arena *arena, sm_pf_page *page) {
    const sm_pf_text_stats *t = &page->text;
    sm_pf_safe_area safe = sm_pf_rules_safe_area(page);
    const sm_pf_box *r = &safe.reference;
    const char *what = page->profile != SM_PROFILE_OFFICE && page->trim.present ? "trim" : "page";
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
    if (page->profile == SM_PROFILE_OFFICE) return;
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

/* Type 3 glyphs are PDF drawing procedures, often bitmaps: RIPs render them slowly or coarsely
 * and text extraction (search, read-aloud) usually gets nothing from them. */
static void type3_rule(sm_arena *arena, sm_pf_page *page, const sm_pf_font *f) {
    bool shop = page->profile != SM_PROFILE_OFFICE;
    sm_pf_add(arena, &page->findings, shop ? SM_SEVERITY_ERROR : SM_SEVERITY_WARNING, "font-type3",
              "font %s (resource %s) is a Type 3 font: its glyphs are drawn as PDF procedures, "
              "often bitmaps, which RIPs render badly and text extraction cannot read; %s",
              *f->base_font ? f->base_font : "without a name", f->resource,
              shop ? "a print shop needs outline fonts (TrueType, OpenType, Type 1) embedded"
                   : "embed an outline font instead (Chromium and cairo write Type 3 for bitmap "
                     "fonts)");
}

void sm_pf_rules_page(sm_arena *arena, const sm_pf_file *file, sm_pf_page *page) {
    if (page->over_limit)
        sm_pf_add(arena, &page->findings, SM_SEVERITY_ERROR, "limit",
                  "%s: the rest of the page's content was not checked", page->over_limit);
    geometry_rules(arena, page);
    paper_rule(arena, file, page);
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
        if (strcmp(f->subtype, "Type3") == 0) type3_rule(arena, page, f);
    }
    image_rules(arena, page);
    text_rules(arena, page);
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
    bool shop = false;
    for (int i = 0; i < file->page_count; i++)
        shop = shop || file->pages[i].profile != SM_PROFILE_OFFICE;
    if (shop && !d->trapped)
        sm_pf_add(arena, out, SM_SEVERITY_WARNING, "trapped",
                  "no /Trapped in the document information (print shops expect True or False)");
    /* A print shop's tools may refuse an encrypted file or ignore its permissions; an office
     * prints it. Printing forbidden fails everywhere: nobody may print the material. */
    if (d->encrypted)
        sm_pf_add(arena, out, shop ? SM_SEVERITY_ERROR : SM_SEVERITY_WARNING, "encryption",
                  "the PDF is encrypted: %s",
                  shop ? "print shops need it unencrypted (their RIPs and imposition tools refuse "
                         "or mishandle encrypted files)"
                       : "some tools refuse it; send it unencrypted where you can");
    if (d->encrypted && !d->print_low)
        sm_pf_add(arena, out, SM_SEVERITY_ERROR, "print-permission",
                  "the PDF's permissions do not allow printing: nobody can print it");
    else if (d->encrypted && !d->print_high)
        sm_pf_add(arena, out, shop ? SM_SEVERITY_ERROR : SM_SEVERITY_WARNING, "print-permission",
                  "the PDF's permissions allow printing at low resolution only: it prints as a "
                  "coarse bitmap");
    date_rule(arena, file, "CreationDate", d->creation_date);
    date_rule(arena, file, "ModDate", d->mod_date);
}
