/* job.c: a render job as text, written by the server and read by a worker (job.h). */
#include "job.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool put(sm_buf *out, const char *key, const char *value) {
    if (!value) return true;
    if (strpbrk(value, "\t\n\r")) return false;
    sm_buf_printf(out, "%s\t%s\n", key, value);
    return true;
}

bool sm_job_encode(const sm_job *job, sm_buf *out) {
    static const char *const editions[] = {"all", "question", "answer"};
    char dpi[32];
    snprintf(dpi, sizeof dpi, "%g", job->dpi);
    bool ok = put(out, "definition", job->definition) &&
              put(out, "format", job->png ? "png" : "pdf") && put(out, "dpi", dpi) &&
              put(out, "paper", job->paper) && put(out, "color", job->color) &&
              put(out, "profile", job->profile) && put(out, "edition", editions[job->edition]) &&
              put(out, "placeholders", job->placeholders ? "yes" : NULL);
    for (size_t i = 0; ok && i < job->var_count; i++) ok = put(out, "var", job->vars[i]);
    sm_buf_puts(out, "\n");
    return ok;
}

bool sm_job_decode(char *text, sm_job *job, const char **vars, size_t max) {
    *job = (sm_job){.dpi = 72, .vars = vars};
    for (char *line = text; line && *line && *line != '\n';) {
        char *end = strchr(line, '\n');
        if (!end) return false;
        *end = '\0';
        char *tab = strchr(line, '\t');
        if (!tab) return false;
        *tab = '\0';
        const char *key = line, *value = tab + 1;
        if (strcmp(key, "definition") == 0)
            job->definition = value;
        else if (strcmp(key, "format") == 0)
            job->png = strcmp(value, "png") == 0;
        else if (strcmp(key, "dpi") == 0)
            job->dpi = strtod(value, NULL);
        else if (strcmp(key, "paper") == 0)
            job->paper = value;
        else if (strcmp(key, "color") == 0)
            job->color = value;
        else if (strcmp(key, "profile") == 0)
            job->profile = value;
        else if (strcmp(key, "edition") == 0)
            job->edition = strcmp(value, "question") == 0 ? SM_EDITION_QUESTION
                           : strcmp(value, "answer") == 0 ? SM_EDITION_ANSWER
                                                          : SM_EDITION_ALL;
        else if (strcmp(key, "placeholders") == 0)
            job->placeholders = strcmp(value, "yes") == 0;
        else if (strcmp(key, "var") == 0 && job->var_count < max)
            vars[job->var_count++] = value;
        else
            return false;
        line = end + 1;
    }
    return job->definition != NULL;
}

bool sm_job_write_all(int fd, const char *data, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n, len -= (size_t)n;
    }
    return true;
}
