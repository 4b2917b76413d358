/* fonts.c: building the private font set from fonts/fonts.conf, once per process. */
#include "fonts.h"

#include "../base/arena.h"
#include "../base/diag.h"
#include "../base/path.h"

#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

PangoContext *sm_print_context(PangoFontMap *map) {
    PangoContext *context = pango_font_map_create_context(map);
    pango_cairo_context_set_resolution(context, 72.0);
    cairo_font_options_t *options = cairo_font_options_create();
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(context, options);
    cairo_font_options_destroy(options);
    pango_context_set_round_glyph_positions(context, FALSE);
    pango_context_set_language(context, pango_language_from_string("ja"));
    return context;
}

/* The fontconfig configuration of fonts_conf with its fonts; NULL after recording why. */
static FcConfig *load_config(const char *fonts_conf, sm_diags *diags, FcFontSet **set) {
    sm_pos at = {fonts_conf, 0, 0};
    /* fontconfig would block on a FIFO and read a device for ever: the path policy first. */
    int fd;
    sm_path_status status = sm_path_open_read(fonts_conf, NULL, &fd, NULL);
    if (status != SM_PATH_OK) {
        char why[160];
        sm_error(diags, at, "cannot load the font configuration: it %s",
                 sm_path_status_text(status, fonts_conf, errno, why, sizeof why));
        return NULL;
    }
    close(fd);
    FcConfig *config = FcConfigCreate();
    if (!FcConfigParseAndLoad(config, (const FcChar8 *)fonts_conf, FcTrue) ||
        !FcConfigBuildFonts(config)) {
        FcConfigDestroy(config);
        sm_error(diags, at, "cannot load the font configuration (fontconfig refused it)");
        return NULL;
    }
    FcFontSet *system = FcConfigGetFonts(config, FcSetSystem);
    if (!system || system->nfont == 0) {
        FcConfigDestroy(config);
        sm_error(diags, at,
                 "it names no installed font (install fonts-morisawa-bizud-gothic, "
                 "fonts-morisawa-bizud-mincho and fonts-noto-cjk)");
        return NULL;
    }
    *set = system;
    return config;
}

sm_fonts *sm_fonts_new(const char *fonts_conf, sm_diags *diags) {
    FcFontSet *system = NULL;
    FcConfig *config = load_config(fonts_conf, diags, &system);
    if (!config) return NULL;
    sm_fonts *fonts = calloc(1, sizeof *fonts);
    if (!fonts) sm_out_of_memory();
    fonts->config = config;
    fonts->set = system;

    /* Ours becomes the process's current configuration too: Pango's font map runs FcInit()
     * in a thread, cairo and librsvg ask for the current one, and otherwise the system's
     * whole conf.d and font set would be loaded behind our back (~20 ms, other fonts). */
    FcConfigSetCurrent(config);
    fonts->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fonts->map), config);
    fonts->context = sm_print_context(fonts->map);
    /* Vertical text is shaped in a frame turned a quarter clockwise, as render draws it:
     * Pango then sets Japanese upright with vertical forms and turns Latin sideways. */
    fonts->vertical = sm_print_context(fonts->map);
    cairo_matrix_t turn;
    cairo_matrix_init_rotate(&turn, G_PI / 2);
    PangoMatrix matrix = {turn.xx, turn.xy, turn.yx, turn.yy, 0, 0};
    pango_context_set_matrix(fonts->vertical, &matrix);
    pango_context_set_base_gravity(fonts->vertical, PANGO_GRAVITY_AUTO);
    return fonts;
}

void sm_fonts_free(sm_fonts *fonts) {
    if (!fonts) return;
    g_object_unref(fonts->context);
    g_object_unref(fonts->vertical);
    g_object_unref(fonts->map);
    FcConfigDestroy(fonts->config);
    free(fonts);
}

bool sm_fonts_has_family(const sm_fonts *fonts, const char *family) {
    for (int i = 0; i < fonts->set->nfont; i++) {
        FcChar8 *name;
        for (int k = 0;
             FcPatternGetString(fonts->set->fonts[i], FC_FAMILY, k, &name) == FcResultMatch; k++)
            if (strcmp((const char *)name, family) == 0) return true;
    }
    return false;
}

/* Asked once per distinct character of a document: a look-up in each face is cheaper than
 * merging every face's character set up front (that merge cost 12 % of a render). */
bool sm_fonts_covers(const sm_fonts *fonts, uint32_t codepoint) {
    for (int i = 0; i < fonts->set->nfont; i++) {
        FcCharSet *cs = NULL;
        if (FcPatternGetCharSet(fonts->set->fonts[i], FC_CHARSET, 0, &cs) == FcResultMatch &&
            FcCharSetHasChar(cs, codepoint))
            return true;
    }
    return false;
}

static int compare_strings(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_set(const FcFontSet *set, FILE *out) {
    /* One line per file, families in the first language; sorted so output is stable. */
    int n = set->nfont;
    char **lines = sm_xmalloc(sizeof *lines * (size_t)(n ? n : 1));
    int count = 0;
    for (int i = 0; i < n; i++) {
        FcChar8 *file = NULL, *family = NULL, *style = NULL;
        int index = 0;
        FcPatternGetString(set->fonts[i], FC_FILE, 0, &file);
        FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &family);
        FcPatternGetString(set->fonts[i], FC_STYLE, 0, &style);
        FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index);
        /* The CJK collections hold one face per region; surimono uses the JP ones. */
        FcChar8 *lang_family = NULL;
        for (int k = 0;
             FcPatternGetString(set->fonts[i], FC_FAMILY, k, &lang_family) == FcResultMatch; k++)
            if (strstr((const char *)lang_family, " JP")) family = lang_family;
        if (!strstr((const char *)family, "JP") && strstr((const char *)family, "CJK")) continue;
        size_t len = strlen((const char *)file) + strlen((const char *)family) +
                     strlen((const char *)style) + 32;
        lines[count] = sm_xmalloc(len);
        snprintf(lines[count], len, "%s:%d\t%s\t%s", file, index, family, style);
        count++;
    }
    if (count > 1) qsort(lines, (size_t)count, sizeof *lines, compare_strings);
    for (int i = 0; i < count; i++)
        if (i == 0 || strcmp(lines[i], lines[i - 1]) != 0) fprintf(out, "%s\n", lines[i]);
    for (int i = 0; i < count; i++) free(lines[i]);
    free(lines);
}

void sm_fonts_list(const sm_fonts *fonts, FILE *out) { list_set(fonts->set, out); }

bool sm_fonts_list_file(const char *fonts_conf, FILE *out, sm_diags *diags) {
    FcFontSet *set = NULL;
    FcConfig *config = load_config(fonts_conf, diags, &set);
    if (!config) return false;
    list_set(set, out);
    FcConfigDestroy(config);
    return true;
}
