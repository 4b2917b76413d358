/* file_hashes.c: the SHA-256 of the files a build reads and writes, each hashed at most once
 * per build and not at all while it is unchanged since the last build.
 *
 * "Unchanged" is the file's size, inode and modification time (nanoseconds) as recorded.
 * The kernel stamps files from a coarse clock (one tick, up to 10 ms): a file rewritten in
 * the same tick as the recorded stamp, with the same size, would look unchanged. So a saved
 * entry is trusted only when its hash was taken well after that stamp (as git does with its
 * "racily clean" entries); the others are hashed again by the next build. */
#include "file_hashes.h"

#include "../base/atomic.h"
#include "../base/limits.h"
#include "../base/path.h"

#include <errno.h>
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* How long after its modification a file must have been hashed for its saved hash to be
 * trusted: more than any kernel's timestamp tick. */
#define SM_RACY_MARGIN_NS 50000000LL

typedef struct entry {
    long long size, inode, mtime_ns; /* the file when it was hashed */
    long long hashed_ns;             /* when it was hashed (wall clock) */
    char sha[65];
} entry;

struct sm_file_hashes {
    GHashTable *entries; /* path → entry */
    bool changed;        /* a file was hashed: the saved table is out of date */
};

static long long stamp_ns(const struct timespec *t) {
    return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return stamp_ns(&t);
}

/* Streamed, through the path policy: a FIFO planted under the name of an input or an
 * output must not block the build. */
static bool sha256_file(const char *path, char out[65], struct stat *st) {
    int fd;
    if (sm_path_open_read(path, NULL, &fd, NULL) != SM_PATH_OK) return false;
    bool ok = fstat(fd, st) == 0;
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    unsigned char chunk[64 * 1024];
    ssize_t n = 0;
    while (ok && (n = read(fd, chunk, sizeof chunk)) != 0) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        g_checksum_update(sum, chunk, (gssize)n);
    }
    close(fd);
    ok = ok && n == 0;
    if (ok) snprintf(out, 65, "%s", g_checksum_get_string(sum));
    g_checksum_free(sum);
    return ok;
}

static bool same_file(const entry *e, const struct stat *st) {
    return e->size == (long long)st->st_size && e->inode == (long long)st->st_ino &&
           e->mtime_ns == stamp_ns(&st->st_mtim);
}

static bool is_hex64(const char *s) {
    size_t n = 0;
    for (; s[n]; n++)
        if (!g_ascii_isxdigit(s[n]) || g_ascii_isupper(s[n])) return false;
    return n == 64;
}

/* One line per file: size, inode, mtime_ns, hashed_ns, sha256, path — tab-separated. */
static void load(sm_file_hashes *h, const char *saved) {
    sm_buf text = {0};
    if (sm_path_read(saved, NULL, SM_MANIFEST_MAX_FILE, &text, NULL) != SM_PATH_OK) {
        sm_buf_free(&text);
        return;
    }
    for (char *line = text.data, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        entry e;
        char *fields[6];
        int n = 0;
        for (char *f = line; n < 6 && f; n++) {
            fields[n] = f;
            f = n < 5 ? strchr(f, '\t') : NULL;
            if (f) *f++ = '\0';
        }
        if (n != 6 || fields[5][0] != '/' || !is_hex64(fields[4])) continue;
        if (sscanf(fields[0], "%lld", &e.size) != 1 || sscanf(fields[1], "%lld", &e.inode) != 1 ||
            sscanf(fields[2], "%lld", &e.mtime_ns) != 1 ||
            sscanf(fields[3], "%lld", &e.hashed_ns) != 1)
            continue;
        if (e.hashed_ns - e.mtime_ns < SM_RACY_MARGIN_NS) continue; /* racily clean */
        memcpy(e.sha, fields[4], sizeof e.sha);
        g_hash_table_replace(h->entries, g_strdup(fields[5]), g_memdup2(&e, sizeof e));
    }
    sm_buf_free(&text);
}

sm_file_hashes *sm_file_hashes_new(const char *saved) {
    sm_file_hashes *h = g_new0(sm_file_hashes, 1);
    h->entries = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if (saved) load(h, saved);
    return h;
}

void sm_file_hashes_free(sm_file_hashes *h) {
    if (!h) return;
    g_hash_table_destroy(h->entries);
    g_free(h);
}

bool sm_file_hash(sm_file_hashes *h, const char *path, char out[65]) {
    struct stat st;
    entry *known = g_hash_table_lookup(h->entries, path);
    if (known && stat(path, &st) == 0 && S_ISREG(st.st_mode) && same_file(known, &st)) {
        memcpy(out, known->sha, 65);
        return true;
    }
    long long hashed = now_ns();
    h->changed = true;
    if (!sha256_file(path, out, &st)) {
        g_hash_table_remove(h->entries, path);
        return false;
    }
    entry e = {(long long)st.st_size, (long long)st.st_ino, stamp_ns(&st.st_mtim), hashed, ""};
    memcpy(e.sha, out, sizeof e.sha);
    g_hash_table_replace(h->entries, g_strdup(path), g_memdup2(&e, sizeof e));
    return true;
}

static int by_path(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bool sm_file_hashes_save(const sm_file_hashes *h, const char *path, sm_diags *diags) {
    if (!h->changed && access(path, F_OK) == 0) return true;
    /* Sorted, so the same table gives the same file. */
    guint n = 0;
    char **paths = (char **)g_hash_table_get_keys_as_array(h->entries, &n);
    qsort(paths, n, sizeof *paths, by_path);
    GString *text = g_string_new(NULL);
    for (guint i = 0; i < n; i++) {
        const entry *e = g_hash_table_lookup(h->entries, paths[i]);
        if (access(paths[i], F_OK) != 0 || strchr(paths[i], '\n') || strchr(paths[i], '\t'))
            continue;
        g_string_append_printf(text, "%lld\t%lld\t%lld\t%lld\t%s\t%s\n", e->size, e->inode,
                               e->mtime_ns, e->hashed_ns, e->sha, paths[i]);
    }
    g_free(paths);
    bool ok = sm_atomic_write_file(path, text->str, text->len, diags);
    g_string_free(text, TRUE);
    return ok;
}
