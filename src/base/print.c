/* print.c: the tables of the print vocabulary. */
#include "print.h"

#include <math.h>
#include <string.h>
#include <strings.h>

/* The papers, once: ISO 216 A sizes and JIS B sizes (B4 257 × 364 mm, not ISO's 250 × 353). */
#define SM_PAPERS(X)                                                                               \
    X("A3", 297, 420) X("A4", 210, 297) X("A5", 148, 210) X("B4", 257, 364) X("B5", 182, 257)
#define PAPER(name, w, h) {name, w, h},
#define NAME(name, w, h)  name,

static const sm_paper papers[] = {SM_PAPERS(PAPER)};
enum { PAPER_COUNT = sizeof papers / sizeof *papers };

const char *const sm_paper_choices[] = {SM_PAPERS(NAME) "custom", NULL};

const sm_paper *sm_paper_find(const char *name) {
    for (size_t i = 0; i < PAPER_COUNT; i++)
        if (strcasecmp(name, papers[i].name) == 0) return &papers[i];
    return NULL;
}

const char *const *sm_paper_names(void) {
    static const char *const names[] = {SM_PAPERS(NAME) NULL};
    return names;
}

const sm_paper *sm_paper_of_size(double w_mm, double h_mm, bool *landscape) {
    for (size_t i = 0; i < PAPER_COUNT; i++) {
        const sm_paper *p = &papers[i];
        bool upright = fabs(w_mm - p->width_mm) <= SM_PAPER_TOLERANCE_MM &&
                       fabs(h_mm - p->height_mm) <= SM_PAPER_TOLERANCE_MM;
        bool turned = fabs(w_mm - p->height_mm) <= SM_PAPER_TOLERANCE_MM &&
                      fabs(h_mm - p->width_mm) <= SM_PAPER_TOLERANCE_MM;
        if (!upright && !turned) continue;
        if (landscape) *landscape = !upright;
        return p;
    }
    return NULL;
}

const char *const sm_profile_names[] = {[SM_PROFILE_OFFICE] = SM_PROFILE_OFFICE_NAME,
                                        [SM_PROFILE_SHOP] = SM_PROFILE_SHOP_NAME,
                                        [SM_PROFILE_SHOP_TOMBO] = SM_PROFILE_SHOP_TOMBO_NAME,
                                        [SM_PROFILE_SHOP_TOMBO + 1] = NULL};

const char *sm_profile_name(sm_profile profile) { return sm_profile_names[profile]; }

bool sm_profile_find(const char *name, sm_profile *out) {
    for (int i = 0; sm_profile_names[i]; i++)
        if (strcmp(name, sm_profile_names[i]) == 0) {
            *out = (sm_profile)i;
            return true;
        }
    return false;
}

const char *sm_profile_label(sm_profile profile) {
    static const char *const labels[] = {
        [SM_PROFILE_OFFICE] = "",
        [SM_PROFILE_SHOP] = "印刷所用（塗り足し）",
        [SM_PROFILE_SHOP_TOMBO] = "印刷所用（トンボ付き）",
    };
    return labels[profile];
}

double sm_profile_sheet_mm(sm_profile profile) {
    return profile == SM_PROFILE_SHOP_TOMBO ? SM_SLUG_MM
           : profile == SM_PROFILE_SHOP     ? SM_BLEED_MM
                                            : 0;
}

double sm_profile_bleed_mm(sm_profile profile) {
    return profile == SM_PROFILE_OFFICE ? 0 : SM_BLEED_MM;
}

double sm_profile_safe_mm(sm_profile profile) {
    return profile == SM_PROFILE_OFFICE ? SM_OFFICE_SAFE_MM : SM_SHOP_SAFE_MM;
}
