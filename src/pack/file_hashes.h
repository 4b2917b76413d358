/* file_hashes.h: the SHA-256 of the files a build reads and writes — each file read and
 * hashed at most once per build, and not at all when its size, inode and modification time
 * are those the last build recorded. */
#ifndef SM_FILE_HASHES_H
#define SM_FILE_HASHES_H

#include "../base/diag.h"

#include <stdbool.h>

typedef struct sm_file_hashes sm_file_hashes;

/* An empty table; with saved (a path), the entries a previous build saved there, those a
 * later change could hide from a stat excepted (see file_hashes.c). A file that cannot be
 * read is an empty table. */
sm_file_hashes *sm_file_hashes_new(const char *saved);
void sm_file_hashes_free(sm_file_hashes *hashes);

/* The file's SHA-256 as 64 hex digits, from the table while the file's size, inode and
 * modification time are unchanged; read and hashed otherwise (through the path policy, so a
 * FIFO under an input's name does not block). False when it cannot be read. */
bool sm_file_hash(sm_file_hashes *hashes, const char *path, char out[65]);

/* Writes the table to path atomically (the entries of files that still exist), unless
 * nothing was hashed since it was read from there. */
bool sm_file_hashes_save(const sm_file_hashes *hashes, const char *path, sm_diags *diags);

#endif
