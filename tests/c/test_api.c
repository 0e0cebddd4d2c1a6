/* The whole API on its happy paths: the demo engine, an engine from the JSON files in
 * tests/data/small, validation reports, schemas, version, result names and _free(NULL).
 * Usage: test_api TESTS_DATA_DIR */
#include "check.h"

static void test_demo(void) {
    kompetence_engine *engine = NULL;
    kompetence_error *err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_new_demo(&engine, &err), err);
    CHECK(engine != NULL);
    CHECK(err == NULL); /* untouched on success */

    char *ids = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_employee_ids(engine, &ids, &err), err);
    CHECK(ids != NULL && ids[0] == '[');
    char id[128] = {0};
    CHECK(ids != NULL && first_id(ids, id, sizeof id));

    char *needs = NULL;
    char *again = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_needs(engine, id, strlen(id), &needs, &err), err);
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_needs(engine, id, strlen(id), &again, &err), err);
    CHECK(needs != NULL && needs[0] == '[');
    CHECK_STR_EQ(needs, again); /* deterministic */

    char *units = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_needs_by_unit(engine, &units, &err), err);
    CHECK_CONTAINS(units, "\"unit\":");
    CHECK_CONTAINS(units, "\"weighted_gap\":");

    char *goals = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_needs_by_goal(engine, &goals, &err), err);
    CHECK_CONTAINS(goals, "\"goal\":");
    CHECK(err == NULL);

    kompetence_string_free(ids);
    kompetence_string_free(needs);
    kompetence_string_free(again);
    kompetence_string_free(units);
    kompetence_string_free(goals);
    kompetence_engine_free(engine);
}

static kompetence_engine *engine_from_files(const char *data, int with_evaluations) {
    size_t org_len, cat_len, pol_len, ev_len;
    unsigned char *org = read_file(data, "small/organisation.json", &org_len);
    unsigned char *cat = read_file(data, "small/catalog.json", &cat_len);
    unsigned char *pol = read_file(data, "small/policy.json", &pol_len);
    unsigned char *ev = read_file(data, "small/evaluations.json", &ev_len);
    kompetence_engine *engine = NULL;
    kompetence_error *err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK,
                 kompetence_engine_new(org, org_len, cat, cat_len, pol, pol_len, with_evaluations ? ev : NULL,
                                       with_evaluations ? ev_len : 0, &engine, &err),
                 err);
    CHECK(err == NULL);
    kompetence_error_free(err);
    free(org);
    free(cat);
    free(pol);
    free(ev);
    return engine;
}

static void test_files(const char *data) {
    for (int with_evaluations = 0; with_evaluations <= 1; with_evaluations++) {
        kompetence_engine *engine = engine_from_files(data, with_evaluations);
        CHECK(engine != NULL);
        if (engine == NULL) return;
        kompetence_error *err = NULL;

        char *ids = NULL;
        CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_employee_ids(engine, &ids, &err), err);
        CHECK_STR_EQ(ids, "[\"e1\",\"e2\"]");

        /* The id is bytes plus length: no NUL terminator needed, trailing bytes ignored. */
        char *needs = NULL;
        CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_needs(engine, "e1-and-more", 2, &needs, &err), err);
        CHECK_CONTAINS(needs, "\"competence\":\"dementia-care\"");
        CHECK_CONTAINS(needs, "\"current\":1");
        CHECK_CONTAINS(needs, "\"target\":3");

        char *none = NULL;
        CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_needs(engine, "e2", 2, &none, &err), err);
        CHECK_STR_EQ(none, "[]");

        char *units = NULL;
        CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_needs_by_unit(engine, &units, &err), err);
        CHECK_CONTAINS(units, "\"unit\":\"team-a\"");
        CHECK_CONTAINS(units, "\"people\":2");

        char *goals = NULL;
        CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_needs_by_goal(engine, &goals, &err), err);
        CHECK_CONTAINS(goals, "\"goal\":\"citizen-at-the-centre\"");
        CHECK(err == NULL);

        kompetence_string_free(ids);
        kompetence_string_free(needs);
        kompetence_string_free(none);
        kompetence_string_free(units);
        kompetence_string_free(goals);
        kompetence_engine_free(engine);
    }
}

static void test_validate(const char *data) {
    size_t org_len, bad_len;
    unsigned char *org = read_file(data, "small/organisation.json", &org_len);
    unsigned char *bad = read_file(data, "invalid/organisation-level-not-a-number.json", &bad_len);
    kompetence_error *err = NULL;

    const char *kinds[] = {NULL, "organisation"};
    for (size_t i = 0; i < 2; i++) {
        char *report = NULL;
        CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_validate(org, org_len, kinds[i], &report, &err), err);
        CHECK_STR_EQ(report, "{\"document\":\"organisation\",\"valid\":true,\"problems\":[]}");
        kompetence_string_free(report);
    }

    /* An invalid document is a successful call with a report. */
    char *report = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_validate(bad, bad_len, NULL, &report, &err), err);
    CHECK_CONTAINS(report, "\"valid\":false");
    CHECK_CONTAINS(report, "\"document\":\"organisation\"");
    CHECK_CONTAINS(report, "\"path\":\"employees[0].levels[\\\"dementia-care\\\"]\"");
    kompetence_string_free(report);

    /* So is text that is not JSON; the kind cannot be told. */
    const char *not_json = "{employees: oops";
    report = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK,
                 kompetence_validate((const uint8_t *)not_json, strlen(not_json), NULL, &report, &err), err);
    CHECK_CONTAINS(report, "{\"document\":null,\"valid\":false,\"problems\":[{");
    kompetence_string_free(report);

    /* An organisation read as a catalog is the wrong shape. */
    report = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_validate(org, org_len, "catalog", &report, &err), err);
    CHECK_CONTAINS(report, "{\"document\":\"catalog\",\"valid\":false");
    kompetence_string_free(report);
    CHECK(err == NULL);
    free(org);
    free(bad);
}

static void test_schema(void) {
    const char *kinds[] = {"organisation", "catalog", "policy", "evaluations"};
    for (size_t i = 0; i < 4; i++) {
        char *schema = NULL;
        kompetence_error *err = NULL;
        CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_schema(kinds[i], &schema, &err), err);
        CHECK_CONTAINS(schema, "\"$schema\":\"https://json-schema.org/draft/2020-12/schema\"");
        CHECK_CONTAINS(schema, "\"schema_version\"");
        kompetence_string_free(schema);
    }
}

static void test_version_and_names(void) {
    CHECK_STR_EQ(kompetence_version(), KOMPETENCE_VERSION);
    char parts[64];
    snprintf(parts, sizeof parts, "%d.%d.%d", KOMPETENCE_VERSION_MAJOR, KOMPETENCE_VERSION_MINOR,
             KOMPETENCE_VERSION_PATCH);
    CHECK_STR_EQ(parts, kompetence_version());

    CHECK(KOMPETENCE_RESULT_OK == 0);
    CHECK(KOMPETENCE_RESULT_NULL_ARGUMENT == 1);
    CHECK(KOMPETENCE_RESULT_INVALID_UTF8 == 2);
    CHECK(KOMPETENCE_RESULT_PARSE == 3);
    CHECK(KOMPETENCE_RESULT_VALIDATION == 4);
    CHECK(KOMPETENCE_RESULT_UNSUPPORTED_VERSION == 5);
    CHECK(KOMPETENCE_RESULT_NOT_FOUND == 6);
    CHECK(KOMPETENCE_RESULT_LIMIT_EXCEEDED == 7);
    CHECK(KOMPETENCE_RESULT_INVALID_ARGUMENT == 8);
    CHECK(KOMPETENCE_RESULT_OTHER == 99);
    CHECK(KOMPETENCE_RESULT_PANIC == 100);
    CHECK_STR_EQ(kompetence_result_name(KOMPETENCE_RESULT_OK), "ok");
    CHECK_STR_EQ(kompetence_result_name(KOMPETENCE_RESULT_VALIDATION), "validation");
    CHECK_STR_EQ(kompetence_result_name(KOMPETENCE_RESULT_PANIC), "panic");
    CHECK_STR_EQ(kompetence_result_name(4242), "unknown");
}

static void test_free_null(void) {
    kompetence_engine_free(NULL);
    kompetence_error_free(NULL);
    kompetence_string_free(NULL);
    CHECK(kompetence_error_code(NULL) == KOMPETENCE_RESULT_OK);
    CHECK(kompetence_error_message(NULL) == NULL);
    CHECK(kompetence_error_path(NULL) == NULL);
    CHECK(kompetence_error_problems_json(NULL) == NULL);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s TESTS_DATA_DIR\n", argv[0]);
        return 2;
    }
    test_demo();
    test_files(argv[1]);
    test_validate(argv[1]);
    test_schema();
    test_version_and_names();
    test_free_null();
    return check_summary("test_api");
}
