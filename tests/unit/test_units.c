/* test_units.c: lengths, colours and paper sizes from src/base/units.c. */
#include "base/print.h"
#include "base/units.h"

#include "check.h"

static void test_lengths(void) {
    sm_length len;
    const char *why = NULL;

    CHECK(sm_length_parse("12mm", SM_UNITS_ANY, &len, &why));
    CHECK_NEAR(len.value, 12, 1e-9);
    CHECK_INT(len.unit, SM_UNIT_MM);
    CHECK(sm_length_parse("9pt", SM_UNITS_ANY, &len, &why));
    CHECK_INT(len.unit, SM_UNIT_PT);
    CHECK(sm_length_parse("50%", SM_UNITS_ANY, &len, &why));
    CHECK_INT(len.unit, SM_UNIT_PERCENT);
    CHECK_NEAR(len.value, 50, 1e-9);
    CHECK(sm_length_parse("1.5em", SM_UNITS_ANY, &len, &why));
    CHECK_INT(len.unit, SM_UNIT_EM);
    CHECK_NEAR(len.value, 1.5, 1e-9);
    CHECK(sm_length_parse(".5mm", SM_UNITS_ANY, &len, &why));
    CHECK_NEAR(len.value, 0.5, 1e-9);

    /* A bare zero needs no unit. */
    CHECK(sm_length_parse("0", SM_UNITS_ABSOLUTE, &len, &why));
    CHECK_NEAR(len.value, 0, 0);

    CHECK(sm_length_parse("-3mm", SM_UNITS_ANY, &len, &why));
    CHECK_NEAR(len.value, -3, 1e-9);
    CHECK_INT(len.unit, SM_UNIT_MM);

    CHECK(!sm_length_parse("12", SM_UNITS_ANY, &len, &why));
    CHECK_STR(why, "a length needs a unit (mm, pt, %, em)");
    CHECK(!sm_length_parse("12px", SM_UNITS_ANY, &len, &why));
    CHECK_STR(why, "unknown unit (use mm, pt, %, em)");
    CHECK(!sm_length_parse("mm", SM_UNITS_ANY, &len, &why));
    CHECK_STR(why, "expected a number with a unit");
    CHECK(!sm_length_parse("", SM_UNITS_ANY, &len, &why));
    CHECK(!sm_length_parse("50%", SM_UNITS_ABSOLUTE, &len, &why));
    CHECK_STR(why, "% is not allowed here");
    CHECK(!sm_length_parse("2em", SM_UNITS_ABSOLUTE, &len, &why));
    CHECK_STR(why, "em is not allowed here");
    CHECK(!sm_length_parse("2mm", 1u << SM_UNIT_PT, &len, &why));
    CHECK_STR(why, "this unit is not allowed here");

    /* Conversion to points. */
    CHECK_NEAR(sm_length_to_pt((sm_length){210, SM_UNIT_MM}, 0, 0), 595.28, 0.01);
    CHECK_NEAR(sm_length_to_pt((sm_length){297, SM_UNIT_MM}, 0, 0), 841.89, 0.01);
    CHECK_NEAR(sm_length_to_pt((sm_length){9, SM_UNIT_PT}, 0, 0), 9, 1e-9);
    CHECK_NEAR(sm_length_to_pt((sm_length){50, SM_UNIT_PERCENT}, 200, 0), 100, 1e-9);
    CHECK_NEAR(sm_length_to_pt((sm_length){1.5, SM_UNIT_EM}, 0, 12), 18, 1e-9);
    CHECK_NEAR(sm_length_to_pt((sm_length){25.4, SM_UNIT_MM}, 0, 0), 72, 1e-9);
}

static void test_colours(void) {
    sm_color c;
    CHECK(sm_color_parse("#f00", &c));
    CHECK_NEAR(c.r, 1, 1e-9);
    CHECK_NEAR(c.g, 0, 1e-9);
    CHECK_NEAR(c.a, 1, 1e-9);
    CHECK(sm_color_parse("#336699", &c));
    CHECK_NEAR(c.r, 0x33 / 255.0, 1e-9);
    CHECK_NEAR(c.g, 0x66 / 255.0, 1e-9);
    CHECK_NEAR(c.b, 0x99 / 255.0, 1e-9);
    CHECK(sm_color_parse("#33669980", &c));
    CHECK_NEAR(c.a, 0x80 / 255.0, 1e-9);
    CHECK(sm_color_parse("#AbCdEf", &c));
    CHECK_NEAR(c.r, 0xab / 255.0, 1e-9);

    CHECK(sm_color_parse("navy", &c));
    CHECK_NEAR(c.b, 0x80 / 255.0, 1e-9);
    CHECK(sm_color_parse("Red", &c)); /* names ignore case */
    CHECK_NEAR(c.r, 1, 1e-9);
    CHECK(sm_color_parse("transparent", &c));
    CHECK_NEAR(c.a, 0, 1e-9);

    CHECK(!sm_color_parse("#12", &c));
    CHECK(!sm_color_parse("#12345", &c));
    CHECK(!sm_color_parse("#ggg", &c));
    CHECK(!sm_color_parse("accent", &c));
    CHECK(!sm_color_parse("", &c));

    const char *const *names = sm_color_names();
    int count = 0;
    while (names[count]) count++;
    CHECK(count > 10);
}

static void test_papers(void) {
    const sm_paper *a4 = sm_paper_find("A4");
    CHECK(a4 != NULL);
    if (a4) {
        CHECK_NEAR(a4->width_mm, 210, 0);
        CHECK_NEAR(a4->height_mm, 297, 0);
    }
    const sm_paper *a3 = sm_paper_find("a3");
    CHECK(a3 != NULL);
    if (a3) CHECK_NEAR(a3->height_mm, 420, 0);
    const sm_paper *b4 = sm_paper_find("B4");
    CHECK(b4 && b4->width_mm == 257 && b4->height_mm == 364);
    const sm_paper *b5 = sm_paper_find("B5");
    CHECK(b5 && b5->width_mm == 182 && b5->height_mm == 257);
    CHECK(sm_paper_find("A6") == NULL);
    CHECK(sm_paper_find("letter") == NULL);
    CHECK_STR(sm_paper_names()[0], "A3");
    /* A sheet's size, either way round, within half a millimetre. */
    bool landscape = true;
    CHECK(sm_paper_of_size(210.2, 296.8, &landscape) == a4 && !landscape);
    CHECK(sm_paper_of_size(420, 297, &landscape) == a3 && landscape);
    CHECK(sm_paper_of_size(216, 303, NULL) == NULL);
}

static void test_profiles(void) {
    sm_profile p = SM_PROFILE_OFFICE;
    CHECK(sm_profile_find("shop-tombo", &p) && p == SM_PROFILE_SHOP_TOMBO);
    CHECK(!sm_profile_find("Shop", &p));
    CHECK_STR(sm_profile_name(SM_PROFILE_SHOP), "shop");
    CHECK_NEAR(sm_profile_sheet_mm(SM_PROFILE_SHOP_TOMBO), SM_SLUG_MM, 0);
    CHECK_NEAR(sm_profile_bleed_mm(SM_PROFILE_OFFICE), 0, 0);
    CHECK_NEAR(sm_profile_safe_mm(SM_PROFILE_OFFICE), SM_OFFICE_SAFE_MM, 0);
    CHECK(sm_profile_names[3] == NULL);
}

int main(void) {
    test_profiles();
    test_lengths();
    test_colours();
    test_papers();
    return check_done();
}
