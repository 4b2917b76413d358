/* pdf_finish.h: the PDF post-pass over what cairo wrote (page boxes, trailer, palette). */
#ifndef SM_PDF_FINISH_H
#define SM_PDF_FINISH_H

#include "../base/utf8.h"
#include "../layout/box.h"

#include <stdbool.h>
#include <stddef.h>

/* Reads the PDF in[0..in_len), sets every page's TrimBox and BleedBox, the /Info dates
 * (D: prefix), /Trapped and the profile, /Lang, DisplayDocTitle and the figures' /Alt,
 * rewrites colours to CMYK in shop profiles, and appends the new file to out with a
 * deterministic /ID. Returns false when qpdf fails, with the error recorded in diags about
 * the file `path` being written. */
bool sm_pdf_finish(const struct sm_pages *pages, const unsigned char *in, size_t in_len,
                   sm_buf *out, sm_diags *diags, const char *path);

/* A page's TrimBox and BleedBox as PDF arrays ("[x0 y0 x1 y1]", points from the bottom
 * left), for both post-passes. */
enum { SM_PDF_BOX_TEXT = 160 };
void sm_pdf_page_boxes(const sm_page *page, char trim[SM_PDF_BOX_TEXT],
                       char bleed[SM_PDF_BOX_TEXT]);

/* Formats seconds since the epoch as a PDF date in UTC ("D:YYYYMMDDHHmmSSZ"). */
void sm_pdf_date(long long seconds, char *out, size_t size);

#endif
