/* zip.h: a ZIP archive in memory (PKWARE APPNOTE 6.3): files stored as they are — the
 * PDFs inside are compressed already — with UTF-8 names (flag bit 11) and one fixed time,
 * so the same files give the same archive. */
#ifndef SM_SERVE_ZIP_H
#define SM_SERVE_ZIP_H

#include "../base/utf8.h"

#include <stddef.h>

typedef struct sm_zip sm_zip;

sm_zip *sm_zip_new(void);
/* Adds a file (name: a relative path with '/', UTF-8). */
void sm_zip_add(sm_zip *zip, const char *name, const void *data, size_t size);
/* The archive, appended to out; frees zip. False when it would pass ZIP's 4 GiB or 65,535
 * files (no ZIP64 here: a school's set is megabytes). */
bool sm_zip_finish(sm_zip *zip, sm_buf *out);

#endif
