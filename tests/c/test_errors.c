/* Every error path: NULL for each pointer argument, bad UTF-8, bad JSON, invalid documents with
 * their problems and paths, unknown employee, unknown document kind, NULL `err`, and outputs
 * left untouched on failure. Usage: test_errors TESTS_DATA_DIR */
#include "check.h"

static char sentinel; /* a pointer no call may write to an output on failure */
#define SENTINEL_STR (&sentinel)
#define SENTINEL_ENGINE ((kompetence_engine *)(void *)&sentinel)

/* Checks the code, the path and the problems JSON of an error, then frees it. */
static void check_error(kompetence_error *err, kompetence_result code, const char *path) {
    CHECK(err != NULL);
    if (err == NULL) return;
    CHECK(kompetence_error_code(err) == code);
    CHECK_STR_EQ(kompetence_error_path(err), path);
    if (strcmp(kompetence_error_path(err), path) != 0) {
        fprintf(stderr, "  path %s, expected %s (%s)\n", kompetence_error_path(err), path,
                kompetence_error_message(err));
    }
    const char *message = kompetence_error_message(err);
    CHECK(message != NULL && strlen(message) > 0);
    const char *problems = kompetence_error_problems_json(err);
    CHECK(problems != NULL && problems[0] == '[');
    char expected[512];
    snprintf(expected, sizeof expected, "\"path\":\"%s\"", path);
    CHECK_CONTAINS(problems, expected);
    kompetence_error_free(err);
}

/* Runs `call` (which must fail with `code`) and checks its error: code, path, problems. */
#define EXPECT_ERROR(code, path, call)              \
    do {                                            \
        kompetence_error *err = NULL;               \
        CHECK_RESULT(code, call, err);              \
        check_error(err, code, path);               \
    } while (0)

static struct {
    unsigned char *org, *cat, *pol, *ev, *bad_org, *bad_pol;
    size_t org_len, cat_len, pol_len, ev_len, bad_org_len, bad_pol_len;
} docs;

static void test_engine_new(void) {
    kompetence_engine *out = SENTINEL_ENGINE;
    const uint8_t *o = docs.org, *c = docs.cat, *p = docs.pol;
    size_t ol = docs.org_len, cl = docs.cat_len, pl = docs.pol_len;

    EXPECT_ERROR(KOMPETENCE_RESULT_NULL_ARGUMENT, "organisation",
                 kompetence_engine_new(NULL, ol, c, cl, p, pl, NULL, 0, &out, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_NULL_ARGUMENT, "catalog",
                 kompetence_engine_new(o, ol, NULL, cl, p, pl, NULL, 0, &out, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_NULL_ARGUMENT, "policy",
                 kompetence_engine_new(o, ol, c, cl, NULL, pl, NULL, 0, &out, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_NULL_ARGUMENT, "out",
                 kompetence_engine_new(o, ol, c, cl, p, pl, NULL, 0, NULL, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_NULL_ARGUMENT, "out", kompetence_engine_new_demo(NULL, &err));

    /* Bad UTF-8 in each document. */
    const uint8_t not_utf8[] = {'{', '"', 0xff, 0xfe, '"', '}'};
    EXPECT_ERROR(KOMPETENCE_RESULT_INVALID_UTF8, "organisation",
                 kompetence_engine_new(not_utf8, sizeof not_utf8, c, cl, p, pl, NULL, 0, &out, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_INVALID_UTF8, "catalog",
                 kompetence_engine_new(o, ol, not_utf8, sizeof not_utf8, p, pl, NULL, 0, &out, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_INVALID_UTF8, "evaluations",
                 kompetence_engine_new(o, ol, c, cl, p, pl, not_utf8, sizeof not_utf8, &out, &err));

    /* Bad JSON, an empty document, a shape error with its field path, a future version. */
    /* Text that is not JSON: the document is named; the path is wherever serde gave up. */
    const char *not_json = "{not json";
    kompetence_error *not_json_err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_PARSE,
                 kompetence_engine_new(o, ol, c, cl, (const uint8_t *)not_json, strlen(not_json), NULL, 0, &out,
                                       &not_json_err),
                 not_json_err);
    CHECK_CONTAINS(kompetence_error_problems_json(not_json_err), "[{\"document\":\"policy\"");
    CHECK_CONTAINS(kompetence_error_message(not_json_err), "key must be a string");
    kompetence_error_free(not_json_err);
    const char *cut_off = "{\"schema_version\": 1, \"name\": ";
    EXPECT_ERROR(KOMPETENCE_RESULT_PARSE, "name",
                 kompetence_engine_new(o, ol, c, cl, (const uint8_t *)cut_off, strlen(cut_off), NULL, 0, &out,
                                       &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_PARSE, "",
                 kompetence_engine_new(o, 0, c, cl, p, pl, NULL, 0, &out, &err));
    /* A document followed by anything but whitespace is not JSON (e.g. a reused buffer passed
     * with a stale, longer length): refused, never read as its first value. */
    const char *trailing = "{\"schema_version\": 1, \"name\": \"p\"} {\"name\": \"q\"}";
    kompetence_error *trailing_err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_PARSE,
                 kompetence_engine_new(o, ol, c, cl, (const uint8_t *)trailing, strlen(trailing), NULL, 0, &out,
                                       &trailing_err),
                 trailing_err);
    CHECK_CONTAINS(kompetence_error_message(trailing_err), "trailing characters");
    kompetence_error_free(trailing_err);
    /* Accepted around the JSON value: trailing whitespace, and a leading UTF-8 byte order mark
     * (Windows editors save one), as on every surface. */
    const char *accepted[] = {"{\"schema_version\": 1, \"name\": \"p\"}\n\t ",
                              "\xef\xbb\xbf{\"schema_version\": 1, \"name\": \"p\"}"};
    for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
        kompetence_engine *accepted_engine = NULL;
        kompetence_error *accepted_err = NULL;
        CHECK_RESULT(KOMPETENCE_RESULT_OK,
                     kompetence_engine_new(o, ol, c, cl, (const uint8_t *)accepted[i], strlen(accepted[i]), NULL,
                                           0, &accepted_engine, &accepted_err),
                     accepted_err);
        kompetence_error_free(accepted_err);
        kompetence_engine_free(accepted_engine);
    }
    EXPECT_ERROR(KOMPETENCE_RESULT_UNSUPPORTED_VERSION, "schema_version",
                 kompetence_engine_new(o, ol, c, cl, docs.bad_pol, docs.bad_pol_len, NULL, 0, &out, &err));

    kompetence_error *err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_PARSE,
                 kompetence_engine_new(docs.bad_org, docs.bad_org_len, c, cl, p, pl, NULL, 0, &out, &err), err);
    CHECK_STR_EQ(kompetence_error_path(err), "employees[0].levels[\"dementia-care\"]");
    CHECK_CONTAINS(kompetence_error_problems_json(err),
                   "{\"document\":\"organisation\",\"path\":\"employees[0].levels[\\\"dementia-care\\\"]\"");
    CHECK_CONTAINS(kompetence_error_message(err), "employees[0].levels[\"dementia-care\"]");
    kompetence_error_free(err);

    /* With err NULL the code still comes back, and nothing leaks. */
    CHECK(kompetence_engine_new(NULL, 0, c, cl, p, pl, NULL, 0, &out, NULL) == KOMPETENCE_RESULT_NULL_ARGUMENT);
    CHECK(kompetence_engine_new(docs.bad_org, docs.bad_org_len, c, cl, p, pl, NULL, 0, &out, NULL) ==
          KOMPETENCE_RESULT_PARSE);

    CHECK(out == SENTINEL_ENGINE); /* never written by a failed call */
}

static void test_queries(kompetence_engine *engine) {
    char *out = SENTINEL_STR;
    EXPECT_ERROR(KOMPETENCE_RESULT_NULL_ARGUMENT, "engine", kompetence_engine_needs(NULL, "e1", 2, &out, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_NULL_ARGUMENT, "employee_id",
                 kompetence_engine_needs(engine, NULL, 2, &out, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_NULL_ARGUMENT, "out_json",
                 kompetence_engine_needs(engine, "e1", 2, NULL, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_INVALID_UTF8, "employee_id",
                 kompetence_engine_needs(engine, "e\xc3", 2, &out, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_NOT_FOUND, "employee",
                 kompetence_engine_needs(engine, "nobody", 6, &out, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_NOT_FOUND, "employee", kompetence_engine_needs(engine, "", 0, &out, &err));

    kompetence_error *err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_NOT_FOUND, kompetence_engine_needs(engine, "nobody", 6, &out, &err), err);
    CHECK_CONTAINS(kompetence_error_problems_json(err), "\"value\":\"\\\"nobody\\\"\"");
    CHECK_CONTAINS(kompetence_error_message(err), "nobody");
    kompetence_error_free(err);
    CHECK(kompetence_engine_needs(engine, "nobody", 6, &out, NULL) == KOMPETENCE_RESULT_NOT_FOUND);

    EXPECT_ERROR(KOMPETENCE_RESULT_NULL_ARGUMENT, "engine", kompetence_engine_needs_by_unit(NULL, &out, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_NULL_ARGUMENT, "out_json", kompetence_engine_needs_by_unit(engine, NULL, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_NULL_ARGUMENT, "engine", kompetence_engine_needs_by_goal(NULL, &out, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_NULL_ARGUMENT, "out_json", kompetence_engine_needs_by_goal(engine, NULL, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_NULL_ARGUMENT, "engine", kompetence_engine_employee_ids(NULL, &out, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_NULL_ARGUMENT, "out_json",
                 kompetence_engine_employee_ids(engine, NULL, &err));
    CHECK(out == SENTINEL_STR);
}

static void test_documents(void) {
    char *out = SENTINEL_STR;
    const uint8_t *o = docs.org;
    size_t ol = docs.org_len;
    EXPECT_ERROR(KOMPETENCE_RESULT_NULL_ARGUMENT, "document", kompetence_validate(NULL, ol, NULL, &out, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_NULL_ARGUMENT, "out_json", kompetence_validate(o, ol, NULL, NULL, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_INVALID_ARGUMENT, "kind", kompetence_validate(o, ol, "people", &out, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_INVALID_UTF8, "kind", kompetence_validate(o, ol, "\xff", &out, &err));
    const uint8_t not_utf8[] = {0xc0, 0x80};
    EXPECT_ERROR(KOMPETENCE_RESULT_INVALID_UTF8, "document",
                 kompetence_validate(not_utf8, sizeof not_utf8, NULL, &out, &err));

    /* Trailing characters make a document invalid whether or not its kind is given. */
    const char *trailing = "{\"schema_version\": 1, \"name\": \"p\"} trailing";
    const char *kinds[] = {"policy", NULL};
    for (int i = 0; i < 2; i++) {
        char *report = NULL;
        kompetence_error *err = NULL;
        CHECK_RESULT(KOMPETENCE_RESULT_OK,
                     kompetence_validate((const uint8_t *)trailing, strlen(trailing), kinds[i], &report, &err),
                     err);
        CHECK_CONTAINS(report, "\"valid\":false");
        CHECK_CONTAINS(report, "trailing characters");
        kompetence_string_free(report);
    }

    EXPECT_ERROR(KOMPETENCE_RESULT_NULL_ARGUMENT, "document_kind", kompetence_schema(NULL, &out, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_NULL_ARGUMENT, "out_json", kompetence_schema("policy", NULL, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_INVALID_ARGUMENT, "document_kind", kompetence_schema("people", &out, &err));
    EXPECT_ERROR(KOMPETENCE_RESULT_INVALID_UTF8, "document_kind", kompetence_schema("\xfe", &out, &err));
    CHECK(kompetence_schema("people", &out, NULL) == KOMPETENCE_RESULT_INVALID_ARGUMENT);

    /* An unknown kind is named as the offending value, not only in the message. */
    kompetence_error *kind_err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_INVALID_ARGUMENT, kompetence_validate(o, ol, "people", &out, &kind_err),
                 kind_err);
    CHECK_CONTAINS(kompetence_error_problems_json(kind_err), "\"path\":\"kind\",\"value\":\"\\\"people\\\"\"");
    kompetence_error_free(kind_err);
    kind_err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_INVALID_ARGUMENT, kompetence_schema("people", &out, &kind_err), kind_err);
    CHECK_CONTAINS(kompetence_error_problems_json(kind_err),
                   "\"path\":\"document_kind\",\"value\":\"\\\"people\\\"\"");
    kompetence_error_free(kind_err);
    CHECK(out == SENTINEL_STR);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s TESTS_DATA_DIR\n", argv[0]);
        return 2;
    }
    const char *data = argv[1];
    docs.org = read_file(data, "small/organisation.json", &docs.org_len);
    docs.cat = read_file(data, "small/catalog.json", &docs.cat_len);
    docs.pol = read_file(data, "small/policy.json", &docs.pol_len);
    docs.ev = read_file(data, "small/evaluations.json", &docs.ev_len);
    docs.bad_org = read_file(data, "invalid/organisation-level-not-a-number.json", &docs.bad_org_len);
    docs.bad_pol = read_file(data, "invalid/policy-version-99.json", &docs.bad_pol_len);

    test_engine_new();

    kompetence_engine *engine = NULL;
    kompetence_error *err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK,
                 kompetence_engine_new(docs.org, docs.org_len, docs.cat, docs.cat_len, docs.pol, docs.pol_len,
                                       docs.ev, docs.ev_len, &engine, &err),
                 err);
    if (engine != NULL) test_queries(engine);
    kompetence_engine_free(engine);
    test_documents();

    free(docs.org);
    free(docs.cat);
    free(docs.pol);
    free(docs.ev);
    free(docs.bad_org);
    free(docs.bad_pol);
    return check_summary("test_errors");
}
