/* watch.c: `surimono watch` — the render again whenever the definition, its theme or one of
 * its pictures or data files is saved. GLib's file monitors watch the files' folders, not
 * the files: editors save by writing a new file and renaming it over the old one, which a
 * monitor on the file itself would lose. Events a moment apart (a save is several) count
 * once. */
#include "watch.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* How long events settle before the render: an editor's save is a burst of them. */
#define SM_WATCH_SETTLE_MS 30

typedef struct watcher {
    sm_watch_render render;
    void *ctx;
    GHashTable *files;    /* the paths the last render was made from */
    GHashTable *monitors; /* folder → its GFileMonitor */
    guint pending;        /* the settling timeout, 0 when none */
    GMainLoop *loop;
} watcher;

static void render_now(watcher *w);

static gboolean settled(gpointer data) {
    watcher *w = data;
    w->pending = 0;
    render_now(w);
    return G_SOURCE_REMOVE;
}

static bool watched(watcher *w, GFile *file) {
    if (!file) return false;
    char *path = g_file_get_path(file);
    bool hit = path && g_hash_table_contains(w->files, path);
    g_free(path);
    return hit;
}

static void changed(GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
                    gpointer data) {
    (void)monitor;
    watcher *w = data;
    if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED || event == G_FILE_MONITOR_EVENT_DELETED ||
        event == G_FILE_MONITOR_EVENT_MOVED_OUT || event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT)
        return;
    /* A rename over a watched file names it as `other`. */
    if (!watched(w, file) && !watched(w, other)) return;
    if (w->pending) g_source_remove(w->pending);
    w->pending = g_timeout_add(SM_WATCH_SETTLE_MS, settled, w);
}

static void watch_folder(watcher *w, const char *path) {
    char *folder = g_path_get_dirname(path);
    if (g_hash_table_contains(w->monitors, folder)) {
        g_free(folder);
        return;
    }
    GFile *dir = g_file_new_for_path(folder);
    GError *error = NULL;
    GFileMonitor *monitor = g_file_monitor_directory(dir, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
    g_object_unref(dir);
    if (!monitor) {
        fprintf(stderr, "surimono: cannot watch %s: %s\n", folder, error->message);
        g_error_free(error);
        g_free(folder);
        return;
    }
    g_signal_connect(monitor, "changed", G_CALLBACK(changed), w);
    g_hash_table_insert(w->monitors, folder, monitor);
}

static void render_now(watcher *w) {
    char **inputs = w->render(w->ctx);
    if (!inputs) return; /* nothing new learnt: keep watching what was */
    g_hash_table_remove_all(w->files);
    for (char **p = inputs; *p; p++) {
        char *real = realpath(*p, NULL);
        char *path = g_strdup(real ? real : *p);
        free(real);
        watch_folder(w, path);
        g_hash_table_add(w->files, path);
    }
    g_strfreev(inputs);
}

static gboolean stop(gpointer data) {
    g_main_loop_quit(data);
    return G_SOURCE_CONTINUE; /* removed once the loop has stopped */
}

int sm_watch(sm_watch_render render, void *ctx) {
    watcher w = {.render = render,
                 .ctx = ctx,
                 .files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
                 .monitors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref),
                 .loop = g_main_loop_new(NULL, FALSE)};
    render_now(&w);
    guint interrupt = g_unix_signal_add(SIGINT, stop, w.loop);
    guint terminate = g_unix_signal_add(SIGTERM, stop, w.loop);
    g_main_loop_run(w.loop);
    g_source_remove(interrupt);
    g_source_remove(terminate);
    if (w.pending) g_source_remove(w.pending);
    g_main_loop_unref(w.loop);
    g_hash_table_destroy(w.monitors);
    g_hash_table_destroy(w.files);
    return 0;
}
