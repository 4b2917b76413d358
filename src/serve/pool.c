/* pool.c: render worker processes fed from a bounded queue (pool.h). Each worker process has
 * a thread here that hands it one job at a time and waits for the answer with a deadline;
 * results go back to the main loop, where the HTTP side lives. */
#include "pool.h"

#include "../base/limits.h"

#include <errno.h>
#include <glib.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

typedef struct task {
    sm_buf text; /* the encoded job; empty: stop */
    sm_pool_done done;
    void *data;
    sm_pool_result result;
    sm_pool *pool;
} task;

typedef struct worker {
    sm_pool *pool;
    GThread *thread;
    pid_t pid; /* 0: not running */
    int fd;
} worker;

struct sm_pool {
    char *exe, *fonts_conf;
    GAsyncQueue *tasks;
    gint busy; /* queued or running */
    worker *workers;
    int count;
    long long time_limit_ms;
};

static bool start_worker(worker *w) {
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) return false;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    /* dup2 onto 3 clears close-on-exec there: the worker keeps its end, nothing else. */
    posix_spawn_file_actions_adddup2(&actions, pair[1], 3);
    char *argv[] = {w->pool->exe, "serve-worker", w->pool->fonts_conf, NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, w->pool->exe, &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pair[1]);
    if (rc != 0) {
        close(pair[0]);
        return false;
    }
    w->pid = pid;
    w->fd = pair[0];
    return true;
}

static void stop_worker(worker *w, bool kill_it) {
    if (!w->pid) return;
    if (kill_it) kill(w->pid, SIGKILL);
    close(w->fd);
    while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR) {
    }
    w->pid = 0;
    w->fd = -1;
}

static long long now_ms(void) { return g_get_monotonic_time() / 1000; }

/* Reads exactly len bytes before the deadline; false on the end of the stream, an error or
 * the deadline (*late says which). */
static bool read_until(int fd, char *out, size_t len, long long deadline, bool *late) {
    while (len > 0) {
        long long left = deadline - now_ms();
        if (left <= 0) return *late = true, false;
        struct pollfd p = {fd, POLLIN, 0};
        int n = poll(&p, 1, (int)left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) continue; /* the deadline is checked above */
        ssize_t got = read(fd, out, len);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return false;
        out += got, len -= (size_t)got;
    }
    return true;
}

/* The answer's first line ("OK\tLEN\tPAGES" or "ERR\tLEN"), byte by byte: it is short. */
static bool read_head(int fd, char *line, size_t size, long long deadline, bool *late) {
    for (size_t n = 0; n + 1 < size; n++) {
        if (!read_until(fd, line + n, 1, deadline, late)) return false;
        if (line[n] == '\n') {
            line[n] = '\0';
            return true;
        }
    }
    return false;
}

/* One job on worker w: its answer in t->result, or the worker replaced. */
static void run_task(worker *w, task *t) {
    sm_pool_result *r = &t->result;
    /* A worker that died between two jobs (killed, out of memory) is replaced first: only
     * a job it was on may be lost. */
    struct pollfd hup = {w->fd, 0, 0};
    if (w->pid && (waitpid(w->pid, NULL, WNOHANG) == w->pid || (poll(&hup, 1, 0) == 1))) {
        close(w->fd);
        w->pid = 0;
        w->fd = -1;
    }
    if (!w->pid && !start_worker(w)) {
        r->failure = "描画用のプロセスを起動できませんでした。";
        return;
    }
    long long deadline = now_ms() + w->pool->time_limit_ms;
    char head[64];
    bool late = false;
    size_t length = 0;
    int pages = 0;
    bool ok = sm_job_write_all(w->fd, t->text.data, t->text.len) &&
              read_head(w->fd, head, sizeof head, deadline, &late);
    if (ok && sscanf(head, "OK\t%zu\t%d", &length, &pages) == 2)
        r->ok = true;
    else if (!ok || sscanf(head, "ERR\t%zu", &length) != 1)
        ok = false;
    ok = ok && length <= SM_SERVE_MAX_REPLY;
    if (ok) {
        sm_buf_reserve(&r->bytes, length);
        ok = read_until(w->fd, r->bytes.data, length, deadline, &late);
        r->bytes.len = ok ? length : 0;
        r->bytes.data[r->bytes.len] = '\0';
        r->pages = pages;
    }
    if (ok) return;
    /* Dead, hung or talking nonsense: replaced at once (loading its fonts while this answer
     * goes out), and only this request fails. */
    stop_worker(w, true);
    start_worker(w);
    r->ok = false;
    r->bytes.len = 0;
    r->failure = late ? "時間内に作成できませんでした。内容を短くするか、しばらくしてから"
                        "もう一度お試しください。"
                      : "作成中に問題が起きました。もう一度お試しください。";
}

static gboolean deliver(gpointer data) {
    task *t = data;
    t->done(&t->result, t->data);
    g_atomic_int_add(&t->pool->busy, -1);
    sm_buf_free(&t->text);
    sm_buf_free(&t->result.bytes);
    g_free(t);
    return G_SOURCE_REMOVE;
}

static gpointer worker_main(gpointer data) {
    worker *w = data;
    for (;;) {
        task *t = g_async_queue_pop(w->pool->tasks);
        if (t->text.len == 0) { /* stop */
            g_free(t);
            break;
        }
        run_task(w, t);
        g_main_context_invoke(NULL, deliver, t);
    }
    stop_worker(w, false);
    return NULL;
}

sm_pool *sm_pool_new(const char *exe, const char *fonts_conf, int workers, double seconds) {
    sm_pool *pool = g_new0(sm_pool, 1);
    pool->time_limit_ms = (long long)(seconds * 1000);
    if (pool->time_limit_ms < 1) pool->time_limit_ms = 1;
    pool->exe = g_strdup(exe);
    pool->fonts_conf = g_strdup(fonts_conf);
    pool->tasks = g_async_queue_new();
    pool->count = workers < 1 ? 1 : workers > SM_SERVE_MAX_WORKERS ? SM_SERVE_MAX_WORKERS : workers;
    pool->workers = g_new0(worker, pool->count);
    for (int i = 0; i < pool->count; i++) {
        worker *w = &pool->workers[i];
        *w = (worker){pool, NULL, 0, -1};
        /* Started now, so the first request does not wait for its fonts. */
        start_worker(w);
        w->thread = g_thread_new("surimono render", worker_main, w);
    }
    return pool;
}

bool sm_pool_submit(sm_pool *pool, const sm_job *job, sm_pool_done done, void *data) {
    if (g_atomic_int_get(&pool->busy) >= SM_SERVE_MAX_QUEUE + pool->count) return false;
    task *t = g_new0(task, 1);
    if (!sm_job_encode(job, &t->text)) {
        sm_buf_free(&t->text);
        g_free(t);
        return false;
    }
    t->done = done, t->data = data, t->pool = pool;
    g_atomic_int_inc(&pool->busy);
    g_async_queue_push(pool->tasks, t);
    return true;
}

int sm_pool_size(const sm_pool *pool) { return pool->count; }

int sm_pool_busy(const sm_pool *pool) { return g_atomic_int_get(&((sm_pool *)pool)->busy); }

void sm_pool_free(sm_pool *pool) {
    for (int i = 0; i < pool->count; i++) g_async_queue_push(pool->tasks, g_new0(task, 1));
    for (int i = 0; i < pool->count; i++) g_thread_join(pool->workers[i].thread);
    g_async_queue_unref(pool->tasks);
    g_free(pool->workers);
    g_free(pool->exe);
    g_free(pool->fonts_conf);
    g_free(pool);
}
