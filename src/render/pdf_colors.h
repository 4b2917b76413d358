/* pdf_colors.h: the palette pass over PDF content streams — RGB colour operators of the
 * design's colours become their exact CMYK inks, greys become K only, and the trim marks'
 * registration colour becomes /Separation /All. */
#ifndef SM_PDF_COLORS_H
#define SM_PDF_COLORS_H

#include "../base/utf8.h"
#include "../resolve/resolved.h"

#include <stdbool.h>
#include <stddef.h>

/* The colour-space resource name the rewritten registration colour refers to. */
#define SM_REGISTRATION_RESOURCE "SMRegistration"

/* Rewrites the colour operators (rg RG) of one content stream into out. Inks map exact
 * design colours (within half a step of 8 bits) to CMYK; a grey (R = G = B) becomes
 * K only; the registration sentinel becomes the separation. Sets *registration when the
 * stream now uses SM_REGISTRATION_RESOURCE. Strings, inline images and comments are
 * copied untouched. */
void sm_pdf_rewrite_colors(const unsigned char *data, size_t len, const sm_ink *inks,
                           size_t ink_count, sm_buf *out, bool *registration);

#endif
