/* pdf_source.h: a PDF in the plain form cairo and surimono write — its objects found through
 * the cross-reference table, read as byte ranges, and its pages in order — as the office
 * post-pass edits it (render/pdf_patch.c) and the pack copies from it (pack/combine.c). Only
 * that form is read: one classic xref table, no object streams, no update sections, no
 * encryption, every page carrying its own MediaBox and Resources. Anything else is refused,
 * and the callers have qpdf do the work instead. */
#ifndef SM_PDF_SOURCE_H
#define SM_PDF_SOURCE_H

#include "pdf_lex.h"

#include <stdbool.h>
#include <stddef.h>

/* Where one object lies in the file. */
typedef struct sm_pdf_object {
    size_t start, end; /* its value: a dictionary, array, number… */
    bool stream;       /* then the value is the stream's dictionary, and: */
    size_t data, size; /* its data as stored (still compressed) */
} sm_pdf_object;

typedef struct sm_pdf_source {
    const unsigned char *bytes;
    size_t length;
    size_t *offsets; /* by object number: where "N G obj" starts; 0 for none */
    size_t count;    /* object numbers 0 .. count-1 */
    long *pages;     /* the pages' object numbers, in order */
    size_t page_count;
    int version;          /* the header's minor version: 5 for %PDF-1.5 */
    long root, info;      /* the trailer's /Root and /Info (-1 when it has none) */
    size_t trailer, xref; /* where the trailer's dictionary starts; where the table does */
} sm_pdf_source;

/* Reads the cross-reference table and the page tree of bytes (which must outlive the source).
 * False when they are not in the plain form (the source is then empty, nothing to close). */
bool sm_pdf_source_open(sm_pdf_source *s, const unsigned char *bytes, size_t length);
void sm_pdf_source_close(sm_pdf_source *s);

/* Finds object `number`; false when it is not there or not well formed. */
bool sm_pdf_source_object(const sm_pdf_source *s, long number, sm_pdf_object *out);

/* The value of key (without its slash) in the dictionary at bytes[start, end); false when the
 * dictionary has no such key. */
bool sm_pdf_dict_get(const sm_pdf_source *s, size_t start, size_t end, const char *key,
                     size_t *value_start, size_t *value_end);

/* Reads the rest of the value that starts with `first` (a dictionary entry's: a reference
 * "N G R" is one value of three tokens); returns where it ends in the lexer's data, 0 when
 * it is not well formed. */
size_t sm_pdf_entry_end(sm_pdf_lexer *lex, sm_pdf_token first);

/* The object number when bytes[start, end) is a reference "N G R", else -1. */
long sm_pdf_reference(const sm_pdf_source *s, size_t start, size_t end);

#endif
