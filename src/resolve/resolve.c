/* resolve.c: the resolve stage — paper, theme, metadata, then the content kind. */
#include "resolver.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Fonts used when no theme names others (see fonts/fonts.conf). Body text is set in
 * full-width fonts, whose kana and punctuation sit on the em grid JLREQ composes; headings
 * use the proportional cut (JLREQ's palt-like setting for display type). */
#define SM_DEFAULT_GOTHIC  "BIZ UDGothic"
#define SM_DEFAULT_MINCHO  "BIZ UDMincho"
#define SM_DEFAULT_HEADING "BIZ UDPGothic"
/* Western letters and digits: the proportional cut's, not the typewriter-like half-width
 * ones of the full-width font. */
#define SM_DEFAULT_LATIN "BIZ UDPGothic"
static bool resolve_paper(sm_resolver *r, const sm_object *def) {
    sm_resolved *res = r->doc->resolved;
    const sm_value *paper = sm_object_get(def, "paper");
    const char *name =
        r->doc->paper_override ? r->doc->paper_override : paper->field->choices[paper->as.choice];
    if (strcmp(name, "custom") == 0) {
        const sm_value *size = sm_object_get(def, "paper-size");
        if (!size->field) {
            sm_error(r->diags, paper->pos, "paper: custom needs paper-size: [width, height]");
            return false;
        }
        res->paper_width = sm_length_to_pt(size->as.point[0], 0, 0);
        res->paper_height = sm_length_to_pt(size->as.point[1], 0, 0);
        if (res->paper_width < 72 || res->paper_height < 72 || res->paper_width > 14400 ||
            res->paper_height > 14400) {
            sm_error(r->diags, size->pos, "paper-size must be between 1 inch and 200 inches");
            return false;
        }
    } else {
        const sm_paper *p = sm_paper_find(name);
        res->paper_width = p->width_mm * SM_PT_PER_MM;
        res->paper_height = p->height_mm * SM_PT_PER_MM;
    }
    res->paper_name = sm_arena_strdup(r->arena, name);
    if (strcmp(sm_object_choice(def, "orientation", "portrait"), "landscape") == 0) {
        double w = res->paper_width;
        res->paper_width = res->paper_height;
        res->paper_height = w;
    }
    const sm_value *margin = sm_object_get(def, "margin");
    res->margin = sm_length_to_pt(margin->as.length, res->paper_width, 0);
    if (2 * res->margin >= res->paper_width * 0.8 || 2 * res->margin >= res->paper_height * 0.8) {
        sm_error(r->diags, margin->pos, "margin leaves no room on the paper");
        return false;
    }
    return true;
}

/* A page of generic elements is sized as written on its own paper. Printed on another
 * paper of the same proportions (the ISO and JIS series: A4 → A3, B5 → B4), it is laid
 * out on its own paper and enlarged whole — type, pictures, spacing — as a print shop
 * would enlarge it; on other proportions it is laid out on the paper asked for. */
static void enlarge_design(sm_resolver *r, const sm_object *def) {
    sm_resolved *res = r->doc->resolved;
    const sm_value *paper = sm_object_get(def, "paper");
    const char *own = paper->field->choices[paper->as.choice];
    if (!r->doc->paper_override || strcmp(own, "custom") == 0 ||
        strcmp(own, r->doc->paper_override) == 0)
        return;
    const sm_paper *p = sm_paper_find(own);
    double w = p->width_mm * SM_PT_PER_MM, h = p->height_mm * SM_PT_PER_MM;
    if (strcmp(sm_object_choice(def, "orientation", "portrait"), "landscape") == 0) {
        double t = w;
        w = h;
        h = t;
    }
    double across = res->paper_width / w, down = res->paper_height / h;
    if (fabs(across - down) > 0.01 * across || across <= 1) return;
    res->enlarge = fmin(across, down); /* all of the design on the paper */
    res->trim_width = res->paper_width;
    res->trim_height = res->paper_height;
    res->paper_width = w;
    res->paper_height = h;
    res->margin = sm_length_to_pt(sm_object_get(def, "margin")->as.length, w, 0);
}

/* SOURCE_DATE_EPOCH wins (reproducible builds), then meta.date; never the clock. */
static void resolve_date(sm_resolver *r, const sm_object *meta) {
    sm_resolved *res = r->doc->resolved;
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    if (epoch && *epoch) {
        char *end;
        errno = 0;
        long long v = strtoll(epoch, &end, 10);
        if (!*end && !errno && v >= 0) {
            res->has_date = true;
            res->date = v;
            return;
        }
        sm_warning(r->diags, ((sm_pos){"<environment>", 0, 0}),
                   "SOURCE_DATE_EPOCH='%s' is not a number of seconds; ignored", epoch);
    }
    if (!meta) return;
    const sm_value *date = sm_object_get(meta, "date");
    if (!date->field) return;
    struct tm tm = {0};
    if (sscanf(date->as.str, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) return;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    res->has_date = true;
    res->date = (long long)timegm(&tm);
}

/* The theme's cmyk: map: each named colour's exact ink for the palette pass. */
static void resolve_inks(sm_resolver *r) {
    sm_resolved *res = r->doc->resolved;
    const sm_value *map = r->theme ? sm_object_get(r->theme, "cmyk") : NULL;
    size_t given = map && map->field ? map->as.list.count : 0;
    /* The theme's inks first (they win), then the built-in palette's. */
    enum { BUILTIN_MAX = 16 };
    res->inks = sm_arena_array(r->arena, given + BUILTIN_MAX, sizeof *res->inks);
    if (!given) {
        res->ink_count = sm_builtin_inks(r, res->inks, BUILTIN_MAX);
        return;
    }
    for (size_t i = 0; i < map->as.list.count; i++) {
        const sm_value *v = &map->as.list.items[i];
        if (v->as.list.count != 4) {
            sm_error(r->diags, v->pos, "cmyk of '%s' needs four percentages [C, M, Y, K], not %zu",
                     map->as.list.keys[i], v->as.list.count);
            continue;
        }
        sm_value name = {.pos = v->pos};
        name.as.color.name = map->as.list.keys[i];
        sm_ink *ink = &res->inks[res->ink_count];
        if (!sm_resolve_color(r, &name, &ink->rgb)) continue;
        for (int k = 0; k < 4; k++) ink->cmyk[k] = v->as.list.items[k].as.number / 100.0;
        res->ink_count++;
    }
    res->ink_count += sm_builtin_inks(r, res->inks + res->ink_count, BUILTIN_MAX);
}

static const char *choice(const sm_object *def, const char *key, const char *override) {
    return override ? override : sm_object_choice(def, key, "");
}

bool sm_doc_resolve(sm_doc *doc) {
    if (!sm_doc_ok(doc) || !doc->definition) return false;
    sm_resolver r = {.doc = doc,
                     .arena = doc->arena,
                     .diags = &doc->diags,
                     .scale = 1,
                     .gothic = SM_DEFAULT_GOTHIC,
                     .mincho = SM_DEFAULT_MINCHO,
                     .heading = SM_DEFAULT_HEADING,
                     .latin = SM_DEFAULT_LATIN};
    sm_resolved *res = sm_arena_alloc(doc->arena, sizeof *res);
    doc->resolved = res;
    const sm_object *def = doc->definition;

    res->enlarge = 1;
    sm_resolve_check_vars(&r);
    if (!resolve_paper(&r, def)) return false;
    if (strcmp(def->schema->name, "page") == 0) enlarge_design(&r, def);
    /* Content kinds grow with the paper; a page of generic elements is sized as written. */
    double text_width = res->paper_width - 2 * res->margin;
    if (strcmp(def->schema->name, "page") != 0 && strcmp(def->schema->name, "document") != 0)
        r.scale = text_width / (SM_DESIGN_WIDTH_MM * SM_PT_PER_MM);
    sm_theme_use(&r, doc->theme);
    const char *profile = choice(def, "profile", doc->profile_override);
    /* The schema allows only the profile names: found by construction. */
    sm_profile_find(profile, &res->profile);
    res->gray = strcmp(choice(def, "color-mode", doc->color_mode_override), "gray") == 0;
    res->pdfx = sm_object_flag(def, "pdfx", false);
    resolve_inks(&r);

    sm_rich title;
    sm_markup_parse(&r, sm_object_get(def, "title"), &title);
    res->title = sm_text_join_lines(doc->arena, title.plain);
    const sm_value *meta = sm_object_get(def, "meta");
    const sm_object *meta_obj = meta->field ? meta->as.object : NULL;
    if (meta_obj) {
        res->author = sm_object_str(meta_obj, "author", NULL);
        res->subject = sm_object_str(meta_obj, "subject", NULL);
        res->keywords = sm_object_str(meta_obj, "keywords", NULL);
    }
    resolve_date(&r, meta_obj);

    const sm_value *footer = sm_object_get(def, "footer");
    if (footer->field) {
        res->has_footer = true;
        sm_markup_parse(&r, footer, &res->footer);
        res->footer_style = sm_style_named(&r, "footer", footer->pos);
    }

    const char *kind = def->schema->name;
    if (doc->imposition_override && strcmp(doc->imposition_override, "none") != 0 &&
        strcmp(kind, "document") != 0) {
        sm_error(r.diags, def->pos, "imposition works for kind: document only");
        return false;
    }
    if (strcmp(kind, "pack") == 0) {
        sm_error(r.diags, def->pos, "a pack lists materials to build: use surimono build");
        return false;
    }
    if (strcmp(kind, "poster") == 0)
        sm_kind_poster(&r, def);
    else if (strcmp(kind, "checksheet") == 0)
        sm_kind_checksheet(&r, def);
    else if (strcmp(kind, "document") == 0)
        sm_kind_document(&r, def);
    else
        sm_kind_page(&r, def);
    return sm_doc_ok(doc);
}

const char *sm_doc_paper_name(const sm_doc *doc) {
    return doc->resolved ? doc->resolved->paper_name : NULL;
}

const char *sm_doc_title(const sm_doc *doc) {
    return doc->resolved && doc->resolved->title ? doc->resolved->title : "";
}

bool sm_doc_date(const sm_doc *doc, long long *seconds) {
    if (!doc->resolved || !doc->resolved->has_date) return false;
    *seconds = doc->resolved->date;
    return true;
}

bool sm_doc_has_editions(const sm_doc *doc) {
    if (doc->resolved) return doc->resolved->has_editions;
    return doc->definition && strcmp(doc->definition->schema->name, "checksheet") == 0;
}
