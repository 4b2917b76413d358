/* fonts.h: the private font set — fontconfig config, Pango font map and context. */
#ifndef SM_FONTS_H
#define SM_FONTS_H

#include "../surimono.h"

#include <fontconfig/fontconfig.h>
#include <pango/pango.h>

struct sm_fonts {
    FcConfig *config;
    PangoFontMap *map;
    PangoContext *context;  /* 72 dpi, no hinting, language ja: points in, points out */
    PangoContext *vertical; /* the same, for vertical-rl: its frame turned 90° clockwise */
    FcFontSet *set;         /* the fonts of the config, for listing and family checks */
};

/* A context on map as text is set for print: 72 dpi (points in, points out), unhinted
 * outlines and metrics, unrounded positions, language ja. Every text drawn with these
 * options shares its font's face, so the PDF embeds each font's glyphs in one subset. */
PangoContext *sm_print_context(PangoFontMap *map);

/* True when family names a font of the set (any of its localized names). */
bool sm_fonts_has_family(const sm_fonts *fonts, const char *family);
/* True when some font of the set has the character. */
bool sm_fonts_covers(const sm_fonts *fonts, uint32_t codepoint);

#endif
