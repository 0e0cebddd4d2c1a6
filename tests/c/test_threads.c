/* One engine shared by 8 threads, 1,000 queries each, with no locking: every answer (needs,
 * recommendations, roll-ups) must be byte-identical to the one computed before the threads
 * started. */
#include <pthread.h>

#include "check.h"

#define THREADS 8
#define QUERIES 1000

static kompetence_engine *engine;
static char id[128];
static char *expected_needs;
static char *expected_goals;
static char *expected_recommendation;

static void *worker(void *arg) {
    long failures = 0;
    (void)arg;
    for (int i = 0; i < QUERIES; i++) {
        char *json = NULL;
        kompetence_error *err = NULL;
        kompetence_result r;
        /* Per-person needs and recommendations, with an organisation-wide one now and then. */
        const char *expected;
        if (i % 100 == 0) {
            r = kompetence_engine_needs_by_goal(engine, &json, &err);
            expected = expected_goals;
        } else if (i % 2 == 0) {
            r = kompetence_engine_recommend(engine, id, strlen(id), &json, &err);
            expected = expected_recommendation;
        } else {
            r = kompetence_engine_needs(engine, id, strlen(id), &json, &err);
            expected = expected_needs;
        }
        if (r != KOMPETENCE_RESULT_OK || json == NULL || strcmp(json, expected) != 0) {
            failures++;
        }
        kompetence_error_free(err);
        kompetence_string_free(json);
    }
    return (void *)(intptr_t)failures;
}

int main(void) {
    kompetence_error *err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_new_demo(&engine, &err), err);
    if (engine == NULL) return check_summary("test_threads");
    char *ids = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_employee_ids(engine, &ids, &err), err);
    CHECK(ids != NULL && first_id(ids, id, sizeof id));
    kompetence_string_free(ids);
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_needs(engine, id, strlen(id), &expected_needs, &err), err);
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_needs_by_goal(engine, &expected_goals, &err), err);
    CHECK_RESULT(KOMPETENCE_RESULT_OK,
                 kompetence_engine_recommend(engine, id, strlen(id), &expected_recommendation, &err), err);
    if (expected_needs == NULL || expected_goals == NULL || expected_recommendation == NULL) {
        return check_summary("test_threads");
    }

    pthread_t threads[THREADS];
    int started = 0;
    for (int t = 0; t < THREADS; t++) {
        int ok = pthread_create(&threads[t], NULL, worker, NULL) == 0;
        CHECK(ok);
        if (ok) started++;
    }
    long failures = 0;
    for (int t = 0; t < started; t++) {
        void *result = NULL;
        CHECK(pthread_join(threads[t], &result) == 0);
        failures += (long)(intptr_t)result;
    }
    CHECK(started == THREADS);
    CHECK(failures == 0);
    printf("test_threads: %d threads x %d queries, %ld differing answers\n", started, QUERIES, failures);

    kompetence_string_free(expected_needs);
    kompetence_string_free(expected_goals);
    kompetence_string_free(expected_recommendation);
    kompetence_engine_free(engine);
    return check_summary("test_threads");
}
