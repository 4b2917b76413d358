/* zip.c: a stored ZIP archive in memory (zip.h). */
#include "zip.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

typedef struct entry {
    char *name;
    uint32_t crc, size, offset;
} entry;

struct sm_zip {
    sm_buf data; /* the local headers and files so far */
    GArray *entries;
    bool too_big;
};

/* 1980-01-01 00:00, the first time ZIP can say: no clock in the archive. */
enum { DOS_TIME = 0, DOS_DATE = (0 << 9) | (1 << 5) | 1 };

static void u16(sm_buf *b, unsigned v) {
    char c[2] = {(char)(v & 0xff), (char)(v >> 8 & 0xff)};
    sm_buf_append(b, c, 2);
}

static void u32(sm_buf *b, uint32_t v) {
    u16(b, v & 0xffff);
    u16(b, v >> 16);
}

sm_zip *sm_zip_new(void) {
    sm_zip *zip = g_new0(sm_zip, 1);
    zip->entries = g_array_new(FALSE, FALSE, sizeof(entry));
    return zip;
}

void sm_zip_add(sm_zip *zip, const char *name, const void *data, size_t size) {
    if (zip->data.len + size + strlen(name) + 30 > UINT32_MAX || zip->entries->len >= 65535 ||
        strlen(name) > 65535) {
        zip->too_big = true;
        return;
    }
    entry e = {g_strdup(name), (uint32_t)crc32(0, data, (uInt)size), (uint32_t)size,
               (uint32_t)zip->data.len};
    sm_buf *b = &zip->data;
    u32(b, 0x04034b50); /* local file header */
    u16(b, 20);         /* version needed: 2.0 */
    u16(b, 1 << 11);    /* the name is UTF-8 */
    u16(b, 0);          /* stored */
    u16(b, DOS_TIME);
    u16(b, DOS_DATE);
    u32(b, e.crc);
    u32(b, e.size);
    u32(b, e.size);
    u16(b, (unsigned)strlen(name));
    u16(b, 0);
    sm_buf_append(b, name, strlen(name));
    sm_buf_append(b, data, size);
    g_array_append_val(zip->entries, e);
}

bool sm_zip_finish(sm_zip *zip, sm_buf *out) {
    bool ok = !zip->too_big;
    sm_buf *b = &zip->data;
    size_t directory = b->len;
    for (guint i = 0; i < zip->entries->len; i++) {
        const entry *e = &g_array_index(zip->entries, entry, i);
        u32(b, 0x02014b50); /* central directory header */
        u16(b, 0x0314);     /* made by: UNIX, 2.0 */
        u16(b, 20);
        u16(b, 1 << 11);
        u16(b, 0);
        u16(b, DOS_TIME);
        u16(b, DOS_DATE);
        u32(b, e->crc);
        u32(b, e->size);
        u32(b, e->size);
        u16(b, (unsigned)strlen(e->name));
        u16(b, 0);              /* extra */
        u16(b, 0);              /* comment */
        u16(b, 0);              /* disk */
        u16(b, 0);              /* internal attributes */
        u32(b, 0100644u << 16); /* external: a regular file, rw-r--r-- */
        u32(b, e->offset);
        sm_buf_append(b, e->name, strlen(e->name));
        g_free(e->name);
    }
    size_t end = b->len;
    u32(b, 0x06054b50); /* end of central directory */
    u16(b, 0);
    u16(b, 0);
    u16(b, zip->entries->len);
    u16(b, zip->entries->len);
    u32(b, (uint32_t)(end - directory));
    u32(b, (uint32_t)directory);
    u16(b, 0);
    ok = ok && b->len <= UINT32_MAX;
    if (ok) sm_buf_append(out, b->data, b->len);
    sm_buf_free(b);
    g_array_free(zip->entries, TRUE);
    g_free(zip);
    return ok;
}
