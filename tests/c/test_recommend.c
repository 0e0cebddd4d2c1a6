/* The recommender and the evaluation queries: results, determinism, the batch call's order and
 * its all-or-nothing failure, unknown ids and NULL arguments, outputs untouched on failure.
 * Usage: test_recommend TESTS_DATA_DIR */
#include "check.h"

/* The path of an error, or "" when there is none. */
static const char *path_of(const kompetence_error *err) {
    const char *p = kompetence_error_path(err);
    return p != NULL ? p : "";
}

/* `*id` and `*second` receive the first two employee ids of the engine. */
static void two_ids(kompetence_engine *engine, char *first, char *second, size_t size) {
    char *ids = NULL;
    kompetence_error *err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_employee_ids(engine, &ids, &err), err);
    CHECK(ids != NULL && first_id(ids, first, size));
    const char *comma = ids != NULL ? strchr(ids, ',') : NULL;
    CHECK(comma != NULL && first_id(comma, second, size));
    kompetence_string_free(ids);
}

static void test_recommend_one(kompetence_engine *engine, const char *id) {
    char *json = NULL, *again = NULL;
    kompetence_error *err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_recommend(engine, id, strlen(id), &json, &err), err);
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_recommend(engine, id, strlen(id), &again, &err), err);
    CHECK(err == NULL);
    char prefix[256];
    snprintf(prefix, sizeof prefix, "{\"employee\":\"%s\",", id);
    CHECK(json != NULL && strncmp(json, prefix, strlen(prefix)) == 0);
    CHECK_CONTAINS(json, "\"frontier\":[");
    CHECK_CONTAINS(json, "\"chosen\":{\"steps\":");
    CHECK_CONTAINS(json, "\"summary\":{\"da\":");
    CHECK_CONTAINS(json, "\"runners_up\":");
    CHECK_CONTAINS(json, "\"rejected\":");
    CHECK_STR_EQ(json, again); /* deterministic */
    kompetence_string_free(json);
    kompetence_string_free(again);
}

static void test_unknown_and_null(kompetence_engine *engine, const char *id) {
    char *json = NULL;
    kompetence_error *err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_NOT_FOUND, kompetence_engine_recommend(engine, "ghost", 5, &json, &err), err);
    CHECK(json == NULL); /* outputs untouched on failure */
    CHECK(err != NULL && kompetence_error_code(err) == KOMPETENCE_RESULT_NOT_FOUND);
    CHECK_STR_EQ(path_of(err), "employee");
    CHECK_CONTAINS(kompetence_error_message(err), "ghost");
    kompetence_error_free(err);
    err = NULL;

    CHECK_RESULT(KOMPETENCE_RESULT_NULL_ARGUMENT, kompetence_engine_recommend(NULL, id, strlen(id), &json, &err), err);
    CHECK_STR_EQ(path_of(err), "engine");
    kompetence_error_free(err);
    err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_NULL_ARGUMENT, kompetence_engine_recommend(engine, NULL, 3, &json, &err), err);
    CHECK_STR_EQ(path_of(err), "employee_id");
    kompetence_error_free(err);
    err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_NULL_ARGUMENT, kompetence_engine_recommend(engine, id, strlen(id), NULL, &err), err);
    CHECK_STR_EQ(path_of(err), "out_json");
    kompetence_error_free(err);
    err = NULL;
    /* err itself may be NULL. */
    CHECK(kompetence_engine_recommend(engine, "ghost", 5, &json, NULL) == KOMPETENCE_RESULT_NOT_FOUND);
    CHECK(kompetence_engine_recommend_all(NULL, &json, NULL) == KOMPETENCE_RESULT_NULL_ARGUMENT);
    CHECK(kompetence_engine_recommend_all(engine, NULL, NULL) == KOMPETENCE_RESULT_NULL_ARGUMENT);
    CHECK(kompetence_engine_evaluation_report(NULL, &json, NULL) == KOMPETENCE_RESULT_NULL_ARGUMENT);
    CHECK(kompetence_engine_evaluation_report(engine, NULL, NULL) == KOMPETENCE_RESULT_NULL_ARGUMENT);
    CHECK(kompetence_engine_follow_ups(NULL, &json, NULL) == KOMPETENCE_RESULT_NULL_ARGUMENT);
    CHECK(kompetence_engine_follow_ups(engine, NULL, NULL) == KOMPETENCE_RESULT_NULL_ARGUMENT);
    CHECK(kompetence_engine_plan(NULL, &json, NULL) == KOMPETENCE_RESULT_NULL_ARGUMENT);
    CHECK(kompetence_engine_plan(engine, NULL, NULL) == KOMPETENCE_RESULT_NULL_ARGUMENT);
    CHECK(json == NULL);
}

/* The organisation plan on the demo: value, bound and gap, spend per unit, items. */
static void test_plan(kompetence_engine *engine) {
    char *plan = NULL;
    kompetence_error *err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_plan(engine, &plan, &err), err);
    CHECK(plan != NULL && plan[0] == '{');
    CHECK_CONTAINS(plan, "\"value\":");
    CHECK_CONTAINS(plan, "\"bound\":");
    CHECK_CONTAINS(plan, "\"gap\":");
    CHECK_CONTAINS(plan, "\"units\":[");
    CHECK_CONTAINS(plan, "\"items\":[");
    /* Deterministic: the same engine gives the same bytes. */
    char *again = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_plan(engine, &again, &err), err);
    CHECK(plan != NULL && again != NULL && strcmp(plan, again) == 0);
    kompetence_string_free(again);
    kompetence_string_free(plan);
}

static void test_batch(kompetence_engine *engine, const char *a, const char *b) {
    kompetence_error *err = NULL;
    char *ra = NULL, *rb = NULL, *batch = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_recommend(engine, a, strlen(a), &ra, &err), err);
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_recommend(engine, b, strlen(b), &rb, &err), err);

    /* Input order, not document order: [b, a, b]. */
    const char *ids[3] = {b, a, b};
    size_t lens[3] = {strlen(b), strlen(a), strlen(b)};
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_recommend_batch(engine, ids, lens, 3, &batch, &err), err);
    if (ra != NULL && rb != NULL && batch != NULL) {
        size_t n = strlen(ra) + 2 * strlen(rb) + 5;
        char *expected = malloc(n);
        CHECK(expected != NULL);
        if (expected != NULL) {
            snprintf(expected, n, "[%s,%s,%s]", rb, ra, rb);
            CHECK_STR_EQ(batch, expected);
            free(expected);
        }
    }
    kompetence_string_free(batch);
    batch = NULL;

    /* An unknown id anywhere fails the whole call, naming the id and its position. */
    const char *bad[3] = {a, "ghost", "nobody"};
    size_t bad_lens[3] = {strlen(a), 5, 6};
    CHECK_RESULT(KOMPETENCE_RESULT_NOT_FOUND, kompetence_engine_recommend_batch(engine, bad, bad_lens, 3, &batch, &err),
                 err);
    CHECK(batch == NULL);
    CHECK_STR_EQ(path_of(err), "employee_ids[1]");
    CHECK_CONTAINS(kompetence_error_message(err), "ghost");
    kompetence_error_free(err);
    err = NULL;

    /* Empty batch: NULL arrays allowed, the result is an empty array. */
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_recommend_batch(engine, NULL, NULL, 0, &batch, &err), err);
    CHECK_STR_EQ(batch, "[]");
    kompetence_string_free(batch);
    batch = NULL;

    /* NULL arrays or entries with a count are NULL_ARGUMENT, named. */
    CHECK_RESULT(KOMPETENCE_RESULT_NULL_ARGUMENT, kompetence_engine_recommend_batch(engine, NULL, lens, 1, &batch, &err),
                 err);
    CHECK_STR_EQ(path_of(err), "employee_ids");
    kompetence_error_free(err);
    err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_NULL_ARGUMENT, kompetence_engine_recommend_batch(engine, ids, NULL, 1, &batch, &err),
                 err);
    CHECK_STR_EQ(path_of(err), "employee_id_lens");
    kompetence_error_free(err);
    err = NULL;
    const char *with_null[2] = {a, NULL};
    CHECK_RESULT(KOMPETENCE_RESULT_NULL_ARGUMENT,
                 kompetence_engine_recommend_batch(engine, with_null, lens, 2, &batch, &err), err);
    CHECK_STR_EQ(path_of(err), "employee_ids[1]");
    kompetence_error_free(err);
    err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_NULL_ARGUMENT, kompetence_engine_recommend_batch(NULL, ids, lens, 3, &batch, &err),
                 err);
    CHECK_STR_EQ(path_of(err), "engine");
    kompetence_error_free(err);
    err = NULL;
    CHECK(batch == NULL);

    /* recommend_all starts with the first person's recommendation, in document order. */
    char *all = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_recommend_all(engine, &all, &err), err);
    CHECK(all != NULL && ra != NULL && all[0] == '[' && strncmp(all + 1, ra, strlen(ra)) == 0);
    CHECK(all != NULL && rb != NULL && strstr(all, rb) != NULL);
    kompetence_string_free(all);
    kompetence_string_free(ra);
    kompetence_string_free(rb);
}

static void test_evaluations(const char *data) {
    size_t org_len, cat_len, pol_len, ev_len;
    unsigned char *org = read_file(data, "small/organisation.json", &org_len);
    unsigned char *cat = read_file(data, "small/catalog.json", &cat_len);
    unsigned char *pol = read_file(data, "small/policy.json", &pol_len);
    unsigned char *ev = read_file(data, "small/evaluations.json", &ev_len);
    kompetence_engine *engine = NULL;
    kompetence_error *err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK,
                 kompetence_engine_new(org, org_len, cat, cat_len, pol, pol_len, ev, ev_len, &engine, &err), err);
    free(org);
    free(cat);
    free(pol);
    free(ev);
    if (engine == NULL) return;
    char *report = NULL, *follow = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_evaluation_report(engine, &report, &err), err);
    CHECK(report != NULL && report[0] == '{');
    CHECK_CONTAINS(report, "\"records\":");
    CHECK_CONTAINS(report, "\"by_form\":[");
    CHECK_CONTAINS(report, "\"by_provider\":[");
    CHECK_CONTAINS(report, "\"provider_feedback\":[");
    CHECK(report != NULL && strstr(report, "\"records\":0,") == NULL); /* the evaluations were read */
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_follow_ups(engine, &follow, &err), err);
    CHECK(follow != NULL && follow[0] == '[');
    kompetence_string_free(report);
    kompetence_string_free(follow);
    kompetence_engine_free(engine);
}

int main(int argc, char **argv) {
    const char *data = argc > 1 ? argv[1] : "tests/data";
    kompetence_engine *engine = NULL;
    kompetence_error *err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_new_demo(&engine, &err), err);
    if (engine == NULL) return check_summary("test_recommend");
    char a[128] = {0}, b[128] = {0};
    two_ids(engine, a, b, sizeof a);
    test_recommend_one(engine, a);
    test_unknown_and_null(engine, a);
    test_batch(engine, a, b);
    test_plan(engine);
    kompetence_engine_free(engine);
    test_evaluations(data);
    return check_summary("test_recommend");
}
