/* combine.h: joins finished PDFs into the material pack's one file, with an outline entry and
 * page labels per document. */
#ifndef SM_COMBINE_H
#define SM_COMBINE_H

#include "../base/diag.h"
#include "../base/limits.h"

#include <stdbool.h>
#include <stddef.h>

/* Its limits (SM_COMBINE_MAX_*) are in base/limits.h. */

/* The last date a PDF date can spell (D:YYYY... has four digits of year):
 * 9999-12-31T23:59:59Z, in seconds since the epoch. */
#define SM_COMBINE_MAX_DATE 253402300799LL

/* One document of the pack. */
typedef struct sm_combine_item {
    const char *path;  /* a finished PDF */
    const char *title; /* outline entry text (UTF-8); NULL or "" uses the file's base name */
    const char *label; /* page label prefix (UTF-8), e.g. "poster-A3-"; pages are numbered 1..
                          within it; NULL or "" gives plain numbers */
    const char *group; /* consecutive items of one group share a parent outline entry with
                          this text (a material and its variants); NULL: the item stands alone */
} sm_combine_item;

/* Writes out_path joining the pages of items[0..count) in order, each page as it was
 * (content, resources, annotations, MediaBox/TrimBox/BleedBox/Rotate, also when inherited in
 * the input). The catalogue gets one outline entry per item, in order, pointing at the item's
 * first page (/Fit) — under a parent entry per run of items of one group — /PageMode /UseOutlines,
 * /PageLabels starting a decimal range with the item's prefix at the item's first page, /Lang (ja)
 * and DisplayDocTitle; /Info holds pack_title (UTF-8, required) as /Title and, only when date >= 0
 * (seconds since the epoch, at most SM_COMBINE_MAX_DATE), /CreationDate and /ModDate as
 * D:YYYYMMDDHHmmSSZ. The /ID is a hash of the content: the same inputs, title and date give a
 * byte-identical file.
 *
 * Dropped from the inputs: their catalogues (structure trees with /MarkInfo, outlines, named
 * destinations, output intents, metadata) and /Info; the pages' /StructParents and their
 * annotations' /StructParent, which would point into a structure tree that is not there.
 * Merging the structure trees (parent trees renumbered, one Document root) is left for when
 * the pack must be accessible as one file; the single documents stay tagged.
 *
 * The file is written atomically: a temporary file beside out_path, synced, then renamed
 * over it. Returns true when out_path was replaced. Returns false, with one error recorded
 * in diags (about out_path, as a whole file), when an argument is unusable (no item, no pack title,
 * invalid UTF-8, a limit passed), an input cannot be read or has no pages (the message names the
 * file), or qpdf or the file system fails; then no file is created and an existing out_path is left
 * as it was. */
bool sm_pack_combine(const char *out_path, const char *pack_title, long long date,
                     const sm_combine_item *items, size_t count, sm_diags *diags);

/* The same, one document at a time, so that a build can copy the documents that are ready
 * while others are still being rendered. sm_combine_begin checks the pack's arguments;
 * sm_combine_add copies the next document's pages (the item's strings are copied); after
 * the first error every call returns false and records nothing more. sm_combine_finish
 * writes out_path as sm_pack_combine does and frees the combine; sm_combine_free abandons
 * it, writing nothing. Nothing is written before sm_combine_finish. */
typedef struct sm_combine sm_combine;
sm_combine *sm_combine_begin(const char *out_path, const char *pack_title, long long date,
                             sm_diags *diags);
bool sm_combine_add(sm_combine *c, const sm_combine_item *item);
bool sm_combine_finish(sm_combine *c);
void sm_combine_free(sm_combine *c);

#endif
