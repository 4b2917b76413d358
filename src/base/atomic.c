/* atomic.c: write-to-temporary-then-rename, so a failed render never damages an old output. */
#include "atomic.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The mode a freshly created output gets before the umask (as cp or a compiler would). */
enum { SM_OUTPUT_MODE = 0644 };

static sm_pos sm_atomic_pos(const sm_atomic *file) { return (sm_pos){file->path, 0, 0}; }

/* Reads the umask without changing it: umask(2) can only be read by setting it, which
 * races with other threads creating files (pack renders in parallel). Linux 4.7+ shows it
 * in /proc/self/status; without /proc we fall back to the set-and-restore pair. */
static mode_t sm_read_umask(void) {
    FILE *status = fopen("/proc/self/status", "re");
    if (status) {
        char line[256];
        unsigned value;
        while (fgets(line, sizeof line, status)) {
            if (sscanf(line, "Umask: %o", &value) == 1) {
                fclose(status);
                return (mode_t)value;
            }
        }
        fclose(status);
    }
    mode_t mask = umask(022);
    umask(mask);
    return mask;
}

/* Read once: nothing in surimono changes it, and a batch writes thousands of files. */
static mode_t sm_current_umask(void) {
    static int known = -1;
    if (known < 0) known = (int)sm_read_umask();
    return (mode_t)known;
}

/* The folders whose renames a batch has not yet made durable (sm_atomic_batch_*). */
static struct {
    bool on;
    char **dirs;
    size_t count, capacity;
} sm_batch;

bool sm_atomic_open(sm_atomic *file, const char *path, sm_diags *diags, sm_arena *arena) {
    memset(file, 0, sizeof *file);
    file->fd = -1;
    file->diags = diags;
    file->path = sm_arena_strdup(arena, path);

    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    if (*name == '\0') {
        sm_error(diags, sm_atomic_pos(file), "cannot write '%s': the path names a directory", path);
        return false;
    }
    /* dir/.name.XXXXXX: hidden, so a half-written file is not mistaken for an output. */
    if (slash)
        file->temp = sm_arena_printf(arena, "%.*s/.%s.XXXXXX", (int)(slash - path), path, name);
    else
        file->temp = sm_arena_printf(arena, ".%s.XXXXXX", name);

    file->fd = mkstemp(file->temp);
    if (file->fd < 0) {
        int err = errno;
        sm_error(diags, sm_atomic_pos(file),
                 "cannot write '%s': cannot create a temporary file beside it: %s", path,
                 strerror(err));
        return false;
    }
    /* Child processes (none today) must not inherit an output they could keep open. */
    fcntl(file->fd, F_SETFD, FD_CLOEXEC);
    return true;
}

bool sm_atomic_write(sm_atomic *file, const void *data, size_t size) {
    if (file->write_errno) return false;
    const char *p = data;
    while (size > 0) {
        ssize_t n = write(file->fd, p, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            file->write_errno = errno;
            return false;
        }
        p += n;
        size -= (size_t)n;
    }
    return true;
}

static void sm_sync_folder(const char *dir) {
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    fsync(fd);
    close(fd);
}

/* Makes the rename itself durable — now, or in a batch at sm_atomic_batch_end, once per
 * folder. A failure here loses nothing already written, so it is not reported. */
static void sm_sync_directory(const char *path) {
    const char *slash = strrchr(path, '/');
    size_t len = !slash ? 1 : slash == path ? 1 : (size_t)(slash - path);
    char *dir = sm_xmalloc(len + 1);
    memcpy(dir, slash ? path : ".", len);
    dir[len] = '\0';
    if (!sm_batch.on) {
        sm_sync_folder(dir);
        free(dir);
        return;
    }
    /* The last folder first: a batch writes its files folder by folder. */
    for (size_t i = sm_batch.count; i-- > 0;)
        if (strcmp(sm_batch.dirs[i], dir) == 0) {
            free(dir);
            return;
        }
    if (sm_batch.count == sm_batch.capacity) {
        sm_batch.capacity = sm_batch.capacity ? 2 * sm_batch.capacity : 16;
        sm_batch.dirs = sm_xrealloc(sm_batch.dirs, sm_batch.capacity * sizeof *sm_batch.dirs);
    }
    sm_batch.dirs[sm_batch.count++] = dir;
}

void sm_atomic_batch_begin(void) { sm_batch.on = true; }

void sm_atomic_batch_end(void) {
    for (size_t i = 0; i < sm_batch.count; i++) {
        sm_sync_folder(sm_batch.dirs[i]);
        free(sm_batch.dirs[i]);
    }
    free(sm_batch.dirs);
    sm_batch.dirs = NULL;
    sm_batch.count = sm_batch.capacity = 0;
    sm_batch.on = false;
}

bool sm_atomic_finish(sm_atomic *file, bool keep) {
    if (file->fd < 0) return false;
    const char *step = NULL;
    int err = 0;

    if (file->write_errno) {
        step = "";
        err = file->write_errno;
    } else if (keep && fsync(file->fd) != 0) {
        step = "syncing it to disk failed: ";
        err = errno;
    } else if (keep && fchmod(file->fd, SM_OUTPUT_MODE & ~sm_current_umask()) != 0) {
        step = "setting its mode failed: ";
        err = errno;
    }
    /* close() can report a deferred write error (NFS), so it counts as a write. */
    if (close(file->fd) != 0 && !step && keep) {
        step = "";
        err = errno;
    }
    file->fd = -1;

    if (!step && keep && rename(file->temp, file->path) != 0) {
        step = "replacing it failed: ";
        err = errno;
    }
    if (step || !keep) {
        unlink(file->temp);
        if (step)
            sm_error(file->diags, sm_atomic_pos(file), "cannot write '%s': %s%s", file->path, step,
                     strerror(err));
        return false;
    }
    sm_sync_directory(file->path);
    return true;
}

bool sm_atomic_write_file(const char *path, const void *data, size_t size, sm_diags *diags) {
    sm_atomic file;
    if (!sm_atomic_open(&file, path, diags, diags->arena)) return false;
    sm_atomic_write(&file, data, size);
    return sm_atomic_finish(&file, true);
}

bool sm_atomic_is_temporary(const char *name) {
    /* mkstemp's six characters are letters and digits. */
    size_t n = strlen(name);
    if (n < 9 || name[0] != '.' || name[n - 7] != '.') return false;
    for (size_t i = n - 6; i < n; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
              (name[i] >= '0' && name[i] <= '9')))
            return false;
    return true;
}

size_t sm_atomic_sweep(const char *dir, int depth) {
    DIR *d = opendir(dir);
    if (!d) return 0;
    size_t removed = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        char *path = sm_xmalloc(len);
        snprintf(path, len, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode) && depth > 0)
                removed += sm_atomic_sweep(path, depth - 1);
            else if (S_ISREG(st.st_mode) && sm_atomic_is_temporary(e->d_name) && unlink(path) == 0)
                removed++;
        }
        free(path);
    }
    closedir(d);
    return removed;
}
