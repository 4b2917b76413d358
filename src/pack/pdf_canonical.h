/* pdf_canonical.h: one spelling of a PDF value, so the pack can tell two copies of an object
 * apart from two objects whatever program wrote them (pdf_canonical.c). */
#ifndef SM_PDF_CANONICAL_H
#define SM_PDF_CANONICAL_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/* Appends the value in text[0, length) to out in its canonical spelling: one space between
 * tokens, a dictionary's keys sorted, strings as the hex of their bytes, names with their
 * #xx undone, numbers as written (as both cairo and qpdf keep them). Two values spelled
 * the same here are the same PDF value. False when the text is not one well-formed value. */
bool sm_pdf_canonical(const char *text, size_t length, GString *out);

#endif
