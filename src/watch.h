/* watch.h: re-rendering whenever an input is saved (surimono watch). */
#ifndef SM_WATCH_H
#define SM_WATCH_H

/* Renders once and returns the files the result was made from (NULL-terminated, to be
 * freed with g_strfreev), to be watched from then on; NULL keeps the files watched. */
typedef char **(*sm_watch_render)(void *ctx);

/* Calls render now and again whenever one of the files it returned is saved (changes a
 * moment apart count once), until SIGINT or SIGTERM; returns the exit code (0). */
int sm_watch(sm_watch_render render, void *ctx);

#endif
