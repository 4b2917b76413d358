/* test_path.c: the path policy — what may be read (regular files, inside the root) and where
 * an output may go (inside the output folder, never over an input), and the atomic writer's
 * sweep of temporaries an interrupted run left. */
#include "base/atomic.h"
#include "base/path.h"
#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[PATH_MAX];

static void make_file(const char *name, const char *text) {
    char path[PATH_MAX * 2];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static const char *at(const char *name) {
    static char paths[4][PATH_MAX * 2];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, PATH_MAX * 2, "%s/%s", dir, name);
    return p;
}

static void test_read(void) {
    char root[PATH_MAX * 2];
    snprintf(root, sizeof root, "%s/root", dir);
    mkdir(root, 0700);
    mkdir(at("root/sub"), 0700);
    mkdir(at("outside"), 0700);
    make_file("root/a.txt", "hello");
    make_file("outside/secret.txt", "secret");
    symlink("../outside/secret.txt", at("root/link.txt"));
    symlink("a.txt", at("root/inner-link.txt"));
    mkfifo(at("root/fifo.yaml"), 0600);

    sm_buf buf = {0};
    char real[PATH_MAX];
    CHECK_INT(sm_path_read(at("root/a.txt"), root, 100, &buf, real), SM_PATH_OK);
    CHECK_STR(buf.data, "hello");
    CHECK_STR(real, at("root/a.txt"));
    sm_buf_free(&buf);

    /* A link inside the root to a file inside it is fine; one leading out is refused. */
    CHECK_INT(sm_path_read(at("root/inner-link.txt"), root, 100, &buf, NULL), SM_PATH_OK);
    sm_buf_free(&buf);
    CHECK_INT(sm_path_read(at("root/link.txt"), root, 100, &buf, NULL), SM_PATH_OUTSIDE_ROOT);
    CHECK_INT(sm_path_read(at("root/../outside/secret.txt"), root, 100, &buf, NULL),
              SM_PATH_OUTSIDE_ROOT);
    /* Named on the command line (no root), the same file may be read. */
    CHECK_INT(sm_path_read(at("root/link.txt"), NULL, 100, &buf, NULL), SM_PATH_OK);
    sm_buf_free(&buf);

    /* A FIFO returns at once, refused: nothing blocks. So do a directory and a device. */
    CHECK_INT(sm_path_read(at("root/fifo.yaml"), root, 100, &buf, NULL), SM_PATH_NOT_REGULAR);
    CHECK_INT(sm_path_read(at("root/sub"), root, 100, &buf, NULL), SM_PATH_NOT_REGULAR);
    CHECK_INT(sm_path_read("/dev/zero", NULL, 100, &buf, NULL), SM_PATH_NOT_REGULAR);
    char why[160];
    CHECK_STR(sm_path_status_text(SM_PATH_NOT_REGULAR, at("root/fifo.yaml"), 0, why, sizeof why),
              "is not a regular file (a FIFO)");
    CHECK_STR(sm_path_status_text(SM_PATH_NOT_REGULAR, "/dev/zero", 0, why, sizeof why),
              "is not a regular file (a device)");

    CHECK_INT(sm_path_read(at("root/missing.txt"), root, 100, &buf, NULL), SM_PATH_MISSING);
    CHECK_INT(sm_path_read(at("root/a.txt"), root, 4, &buf, NULL), SM_PATH_TOO_LARGE);
    CHECK_INT(sm_path_read(at("root/a.txt"), root, 5, &buf, NULL), SM_PATH_OK);
    sm_buf_free(&buf);

    int fd = -1;
    CHECK_INT(sm_path_open_read(at("root/a.txt"), root, &fd, NULL), SM_PATH_OK);
    /* The descriptor blocks again (O_NONBLOCK is only for the open). */
    CHECK(fd >= 0 && !(fcntl(fd, F_GETFL) & O_NONBLOCK));
    if (fd >= 0) close(fd);

    CHECK(sm_path_inside("/a/b", "/a"));
    CHECK(sm_path_inside("/a", "/a"));
    CHECK(!sm_path_inside("/ab", "/a"));
    CHECK(sm_path_inside("/x", "/"));
}

static void test_names(void) {
    CHECK(sm_path_check_name("poster-A4.pdf") == NULL);
    CHECK(sm_path_check_name("ＩＳＥＮ中学校/poster.pdf") == NULL);
    CHECK(sm_path_check_name("") != NULL);
    CHECK(sm_path_check_name("/d.pdf") != NULL);
    CHECK(sm_path_check_name("../x/d.pdf") != NULL);
    CHECK(sm_path_check_name("a/../../d.pdf") != NULL);
    CHECK(sm_path_check_name("a//d.pdf") != NULL);
    CHECK(sm_path_check_name("./d.pdf") != NULL);
    CHECK(sm_path_check_name(".hidden.pdf") != NULL);
    CHECK(sm_path_check_name("a/") != NULL);
    CHECK(sm_path_check_name("a\nb.pdf") != NULL);
    char longname[NAME_MAX + 10];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    CHECK(sm_path_check_name(longname) != NULL);
}

static void test_outputs(void) {
    char out[PATH_MAX * 2];
    snprintf(out, sizeof out, "%s/out", dir);
    mkdir(out, 0700);
    make_file("input.yaml", "kind: page\n");
    link(at("input.yaml"), at("hard.pdf"));
    const char *inputs[] = {at("input.yaml")};
    CHECK(sm_path_check_output(at("out/x.pdf"), out, inputs, 1) == NULL);
    CHECK(sm_path_check_output(at("x.pdf"), out, inputs, 1) != NULL); /* outside out/ */
    CHECK(sm_path_check_output(at("x.pdf"), NULL, inputs, 1) == NULL);
    /* An input, under its own name or another (a hard link), is never replaced. */
    CHECK_STR(sm_path_check_output(at("input.yaml"), NULL, inputs, 1),
              "it is one of the files the output is made from");
    CHECK_STR(sm_path_check_output(at("hard.pdf"), NULL, inputs, 1),
              "it is one of the files the output is made from");
    CHECK_STR(sm_path_check_output(out, NULL, NULL, 0), "the path names a directory");
    CHECK(sm_path_check_output(at("no/such/dir/x.pdf"), out, NULL, 0) != NULL);
    /* A folder inside out/ that is a link leading elsewhere does not count as inside. */
    symlink(dir, at("out/escape"));
    CHECK_STR(sm_path_check_output(at("out/escape/x.pdf"), out, NULL, 0),
              "it is outside the output folder");
}

static void test_sweep(void) {
    mkdir(at("sweep"), 0700);
    mkdir(at("sweep/site"), 0700);
    make_file("sweep/.a.pdf.Ab12Cd", "half");
    make_file("sweep/site/.index.html.zzzzzz", "half");
    make_file("sweep/keep.pdf", "whole");
    make_file("sweep/.surimono-cache", "cache");
    CHECK(sm_atomic_is_temporary(".a.pdf.Ab12Cd"));
    CHECK(!sm_atomic_is_temporary(".surimono-cache"));
    CHECK(!sm_atomic_is_temporary("a.pdf.Ab12Cd"));
    CHECK_INT(sm_atomic_sweep(at("sweep"), 4), 2);
    CHECK(access(at("sweep/keep.pdf"), F_OK) == 0);
    CHECK(access(at("sweep/.surimono-cache"), F_OK) == 0);
    CHECK(access(at("sweep/.a.pdf.Ab12Cd"), F_OK) != 0);
}

int main(void) {
    char tmpl[] = "/tmp/sm_path_XXXXXX";
    if (!mkdtemp(tmpl)) return 1;
    if (!realpath(tmpl, dir)) return 1;
    test_read();
    test_names();
    test_outputs();
    test_sweep();
    char command[PATH_MAX + 16];
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    if (system(command) != 0) return 1;
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}
