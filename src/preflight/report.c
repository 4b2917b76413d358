/* report.c: writes the preflight's findings — a text report for people, JSON for machines —
 * with keys in a fixed order and numbers rounded to fixed decimals, so equal inputs give equal
 * bytes. */
#include "preflight.h"

#include "../base/arena.h"
#include "../base/units.h"
#include "../base/utf8.h"

#include <jansson.h>

#include <math.h>
#include <string.h>

static double mm(double pt) { return pt / SM_PT_PER_MM; }

/* Rounds to `decimals` and drops the sign of a rounded zero: "-0.0" reads as a bug. */
static double tidy(double v, int decimals) {
    double scale = pow(10, decimals);
    double r = round(v * scale) / scale;
    return r == 0 ? 0.0 : r;
}

static const char *severity_name(sm_severity s) {
    return s == SM_SEVERITY_ERROR ? "error" : "warning";
}

/* The profile every page shares ("mixed" when they differ, NULL without pages), and the source
 * they share (NULL when they differ). */
static const char *common_profile(const sm_pf_file *file, const char **source) {
    *source = NULL;
    if (file->page_count == 0) return NULL;
    const sm_pf_page *first = &file->pages[0];
    bool same = true, same_source = true;
    for (int i = 1; i < file->page_count; i++) {
        same = same && file->pages[i].profile == first->profile;
        same_source =
            same_source && strcmp(file->pages[i].profile_source, first->profile_source) == 0;
    }
    if (same && same_source) *source = first->profile_source;
    return same ? sm_profile_name(first->profile) : "mixed";
}

static const char *printing(const sm_pf_docinfo *d) {
    return !d->encrypted || d->print_high ? "allowed"
           : d->print_low                 ? "low resolution only"
                                          : "not allowed";
}

/* ---- JSON ---------------------------------------------------------------------------------- */

/* Nesting of the documents written: files > pages > lists > objects, far below this. */
enum { JSON_MAX_DEPTH = 16 };

/* The report is built as a tree with the project's one JSON library and dumped at the end:
 * members in the order written here (JSON_PRESERVE_ORDER), numbers rounded to fixed
 * decimals. */
typedef struct json {
    json_t *stack[JSON_MAX_DEPTH + 1]; /* stack[depth] is the open container */
    int depth;
} json;

/* Adds v (stolen) to the open container: under key in an object, at the end of an array. */
static void json_put(json *j, const char *key, json_t *v) {
    if (!v) sm_out_of_memory();
    json_t *open = j->stack[j->depth];
    if (json_is_object(open))
        json_object_set_new(open, key ? key : "", v);
    else
        json_array_append_new(open, v);
}

static void json_open(json *j, const char *key, char bracket) {
    json_t *v = bracket == '{' ? json_object() : json_array();
    if (j->depth == 0 && !j->stack[0]) {
        j->stack[0] = v; /* the root */
        return;
    }
    json_put(j, key, v);
    if (j->depth == JSON_MAX_DEPTH) abort(); /* see JSON_MAX_DEPTH */
    j->stack[++j->depth] = v;
}

static void json_close(json *j, char bracket) {
    (void)bracket;
    if (j->depth > 0) j->depth--;
}

/* A string from a PDF: names and titles are bytes, so invalid UTF-8 becomes U+FFFD; NULL is
 * null. */
static void json_str(json *j, const char *key, const char *value) {
    if (!value) {
        json_put(j, key, json_null());
        return;
    }
    sm_buf text = {0};
    sm_utf8_append_valid(&text, value);
    json_put(j, key, json_stringn(text.data, text.len));
    sm_buf_free(&text);
}

static void json_int(json *j, const char *key, long value) {
    json_put(j, key, json_integer(value));
}

static void json_bool(json *j, const char *key, bool value) {
    json_put(j, key, json_boolean(value));
}

static void json_fixed(json *j, const char *key, double value, int decimals) {
    json_put(j, key, isfinite(value) ? json_real(tidy(value, decimals)) : json_null());
}

static void json_box(json *j, const char *key, const sm_pf_box *box) {
    if (!box->present) {
        json_str(j, key, NULL);
        return;
    }
    json_open(j, key, '{');
    json_open(j, "pt", '[');
    json_fixed(j, NULL, box->x0, 2);
    json_fixed(j, NULL, box->y0, 2);
    json_fixed(j, NULL, box->x1, 2);
    json_fixed(j, NULL, box->y1, 2);
    json_close(j, ']');
    json_fixed(j, "width_mm", mm(box->x1 - box->x0), 2);
    json_fixed(j, "height_mm", mm(box->y1 - box->y0), 2);
    char paper[32];
    json_str(j, "paper",
             sm_pf_paper_name(mm(box->x1 - box->x0), mm(box->y1 - box->y0), paper, sizeof paper));
    json_close(j, '}');
}

static void json_findings(json *j, const sm_pf_findings *findings) {
    json_open(j, "findings", '[');
    for (size_t i = 0; i < findings->count; i++) {
        const sm_pf_finding *f = &findings->items[i];
        json_open(j, NULL, '{');
        json_str(j, "severity", severity_name(f->severity));
        json_str(j, "check", f->check);
        json_str(j, "message", f->message);
        json_close(j, '}');
    }
    json_close(j, ']');
}

static void json_page(json *j, const sm_pf_page *page) {
    json_open(j, NULL, '{');
    json_int(j, "page", page->number);
    json_str(j, "profile", sm_profile_name(page->profile));
    json_str(j, "profile_source", page->profile_source);
    json_box(j, "media_box", &page->media);
    json_box(j, "crop_box", &page->crop);
    json_box(j, "trim_box", &page->trim);
    json_box(j, "bleed_box", &page->bleed);
    json_open(j, "fonts", '[');
    for (size_t i = 0; i < page->font_count; i++) {
        const sm_pf_font *f = &page->fonts[i];
        json_open(j, NULL, '{');
        json_str(j, "resource", f->resource);
        json_str(j, "base_font", f->base_font);
        json_str(j, "subtype", f->subtype);
        json_bool(j, "embedded", f->embedded);
        json_bool(j, "subset", f->subset);
        json_close(j, '}');
    }
    json_close(j, ']');
    json_open(j, "images", '[');
    for (size_t i = 0; i < page->image_count; i++) {
        const sm_pf_image *im = &page->images[i];
        json_open(j, NULL, '{');
        json_str(j, "resource", im->resource);
        json_int(j, "width_px", im->width);
        json_int(j, "height_px", im->height);
        json_int(j, "bits", im->bits);
        json_str(j, "color_space", im->color_space);
        json_str(j, "filter", im->filter);
        json_fixed(j, "placed_width_mm", mm(im->placed_w), 2);
        json_fixed(j, "placed_height_mm", mm(im->placed_h), 2);
        json_fixed(j, "ppi", im->ppi > 0 ? im->ppi : NAN, 1);
        json_close(j, '}');
    }
    json_close(j, ']');
    json_int(j, "images_omitted", (long)page->images_omitted);
    const sm_pf_colour_ops *ops = &page->ops;
    json_open(j, "colour_operators", '{');
    json_int(j, "rg", ops->rg);
    json_int(j, "RG", ops->RG);
    json_int(j, "k", ops->k);
    json_int(j, "K", ops->K);
    json_int(j, "g", ops->g);
    json_int(j, "G", ops->G);
    json_int(j, "separation", ops->separation);
    json_int(j, "registration", ops->registration);
    json_int(j, "other", ops->other);
    json_close(j, '}');
    const sm_pf_text_stats *t = &page->text;
    json_open(j, "text", '{');
    json_int(j, "shows", t->shows);
    json_int(j, "outside_safe_area", t->unsafe);
    json_int(j, "rgb_black", t->rgb_black);
    json_int(j, "rich_black", t->rich_black);
    json_int(j, "registration_marks", t->marks);
    json_close(j, '}');
    json_int(j, "syntax_problems", page->syntax_problems);
    json_int(j, "content_bytes", (long)page->content_size);
    json_int(j, "content_streams", page->streams);
    json_findings(j, &page->findings);
    json_close(j, '}');
}

static void json_file(json *j, const sm_pf_file *file) {
    json_open(j, NULL, '{');
    json_str(j, "file", file->path);
    json_bool(j, "readable", file->readable);
    json_bool(j, "ok", file->errors == 0);
    json_int(j, "errors", file->errors);
    json_int(j, "warnings", file->warnings);
    json_str(j, "pdf_version", file->readable ? file->version : NULL);
    const char *source = NULL, *profile = file->readable ? common_profile(file, &source) : NULL;
    json_str(j, "profile", profile);
    json_str(j, "profile_source", profile && !source ? "per page" : source);
    json_open(j, "options", '{');
    json_str(j, "profile",
             file->options.profile_set ? sm_profile_name(file->options.profile) : NULL);
    json_str(j, "paper", file->options.paper ? file->options.paper->name : NULL);
    json_close(j, '}');
    const sm_pf_docinfo *d = &file->doc;
    json_open(j, "document", '{');
    json_str(j, "title", d->title);
    json_bool(j, "display_doc_title", d->display_doc_title);
    json_str(j, "lang", d->lang);
    json_bool(j, "tagged", d->tagged);
    json_bool(j, "id", d->has_id);
    json_str(j, "trapped", d->trapped);
    json_str(j, "creation_date", d->creation_date);
    json_str(j, "mod_date", d->mod_date);
    json_str(j, "producer", d->producer);
    json_str(j, "sm_profile", d->sm_profile);
    json_bool(j, "encrypted", d->encrypted);
    json_str(j, "printing", file->readable ? printing(d) : NULL);
    json_close(j, '}');
    json_int(j, "page_count", file->page_count);
    json_open(j, "pages", '[');
    for (int i = 0; i < file->page_count; i++) json_page(j, &file->pages[i]);
    json_close(j, ']');
    json_findings(j, &file->findings);
    json_close(j, '}');
}

void sm_preflight_write_json(const sm_preflight *pf, FILE *out) {
    json j = {0};
    int errors = 0, warnings = 0;
    for (size_t i = 0; i < pf->count; i++) {
        errors += pf->files[i].errors;
        warnings += pf->files[i].warnings;
    }
    json_open(&j, NULL, '{');
    json_bool(&j, "ok", errors == 0);
    json_int(&j, "errors", errors);
    json_int(&j, "warnings", warnings);
    json_open(&j, "files", '[');
    for (size_t i = 0; i < pf->count; i++) json_file(&j, &pf->files[i]);
    json_close(&j, ']');
    json_close(&j, '}');
    /* Ten significant digits: every number here has at most seven. */
    json_dumpf(j.stack[0], out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    fputc('\n', out);
    json_decref(j.stack[0]);
}

/* ---- text ------------------------------------------------------------------------------------ */

/* Strings from the PDF, printed on one line: control characters would break the layout. */
static void text_value(FILE *out, const char *s) {
    if (!s) {
        fputs("none", out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        fputc(*p < 0x20 ? ' ' : *p, out);
    fputc('"', out);
}

static void text_box(FILE *out, const char *name, const sm_pf_box *box, const sm_pf_box *media) {
    fprintf(out, "%s ", name);
    if (!box->present) {
        fputs("none", out);
        return;
    }
    double w = mm(box->x1 - box->x0), h = mm(box->y1 - box->y0);
    char buf[32];
    const char *paper = sm_pf_paper_name(w, h, buf, sizeof buf);
    fprintf(out, "%.1f x %.1f mm", tidy(w, 1), tidy(h, 1));
    if (paper) fprintf(out, " (%s)", paper);
    if (media != box && media->present)
        fprintf(out, " at (%.1f, %.1f) mm", tidy(mm(box->x0 - media->x0), 1),
                tidy(mm(media->y1 - box->y1), 1));
}

static void text_findings(FILE *out, const char *path, int page, const sm_pf_findings *findings) {
    for (size_t i = 0; i < findings->count; i++) {
        const sm_pf_finding *f = &findings->items[i];
        if (page)
            fprintf(out, "%s: page %d: %s: %s\n", path, page, severity_name(f->severity),
                    f->message);
        else
            fprintf(out, "%s: %s: %s\n", path, severity_name(f->severity), f->message);
    }
}

static void text_page(FILE *out, const sm_pf_page *page) {
    fprintf(out, "  page %d: ", page->number);
    text_box(out, "MediaBox", &page->media, &page->media);
    fputs(", ", out);
    text_box(out, "TrimBox", &page->trim, &page->media);
    fputs(", ", out);
    text_box(out, "BleedBox", &page->bleed, &page->media);
    fprintf(out, "; profile %s (%s)\n", sm_profile_name(page->profile), page->profile_source);
    for (size_t i = 0; i < page->font_count; i++) {
        const sm_pf_font *f = &page->fonts[i];
        fprintf(out, "    font %s: %s (%s), %s%s\n", f->resource,
                *f->base_font ? f->base_font : "no BaseFont",
                *f->subtype ? f->subtype : "no Subtype", f->embedded ? "embedded" : "NOT EMBEDDED",
                f->subset ? " subset" : "");
    }
    for (size_t i = 0; i < page->image_count; i++) {
        const sm_pf_image *im = &page->images[i];
        fprintf(out, "    image %s: %ld x %ld px, %s, %s, placed %.1f x %.1f mm, ", im->resource,
                im->width, im->height, im->color_space,
                strcmp(im->filter, "DCTDecode") == 0 ? "JPEG (DCTDecode)" : im->filter,
                tidy(mm(im->placed_w), 1), tidy(mm(im->placed_h), 1));
        if (im->ppi > 0)
            fprintf(out, "%.1f ppi\n", tidy(im->ppi, 1));
        else
            fputs("no resolution (degenerate placement)\n", out);
    }
    if (page->images_omitted) fprintf(out, "    (%zu more image drawings)\n", page->images_omitted);
    const sm_pf_colour_ops *o = &page->ops;
    fprintf(out,
            "    colour operators: rg %d, RG %d, k %d, K %d, g %d, G %d, Separation %d "
            "(registration %d), other sc/scn %d\n",
            o->rg, o->RG, o->k, o->K, o->g, o->G, o->separation, o->registration, o->other);
    const sm_pf_text_stats *t = &page->text;
    fprintf(out, "    text: %d shows, %d outside the safe area, %d in RGB black, %d rich black\n",
            t->shows, t->unsafe, t->rgb_black, t->rich_black);
}

/* "1, 3-5, 7" for the pages of one profile. */
static void text_pages_of(FILE *out, const sm_pf_file *file, sm_profile profile) {
    int count = 0;
    for (int i = 0; i < file->page_count; i++) {
        if (file->pages[i].profile != profile) continue;
        int last = i;
        while (last + 1 < file->page_count && file->pages[last + 1].profile == profile) last++;
        fprintf(out, "%s%d", count++ ? ", " : "", i + 1);
        if (last > i) fprintf(out, "-%d", last + 1);
        i = last;
    }
}

static void text_profiles(FILE *out, const sm_pf_file *file) {
    const char *source, *profile = common_profile(file, &source);
    if (!profile) return;
    if (strcmp(profile, "mixed") != 0) {
        fprintf(out, ", profile %s (%s)", profile, source ? source : "per page");
        return;
    }
    fputs(", profiles", out);
    const char *separator = " ";
    static const sm_profile all[] = {SM_PROFILE_OFFICE, SM_PROFILE_SHOP, SM_PROFILE_SHOP_TOMBO};
    for (size_t p = 0; p < 3; p++) {
        int pages = 0;
        for (int i = 0; i < file->page_count; i++) pages += file->pages[i].profile == all[p];
        if (!pages) continue;
        fprintf(out, "%s%s (page%s ", separator, sm_profile_name(all[p]), pages == 1 ? "" : "s");
        text_pages_of(out, file, all[p]);
        fputc(')', out);
        separator = ", ";
    }
}

static void text_file(FILE *out, const sm_pf_file *file) {
    if (file->readable) {
        fprintf(out, "%s: PDF %s, %d page%s", file->path, file->version, file->page_count,
                file->page_count == 1 ? "" : "s");
        text_profiles(out, file);
        fputc('\n', out);
        const sm_pf_docinfo *d = &file->doc;
        fputs("  document: title ", out);
        text_value(out, d->title);
        fputs(", lang ", out);
        text_value(out, d->lang);
        fprintf(out, ", tagged %s, DisplayDocTitle %s, ID %s, Trapped ", d->tagged ? "yes" : "no",
                d->display_doc_title ? "yes" : "no", d->has_id ? "yes" : "no");
        text_value(out, d->trapped);
        fputs(", created ", out);
        text_value(out, d->creation_date);
        if (d->encrypted) fprintf(out, ", encrypted (printing %s)", printing(d));
        fputc('\n', out);
        for (int i = 0; i < file->page_count; i++) text_page(out, &file->pages[i]);
    }
    text_findings(out, file->path, 0, &file->findings);
    for (int i = 0; i < file->page_count; i++)
        text_findings(out, file->path, file->pages[i].number, &file->pages[i].findings);
    fprintf(out, "%s: %s, %d error%s, %d warning%s\n", file->path, file->errors ? "FAILED" : "ok",
            file->errors, file->errors == 1 ? "" : "s", file->warnings,
            file->warnings == 1 ? "" : "s");
}

void sm_preflight_write_text(const sm_preflight *pf, FILE *out) {
    for (size_t i = 0; i < pf->count; i++) {
        if (i) fputc('\n', out);
        text_file(out, &pf->files[i]);
    }
}
