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

/* The municipality's own question bank (the guide's "MUS-automat" is data): the agenda is drawn
 * from it, in JSON and Markdown; NULL is the default bank; a bad bank names its field; its
 * schema is available like the documents'. */
static void test_questions(kompetence_engine *engine, const char *id) {
    static const char BANK[] =
        "{\"schema_version\":1,\"name\":\"Egen MUS\",\"questions\":[{\"id\":\"own\",\"when\":\"always\","
        "\"text\":{\"da\":\"Hvad vil du gerne blive bedre til?\",\"en\":\"What would you like to get better at?\"}}]}";
    const uint8_t *bank = (const uint8_t *)BANK;
    size_t len = strlen(id), bank_len = strlen(BANK);
    char *json = NULL, *md = NULL, *plain = NULL, *defaulted = NULL;
    kompetence_error *err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK,
                 kompetence_engine_review_with_questions(engine, id, len, bank, bank_len, &json, &err), err);
    CHECK_CONTAINS(json, "What would you like to get better at?");
    CHECK_CONTAINS(json, "Egen MUS");
    CHECK_RESULT(KOMPETENCE_RESULT_OK,
                 kompetence_engine_review_markdown_with_questions(engine, id, len, bank, bank_len, "en", &md, &err),
                 err);
    CHECK_CONTAINS(md, "What would you like to get better at?");
    /* NULL questions: the default bank, exactly kompetence_engine_review. */
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_review(engine, id, len, &plain, &err), err);
    CHECK_RESULT(KOMPETENCE_RESULT_OK,
                 kompetence_engine_review_with_questions(engine, id, len, NULL, 0, &defaulted, &err), err);
    CHECK_STR_EQ(plain, defaulted);
    kompetence_string_free(json);
    kompetence_string_free(md);
    kompetence_string_free(plain);
    kompetence_string_free(defaulted);

    /* A bank of the wrong shape or version names the field; not JSON, not UTF-8. */
    static const char BAD_SHAPE[] = "{\"schema_version\":1,\"name\":\"x\",\"questions\":[{\"id\":7}]}";
    static const char BAD_VERSION[] = "{\"schema_version\":2,\"name\":\"x\",\"questions\":[]}";
    char *out = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_PARSE,
                 kompetence_engine_review_with_questions(engine, id, len, (const uint8_t *)BAD_SHAPE,
                                                         strlen(BAD_SHAPE), &out, &err),
                 err);
    CHECK_STR_EQ(path_of(err), "questions[0].id");
    kompetence_error_free(err);
    err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_UNSUPPORTED_VERSION,
                 kompetence_engine_review_markdown_with_questions(engine, id, len, (const uint8_t *)BAD_VERSION,
                                                                  strlen(BAD_VERSION), "da", &out, &err),
                 err);
    CHECK_STR_EQ(path_of(err), "schema_version");
    kompetence_error_free(err);
    err = NULL;
    const uint8_t not_utf8[] = {'{', 0xff, '}'};
    CHECK_RESULT(KOMPETENCE_RESULT_INVALID_UTF8,
                 kompetence_engine_review_with_questions(engine, id, len, not_utf8, sizeof not_utf8, &out, &err),
                 err);
    CHECK_STR_EQ(path_of(err), "questions");
    kompetence_error_free(err);
    err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_NOT_FOUND,
                 kompetence_engine_review_with_questions(engine, "ghost", 5, bank, bank_len, &out, &err), err);
    kompetence_error_free(err);
    err = NULL;
    CHECK(out == NULL);

    char *schema = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_schema("question-bank", &schema, &err), err);
    CHECK_CONTAINS(schema, "\"questions\"");
    kompetence_string_free(schema);
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
    if (n > 0) test_questions(engine, ids[0]);
    kompetence_engine_free(engine);
    return check_summary("test_review");
}
