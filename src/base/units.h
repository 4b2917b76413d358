/* units.h: lengths with units and colours — parsing and conversion to points (papers are in
 * print.h). */
#ifndef SM_UNITS_H
#define SM_UNITS_H

#include <stdbool.h>

#define SM_PT_PER_MM (72.0 / 25.4)

typedef enum sm_unit { SM_UNIT_PT, SM_UNIT_MM, SM_UNIT_PERCENT, SM_UNIT_EM } sm_unit;

/* Which units a value may use, as a bit mask of (1 << sm_unit). */
enum {
    SM_UNITS_ABSOLUTE = (1 << SM_UNIT_PT) | (1 << SM_UNIT_MM),
    SM_UNITS_ANY = SM_UNITS_ABSOLUTE | (1 << SM_UNIT_PERCENT) | (1 << SM_UNIT_EM),
};

typedef struct sm_length {
    double value;
    sm_unit unit;
} sm_length;

/* Parses "12mm", "9pt", "50%", "1.5em", "0". Returns false with a reason in *why (static
 * text) when the text is not a length or uses a unit outside allowed_units. */
bool sm_length_parse(const char *text, unsigned allowed_units, sm_length *out, const char **why);
/* Converts to points: percent of `reference`, em of `em`. */
double sm_length_to_pt(sm_length length, double reference, double em);

typedef struct sm_color {
    double r, g, b, a; /* 0..1 */
} sm_color;

/* Parses "#rgb", "#rrggbb", "#rrggbbaa" or a CSS colour name. */
bool sm_color_parse(const char *text, sm_color *out);
/* The colour names sm_color_parse knows, NULL-terminated (for "did you mean"). */
const char *const *sm_color_names(void);

#endif
