/* path.c: the path policy — resolving, confining and opening what a run reads and writes. */
#include "path.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kind_of(mode_t mode) {
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a plain file";
}

const char *sm_path_status_text(sm_path_status status, const char *path, int err, char *buf,
                                size_t size) {
    switch (status) {
    case SM_PATH_OK: return "is fine";
    case SM_PATH_MISSING: return "does not exist";
    case SM_PATH_OUTSIDE_ROOT: return "is outside the project root";
    case SM_PATH_TOO_LARGE: return "is too large";
    case SM_PATH_NOT_REGULAR: {
        struct stat st;
        const char *kind = path && stat(path, &st) == 0 ? kind_of(st.st_mode) : "not a plain file";
        snprintf(buf, size, "is not a regular file (%s)", kind);
        return buf;
    }
    case SM_PATH_IO: break;
    }
    snprintf(buf, size, "cannot be read: %s", strerror(err ? err : EIO));
    return buf;
}

bool sm_path_inside(const char *real, const char *root) {
    if (strcmp(root, "/") == 0) return real[0] == '/';
    size_t n = strlen(root);
    return strncmp(real, root, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

sm_path_status sm_path_open_read(const char *path, const char *root, int *fd, char *real) {
    *fd = -1;
    char resolved[PATH_MAX];
    if (!realpath(path, resolved))
        return errno == ENOENT || errno == ENOTDIR ? SM_PATH_MISSING : SM_PATH_IO;
    if (root && !sm_path_inside(resolved, root)) return SM_PATH_OUTSIDE_ROOT;
    /* The resolved path is opened, not `path`: a symlink retargeted after the check above
     * cannot lead out of the root. O_NONBLOCK keeps a FIFO from blocking the open. */
    int f = open(resolved, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (f < 0) return errno == ENOENT ? SM_PATH_MISSING : SM_PATH_IO;
    struct stat st;
    if (fstat(f, &st) != 0 || !S_ISREG(st.st_mode)) {
        int saved = errno;
        close(f);
        errno = saved;
        return SM_PATH_NOT_REGULAR;
    }
    /* A regular file: reads never block, so the descriptor may block again. */
    int flags = fcntl(f, F_GETFL);
    if (flags >= 0) fcntl(f, F_SETFL, flags & ~O_NONBLOCK);
    if (real) memcpy(real, resolved, strlen(resolved) + 1);
    *fd = f;
    return SM_PATH_OK;
}

sm_path_status sm_path_read(const char *path, const char *root, size_t limit, sm_buf *out,
                            char *real) {
    int fd;
    sm_path_status status = sm_path_open_read(path, root, &fd, real);
    if (status != SM_PATH_OK) return status;
    struct stat st;
    if (fstat(fd, &st) == 0 && (unsigned long long)st.st_size > limit) {
        close(fd);
        return SM_PATH_TOO_LARGE;
    }
    /* Read straight into the buffer, sized by stat (plus a byte, to see the end without a
     * second grow). The size may change while reading (a file being saved): the limit holds
     * on what is read, not on what stat said. */
    size_t start = out->len;
    size_t expect = st.st_size > 0 ? (size_t)st.st_size : 0;
    for (;;) {
        size_t room = expect + 1 > out->len - start ? expect + 1 - (out->len - start) : 64 * 1024;
        sm_buf_reserve(out, room);
        ssize_t n = read(fd, out->data + out->len, room);
        if (n < 0) {
            if (errno == EINTR) continue;
            int saved = errno;
            close(fd);
            out->data[out->len] = '\0';
            errno = saved;
            return SM_PATH_IO;
        }
        if (n == 0) break;
        out->len += (size_t)n;
        out->data[out->len] = '\0';
        if (out->len - start > limit) {
            close(fd);
            return SM_PATH_TOO_LARGE;
        }
    }
    close(fd);
    if (!out->data) sm_buf_append(out, "", 0);
    return SM_PATH_OK;
}

const char *sm_path_check_name(const char *name) {
    if (!name || !*name) return "the name is empty";
    if (name[0] == '/') return "the name is an absolute path";
    for (const char *p = name; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 0)
            return "the name has an empty folder name (two '/' in a row, or an empty value)";
        if (n > NAME_MAX) return "a part of the name is longer than a file name may be";
        if (p[0] == '.') {
            if (n == 1 || (n == 2 && p[1] == '.')) return "the name contains '.' or '..'";
            return "a part of the name starts with '.' (a hidden file)";
        }
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
                return "the name contains a control character";
        p += n;
        if (*p == '/') {
            p++;
            if (!*p) return "the name ends with '/'";
        }
    }
    return NULL;
}

/* The folder part of path ("." when it has none), into buf. */
static void folder_of(const char *path, char *buf, size_t size) {
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(buf, size, ".");
        return;
    }
    if (slash == path) {
        snprintf(buf, size, "/");
        return;
    }
    snprintf(buf, size, "%.*s", (int)(slash - path), path);
}

const char *sm_path_check_output(const char *path, const char *out_dir, const char *const *inputs,
                                 size_t input_count) {
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return "the path names a directory";
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) return "the path names a directory";
        for (size_t i = 0; i < input_count; i++) {
            struct stat in;
            if (inputs[i] && stat(inputs[i], &in) == 0 && in.st_dev == st.st_dev &&
                in.st_ino == st.st_ino)
                return "it is one of the files the output is made from";
        }
    }
    if (!out_dir) return NULL;
    char folder[PATH_MAX], real[PATH_MAX];
    folder_of(path, folder, sizeof folder);
    if (!realpath(folder, real)) return "its folder does not exist";
    if (!sm_path_inside(real, out_dir)) return "it is outside the output folder";
    return NULL;
}
