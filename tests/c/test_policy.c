/* kompetence_policy_check: a committee's policy property-tested from C. */
#include "check.h"

static const char *BROKEN =
    "{\"schema_version\":1,\"name\":\"60 allowed, 37 asserted\","
    "\"rules\":[{\"id\":\"cap-60\",\"description\":\"60 hours\",\"condition\":\"true\","
    "\"effect\":{\"kind\":\"cap_hours\",\"hours\":60.0}}],"
    "\"assertions\":[{\"id\":\"max-37\",\"description\":\"37 hours\",\"scope\":\"step\","
    "\"condition\":\"step.hours_away <= 37\"}]}";

static const char *SOUND =
    "{\"schema_version\":1,\"name\":\"37 allowed, 37 asserted\","
    "\"rules\":[{\"id\":\"cap-37\",\"description\":\"37 hours\",\"condition\":\"true\","
    "\"effect\":{\"kind\":\"cap_hours\",\"hours\":37.0}}],"
    "\"assertions\":[{\"id\":\"max-37\",\"description\":\"37 hours\",\"scope\":\"step\","
    "\"condition\":\"step.hours_away <= 37\"}]}";

static const char *BAD_RULE =
    "{\"schema_version\":1,\"name\":\"bad\",\"rules\":[{\"id\":\"typo\",\"description\":\"x\","
    "\"condition\":\"activity.price > 3\",\"effect\":{\"kind\":\"exclude\"}}]}";

int main(void) {
    kompetence_error *err = NULL;
    char *report = NULL;

    /* A broken policy: a successful call whose report holds a one-person, one-activity case. */
    CHECK_RESULT(KOMPETENCE_RESULT_OK,
                 kompetence_policy_check((const uint8_t *)BROKEN, strlen(BROKEN), NULL, 0, NULL, 0, 1000, 7,
                                         &report, &err),
                 err);
    CHECK_CONTAINS(report, "\"counterexample\":{\"organisation\"");
    CHECK_CONTAINS(report, "\"check\":\"max-37\"");
    char *again = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK,
                 kompetence_policy_check((const uint8_t *)BROKEN, strlen(BROKEN), NULL, 0, NULL, 0, 1000, 7,
                                         &again, &err),
                 err);
    CHECK_STR_EQ(report, again); /* deterministic for a seed */
    kompetence_string_free(report);
    kompetence_string_free(again);

    /* A sound one passes. */
    report = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK,
                 kompetence_policy_check((const uint8_t *)SOUND, strlen(SOUND), NULL, 0, NULL, 0, 20, 1, &report,
                                         &err),
                 err);
    CHECK_CONTAINS(report, "\"counterexample\":null");
    CHECK_CONTAINS(report, "\"assertions\":[\"max-37\"]");
    /* Every case is planned too, and the plan's invariants are among those checked. */
    CHECK_CONTAINS(report, "\"plans_checked\":20");
    CHECK_CONTAINS(report, "\"plan_seats\"");
    kompetence_string_free(report);

    /* A rule that does not compile is a validation error at its condition. */
    report = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_VALIDATION,
                 kompetence_policy_check((const uint8_t *)BAD_RULE, strlen(BAD_RULE), NULL, 0, NULL, 0, 1, 0,
                                         &report, &err),
                 err);
    CHECK(report == NULL);
    CHECK(err != NULL);
    if (err) {
        CHECK_STR_EQ(kompetence_error_path(err), "rules[0].condition");
        CHECK_CONTAINS(kompetence_error_message(err), "unknown field `price` of `activity`");
    }
    kompetence_error_free(err);

    /* No cases would check nothing and always pass: 0 is refused at the argument `cases`. */
    err = NULL;
    report = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_INVALID_ARGUMENT,
                 kompetence_policy_check((const uint8_t *)SOUND, strlen(SOUND), NULL, 0, NULL, 0, 0, 1, &report,
                                         &err),
                 err);
    CHECK(report == NULL);
    CHECK(err != NULL);
    if (err) {
        CHECK_STR_EQ(kompetence_error_path(err), "cases");
        CHECK_CONTAINS(kompetence_error_message(err), "must be at least 1");
    }
    kompetence_error_free(err);
    return check_summary("test_policy");
}
