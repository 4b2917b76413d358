/* job.h: what the server asks a render worker, and what the worker answers — the one
 * encoding both sides share. A job is lines of "key\tvalue" ended by an empty line; an
 * answer is "OK\tLENGTH\tPAGES\n" and the file's bytes, or "ERR\tLENGTH\n" and the
 * problems as JSON ([{"file","line","col","severity","message"}]). */
#ifndef SM_SERVE_JOB_H
#define SM_SERVE_JOB_H

#include "../base/utf8.h"
#include "../surimono.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct sm_job {
    const char *definition;              /* absolute path of the definition */
    bool png;                            /* page 1 as PNG (the preview); else the whole PDF */
    double dpi;                          /* PNG only */
    const char *paper, *color, *profile; /* NULL: the definition's own */
    sm_edition edition;
    bool placeholders;       /* a required value not given shows its label (a preview) */
    const char *const *vars; /* "name=value", var_count of them */
    size_t var_count;
} sm_job;

/* Appends the job's text to out; false when a value holds a tab or a line break (the
 * server refuses such values before: a form's fields are one line). */
bool sm_job_encode(const sm_job *job, sm_buf *out);

/* Reads a job's text (NUL-terminated, modified in place); the strings point into it and
 * vars into `vars` (room for max). False when it is not a job. */
bool sm_job_decode(char *text, sm_job *job, const char **vars, size_t max);

/* Writes all of data to fd (a worker's socket), through interruptions; false when the other
 * side is gone. */
bool sm_job_write_all(int fd, const char *data, size_t len);

#endif
