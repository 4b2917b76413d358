/* path.h: the one path policy — which files a run may read, and where it may write.
 *
 * Reading: a file named inside a definition (a theme, a picture, a pack entry, a data file)
 * must lie inside the project root after every symlink is resolved; a file named on the
 * command line may lie anywhere the user can read. Either way it must be a regular file:
 * a FIFO would block the run for ever, a device could be endless, a directory is a mistake.
 * Files are opened with O_NONBLOCK and checked again on the open descriptor, so a FIFO
 * swapped in between the check and the open cannot block either.
 *
 * Writing: an output goes inside the output folder when there is one (a pack build), never
 * over one of the files it is made from, and under a name without "..", absolute parts or
 * hidden components. */
#ifndef SM_PATH_H
#define SM_PATH_H

#include "utf8.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum sm_path_status {
    SM_PATH_OK,
    SM_PATH_MISSING,      /* it does not exist (or a folder on the way does not) */
    SM_PATH_OUTSIDE_ROOT, /* it resolves to a place outside the project root */
    SM_PATH_NOT_REGULAR,  /* a FIFO, a device, a socket or a directory */
    SM_PATH_TOO_LARGE,    /* larger than the reader's limit */
    SM_PATH_IO,           /* anything else; errno says what */
} sm_path_status;

/* Why a path was refused, as the end of a sentence: "does not exist", "is outside the
 * project root", "is not a regular file (a FIFO)"… `path` is the file it is about (for the
 * kind of a non-regular file), err the errno of SM_PATH_IO and SM_PATH_MISSING. */
const char *sm_path_status_text(sm_path_status status, const char *path, int err, char *buf,
                                size_t size);

/* True when real (an absolute, resolved path) is root itself or lies below it. */
bool sm_path_inside(const char *real, const char *root);

/* Opens path for reading under the policy: root is the project root as a real path, or NULL
 * for a file named on the command line. On SM_PATH_OK *fd is an open descriptor (O_CLOEXEC,
 * blocking again) and real, when not NULL, holds the resolved path (PATH_MAX bytes). On
 * failure *fd is -1 and errno is kept for SM_PATH_IO. */
sm_path_status sm_path_open_read(const char *path, const char *root, int *fd, char *real);

/* Reads the whole file under the policy into out (appended, NUL-terminated), refusing it
 * with SM_PATH_TOO_LARGE when it holds more than limit bytes. */
sm_path_status sm_path_read(const char *path, const char *root, size_t limit, sm_buf *out,
                            char *real);

/* Checks a relative output name made from a template or data (a pack's --name, a school's
 * folder): not empty, not absolute, no empty, "." or ".." component, no component starting
 * with '.', no control characters, each component at most NAME_MAX bytes. Returns NULL when
 * it is fine, else why not (static text). */
const char *sm_path_check_name(const char *name);

/* Checks that path may be written as an output: its folder, resolved, lies inside out_dir
 * (a real path; NULL: anywhere), path does not name a directory, and the file there — if
 * one exists — is none of the `input_count` inputs (compared by device and inode, so
 * another spelling or a hard link of an input is caught). Returns NULL when it may be
 * written, else why not (static text). */
const char *sm_path_check_output(const char *path, const char *out_dir, const char *const *inputs,
                                 size_t input_count);

#endif
