/* atomic.h: writing an output file through a temporary file renamed over the target. */
#ifndef SM_ATOMIC_H
#define SM_ATOMIC_H

#include "arena.h"
#include "diag.h"

#include <stdbool.h>
#include <stddef.h>

/* One output file being written. The temporary file sits in the target's directory so the
 * final rename(2) stays on one filesystem and is atomic: readers see the old file or the
 * new one, never half of one. */
typedef struct sm_atomic {
    const char *path; /* the target, copied into the arena (diagnostics point at it) */
    char *temp;       /* dir/.name.XXXXXX, arena-owned */
    int fd;           /* -1 once closed */
    int write_errno;  /* the first write error, 0 when every write succeeded */
    sm_diags *diags;
} sm_atomic;

/* Creates the temporary file for `path`. Returns false and records an error at {path,0,0}
 * when it cannot be created; the existing target is never touched. */
bool sm_atomic_open(sm_atomic *file, const char *path, sm_diags *diags, sm_arena *arena);

/* Appends bytes to the temporary file. After the first failure it only returns false
 * (write_errno keeps the reason, reported by sm_atomic_finish). */
bool sm_atomic_write(sm_atomic *file, const void *data, size_t size);

/* Ends the file. With keep true and no write error, syncs the data, sets the mode a new
 * file gets (0644 less the umask) and renames it over the target; otherwise, or on any
 * failure on the way, removes the temporary file and leaves the target as it was.
 * Returns true when the target was replaced. Records an error for every failure it sees
 * itself (write, sync, rename); when keep is false because of the caller's own error and
 * write_errno is 0, the caller reports that error. Safe to call once per open. */
bool sm_atomic_finish(sm_atomic *file, bool keep);

/* Writes a whole buffer to path in one go through the functions above. On failure records
 * the error at {path} in diags and returns false; the target is left as it was. */
bool sm_atomic_write_file(const char *path, const void *data, size_t size, sm_diags *diags);

/* A batch of files: each is still synced before its rename (no torn file, ever), but the
 * folders the renames changed are synced once each at the end of the batch, not once per
 * file — a per-school build writes thousands of files into a few folders. Until the end, a
 * power loss may undo a rename (the old file, or none, is back), never tear a file. */
void sm_atomic_batch_begin(void);
void sm_atomic_batch_end(void);

/* True when name looks like one of this writer's temporary files: ".NAME.XXXXXX". */
bool sm_atomic_is_temporary(const char *name);

/* Removes the temporary files an interrupted writer left (kill -9, power loss) in dir and
 * its subfolders, `depth` levels deep; symlinks are not followed. Only for a folder no other
 * writer is using (the pack holds a lock on its output folder). Returns how many it removed. */
size_t sm_atomic_sweep(const char *dir, int depth);

#endif
