/* The annual review (MUS) pack: its JSON and its Markdown in both languages on the demo, no
 * other employee's id in a pack, determinism, unknown ids, bad languages and NULL arguments,
 * outputs untouched on failure.
 * Usage: test_review TESTS_DATA_DIR (unused: the demo is embedded) */
#include "check.h"

#define MAX_IDS 512
#define ID_SIZE 64
#define REVIEWED 8

/* The path of an error, or "" when there is none. */
static const char *path_of(const kompetence_error *err) {
    const char *p = kompetence_error_path(err);
    return p != NULL ? p : "";
}

/* Fills `ids` with the engine's employee ids (a JSON array of plain strings); returns how many. */
static size_t all_ids(kompetence_engine *engine, char ids[][ID_SIZE], size_t max) {
    char *json = NULL;
    kompetence_error *err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_employee_ids(engine, &json, &err), err);
    size_t n = 0;
    const char *p = json;
    while (p != NULL && n < max && first_id(p, ids[n], ID_SIZE)) {
        /* Skip past this id's closing quote. */
        p = strchr(p, '"');
        p = p != NULL ? strchr(p + 1, '"') : NULL;
        p = p != NULL ? p + 1 : NULL;
        n++;
    }
    kompetence_string_free(json);
    return n;
}

static void test_pack(kompetence_engine *engine, const char *id, char ids[][ID_SIZE], size_t n_ids) {
    char *json = NULL, *again = NULL, *da = NULL, *en = NULL;
    kompetence_error *err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_review(engine, id, strlen(id), &json, &err), err);
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_review(engine, id, strlen(id), &again, &err), err);
    CHECK(err == NULL);
    char prefix[256];
    snprintf(prefix, sizeof prefix, "{\"employee\":\"%s\",\"name\":", id);
    CHECK(json != NULL && strncmp(json, prefix, strlen(prefix)) == 0);
    CHECK_CONTAINS(json, "\"question_bank\":");
    CHECK_CONTAINS(json, "\"agenda\":[{\"question_id\":");
    CHECK_CONTAINS(json, "\"because\":{\"da\":");
    CHECK_CONTAINS(json, "\"last_year\":[");
    CHECK_CONTAINS(json, "\"draft_idp\":{\"goals\":[");
    CHECK_STR_EQ(json, again); /* deterministic */
    /* D11: a pack names no other employee (a buddy appears by display name, never by id). */
    for (size_t i = 0; i < n_ids; i++) {
        if (strcmp(ids[i], id) != 0 && json != NULL && strstr(json, ids[i]) != NULL) {
            CHECK(!"a pack mentions another employee's id");
            fprintf(stderr, "  the pack of %s mentions %s\n", id, ids[i]);
        }
    }

    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_review_markdown(engine, id, strlen(id), "da", &da, &err), err);
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_review_markdown(engine, id, strlen(id), "en", &en, &err), err);
    CHECK(da != NULL && strncmp(da, "# MUS", 5) == 0);
    CHECK_CONTAINS(da, "## Dagsorden");
    CHECK_CONTAINS(da, "## Udkast til udviklingsplan");
    CHECK_CONTAINS(en, "## Agenda");
    CHECK(da != NULL && en != NULL && strcmp(da, en) != 0);
    CHECK(da != NULL && strchr(da, '{') == NULL); /* every placeholder filled */
    kompetence_string_free(json);
    kompetence_string_free(again);
    kompetence_string_free(da);
    kompetence_string_free(en);
}

static void test_errors(kompetence_engine *engine, const char *id) {
    char *out = NULL;
    kompetence_error *err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_NOT_FOUND, kompetence_engine_review(engine, "ghost", 5, &out, &err), err);
    CHECK(out == NULL); /* outputs untouched on failure */
    CHECK_STR_EQ(path_of(err), "employee");
    CHECK_CONTAINS(kompetence_error_message(err), "ghost");
    kompetence_error_free(err);
    err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_NOT_FOUND, kompetence_engine_review_markdown(engine, "ghost", 5, "da", &out, &err),
                 err);
    CHECK(out == NULL);
    kompetence_error_free(err);
    err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_INVALID_ARGUMENT,
                 kompetence_engine_review_markdown(engine, id, strlen(id), "fr", &out, &err), err);
    CHECK_STR_EQ(path_of(err), "lang");
    CHECK(out == NULL);
    kompetence_error_free(err);
    err = NULL;

    CHECK_RESULT(KOMPETENCE_RESULT_NULL_ARGUMENT, kompetence_engine_review(NULL, id, strlen(id), &out, &err), err);
    CHECK_STR_EQ(path_of(err), "engine");
    kompetence_error_free(err);
    err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_NULL_ARGUMENT, kompetence_engine_review(engine, NULL, 3, &out, &err), err);
    CHECK_STR_EQ(path_of(err), "employee_id");
    kompetence_error_free(err);
    err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_NULL_ARGUMENT, kompetence_engine_review(engine, id, strlen(id), NULL, &err), err);
    CHECK_STR_EQ(path_of(err), "out_json");
    kompetence_error_free(err);
    err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_NULL_ARGUMENT,
                 kompetence_engine_review_markdown(engine, id, strlen(id), NULL, &out, &err), err);
    CHECK_STR_EQ(path_of(err), "lang");
    kompetence_error_free(err);
    err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_NULL_ARGUMENT,
                 kompetence_engine_review_markdown(engine, id, strlen(id), "da", NULL, &err), err);
    CHECK_STR_EQ(path_of(err), "out_markdown");
    kompetence_error_free(err);
    /* err itself may be NULL. */
    CHECK(kompetence_engine_review(engine, "ghost", 5, &out, NULL) == KOMPETENCE_RESULT_NOT_FOUND);
    CHECK(kompetence_engine_review_markdown(NULL, id, strlen(id), "da", &out, NULL) ==
          KOMPETENCE_RESULT_NULL_ARGUMENT);
    CHECK(out == NULL);
}

int main(void) {
    kompetence_engine *engine = NULL;
    kompetence_error *err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_new_demo(&engine, &err), err);
    if (engine == NULL) return check_summary("test_review");
    static char ids[MAX_IDS][ID_SIZE];
    size_t n = all_ids(engine, ids, MAX_IDS);
    CHECK(n > REVIEWED);
    /* A spread of people across the organisation (every n/REVIEWED-th). */
    for (size_t k = 0; k < REVIEWED && n > 0; k++) {
        test_pack(engine, ids[k * n / REVIEWED], ids, n);
    }
    if (n > 0) test_errors(engine, ids[0]);
    kompetence_engine_free(engine);
    return check_summary("test_review");
}
