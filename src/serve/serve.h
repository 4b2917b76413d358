/* serve.h: `surimono serve` — the project's materials as a local web form for office
 * staff: pick a material, fill in the school, see the preview, download the PDF — on the
 * same engine as `build`, with its renders in a bounded pool of worker processes. */
#ifndef SM_SERVE_H
#define SM_SERVE_H

#include "../surimono.h"

typedef struct sm_serve_options {
    const char *root;  /* the project */
    const char *host;  /* an IP address; 127.0.0.1 unless told */
    int port;          /* 0: any free port (the address line says which) */
    int workers;       /* render processes */
    double time_limit; /* seconds a render may take (SM_SERVE_RENDER_SECONDS) */
    const char *fonts_conf;
    const char *exe; /* this program, run as `exe serve-worker FONTS_CONF` for each worker */
} sm_serve_options;

/* Serves until SIGINT or SIGTERM; prints its address on stdout when it listens. Returns an
 * exit code (SM_EXIT_*). */
int sm_serve(const sm_serve_options *o);

/* A render worker's life (pool.h): jobs from fd, answers to it, until it closes. */
int sm_serve_worker(const char *fonts_conf, int fd);

#endif
