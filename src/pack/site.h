/* site.h: the downloads catalogue — one static index.html that shows each material of a
 * pack as a card (thumbnail, title, PDFs with size and page count, text version) for schools
 * to browse and print from, online or from a folder (file://). */
#ifndef SM_SITE_H
#define SM_SITE_H

#include "../base/diag.h"
#include "phrase_memo.h"

#include <stdbool.h>
#include <stddef.h>

/* One downloadable output of a material. */
typedef struct sm_site_file {
    const char *href;  /* relative to dir, e.g. "confidential-documents-A3.pdf" */
    const char *label; /* e.g. "A3 カラー（掲示用）" */
    long long bytes;   /* file size; negative: unknown (not shown) */
    int pages;         /* page count; 0 or less: unknown (not shown) */
} sm_site_file;

/* One material card. Strings are UTF-8; hrefs are relative URLs (a space or another
 * character URLs do not allow is percent-encoded on output). */
typedef struct sm_site_item {
    const char *id; /* stable, e.g. "checksheet-staffroom": the card's #anchor */
    const char *title;
    const char *kind;      /* "poster", "checksheet", "page" (shown in Japanese); or NULL */
    const char *thumbnail; /* relative href of a PNG of page 1, e.g. "site/thumbs/x.png"; or NULL */
    const char *thumbnail_alt;
    const char *text_version; /* relative href of the HTML text version; or NULL */
    const sm_site_file *files;
    size_t file_count;
    const char *answer_id; /* for a question sheet: the id of its answer sheet's card; or NULL */
} sm_site_item;

/* Writes dir/index.html atomically (a temporary file beside it, renamed when complete): a
 * page in Japanese (lang="ja") titled pack_title, with one card per item in the order
 * given: the thumbnail <img> with its alt and its pixel width/height (read from the PNG
 * under dir when it is there, else the proportions of A4 portrait), the title, a link to
 * each file with its size ("85 KB", "1.2 MB") and page count, a link to the text version,
 * and for a question sheet a link to its answer sheet's card (#id) and back; above the
 * cards, how many materials there are (a question and its answer sheet are one) and, when
 * whole is not NULL, a link to the file with all of them (pack.pdf). Titles carry <wbr> at
 * their phrase boundaries, so a narrow screen breaks them between phrases (found through
 * memo when it is not NULL, so a build whose titles did not change need not load MeCab;
 * then the caller saves the memo). No script, no
 * external resource; the same items give the same bytes.
 * Returns false, with the error recorded in diags (about dir/index.html as a whole), when
 * an item is invalid (no id or title, an id repeated or not usable as an anchor, an
 * answer_id naming no card) or the file cannot be written; the old index is then kept. */
bool sm_site_write_index(const char *dir, const char *pack_title, const sm_site_item *items,
                         size_t count, const sm_site_file *whole, sm_phrase_memo *memo,
                         sm_diags *diags);

/* Formats a file size the way the catalogue shows it: "0 KB" … "1023 KB" (KiB, rounded,
 * at least 1 KB for a non-empty file), "1.2 MB" … "9.9 MB", then "10 MB", "250 MB" (MiB);
 * "1.5 GB" past 1024 MB. Writes at most size bytes to buf (NUL-terminated). */
void sm_site_format_size(long long bytes, char *buf, size_t size);

#endif
